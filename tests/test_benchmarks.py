"""A quick smoke run of the benchmark harness on a tiny centre, so that it cannot rot.
The figures themselves are never asserted (machines are noisy): only that every scenario
runs, measures its floor in the same run, and reports median, p95 and the ratio."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_the_harness_runs_every_scenario_on_a_tiny_centre(tmp_path):
    out = tmp_path / "bench.json"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--residents", "120", "--runs", "1",
         "--warmup", "0", "--cache", str(tmp_path / "cache"), "--json", str(out)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(out.read_text(encoding="utf-8"))
    figures = {f["name"]: f for f in report["figures"]}
    assert {"start-up (whole process)", "search: every prefix", "360° resident page",
            "Excel import (whole workbook)", "keystroke → list painted (GUI)",
            "peak RSS, resident list shown", "encryption: login's key unwrap",
            "encryption: open a connection", "encryption: quick check",
            "encryption: search, every prefix",
            "encryption: bulk insert (import)"} <= set(figures)
    for f in figures.values():
        assert f["median"] > 0 and f["p95"] >= f["median"]
        if f["floor"]:  # every figure with a floor has it measured in this run
            assert f["floor_median"] > 0 and f["ratio"] > 0
    assert figures["Excel import (whole workbook)"]["notes"][0].startswith("120 residents")
    assert "search: every prefix" in done.stdout  # the table


def test_the_demo_centre_is_reused_while_nothing_changed(tmp_path, monkeypatch):
    from benchmarks import data
    from neighborcenter.storage import sqlcipher
    from neighborcenter.storage.keyfile import key_file_path

    first = data.centre_db(tmp_path, 30, 5, log=lambda _m: None)
    stamp = first.stat().st_mtime_ns
    assert key_file_path(first).exists() and not sqlcipher.is_plaintext(first)  # encrypted
    assert data.centre_db(tmp_path, 30, 5, log=lambda _m: None) == first
    assert first.stat().st_mtime_ns == stamp  # not rebuilt
    other = data.centre_db(tmp_path, 40, 5, log=lambda _m: None)  # another size: kept beside
    assert other != first and other.exists() and first.exists()  # (the growth table's sizes)
    real_key = data.data_key
    monkeypatch.setattr(data, "data_key", lambda n, seed: real_key(n, seed).replace("v", "w"))
    newer = data.centre_db(tmp_path, 30, 5, log=lambda _m: None)  # the generator changed
    assert newer != first and newer.exists() and not first.exists() and other.exists()
    assert key_file_path(newer).exists() and not key_file_path(first).exists()  # the keys too
    assert not list(tmp_path.glob("*.building*"))


def test_a_copy_of_a_centre_takes_its_key_file_and_opens_with_its_key(tmp_path):
    from benchmarks import data
    from benchmarks.scenarios import raw_connect
    from neighborcenter.core.handle import Centre

    source = data.empty_centre_db(tmp_path)
    key = data.key_of(source)
    copy = data.fresh_copy(source, tmp_path / "copy.db")
    assert data.key_of(copy) == key
    with Centre.open(copy, key=key) as centre:
        assert centre.data_key == key
    conn = raw_connect(copy, key)
    assert conn.execute("SELECT count(*) FROM centres").fetchone() == (1,)
    conn.close()
    plain = data.plaintext_copy(copy, tmp_path / "plain.db", key)
    conn = raw_connect(plain, None)  # the encryption scenario's floor: the same rows, no key
    assert conn.execute("SELECT count(*) FROM centres").fetchone() == (1,)
    conn.close()


def test_p95_is_nearest_rank():
    from benchmarks.stats import Figure, p95

    assert p95([float(n) for n in range(1, 101)]) == 95.0
    assert p95([3.0, 1.0]) == 3.0
    fig = Figure("x", "ms", [10.0, 12.0, 30.0], [5.0], "floor", max_ratio=2, max_value=20)
    assert fig.ratio == pytest.approx(2.4)
    assert fig.missed() == ["ratio 2.40 > 2", "p95 30.0 ms > 20"]
