"""One line of typed or imported text (core/text.py): normalised, and invisible, control and
bidi characters refused by name, removed from a sheet's cell when they are an accident,
ignored when looking for the same person, and escaped on a terminal."""

import json

import pytest

from neighborcenter.core.text import (
    clean_line,
    describe_character,
    escape_controls,
    match_key,
    strip_accidental,
)
from neighborcenter.errors import ValidationError
from neighborcenter.i18n import _


def test_typed_text_is_nfc_and_trimmed():
    assert clean_line("  e\u0301 ", "x") == "\u00e9"  # e + combining acute → é
    assert clean_line("\u3000周七\u00a0", "x") == "周七"
    assert clean_line("３栋", "x", compatibility=True) == "3栋"  # the register: NFKC
    assert clean_line(None, "x") == ""


@pytest.mark.parametrize("char, name", [
    ("\u200b", "zero-width space"), ("\ufeff", "byte order mark (BOM)"),
    ("\u202e", "right-to-left override"), ("\u2066", "left-to-right isolate"),
    ("\u2060", "word joiner"), ("\u200d", "zero-width joiner"),
])
def test_an_invisible_character_is_refused_by_name(char, name):
    with pytest.raises(ValidationError) as info:
        clean_line(f"周{char}七", _("The name"), field="name")
    code = f"U+{ord(char):04X}"
    assert str(info.value) == _("{what} has an invisible character ({character}): delete "
                                "it and save again.").format(
        what=_("The name"), character=f"{code} {_(name)}")
    assert info.value.field == "name"


@pytest.mark.parametrize("char", ["\x00", "\x1b", "\t", "\n", "\r", "\x7f", "\x9b",
                                  "\u2028"])
def test_a_control_character_is_refused_by_name(char):
    with pytest.raises(ValidationError) as info:
        clean_line(f"周{char}七", _("The name"))
    assert f"U+{ord(char):04X}" in str(info.value)
    assert _("{what} has a control character ({character}) that cannot be saved: delete "
             "it and save again.").split("{")[0] in str(info.value)


def test_the_limit_counts_the_cleaned_text():
    assert clean_line("  abc  ", "x", limit=3) == "abc"
    with pytest.raises(ValidationError):
        clean_line("abcd", "x", limit=3)


def test_a_cell_loses_what_it_carries_by_accident_and_says_so():
    assert strip_accidental("\ufeff周七") == ("周七", ("\ufeff",))
    assert strip_accidental("周\u200b七\n") == ("周七", ("\u200b", "\n"))
    assert strip_accidental("幸福里\n3栋") == ("幸福里 3栋", ("\n",))
    assert strip_accidental(" 周七 ") == ("周七", ())  # spaces are no news
    text, removed = strip_accidental("周\x1b七")  # not an accident: clean_line refuses it
    assert (text, removed) == ("周\x1b七", ())


def test_the_same_person_is_found_whatever_invisible_characters_the_name_has():
    assert match_key("周\u200b七") == match_key("周七") == match_key(" 周 七\u202e")
    assert match_key("周七") != match_key("周八")


def test_describe_character_names_unknown_ones_by_kind():
    assert describe_character("\x01") == f"U+0001 {_('control character')}"
    assert describe_character("\u2063") == f"U+2063 {_('invisible character')}"


def test_a_terminal_gets_escapes_not_control_characters():
    assert escape_controls("周\x1b[2J七\t\u202e") == "周\\x1b[2J七\\x09\\u202e"
    dumped = json.dumps({"name": "周\x9b七\u202e\U000e0041"}, ensure_ascii=False)
    safe = escape_controls(dumped, json=True)
    assert "\x9b" not in safe and "\u202e" not in safe
    assert json.loads(safe) == {"name": "周\x9b七\u202e\U000e0041"}
