"""Money typed in the user's language: locale digits and separators, strict parsing."""

from __future__ import annotations

from decimal import Decimal

import pytest

from hrd_desk.cases.money import parse_user_amount


@pytest.mark.parametrize(
    ("text", "locale"),
    [
        ("1 234,50", "fr"),
        ("1\u202f234,50", "fr"),  # what babel itself prints in French
        ("1\u00a0234,50", "fr"),
        ("1,234.50", "en"),
        ("1234.50", "en"),
        ("١٬٢٣٤٫٥٠", "ar"),  # Arabic-Indic digits and separators
        ("1,234.50", "ar"),
        ("1.234,50", "es"),
        ("1 234,50", "ru"),
    ],
)
def test_locale_formats_parse_to_the_exact_amount(text: str, locale: str) -> None:
    assert parse_user_amount(text, "USD", locale) == Decimal("1234.50")


@pytest.mark.parametrize(
    ("text", "locale"),
    [
        ("1.5", "es"),  # lenient parsing would make this 15
        ("1,5", "en"),
        ("12,34,5", "en"),
        ("1.234.5", "es"),
        ("abc", "fr"),
        ("", "en"),
        ("1,234.567", "en"),  # USD has two decimals
    ],
)
def test_ambiguous_or_wrong_input_is_refused_not_guessed(text: str, locale: str) -> None:
    with pytest.raises(ValueError):
        parse_user_amount(text, "USD", locale)


def test_minor_units_per_currency() -> None:
    assert parse_user_amount("1.234", "KWD", "en") == Decimal("1.234")
    with pytest.raises(ValueError, match="no decimals"):
        parse_user_amount("100.5", "JPY", "en")
