"""The home page's 今日 lines show where they lead: a line to review carries the icon of the
page it opens (the register's card, the volunteers' hand), not the register's for all."""

from neighborcenter.core.home import TodayItem, View
from neighborcenter.ui.home.page import HomePage


def test_a_line_to_review_shows_the_icon_of_the_page_it_opens():
    def icon_of(kind: str, page: str) -> str:
        return HomePage._icon_of(TodayItem(kind, "…", View(page, {}, "")))

    assert icon_of("review", "volunteers") == "volunteers"
    assert icon_of("review", "register") == "register"
    assert icon_of("problem", "volunteers") == "alert"
    assert icon_of("birthday", "register") == "home"
