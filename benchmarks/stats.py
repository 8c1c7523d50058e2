"""Figures: samples of the thing measured and of its floor, summarised the same way."""

from __future__ import annotations

import math
import statistics
import unicodedata
from dataclasses import dataclass, field


def p95(samples: list[float]) -> float:
    """Nearest-rank 95th percentile (with few samples, the largest)."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


@dataclass
class Figure:
    name: str
    unit: str  # "ms", "MB" or "rows/s"
    samples: list[float]
    floor_samples: list[float]
    floor: str  # what the floor is
    max_ratio: float | None = None  # target: median ≤ max_ratio × floor median
    max_value: float | None = None  # target: p95 (or the median for start-up) ≤ this
    value_by: str = "p95"  # which statistic max_value is about
    higher_is_better: bool = False  # rows/s
    notes: list[str] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def p95(self) -> float:
        return p95(self.samples)

    @property
    def floor_median(self) -> float | None:
        return statistics.median(self.floor_samples) if self.floor_samples else None

    @property
    def ratio(self) -> float | None:
        floor = self.floor_median
        if not floor:
            return None
        return floor / self.median if self.higher_is_better else self.median / floor

    def missed(self) -> list[str]:
        """The targets this figure misses, in words (empty when it meets them)."""
        out = []
        if self.max_ratio is not None and self.ratio is not None and self.ratio > self.max_ratio:
            out.append(f"ratio {self.ratio:.2f} > {self.max_ratio:g}")
        if self.max_value is not None:
            value = self.p95 if self.value_by == "p95" else self.median
            if value > self.max_value:
                out.append(f"{self.value_by} {value:.1f} {self.unit} > {self.max_value:g}")
        return out

    def as_json(self) -> dict:
        return {
            "name": self.name, "unit": self.unit, "runs": len(self.samples),
            "median": round(self.median, 3), "p95": round(self.p95, 3),
            "floor": self.floor,
            "floor_median": None if self.floor_median is None else round(self.floor_median, 3),
            "floor_p95": round(p95(self.floor_samples), 3) if self.floor_samples else None,
            "ratio": None if self.ratio is None else round(self.ratio, 3),
            "target": {"max_ratio": self.max_ratio, "max_value": self.max_value,
                       "value_by": self.value_by},
            "missed": self.missed(), "notes": self.notes,
        }


def _pad(text: str, width: int) -> str:
    """Left-align for a terminal, where a Chinese character takes two columns."""
    used = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(0, width - used)


def table(figures: list[Figure]) -> str:
    header = f"{'figure':<34} {'median':>10} {'p95':>10} {'floor':>10} {'ratio':>6}  target"
    lines = [header, "-" * len(header)]
    for f in figures:
        floor = f"{f.floor_median:10.1f}" if f.floor_median is not None else f"{'—':>10}"
        ratio = f"{f.ratio:6.2f}" if f.ratio is not None else f"{'—':>6}"
        missed = f.missed()
        verdict = "MISSED: " + "; ".join(missed) if missed else "ok"
        lines.append(f"{_pad(f.name, 34)} {f.median:10.1f} {f.p95:10.1f} {floor} {ratio}  "
                     f"{verdict}  ({f.unit})")
    return "\n".join(lines)
