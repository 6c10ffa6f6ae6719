"""Dates, numbers and money in the user's language, through babel (Qt-free: UI, PDF and CLI).

Money is quantized to the currency's minor units *before* formatting (babel rounds half-even
otherwise, and an amount must never show other digits than the ledger holds).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from babel.dates import format_date as _format_date
from babel.dates import format_datetime as _format_datetime
from babel.numbers import format_currency, format_decimal, get_currency_name

from hrd_desk.i18n import current_locale


def _locale(locale: str | None):
    return locale or current_locale()


def format_date(value: date | None, *, fmt: str = "medium", locale: str | None = None) -> str:
    if value is None:
        return "—"
    return _format_date(value, format=fmt, locale=_locale(locale))


def date_in_text(value: date | str | None) -> str:
    """A date inside a sentence: the user's format, kept in order inside right-to-left text."""
    from hrd_desk.i18n import is_rtl, isolate

    if isinstance(value, str):
        try:
            value = date.fromisoformat(value[:10])
        except ValueError:
            return value
    if value is None:
        return "?"
    text = format_date(value)
    return isolate(text) if is_rtl() else text


def parse_timestamp(value: str | None) -> datetime | None:
    if not value:
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def format_timestamp(value: str | datetime | None, *, locale: str | None = None) -> str:
    """A UTC timestamp shown in local time, medium format."""
    moment = parse_timestamp(value) if isinstance(value, str) or value is None else value
    if moment is None:
        return "—"
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return _format_datetime(moment.astimezone(), format="medium", locale=_locale(locale))


def format_number(value: int | Decimal, *, locale: str | None = None) -> str:
    return format_decimal(value, locale=_locale(locale))


def format_money(amount: Decimal | None, currency: str, *, locale: str | None = None) -> str:
    if amount is None:
        return "—"
    from hrd_desk.cases.money import is_currency, minor_units

    if not is_currency(currency):
        return format_decimal(amount, locale=_locale(locale))
    digits = minor_units(currency)
    exact = amount.quantize(Decimal(1).scaleb(-digits))
    return format_currency(exact, currency, locale=_locale(locale), currency_digits=True)


def format_amount(amount: Decimal | None, currency: str, *, locale: str | None = None) -> str:
    """The number alone, with the currency's decimals, for editing fields."""
    if amount is None:
        return ""
    from hrd_desk.cases.money import is_currency, minor_units

    digits = minor_units(currency) if is_currency(currency) else 2
    exact = amount.quantize(Decimal(1).scaleb(-digits))
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(exact, format=pattern, locale=_locale(locale))


def currency_name(code: str, *, locale: str | None = None) -> str:
    try:
        return get_currency_name(code, locale=_locale(locale))
    except (ValueError, KeyError):
        return code
