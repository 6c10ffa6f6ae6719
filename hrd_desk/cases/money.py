"""Money: exact decimals in a currency's minor units (CLDR via babel), never floats.

Amounts are stored as canonical strings with exactly the currency's number of decimals
(``"1234.50"`` USD, ``"1234"`` JPY, ``"1.234"`` KWD), so SQL can total them exactly as integers of
minor units (``CAST(replace(amount, '.', '') AS INTEGER)``). Amounts with more decimals than the
currency has are refused, never rounded.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from decimal import Decimal, InvalidOperation

from babel.numbers import (
    NumberFormatError,
    get_currency_precision,
    get_decimal_symbol,
    get_group_symbol,
    list_currencies,
    parse_decimal,
)

from hrd_desk.i18n import _


@functools.cache
def known_currencies() -> frozenset[str]:
    return frozenset(list_currencies())


@functools.cache
def current_currencies() -> tuple[str, ...]:
    """Currencies legal tender somewhere today (i18n.md: ~154 codes), for choosers."""
    from datetime import date

    from babel import Locale
    from babel.numbers import get_territory_currencies

    today = date.today()
    codes: set[str] = set()
    for territory in Locale("en").territories:
        if len(territory) == 2 and territory.isalpha():
            codes.update(
                get_territory_currencies(
                    territory, start_date=today, end_date=today, tender=True, non_tender=False
                )
            )
    return tuple(sorted(codes & known_currencies()))


def is_currency(code: str) -> bool:
    return isinstance(code, str) and code in known_currencies()


def minor_units(currency: str) -> int:
    return int(get_currency_precision(currency))


def decimals(amount: Decimal) -> int:
    exponent = amount.as_tuple().exponent
    return 0 if not isinstance(exponent, int) or exponent >= 0 else -exponent


def amount_problem(amount: object, currency: str, *, allow_zero: bool = True) -> str | None:
    """A translated sentence if *amount* is not a valid amount of *currency*, else None."""
    if not isinstance(amount, Decimal) or not amount.is_finite():
        return _("Enter an amount as a number.")
    if amount < 0 or (amount == 0 and not allow_zero):
        return (
            _("The amount must be more than zero.")
            if not allow_zero
            else _("The amount cannot be negative.")
        )
    if not is_currency(currency):
        return _("Choose the currency first.")
    digits = minor_units(currency)
    if decimals(amount.normalize()) > digits:
        if digits == 0:
            return _("{currency} has no decimals; enter a whole amount.").format(currency=currency)
        return _("{currency} has {n} decimals at most; this amount has more.").format(
            currency=currency, n=digits
        )
    if abs(amount) >= Decimal(10) ** 15:
        return _("The amount is too large.")
    return None


def canonical(amount: Decimal, currency: str) -> str:
    """The stored form; call only with an amount that passed :func:`amount_problem`."""
    digits = minor_units(currency)
    return str(amount.quantize(Decimal(1).scaleb(-digits)))


def to_minor(amount: Decimal, currency: str) -> int:
    return int(amount.scaleb(minor_units(currency)).to_integral_exact())


def from_minor(minor: int, currency: str) -> Decimal:
    digits = minor_units(currency)
    return Decimal(int(minor)).scaleb(-digits).quantize(Decimal(1).scaleb(-digits))


_SPACES = re.compile(r"[\s\u00a0\u202f\u2009\u2007]")


def normalise_digits(text: str) -> str:
    """Arabic-Indic and other decimal digits → ASCII; Arabic separators → their roles."""
    out = []
    for ch in text:
        if ch.isdigit() and not ch.isascii():
            out.append(str(unicodedata.digit(ch)))
        else:
            out.append(ch)
    return "".join(out)


def parse_user_amount(text: str, currency: str, locale: str) -> Decimal:
    """Parse what a user typed in *locale*, strictly. ValueError with a translated message.

    Strict means a grouping separator in the wrong place is an error, so Spanish "1.5" is not
    silently 15. Locale digits (Arabic-Indic) and the separators CLDR gives the locale, plus the
    spaces people type for them, are accepted.
    """
    cleaned = normalise_digits(text.strip())
    group = get_group_symbol(locale)
    decimal_symbol = get_decimal_symbol(locale)
    # Arabic uses U+066C (group) and U+066B (decimal); CLDR's ar locale may use Latin ones.
    cleaned = cleaned.replace("\u066c", group).replace("\u066b", decimal_symbol)
    cleaned = cleaned.replace("\u061c", "").replace("\u200f", "").replace("\u200e", "")
    if group.strip() == "" or _SPACES.fullmatch(group):
        cleaned = _SPACES.sub(group, cleaned)
    else:
        cleaned = _SPACES.sub("", cleaned)
    if not cleaned:
        raise ValueError(_("Enter an amount."))
    try:
        value = parse_decimal(cleaned, locale=locale, strict=True)
    except (NumberFormatError, InvalidOperation) as exc:
        raise ValueError(
            _("“{text}” is not an amount in this language's format.").format(text=text)
        ) from exc
    problem = amount_problem(value, currency)
    if problem:
        raise ValueError(problem)
    return value
