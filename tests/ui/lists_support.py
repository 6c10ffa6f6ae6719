"""Vaults and a shell for the list, search and New-record tests."""

from __future__ import annotations

import random
import shutil
from datetime import date, timedelta
from pathlib import Path

from hrd_desk.cases import demo
from hrd_desk.cases.assessments import AssessmentStatus, ThreatAssessment
from hrd_desk.cases.defenders import Defender, DefenderStatus, HrdCategory, default_retention
from hrd_desk.cases.requests import Request
from hrd_desk.cases.schema import migrate
from hrd_desk.cases.store import Store
from hrd_desk.crypto.vault import create_vault
from tests.conftest import PASSPHRASE
from tests.ui.helpers import unlock

#: A defender of the small vault, known by name.
PSEUDONYM = "Quokka-Zz17"
FULL_NAME = "Fullname Marker-Wq9"
#: A word only this defender's request holds.
REQUEST_WORD = "Lanternfishwharf"
DEMO_TODAY = date(2026, 3, 2)


def build_small_vault(folder: Path) -> dict[str, str]:
    """A demo vault of 24 files plus one known defender with a request and an assessment;
    returns the known ids."""
    vault, _key = create_vault(folder, PASSPHRASE)
    try:
        migrate(vault.connection)
        store = Store.open(vault, actor="tester")
        demo.build_demo(store, cases=24, seed=11, today=DEMO_TODAY)
        today = store.today
        d = store.add(
            Defender(
                pseudonym=PSEUDONYM,
                full_name=FULL_NAME,
                hrd_categories=[HrdCategory.LAWYER],
                country="KE",
                current_status=DefenderStatus.DETAINED,
                notes=f"Works near the {REQUEST_WORD} market",
                retention_review_date=default_retention(today),
            )
        )
        a = store.add(
            ThreatAssessment(
                defender_id=d.id,
                date=today - timedelta(days=3),
                assessor="officer",
                facts="Calls at night",
                likelihood=4,
                impact=4,
                next_review=today + timedelta(days=10),
                status=AssessmentStatus.CURRENT,
                threat_score=4,
                vulnerability_score=3,
                capacity_score=2,
            )
        )
        r = store.add(
            Request(
                defender_id=d.id,
                received_at=today - timedelta(days=2),
                threat_summary=f"Followed home from the {REQUEST_WORD} court",
                link_to_rights_work="Defends detained journalists",
            )
        )
        return {"defender": d.id, "assessment": a.id, "request": r.id}
    finally:
        vault.lock()


def build_bare_vault(folder: Path, defenders: int, seed: int = 5) -> None:
    """*defenders* demo defenders and nothing else, in one transaction (seconds, not minutes)."""
    vault, _key = create_vault(folder, PASSPHRASE)
    try:
        migrate(vault.connection)
        store = Store.open(vault, actor="tester")
        gen = demo.Gen(random.Random(seed), DEMO_TODAY)
        with store.transaction():
            for _ in range(defenders):
                store.insert_verbatim(demo.make_defender(gen), action="create")
    finally:
        vault.lock()


def copy_vault(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    return target


def lists_registry():
    """The shell's own sections, the defender workspace, and the lists."""
    from hrd_desk.ui.sections import default_registry

    return default_registry(
        modules=("hrd_desk.ui.settings", "hrd_desk.ui.workspace", "hrd_desk.ui.lists")
    )


def open_shell(qtbot, make_shell, folder: Path, **kwargs):
    shell = make_shell(vault_path=folder, registry=lists_registry(), **kwargs)
    unlock(qtbot, shell, PASSPHRASE)
    window = shell.main_window
    window.resize(1200, 800)
    return shell, window


def wait_loaded(qtbot, *panels) -> None:
    """Until every panel's list has loaded and has nothing on its way."""
    qtbot.waitUntil(
        lambda: all(p.model.has_loaded and not p.model.loading for p in panels), timeout=10_000
    )


def show_list(qtbot, window, key: str):
    """Show the list section *key* and wait for its rows; (section, panel)."""
    section = window.show_section(key)
    panel = section.panel if hasattr(section, "panel") else section.current_panel()
    wait_loaded(qtbot, panel)
    return section, panel
