"""New and existing records of one defender, in the lead's :class:`RecordDialog`.

A new record starts from sensible defaults (today's date, the officer as assessor, the scores
of the current assessment, the defender's confidentiality); the defender is fixed. Link fields
offer this defender's records only. Tranches are saved through the ledger (``save_tranche``:
the first payment moves the grant to "disbursing" in the same transaction), so a refusal (more
paid than approved, no signed agreement…) comes back as the store's message at its field.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from hrd_desk.cases import ledger
from hrd_desk.cases.assessments import DEFAULT_REVIEW_DAYS, ThreatAssessment, risk_level
from hrd_desk.cases.consents import Consent
from hrd_desk.cases.defenders import Defender, default_retention
from hrd_desk.cases.grants import Disbursement, Grant
from hrd_desk.cases.incidents import Incident
from hrd_desk.cases.record import KINDS, Record
from hrd_desk.cases.requests import Request
from hrd_desk.cases.trials import Hearing
from hrd_desk.cases.visits import PrisonVisit
from hrd_desk.ui.workspace.data import WorkspaceData

#: Days to the next review of a new assessment when its level sets no limit.
ROUTINE_REVIEW_DAYS = 90


class LedgerStore:
    """The store as a :class:`RecordDialog` sees it, saving tranches through the ledger."""

    def __init__(self, store) -> None:
        self._store = store

    def check(self, record: Record):
        return self._store.check(record)

    def save(self, record: Record) -> Record:
        saved, _grant = ledger.save_tranche(self._store, record)
        return saved

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)


def new_defender(today) -> Defender:
    return Defender(retention_review_date=default_retention(today))


def new_record(kind: str, data: WorkspaceData, store, **extra: Any) -> Record:
    """A new record of *kind* for the workspace's defender, with sensible defaults."""
    today = data.today
    base: dict[str, Any] = {
        "defender_id": data.defender_id,
        "confidentiality": data.defender.confidentiality,
    }
    if kind == Request.KIND:
        base["received_at"] = today
    elif kind == Incident.KIND:
        base["start"] = today
    elif kind == ThreatAssessment.KIND:
        base.update(_assessment_defaults(data, store))
    elif kind == Consent.KIND:
        base.update(date=today, obtained_by=store.actor)
    elif kind == PrisonVisit.KIND:
        base["visit_date"] = today
    elif kind == Hearing.KIND:
        base["date"] = today
        cases = data.court_cases()
        if cases and "court_case_id" not in extra:
            base["court_case_id"] = cases[-1].id
    base.update(extra)
    return KINDS[kind](**base)


def _assessment_defaults(data: WorkspaceData, store) -> dict[str, Any]:
    """A reassessment starts from the current one: its scores and factors, reviewed again."""
    today = data.today
    out: dict[str, Any] = {"date": today, "assessor": store.actor}
    current = data.current_assessment()
    if current is not None:
        out.update(
            likelihood=current.likelihood,
            impact=current.impact,
            threat_score=current.threat_score,
            vulnerability_score=current.vulnerability_score,
            capacity_score=current.capacity_score,
            vulnerabilities=list(current.vulnerabilities),
            capacities=list(current.capacities),
            source_type=current.source_type,
        )
        level = (
            risk_level(current.likelihood, current.impact)
            if current.likelihood and current.impact
            else None
        )
        days = DEFAULT_REVIEW_DAYS.get(level, ROUTINE_REVIEW_DAYS)
    else:
        days = ROUTINE_REVIEW_DAYS
    out["next_review"] = today + timedelta(days=days)
    return out


def new_tranche(store, grant: Grant, today) -> Disbursement:
    """The next tranche of *grant*, paid today unless the officer changes it."""
    return ledger.new_tranche(store, grant, paid_date=today, planned_date=today)


def fixed_fields(record: Record) -> dict[str, Any]:
    """Fields the form does not show: the defender (and, for a tranche, its grant)."""
    fixed: dict[str, Any] = {}
    if record.DEFENDER_FIELD is not None:
        fixed[record.DEFENDER_FIELD] = getattr(record, record.DEFENDER_FIELD)
    if isinstance(record, Disbursement):
        fixed.update(grant_id=record.grant_id, currency=record.currency)
    return fixed


def dialog_context(
    record: Record, data: WorkspaceData | None, currency: Callable[[], str] | None = None
) -> dict[str, Any]:
    """What the form needs beyond the record: link choices, and the currency for amounts whose
    currency field is not on the form (a tranche's; a grant's budget lines and expenses)."""
    context: dict[str, Any] = {}
    if data is not None:
        context["ref_choices"] = data.ref_choices
    if currency is not None:
        context["currency"] = currency
    elif isinstance(record, Disbursement):
        context["currency"] = lambda: record.currency
    return context
