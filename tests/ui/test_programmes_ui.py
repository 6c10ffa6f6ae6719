"""Settings → Programmes: caps, currencies and cap policy edited in the app are what grant
validation uses; amounts typed in the interface language; problems shown at their field."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from hrd_desk.cases.grants import CapPolicy, Programme
from hrd_desk.cases.programmes import programme_setting
from hrd_desk.ui.sections import SETTINGS, default_registry
from hrd_desk.ui.settings.programmes import ProgrammesPane
from tests.cases.builders_part2 import approved_grant
from tests.cases.conftest import defender
from tests.conftest import PASSPHRASE
from tests.ui.helpers import click, unlock
from tests.ui.test_unlock import make_vault

FLD = Programme.FRONT_LINE_DEFENDERS


def _pane(qtbot, make_shell, vault_dir: Path, lang: str = "en"):
    make_vault(vault_dir)
    registry = default_registry(("hrd_desk.ui.settings", "hrd_desk.ui.settings.programmes"))
    shell = make_shell(vault_path=vault_dir, registry=registry, lang=lang)
    unlock(qtbot, shell, PASSPHRASE)
    settings = shell.main_window.show_section(SETTINGS)
    index = next(
        i
        for i in range(settings.tabs.count())
        if isinstance(settings.tabs.widget(i), ProgrammesPane)
    )
    assert settings.tabs.tabText(index) == "Programmes"
    settings.tabs.setCurrentIndex(index)
    return shell, settings.tabs.widget(index)


def _errors(row) -> dict[str, str]:
    return {name: label.text() for name, label in row.errors.items() if label.isVisible()}


def test_a_cap_edited_here_is_used_by_grant_validation(qtbot, make_shell, vault_dir) -> None:
    shell, pane = _pane(qtbot, make_shell, vault_dir)
    store = shell.session.store
    row = pane.rows[FLD]
    # the defaults of spec §5, in this language's format
    assert row.currency_value() == "EUR"
    assert row.cap.text() == "7,500.00"
    assert row.policy.currentData() == CapPolicy.WARN.value
    assert not pane.save_button.isEnabled()

    d = store.add(defender())
    grant = approved_grant(d.id, approved_amount=Decimal("4000.00"))
    assert store.check(grant).errors == []  # under the default cap

    row.cap.setText("3,000.00")
    row.policy.setCurrentIndex(row.policy.findData(CapPolicy.REFUSE.value))
    assert pane.save_button.isEnabled()
    click(pane.save_button)
    assert _errors(row) == {}
    assert pane.status.text().startswith("Saved.")
    assert not pane.save_button.isEnabled()
    saved = programme_setting(store, FLD)
    assert (saved.cap, saved.currency, saved.cap_policy) == (
        Decimal("3000.00"),
        "EUR",
        CapPolicy.REFUSE,
    )
    verdict = store.check(grant)
    assert [e.field for e in verdict.errors] == ["approved_amount"]
    assert "over the programme's cap of 3000.00 EUR" in verdict.errors[0].message

    # "Warn": the same grant is a warning the officer may accept, no longer a refusal.
    row.policy.setCurrentIndex(row.policy.findData(CapPolicy.WARN.value))
    click(pane.save_button)
    verdict = store.check(grant)
    assert verdict.errors == []
    assert [e.field for e in verdict.warnings] == ["approved_amount"]


def test_problems_are_shown_at_their_field_and_typing_is_kept(qtbot, make_shell, vault_dir) -> None:
    shell, pane = _pane(qtbot, make_shell, vault_dir)
    store = shell.session.store
    before = programme_setting(store, FLD)
    row = pane.rows[FLD]

    row.cap.setText("7.500,00")  # not this language's format
    click(pane.save_button)
    assert set(_errors(row)) == {"cap"}
    assert "not an amount in this language's format" in _errors(row)["cap"]
    assert row.cap.text() == "7.500,00"
    assert pane.summary.isVisible()
    assert programme_setting(store, FLD) == before

    row.cap.setText("10.001")  # more decimals than the euro has
    click(pane.save_button)
    assert set(_errors(row)) == {"cap"}
    assert programme_setting(store, FLD) == before

    # a cap without a currency: the store's own rule, shown under the currency
    other = pane.rows[Programme.POST_FUND]
    assert other.currency_value() == "" and other.cap.text() == ""
    other.cap.setText("500")
    click(pane.save_button)
    assert _errors(other) == {"currency": "A cap needs its currency."}
    assert other.cap.text() == "500"

    # fixing it saves it; the row that is still wrong keeps its message
    other.set_currency("USD")
    click(pane.save_button)
    assert _errors(other) == {}
    assert programme_setting(store, Programme.POST_FUND).cap == Decimal("500.00")
    assert other.cap.text() == "500.00"
    assert set(_errors(row)) == {"cap"}

    click(pane.revert_button)  # "Undo changes" brings back what is stored
    assert row.cap.text() == "7,500.00" and _errors(row) == {}


def test_amounts_are_typed_in_the_interface_language(qtbot, make_shell, vault_dir) -> None:
    shell, pane = _pane(qtbot, make_shell, vault_dir, lang="fr")
    row = pane.rows[FLD]
    assert row.cap.text() == "7\u202f500,00"  # French grouping: a narrow no-break space
    row.cap.setText("2 500,50")  # as people type it, with an ordinary space
    click(pane.save_button)
    assert _errors(row) == {}
    assert programme_setting(shell.session.store, FLD).cap == Decimal("2500.50")
    assert row.cap.text() == "2\u202f500,50"
