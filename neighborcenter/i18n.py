"""Translations and locale formats.

Source strings are English; ``zh_CN`` is the default language and must be complete, ``en`` is
the second catalog. Mark strings with ``_()`` (translated now), ``N_()`` (a constant translated
where it is shown), ``ngettext()`` and ``pgettext(context, message)`` for a word that means two
things; put values in named placeholders::

    _("Welcome, {name}").format(name=user.display_name)

Catalogs live in ``i18n/<lang>/LC_MESSAGES/neighborcenter.po``. The compiled ``.mo`` is built
by ``python scripts/i18n.py compile`` (the run and test commands do it); if it is missing or
older than its ``.po``, the catalog is compiled in memory at start-up instead.
"""

from __future__ import annotations

import datetime as _dt
import enum
import gettext
import io
import sys
from decimal import Decimal
from pathlib import Path

DOMAIN = "neighborcenter"
DEFAULT_LANGUAGE = "zh_CN"
LANGUAGES = {"zh_CN": "简体中文", "en": "English"}

_translations: gettext.NullTranslations = gettext.NullTranslations()
_loaded: dict[str, gettext.NullTranslations] = {}  # the catalogs set_language has read
_language = DEFAULT_LANGUAGE


def catalog_dir() -> Path:
    """The i18n folder: beside the package in a checkout, inside the bundle when frozen."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "i18n"
    return Path(__file__).resolve().parent.parent / "i18n"


def _load(language: str) -> gettext.NullTranslations:
    base = catalog_dir() / language / "LC_MESSAGES"
    po, mo = base / f"{DOMAIN}.po", base / f"{DOMAIN}.mo"
    if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as fh:
            return gettext.GNUTranslations(fh)
    if po.exists():
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        with po.open("rb") as fh:
            catalog = read_po(fh, locale=language)
        buf = io.BytesIO()
        write_mo(buf, catalog)
        buf.seek(0)
        return gettext.GNUTranslations(buf)
    return gettext.NullTranslations()


def set_language(language: str | None) -> str:
    """Switch the active language; unknown values fall back to the default, loudly in logs."""
    global _translations, _language
    if not language or language not in LANGUAGES:
        if language:
            import logging

            logging.getLogger(__name__).warning("unknown language %r, using %s", language,
                                                DEFAULT_LANGUAGE)
        language = DEFAULT_LANGUAGE
    if language not in _loaded:  # (parsed once: the command line and the window both set it)
        _loaded[language] = _load(language)
    _translations = _loaded[language]
    _language = language
    return language


_cache: dict[str, gettext.NullTranslations] = {}


def translate_to(language: str, message: str) -> str:
    """``message`` in a given language, whatever the active one (data stored at set-up)."""
    if language not in _cache:
        _cache[language] = _load(language)
    return _cache[language].gettext(message)


def current_language() -> str:
    return _language


def _(message: str) -> str:
    return _translations.gettext(message)


def N_(message: str) -> str:
    """Mark a constant for extraction; translate it with ``_()`` where it is shown."""
    return message


def N_plural(singular: str, plural: str) -> tuple[str, str]:
    """Mark a singular/plural pair for extraction; ``ngettext()`` it where it is shown."""
    return singular, plural


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translations.ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """A source string that means two things gets a context: ``pgettext("consent", "By")``
    (同意人) is not the ``By`` of the staff login."""
    return _translations.pgettext(context, message)


class LabelledEnum(enum.StrEnum):
    """A stored value that people see by a label: the one way enums are shown. A member is
    written with its label, marked for the catalog::

        HEAD = "head", N_("Head of household")  # 户主

    ``member`` (and ``member.value``) is the stored string; ``member.label`` is the label in
    the active language; ``member.msgid`` is the untranslated text, for what is translated
    later (a ``Msg`` kept in the audit log)."""

    _value_: str
    msgid: str

    def __new__(cls, value: str, msgid: str = "") -> LabelledEnum:
        # Only the members are made here (Role("admin") looks one up, without coming here);
        # msgid has a default so that a type checker reads such a look-up as allowed.
        if not msgid:
            raise TypeError(f"{cls.__name__} {value!r}: a member is written with its label")
        member = str.__new__(cls, value)
        member._value_ = value
        member.msgid = msgid
        return member

    @property
    def label(self) -> str:
        return _(self.msgid)


# ---- locale formats (babel, imported lazily: it is not needed to draw the first window) ----


def load_locale_formats() -> None:
    """Read the active language's locale data now rather than at the first date shown:
    babel loads it from disk on first use (about 40 ms) and keeps it."""
    from babel.dates import get_date_format

    get_date_format("full", locale=_language)


def format_date(value: _dt.date | None, fmt: str = "medium") -> str:
    if value is None:
        return ""
    from babel.dates import format_date as _fd

    return _fd(value, format=fmt, locale=_language)


def format_datetime(value: _dt.datetime | None, fmt: str = "medium") -> str:
    if value is None:
        return ""
    from babel.dates import format_datetime as _fdt

    if value.tzinfo is not None:
        value = value.astimezone()
    return _fdt(value, format=fmt, locale=_language)


def format_number(value: int | Decimal | float) -> str:
    from babel.numbers import format_decimal

    return format_decimal(value, locale=_language)
