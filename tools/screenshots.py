"""``make screenshots``: the main screens, from a fictional demo vault, in English and Arabic.

Renders offscreen (no display needed) into docs/screenshots/: unlock, dashboard, defender list,
defender workspace (overview and threat assessments), a record form and a case summary page.
The demo vault and the app's settings live in a temporary folder; nothing of the developer's own
settings is read or written.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
LANGS = ("en", "ar")
SIZE = (1280, 800)


def _wait(app, predicate, timeout_s: float = 30.0) -> None:
    import time

    end = time.monotonic() + timeout_s
    while not predicate():
        if time.monotonic() > end:
            raise TimeoutError("the screen did not become ready")
        app.processEvents()
        time.sleep(0.01)


def _settle(app, rounds: int = 20) -> None:
    import time

    for _ in range(rounds):
        app.processEvents()
        time.sleep(0.01)


def _busiest_defender(store) -> str:
    row = store.conn.execute(
        "SELECT defender_id, count(*) AS n FROM ("
        " SELECT defender_id FROM incidents UNION ALL SELECT defender_id FROM assessments"
        " UNION ALL SELECT defender_id FROM requests UNION ALL SELECT defender_id FROM grants"
        " UNION ALL SELECT defender_id FROM hearings UNION ALL SELECT defender_id FROM prison_visits"
        ") GROUP BY defender_id ORDER BY n DESC LIMIT 1"
    ).fetchone()
    return row[0]


def shoot(lang: str, vault: Path, home: Path) -> list[Path]:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from hrd_desk.ui.app import AppShell, create_application
    from hrd_desk.ui.preferences import Preferences

    app = QApplication.instance() or create_application([])
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(home))
    shell = AppShell(app, Preferences(), vault_path=vault, lang=lang, watch_system=False)
    shell.start()
    saved: list[Path] = []

    def grab(widget, name: str) -> None:
        _settle(app)
        path = OUT / f"{lang}-{name}.png"
        widget.grab().save(str(path))
        saved.append(path)

    window = shell.unlock_window
    window.resize(720, 560)
    grab(window, "unlock")
    window.passphrase.setText("demo")
    window.unlock()
    _wait(app, lambda: shell.main_window is not None and shell.main_window.isVisible())
    main = shell.main_window
    main.resize(*SIZE)
    main.show_section("dashboard")
    _settle(app, 150)
    grab(main, "dashboard")
    main.show_section("defenders")
    _settle(app, 80)
    grab(main, "defenders")

    from hrd_desk.ui.workspace import open_defender_workspace

    defender_id = _busiest_defender(shell.session.store)
    ws = open_defender_workspace(main, defender_id, 0)
    _wait(app, lambda: ws.data is not None)
    grab(main, "workspace-overview")
    ws.tabs.setCurrentIndex(4)
    grab(main, "workspace-assessments")

    from hrd_desk.cases.assessments import ThreatAssessment
    from hrd_desk.ui.forms.dialog import RecordDialog

    assessments = shell.session.store.for_defender(ThreatAssessment, defender_id)
    if assessments:
        dialog = RecordDialog(
            shell.session.store, assessments[-1], fixed={"defender_id": defender_id}, parent=main
        )
        dialog.resize(760, 900)
        dialog.show()
        grab(dialog, "assessment-form")
        dialog.discard_without_asking()
    shell.shutdown()
    return saved


def summary_page(lang: str, vault: Path, defender_id: str) -> Path:
    """First pages of a case summary, rendered with poppler's pdftoppm when it is installed."""
    import pikepdf

    from hrd_desk.cases.store import Store
    from hrd_desk.crypto.vault import open_vault
    from hrd_desk.summaries.service import SummaryRequest, build_summary_pdf

    with open_vault(vault, "demo") as opened:
        pdf = build_summary_pdf(Store.open(opened), SummaryRequest(defender_id, lang=lang))
    with tempfile.TemporaryDirectory() as tmp:
        # Fictional demo data only; the plaintext PDF lives in a private temp folder for poppler.
        src = Path(tmp) / "summary.pdf"
        with pikepdf.open(__import__("io").BytesIO(pdf)) as doc:
            doc.save(src)
        prefix = OUT / f"{lang}-summary"
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "2", str(src), str(prefix)],
            check=True,
        )
    return prefix


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        vault = Path(tmp) / "demo"
        home = Path(tmp) / "settings"
        home.mkdir()
        subprocess.run(
            [sys.executable, "-m", "hrd_desk", "demo", str(vault), "--cases", "200", "--seed", "1"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        defender = None
        for lang in LANGS:
            for path in shoot(lang, vault, home):
                print(f"wrote {path.relative_to(ROOT)}")
        from hrd_desk.cases.store import Store
        from hrd_desk.crypto.vault import open_vault

        with open_vault(vault, "demo") as opened:
            defender = _busiest_defender(Store.open(opened))
        import shutil

        if shutil.which("pdftoppm"):
            for lang in LANGS:
                print(f"wrote {summary_page(lang, vault, defender).relative_to(ROOT)}-*.png")
        else:
            print("pdftoppm not installed: summary pages skipped (apt-get install poppler-utils)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
