"""``neighborcenter meetings …``: run in-process as a script would (``--user`` and the
passphrase in the environment), on a database the services filled."""

from __future__ import annotations

import json

import pytest

from neighborcenter.core.roles import Role
from neighborcenter.features.meetings.rules import DecisionRule, Outcome
from neighborcenter.i18n import _, pgettext
from tests.conftest import make_account
from tests.features.meetings.held import hold_meeting
from tests.features.visits import test_cli as visits_cli
from tests.features.volunteers.test_printouts import assert_font_embedded, pdf_text, squeezed

run = visits_cli.run  # the fixture that runs the command line in-process
OUTCOME = Outcome(DecisionRule.MAJORITY_OF_PRESENT, 4, 3, 1, 0, 3, True, False)


@pytest.fixture
def centre(db, admin):
    """The held meeting of held.py (approved, its decision posted), a second one still a
    draft, and a shop volunteer (who may not see meetings); the file is then closed."""
    make_account(db, admin, "chenayi", Role.SHOP_VOLUNTEER)
    held = hold_meeting(db, admin)
    draft = hold_meeting(db, admin, approve=False)
    db.close()
    return db.path, held, draft


def test_list_json_has_each_meeting_and_each_decisions_outcome(run, centre):
    path, held, draft = centre
    code, out, err = run("meetings", "list", "--json", "--year", "2026", "--db", path,
                         "--user", "admin")
    assert code == 0, err
    found = {m["number"]: m for m in json.loads(out)}
    assert set(found) == {held.number, draft.number}
    m = found[held.number]
    assert (m["kind"], m["title"], m["held"], m["cancelled"], m["minutes"]) == (
        "council", "垃圾投放点选址协商", True, False, "approved")
    assert found[draft.number]["minutes"] == "draft"
    first, second = m["items"]
    assert first["voted"] and first["passed"] and first["topic"] == held.topic_number
    assert first["outcome"] == OUTCOME.sentence == "出席 4 人，同意 3 票，超过半数，通过"
    assert first["tally"] == OUTCOME.tally
    assert not second["voted"] and second["outcome"] is None
    # another year: none
    code, out, _err = run("meetings", "list", "--json", "--year", "2025", "--db", path,
                          "--user", "admin")
    assert code == 0 and json.loads(out) == []


def test_list_shows_state_and_the_reason_of_each_outcome(run, centre):
    path, held, _draft = centre
    code, out, err = run("meetings", "list", "--db", path, "--user", "admin")
    assert code == 0, err
    lines = out.splitlines()
    mine = next(i for i, line in enumerate(lines) if line.startswith(held.number + "\t"))
    assert lines[mine].split("\t")[1:4] == ["2026-03-12 14:30", "议事会", "垃圾投放点选址协商"]
    assert pgettext("a meeting's state", "Held") in lines[mine]
    assert "已审定" in lines[mine]
    assert "已召开　已审定" in lines[mine] and "\\u3000" not in out  # a space, not an escape
    assert lines[mine + 1].split("\t") == [
        "", _("Item {n}: {title}").format(n=1, title="垃圾投放点选址"), OUTCOME.sentence]


def test_print_writes_each_paper(run, centre, tmp_path):
    path, held, _draft = centre
    for what, words in (("notice", "会议通知"), ("sign-in", "签到表"),
                        ("minutes", "会议记录"), ("publicity", "公示")):
        pdf = tmp_path / f"{what}.pdf"
        code, out, err = run("meetings", "print", held.number, "--what", what, "--out", pdf,
                             "--db", path, "--user", "admin")
        assert code == 0, err
        assert out.strip() == _("Written to {file}.").format(file=pdf)
        assert words in squeezed(pdf_text(pdf))
        assert_font_embedded(pdf)


def test_print_refuses_bad_input_with_the_message(run, centre, tmp_path):
    path, _held, draft = centre
    pdf = tmp_path / "x.pdf"
    code, _out, err = run("meetings", "print", "XS2099-01", "--what", "minutes", "--out", pdf,
                          "--db", path, "--user", "admin")
    assert code != 0 and _("No meeting {meeting} is on record.").format(
        meeting="XS2099-01") in err
    code, _out, err = run("meetings", "print", draft.number, "--what", "publicity", "--out",
                          pdf, "--db", path, "--user", "admin")
    assert code != 0 and draft.number in err and "请先发布公示" in err
    assert not pdf.exists()
    with pytest.raises(SystemExit):  # argparse: not one of the papers
        run("meetings", "print", draft.number, "--what", "poster", "--out", pdf, "--db", path,
            "--user", "admin")


def test_a_shop_volunteer_may_not_see_the_meetings(run, centre):
    path, _held, _draft = centre
    code, out, err = run("meetings", "list", "--db", path, "--user", "chenayi")
    assert code != 0 and out == ""
    assert _("view the consultation meetings") in err and "匠心坊志愿者" in err
