"""What a feature puts on the home page, where the day starts: cards (a number and what it
counts) and lines of the 今日 list. Each leads to a page of the sidebar, which shows what it
counts (``View``); the shell renders them without knowing the feature."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class View:
    """A sidebar page and what to show on it: ``page.show_view(filters, caption)``."""

    page: str
    filters: object
    caption: str = ""  # names the filter above the list ("aged 80 or more on 1 July 2026")


@dataclass(frozen=True)
class HomeCard:
    key: str
    label: str  # translated
    value: int
    view: View


@dataclass(frozen=True)
class TodayItem:
    #: "review" (shown with its page's icon), "birthday", "problem", or "urgent": an
    #: emergency, shown at the very top of the list, above the backup line, in bold
    kind: str
    text: str  # translated
    view: View


@dataclass(frozen=True)
class HomePart:
    cards: tuple[HomeCard, ...] = ()
    today: tuple[TodayItem, ...] = ()
