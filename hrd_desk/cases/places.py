"""Countries (ISO 3166-1 alpha-2) with names from CLDR in the user's language."""

from __future__ import annotations

import functools

from babel import Locale

from hrd_desk.i18n import current_locale

#: CLDR region codes that are not countries (unknown, groupings, pseudo-locales).
_NOT_COUNTRIES = frozenset({"ZZ", "EU", "EZ", "UN", "QO", "XA", "XB"})


@functools.cache
def _codes() -> frozenset[str]:
    return frozenset(
        code
        for code in Locale("en").territories
        if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES
    )


def is_country(code: str) -> bool:
    return isinstance(code, str) and code in _codes()


def country_name(code: str) -> str:
    return current_locale().territories.get(code, code)


def country_codes() -> list[str]:
    return sorted(_codes())
