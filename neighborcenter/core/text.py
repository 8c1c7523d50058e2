"""Text that people type or import: one line of it, cleaned the same way everywhere.

A name, an address part, a phone number or a note is one line of visible text. Characters
that cannot be seen or that steer the display — control characters (NUL, ESC, tab, line
breaks), zero-width characters and byte-order marks, bidirectional overrides and isolates —
make two records of one person look the same on screen while they differ in the database
(``周\\u200b七`` and ``周七``), hide or reorder text (``\\u202e``), or reach a terminal as
escape sequences. So:

- ``clean_line(value, what)`` — for what a person typed: Unicode-normalised (NFC; NFKC for
  the register, which also makes full-width digits plain), spaces trimmed, and any such
  character refused with a message naming it;
- ``strip_accidental(value)`` — for a cell of an imported sheet: removes what a sheet carries
  by accident (zero-width characters and BOMs anywhere, tabs and line breaks at the ends;
  a line break inside becomes a space) and says what it removed; what is left goes through
  ``clean_line`` like typed text;
- ``match_key(value)`` — the form duplicate checks compare;
- ``escape_controls(text)`` — the same characters made visible (``\\x1b``) for a terminal;
- ``parse_clock(value)`` — a time of day as typed ("17:30", "1730", "17：30").

Qt-free and storage-free: services of every feature use it (rules cannot: they import only
errors, i18n and other rules).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from neighborcenter.errors import ValidationError
from neighborcenter.i18n import N_, _

# What is never accepted in one line of text: C0 and C1 controls and DEL; format characters
# (soft hyphen, zero-width characters, bidi marks, overrides and isolates, invisible
# operators, BOM, interlinear annotation, tags); line and paragraph separators; lone
# surrogates (a file decoded wrongly).
_UNWANTED_RANGES = (
    "\x00-\x1f\x7f-\x9f\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
    "\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\ud800-\udfff\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
)
_UNWANTED = re.compile(f"[{_UNWANTED_RANGES}]")

ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
LINE_BREAKS = "\n\r\x0b\x0c\x85\u2028\u2029"
# Spaces trimmed at the ends of typed text (tabs and line breaks are refused instead).
_SPACES = " \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009" \
          "\u200a\u202f\u205f\u3000"

CHARACTER_NAMES = {
    "\x00": N_("null character"),
    "\t": N_("tab"),
    "\n": N_("line break"),
    "\r": N_("carriage return"),
    "\x1b": N_("escape character"),
    "\x7f": N_("delete character"),
    "\u00ad": N_("soft hyphen"),
    "\u200b": N_("zero-width space"),
    "\u200c": N_("zero-width non-joiner"),
    "\u200d": N_("zero-width joiner"),
    "\u200e": N_("left-to-right mark"),
    "\u200f": N_("right-to-left mark"),
    "\u2028": N_("line separator"),
    "\u2029": N_("paragraph separator"),
    "\u202a": N_("left-to-right embedding"),
    "\u202b": N_("right-to-left embedding"),
    "\u202c": N_("pop directional formatting"),
    "\u202d": N_("left-to-right override"),
    "\u202e": N_("right-to-left override"),
    "\u2060": N_("word joiner"),
    "\u2066": N_("left-to-right isolate"),
    "\u2067": N_("right-to-left isolate"),
    "\u2068": N_("first strong isolate"),
    "\u2069": N_("pop directional isolate"),
    "\ufeff": N_("byte order mark (BOM)"),
}


def describe_character(char: str) -> str:
    """``U+200B 零宽空格``: the code point and what it is, in the reader's language."""
    name = CHARACTER_NAMES.get(char)
    if name is None:
        category = unicodedata.category(char)
        name = N_("control character") if category == "Cc" else N_("invisible character")
    return f"U+{ord(char):04X} {_(name)}"


def unwanted_character(text: str) -> str | None:
    """The first character ``clean_line`` refuses, or None."""
    found = _UNWANTED.search(text)
    return found.group(0) if found else None


def clean_line(value: object, what: str, *, field: str | None = None,
               limit: int | None = None, compatibility: bool = False) -> str:
    """One line of typed text, normalised (NFC, or NFKC with ``compatibility``) and
    trimmed of spaces; a control, zero-width or bidi character is refused with a
    ``ValidationError`` naming it (``what`` is the field as a sentence starts with it:
    ``_("The name")``)."""
    text = "" if value is None else str(value)
    text = unicodedata.normalize("NFKC" if compatibility else "NFC", text).strip(_SPACES)
    char = unwanted_character(text)
    if char is not None:
        if unicodedata.category(char) == "Cc" or char in LINE_BREAKS:
            message = _("{what} has a control character ({character}) that cannot be "
                        "saved: delete it and save again.")
        else:
            message = _("{what} has an invisible character ({character}): delete it and "
                        "save again.")
        raise ValidationError(message.format(what=what, character=describe_character(char)),
                              field=field)
    if limit is not None and len(text) > limit:
        raise ValidationError(
            _("{what} is too long (at most {n} characters).").format(what=what, n=limit),
            field=field)
    return text


_ACCIDENTAL_INSIDE = re.compile(f"[{ZERO_WIDTH}]")
_BREAKS_INSIDE = re.compile(f"[\t{LINE_BREAKS}]+")
_ENDS = _SPACES + ZERO_WIDTH + "\t" + LINE_BREAKS


def strip_accidental(value: str) -> tuple[str, tuple[str, ...]]:
    """A sheet's cell without what it carries by accident: zero-width characters and BOMs
    anywhere, tabs and line breaks at the ends (removed), and inside (made one space).
    Returns the text and the characters removed (each once, in order; spaces not
    counted). Other control or bidi characters are left for ``clean_line`` to refuse."""
    removed: dict[str, None] = {}
    text = value.strip(_ENDS)
    for char in value:
        if char in ZERO_WIDTH or char == "\t" or char in LINE_BREAKS:
            removed[char] = None
    if not removed:
        return text, ()
    text = _BREAKS_INSIDE.sub(" ", _ACCIDENTAL_INSIDE.sub("", text)).strip(_ENDS)
    return text, tuple(removed)


def match_key(value: str | None) -> str:
    """What two names are compared by when looking for the same person: NFKC, without
    spaces and without the characters ``clean_line`` refuses (a record saved before they
    were refused still matches)."""
    text = unicodedata.normalize("NFKC", value or "")
    return "".join(_UNWANTED.sub("", text).split())


def _escape(char: str) -> str:
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _json_escape(char: str) -> str:
    code = ord(char)
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def escape_controls(text: str, *, json: bool = False) -> str:
    """``text`` for a terminal: every control, zero-width or bidi character written as an
    escape (``\\x1b``, ``\\u202e``; with ``json``, JSON's ``\\u001b`` form, so that the
    output of ``json.dumps(…, ensure_ascii=False)`` stays valid JSON)."""
    return _UNWANTED.sub(lambda m: (_json_escape if json else _escape)(m.group(0)), text)


def parse_clock(value: object, field: str = "time") -> dt.time:
    """"17:30" / "1730" / "17.30" / "17：30" → 17:30, or say what to fix."""
    text = str(value or "").strip().replace("：", ":").replace(".", ":")
    if text.isdigit() and len(text) in (3, 4):
        text = f"{text[:-2]}:{text[-2:]}"
    try:
        hours, minutes = (int(p) for p in text.split(":"))
        return dt.time(hours, minutes)
    except (ValueError, TypeError):
        raise ValidationError(_("Enter the time as hours and minutes, e.g. 17:30."),
                              field=field) from None
