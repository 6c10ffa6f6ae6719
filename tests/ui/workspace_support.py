"""A vault with one defender's file, and a shell opened on that defender's workspace."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from hrd_desk.cases import fields as F
from hrd_desk.cases.assessments import AssessmentStatus, ThreatAssessment
from hrd_desk.cases.consents import Anonymity, Consent, ConsentMethod, ConsentScope, InformedOf
from hrd_desk.cases.defenders import Defender, DefenderStatus, HrdCategory, default_retention
from hrd_desk.cases.incidents import Incident, IncidentType
from hrd_desk.cases.requests import Request
from hrd_desk.cases.schema import migrate
from hrd_desk.cases.store import Store
from hrd_desk.cases.visits import (
    Access,
    ConditionAnswer,
    ConditionItem,
    PrisonVisit,
    VisitStatus,
)
from hrd_desk.crypto.vault import create_vault
from tests.conftest import PASSPHRASE
from tests.ui.helpers import unlock

PSEUDONYM = "Kestrel-Qv42"
FULL_NAME = "Fullname Marker-Ob7"
NOTE_WORD = "Hibiscuslantern"


@dataclass
class Seeded:
    defender_id: str
    assessment_ids: list[str]
    visit_id: str


def seed_vault(folder: Path) -> Seeded:
    """Create a vault holding one defender with consent, a request, an incident, two
    assessments (superseded low, current high) and a visit with prolonged solitary confinement."""
    vault, _key = create_vault(folder, PASSPHRASE)
    try:
        migrate(vault.connection)
        store = Store.open(vault)
        today = store.today
        d = store.add(
            Defender(
                pseudonym=PSEUDONYM,
                full_name=FULL_NAME,
                hrd_categories=[HrdCategory.JOURNALIST],
                country="KE",
                current_status=DefenderStatus.THREATENED,
                notes=f"Met at the {NOTE_WORD} café",
                retention_review_date=default_retention(today),
            )
        )
        store.add(
            Consent(
                defender_id=d.id,
                date=today - timedelta(days=40),
                obtained_by="officer",
                method=ConsentMethod.WRITTEN,
                informed_of=list(InformedOf),
                scopes=[ConsentScope.STORE, ConsentScope.SUMMARIES_HQ],
                anonymity=Anonymity.PSEUDONYM,
            )
        )
        store.add(
            Request(
                defender_id=d.id,
                received_at=today - timedelta(days=10),
                threat_summary=f"Threatening calls about the {NOTE_WORD} story",
                link_to_rights_work="Investigative journalist",
            )
        )
        store.add(
            Incident(
                defender_id=d.id,
                type=IncidentType.DEATH_THREAT,
                start=today - timedelta(days=35),
                description="A note under the door",
            )
        )
        old = store.add(
            _assessment(d.id, today - timedelta(days=30), 2, 1, AssessmentStatus.CURRENT)
        )
        new = store.add(
            _assessment(d.id, today - timedelta(days=5), 4, 3, AssessmentStatus.CURRENT)
        )
        visit = store.add(
            PrisonVisit(
                defender_id=d.id,
                visit_date=today - timedelta(days=3),
                status=VisitStatus.CONDUCTED,
                access=Access.FULL,
                facility_name="Central prison",
                conditions={
                    ConditionItem.SOLITARY: F.ChecklistAnswer(
                        answer=ConditionAnswer.YES, value=21, note="kept alone"
                    )
                },
            )
        )
        return Seeded(d.id, [old.id, new.id], visit.id)
    finally:
        vault.lock()


def _assessment(
    defender_id: str, day: date, likelihood: int, impact: int, status: AssessmentStatus
) -> ThreatAssessment:
    return ThreatAssessment(
        defender_id=defender_id,
        date=day,
        assessor="officer",
        facts="Calls and a note",
        likelihood=likelihood,
        impact=impact,
        next_review=day + timedelta(days=10),
        status=status,
        threat_score=4,
        vulnerability_score=3,
        capacity_score=2,
    )


def workspace_registry():
    """The shell's own sections and the workspace (not the other screens being written)."""
    from hrd_desk.ui.sections import default_registry

    return default_registry(modules=("hrd_desk.ui.settings", "hrd_desk.ui.workspace"))


def open_workspace(qtbot, make_shell, folder: Path, defender_id: str, tab: int = 0):
    """Unlock *folder* in a new shell and open *defender_id*'s workspace; (shell, window, ws)."""
    from hrd_desk.ui.workspace import open_defender_workspace

    shell = make_shell(vault_path=folder, registry=workspace_registry())
    unlock(qtbot, shell, PASSPHRASE)
    window = shell.main_window
    window.resize(1200, 800)
    ws = open_defender_workspace(window, defender_id, tab)
    qtbot.waitUntil(lambda: ws.data is not None and ws.data.defender_id == defender_id)
    return shell, window, ws
