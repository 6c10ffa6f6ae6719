"""The "Case summary…" dialog: preview, consent refusal, encrypted save off the GUI thread."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog

from hrd_desk.cases.consents import Consent, ConsentScope
from hrd_desk.ui.preferences import qt_project_settings
from hrd_desk.ui.summary import open_case_summary
from hrd_desk.ui.summary.dialog import suggested_file_name
from tests.support.files import files_containing
from tests.support.pdf import page_texts
from tests.ui.workspace_support import FULL_NAME, PSEUDONYM, open_workspace, seed_vault


def test_summary_dialog_saves_an_encrypted_pdf(qtbot, make_shell, vault_dir, tmp_path) -> None:
    seeded = seed_vault(vault_dir)
    shell, _window, ws = open_workspace(qtbot, make_shell, vault_dir, seeded.defender_id)
    dialog = open_case_summary(ws, shell.session, seeded.defender_id)
    assert dialog.isVisible() and not dialog.refusal.isVisible()
    titles = [dialog.preview.item(i).text() for i in range(dialog.preview.count())]
    assert titles[0] == "Case summary" and "Prison visits" in titles
    password = dialog.password.text()
    assert len(password.replace("-", "")) == 24
    out = tmp_path / "out" / "s.pdf"
    out.parent.mkdir()
    dialog.save(path=out)
    qtbot.waitUntil(lambda: dialog.written is not None, timeout=20_000)
    assert sorted(p.name for p in out.parent.iterdir()) == ["s.pdf"]
    text = " ".join(" ".join(page_texts(out.read_bytes(), password)).split())
    assert PSEUDONYM in text and FULL_NAME not in text
    dialog.close()


def test_save_dialog_offers_the_neutral_name_and_forgets_the_folder_when_discreet(
    qtbot, make_shell, vault_dir, tmp_path, isolated_qsettings
) -> None:
    seeded = seed_vault(vault_dir)
    shell, _window, ws = open_workspace(qtbot, make_shell, vault_dir, seeded.defender_id)
    shell.session.prefs.discreet = True
    dialog = open_case_summary(ws, shell.session, seeded.defender_id)
    secret = tmp_path / "Secret-Stick-Name"
    secret.mkdir()
    offered: list[str] = []

    def answer() -> None:  # the save dialog runs its own event loop
        [chooser] = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, QFileDialog) and w.isVisible()
        ]
        offered.append(Path(chooser.selectedFiles()[0]).name)
        chooser.setDirectory(str(secret))
        chooser.selectFile(str(secret / "s.pdf.age"))
        chooser.accept()

    QTimer.singleShot(0, answer)
    assert dialog.choose_path(recipients_mode=True) == secret / "s.pdf.age"
    assert offered == [suggested_file_name(shell.session.store.today, recipients_mode=True)]
    qt_project_settings().sync()
    assert "FileDialog" in Path(qt_project_settings().fileName()).read_text()
    assert files_containing(isolated_qsettings, "Secret-Stick-Name") == []
    dialog.close()


def test_summary_dialog_shows_refusal_and_cannot_save(qtbot, make_shell, vault_dir) -> None:
    seeded = seed_vault(vault_dir)
    shell, _window, ws = open_workspace(qtbot, make_shell, vault_dir, seeded.defender_id)
    store = shell.session.store
    consent = store.for_defender(Consent, seeded.defender_id)[0]
    store.update(replace(consent, scopes=[ConsentScope.STORE]))
    dialog = open_case_summary(ws, shell.session, seeded.defender_id)
    assert dialog.refusal.isVisible() and "summaries to headquarters" in dialog.refusal.text()
    assert not dialog.save_button.isEnabled() and not dialog.plain_button.isEnabled()
    dialog.close()


def test_suggested_file_name_has_no_name() -> None:
    name = suggested_file_name(date(2026, 11, 24), recipients_mode=False)
    assert name == "case-summary-2026-11-24.pdf"
    assert suggested_file_name(date(2026, 11, 24), recipients_mode=True).endswith(".pdf.age")
