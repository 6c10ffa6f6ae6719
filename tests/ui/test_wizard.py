"""The create-vault wizard, end to end, through the unlock window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWizard

from hrd_desk.cases.settings import VAULT_NAME, get_setting
from hrd_desk.crypto.vault import open_vault, open_vault_with_recovery_key
from hrd_desk.ui.unlock.wizard import CreateVaultWizard
from tests.conftest import PASSPHRASE
from tests.ui.helpers import click

NAME = "Post Marker-North"


def _start(qtbot, make_shell) -> tuple[object, CreateVaultWizard]:
    shell = make_shell()
    window = shell.unlock_window
    qtbot.waitExposed(window)
    assert window.selected_vault() is None  # first run: nothing to unlock yet
    assert not window.unlock_button.isEnabled()
    assert window.first_run_hint.isVisible()
    assert window.create_button.isDefault()
    click(window.create_button)
    wizard = window.wizard
    qtbot.waitExposed(wizard)
    return shell, wizard


def _button(wizard: QWizard, which: QWizard.WizardButton):
    return wizard.button(which)


def test_wizard_end_to_end(qtbot, make_shell, tmp_path: Path) -> None:
    shell, wizard = _start(qtbot, make_shell)
    next_button = _button(wizard, QWizard.WizardButton.NextButton)

    # Location: a folder that is not empty is refused with the vault layer's message.
    occupied = tmp_path / "occupied"
    occupied.mkdir()
    (occupied / "notes.txt").write_text("x")
    wizard.location_page.path.setText(str(occupied))
    click(next_button)
    assert wizard.currentPage() is wizard.location_page
    assert wizard.location_page.error.isVisible()
    assert "not empty" in wizard.location_page.error.text()
    folder = tmp_path / "new vault"
    wizard.location_page.path.setText(str(folder))
    click(next_button)
    assert wizard.currentPage() is wizard.name_page

    # Name: required.
    assert not next_button.isEnabled()
    qtbot.keyClicks(wizard.name_page.name, NAME)
    assert next_button.isEnabled()
    click(next_button)
    assert wizard.currentPage() is wizard.passphrase_page

    # Passphrase: live strength feedback in words; the page commits only when acceptable.
    page = wizard.passphrase_page
    commit = _button(wizard, QWizard.WizardButton.CommitButton)
    assert commit.text() == "Create the vault"
    qtbot.keyClicks(page.fields.first.edit, "short")
    assert page.fields.meter.label.text() == "Strength: very weak"
    assert "at least 8 characters" in page.fields.meter.details.text()
    assert not commit.isEnabled()
    page.fields.first.clear()
    qtbot.keyClicks(page.fields.first.edit, PASSPHRASE)
    assert page.fields.meter.label.text().startswith("Strength: ")
    assert "weak" not in page.fields.meter.label.text()
    qtbot.keyClicks(page.fields.second.edit, PASSPHRASE + "!")
    assert page.fields.match_label.text() == "The two passphrases differ."
    assert not commit.isEnabled()
    page.fields.second.clear()
    qtbot.keyClicks(page.fields.second.edit, PASSPHRASE)
    assert commit.isEnabled()
    click(commit)
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.key_page)
    assert (folder / "vault.header").is_file()

    # The recovery key, shown once, in 7 groups of 4.
    groups = [label.text() for label in wizard.key_page.group_labels]
    assert len(groups) == 7 and all(len(g) == 4 for g in groups)
    assert not next_button.isEnabled()
    wizard.key_page.written.setChecked(True)
    assert next_button.isEnabled()
    click(next_button)
    assert wizard.currentPage() is wizard.confirm_page

    # Finish stays disabled until both re-asked groups are right.
    finish = _button(wizard, QWizard.WizardButton.FinishButton)
    confirm = wizard.confirm_page
    first, second = confirm.asked
    assert first != second
    assert not finish.isEnabled()
    wrong = next(g for g in groups if g != groups[first])
    qtbot.keyClicks(confirm.fields[0], wrong)
    qtbot.keyClicks(confirm.fields[1], groups[second])
    assert not finish.isEnabled()
    assert f"Group {first + 1} does not match" in confirm.status.text()
    confirm.fields[0].clear()
    qtbot.keyClicks(confirm.fields[0], groups[first].lower())
    assert finish.isEnabled()
    assert confirm.status.text() == ""

    with qtbot.waitSignal(shell.unlocked):
        click(finish)
    # The key is not kept around once confirmed.
    assert wizard.recovery_key is None
    window = shell.main_window
    assert window is not None and window.isVisible()
    assert NAME in window.vault_label.text()
    assert NAME not in window.windowTitle()

    shell.lock()
    with open_vault(folder, PASSPHRASE) as vault:
        assert get_setting(vault.connection, VAULT_NAME) == NAME
    open_vault_with_recovery_key(folder, "-".join(groups)).lock()


def test_commit_is_refused_until_the_passphrases_match(qtbot, make_shell, tmp_path) -> None:
    _shell, wizard = _start(qtbot, make_shell)
    wizard.location_page.path.setText(str(tmp_path / "v"))
    wizard.next()
    wizard.name_page.name.setText("x")
    wizard.next()
    page = wizard.passphrase_page
    page.fields.first.setText(PASSPHRASE)
    page.fields.second.setText("something else entirely")
    assert not page.isComplete()
    wizard.next()
    assert wizard.currentPage() is page
    assert not (tmp_path / "v").exists()
