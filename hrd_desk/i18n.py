"""Translation functions for every layer (Qt-free), gettext catalogs compiled by Babel.

The current language is process state on purpose: the CLI, the store's error messages, the PDF
and the GUI must all speak the language chosen at start-up (``--lang`` or the setting), and
threading a translator through every call would leak into every signature. Strings are looked up
when ``_()`` is *called*, so vocabularies marked with ``N_`` at import time translate correctly
after a language change.

Keywords for ``pybabel extract``: ``_``, ``N_``, ``ngettext``, ``pgettext``, ``npgettext``.
Translate first, then format: ``_("{n} cases").format(n=n)``, never ``_(f"...")``.
"""

from __future__ import annotations

import contextlib
import gettext as _gettext
import locale as _locale
import os
import threading
from collections.abc import Callable, Iterator

from babel import Locale, UnknownLocaleError

from hrd_desk.paths import translations_dir

DOMAIN = "hrd_desk"
#: Languages with a catalog, in the order the language selector shows them.
LANGUAGES: tuple[str, ...] = ("en", "fr", "es", "ar", "ru")
DEFAULT_LANGUAGE = "en"

_state: dict[str, object] = {
    "lang": DEFAULT_LANGUAGE,
    "translations": _gettext.NullTranslations(),
}
_listeners: list[Callable[[str], None]] = []
#: A language for this thread only (a summary built in a worker in another language than the
#: interface must not switch the interface under the officer's eyes).
_local = threading.local()


def _catalog(lang: str, localedir: str | os.PathLike[str] | None = None):
    return _gettext.translation(
        DOMAIN, localedir=str(localedir or translations_dir()), languages=[lang], fallback=True
    )


def set_language(lang: str, localedir: str | os.PathLike[str] | None = None) -> str:
    """Switch every later ``_()`` call to *lang*; unknown languages fall back to English."""
    lang = normalise_language(lang)
    _state["lang"] = lang
    _state["translations"] = (
        _gettext.NullTranslations() if lang == DEFAULT_LANGUAGE else _catalog(lang, localedir)
    )
    for listener in list(_listeners):
        listener(lang)
    return lang


def use_translations(lang: str, translations: _gettext.NullTranslations) -> None:
    """Install an already built catalog (the pseudo-locale in tests, a translator's preview)."""
    _state["lang"] = lang
    _state["translations"] = translations


@contextlib.contextmanager
def document_language(lang: str) -> Iterator[str]:
    """Within this block, on this thread only, ``_()`` and babel formatting speak *lang*."""
    lang = normalise_language(lang)
    previous = getattr(_local, "override", None)
    translations = _gettext.NullTranslations() if lang == DEFAULT_LANGUAGE else _catalog(lang)
    _local.override = (lang, translations)
    try:
        yield lang
    finally:
        _local.override = previous


def current_language() -> str:
    override = getattr(_local, "override", None)
    if override is not None:
        return override[0]
    return str(_state["lang"])


def current_locale() -> Locale:
    return Locale.parse(babel_locale_name(current_language()))


def babel_locale_name(lang: str) -> str:
    try:
        return str(Locale.parse(lang))
    except (UnknownLocaleError, ValueError):
        return DEFAULT_LANGUAGE


def is_rtl(lang: str | None = None) -> bool:
    return Locale.parse(babel_locale_name(lang or current_language())).text_direction == "rtl"


def normalise_language(lang: str | None) -> str:
    """'fr_FR.UTF-8' → 'fr'; anything without a catalog → English."""
    if not lang:
        return DEFAULT_LANGUAGE
    code = lang.replace("-", "_").split(".")[0].split("_")[0].lower()
    return code if code in LANGUAGES or code.startswith("x") else DEFAULT_LANGUAGE


def system_language() -> str:
    """The desktop's language if we have a catalog for it, else English."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANGUAGE", "LANG"):
        value = os.environ.get(var)
        if value:
            return normalise_language(value.split(":")[0])
    try:
        code = _locale.getlocale()[0]
    except ValueError:
        code = None
    return normalise_language(code)


def add_language_listener(listener: Callable[[str], None]) -> None:
    _listeners.append(listener)


def _t() -> _gettext.NullTranslations:
    override = getattr(_local, "override", None)
    if override is not None:
        return override[1]
    return _state["translations"]  # type: ignore[return-value]


def _(message: str) -> str:
    return _t().gettext(message)


def N_(message: str) -> str:
    """Mark for extraction only; translate at display time with ``_()``."""
    return message


class ContextMessage(tuple):
    """(context, msgid) marked with ``NP_``: translated later with ``pgettext``."""

    @property
    def context(self) -> str:
        return self[0]

    @property
    def msgid(self) -> str:
        return self[1]


def NP_(context: str, message: str) -> ContextMessage:
    """Mark with a context for extraction only (e.g. two "Reported" statuses that translate
    differently); translate at display time with ``pgettext(context, message)``."""
    return ContextMessage((context, message))


def ngettext(singular: str, plural: str, n: int) -> str:
    return _t().ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    return _t().pgettext(context, message)


def npgettext(context: str, singular: str, plural: str, n: int) -> str:
    return _t().npgettext(context, singular, plural, n)


def labelled(label: object, value: object) -> str:
    """ "Label: value" in the user's language (French puts a space before the colon)."""
    # Translators: a label and its value, e.g. "Hearing: Hearing of 2 Nov 2026".
    return pgettext("label: value", "{label}: {value}").format(label=label, value=value)


def join_list(items: object) -> str:
    """Items of a list in a sentence or a cell, with the language's separator."""
    # Translators: what separates the items of a list, e.g. "Journalist, Lawyer"
    # (Arabic: "، ").
    return pgettext("list separator", ", ").join(str(item) for item in items)


def isolate(text: object) -> str:
    """Keep ids, numbers and dates in their order inside right-to-left text (U+2068…U+2069)."""
    return f"\u2068{text}\u2069"
