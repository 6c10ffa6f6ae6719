"""Everything one defender's workspace shows, read in one go (no Qt: it runs in a worker).

:func:`load_workspace` is called with a :class:`~hrd_desk.cases.store.Store` on the worker's own
connection; the result is a plain object the tabs read from, so nothing in the GUI thread waits
on the database while the screen is built. The derived views (timeline, current risk, trend,
consent summary, next deadline) are computed here once, from what was read.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from hrd_desk.cases import ledger
from hrd_desk.cases.assessments import AssessmentStatus, ThreatAssessment
from hrd_desk.cases.attachments import Attachment, list_attachments
from hrd_desk.cases.audit import AuditEntry
from hrd_desk.cases.consents import Consent
from hrd_desk.cases.deadlines import Deadline, deadlines
from hrd_desk.cases.defenders import Defender
from hrd_desk.cases.errors import NotFound
from hrd_desk.cases.grants import Disbursement, Grant
from hrd_desk.cases.record import Record, all_kinds
from hrd_desk.cases.settings import SHOW_NAMES, get_setting
from hrd_desk.cases.sharing import RecipientType, current_consent, may_share
from hrd_desk.cases.trials import CourtCase, Hearing
from hrd_desk.cases.visits import PrisonVisit
from hrd_desk.cases.vocab import RiskLevel

#: How far ahead the header looks for the next deadline.
DEADLINE_HORIZON_DAYS = 365
HISTORY_LIMIT = 500


@dataclass(frozen=True)
class TimelineEntry:
    """One line of the Overview: a record at its own date."""

    day: date | None
    kind: str
    record_id: str
    title: str
    status: str


@dataclass
class WorkspaceData:
    defender: Defender
    #: kind → records of this defender (the defender itself excluded), oldest first
    linked: dict[str, list[Record]]
    attachments: list[Attachment]
    history: list[AuditEntry]
    deadlines: list[Deadline]
    #: grant id → its ledger totals
    totals: dict[str, ledger.GrantTotals]
    show_names: bool
    today: date
    #: seconds spent reading (for the responsiveness notes; never shown)
    load_seconds: float = 0.0
    _index: dict[str, Record] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._index = {self.defender.id: self.defender}
        for records in self.linked.values():
            for record in records:
                self._index[record.id] = record

    # -- lookup -------------------------------------------------------------------------------
    @property
    def defender_id(self) -> str:
        return self.defender.id

    def records(self, kind: str) -> list[Record]:
        return list(self.linked.get(kind, []))

    def find(self, record_id: str | None) -> Record | None:
        return self._index.get(record_id) if record_id else None

    def count(self) -> int:
        """Linked records, the defender included."""
        return 1 + sum(len(v) for v in self.linked.values())

    def ref_choices(self, kind: str) -> list[tuple[str, str]]:
        """(id, title) of this defender's records of *kind*, for link fields in forms."""
        if kind == Defender.KIND:
            return [(self.defender.id, self.defender.pseudonym)]
        return [(r.id, r.title()) for r in self.linked.get(kind, [])]

    # -- risk ---------------------------------------------------------------------------------
    def assessments(self) -> list[ThreatAssessment]:
        return [a for a in self.linked.get("assessment", []) if isinstance(a, ThreatAssessment)]

    def current_assessment(self) -> ThreatAssessment | None:
        current = [a for a in self.assessments() if a.status == AssessmentStatus.CURRENT]
        if not current:
            return None
        return max(current, key=lambda a: (a.date or date.min, a.created_at or ""))

    def current_risk(self) -> RiskLevel | None:
        current = self.current_assessment()
        return current.risk_level if current is not None else None

    def trend(self) -> list[tuple[date, RiskLevel]]:
        """(date, level) of the current and superseded assessments: the history of the risk."""
        points = [
            (a.date, a.risk_level)
            for a in self.assessments()
            if a.status in (AssessmentStatus.CURRENT, AssessmentStatus.SUPERSEDED)
            and a.date is not None
            and a.risk_level is not None
        ]
        return sorted(points, key=lambda p: p[0])

    # -- consent ------------------------------------------------------------------------------
    def consent(self) -> Consent | None:
        return current_consent(_Loaded(self), self.defender.id)

    def may_share(self, recipient: RecipientType) -> bool:
        return may_share(_Loaded(self), self.defender.id, recipient).allowed

    # -- deadlines ----------------------------------------------------------------------------
    def next_deadline(self) -> Deadline | None:
        """The earliest open deadline (an overdue one first: it is the most urgent)."""
        return self.deadlines[0] if self.deadlines else None

    # -- grants -------------------------------------------------------------------------------
    def tranches(self, grant_id: str) -> list[Disbursement]:
        found = [
            t
            for t in self.linked.get("disbursement", [])
            if isinstance(t, Disbursement) and t.grant_id == grant_id
        ]
        return sorted(found, key=lambda t: (t.n or 0, t.planned_date or date.max))

    def grants(self) -> list[Grant]:
        return [g for g in self.linked.get("grant", []) if isinstance(g, Grant)]

    # -- trials -------------------------------------------------------------------------------
    def court_cases(self) -> list[CourtCase]:
        return [c for c in self.linked.get("court_case", []) if isinstance(c, CourtCase)]

    def hearings(self, case_id: str | None = None) -> list[Hearing]:
        found = [
            h
            for h in self.linked.get("hearing", [])
            if isinstance(h, Hearing) and (case_id is None or h.court_case_id == case_id)
        ]
        return sorted(found, key=lambda h: h.date or date.min, reverse=True)

    def visits(self) -> list[PrisonVisit]:
        found = [v for v in self.linked.get("prison_visit", []) if isinstance(v, PrisonVisit)]
        return sorted(found, key=lambda v: v.visit_date or date.min, reverse=True)

    # -- overview -----------------------------------------------------------------------------
    def timeline(self) -> list[TimelineEntry]:
        """Every record once, newest first (records without a date of their own sit at the day
        they were entered)."""
        entries = [
            TimelineEntry(record_day(r), r.KIND, r.id, r.title(), status_text(r))
            for r in self._all()
        ]
        order = {cls.KIND: i for i, cls in enumerate(all_kinds())}
        entries.sort(key=lambda e: (e.day or date.min, -order.get(e.kind, 99)), reverse=True)
        return entries

    def _all(self) -> Iterator[Record]:
        yield self.defender
        for records in self.linked.values():
            yield from records


class _Loaded:
    """The little of a rule context that the consent service reads, from the loaded records."""

    def __init__(self, data: WorkspaceData) -> None:
        self.today = data.today
        self._data = data
        self.old = None

    def linked(self, kind: str, defender_id: str) -> list[Record]:
        return self._data.records(kind)

    def get(self, kind: str, record_id: str) -> Record | None:
        return self._data.find(record_id)

    def setting(self, key: str, default: Any = None) -> Any:
        return default

    def query(self, sql: str, params: tuple = ()) -> list[tuple]:  # pragma: no cover
        raise NotImplementedError("not needed by the consent service")


# -- one record's date and status -------------------------------------------------------------
_DATE_FIELDS = {
    "defender": (),
    "consent": ("date",),
    "request": ("received_at",),
    "referral": ("sent_date",),
    "assessment": ("date",),
    "incident": ("start",),
    "grant": ("start", "agreement_signed"),
    "disbursement": ("paid_date", "planned_date"),
    "prison_visit": ("visit_date",),
    "court_case": ("pretrial_detention_since",),
    "hearing": ("date",),
}


def record_day(record: Record) -> date | None:
    """The date a record stands at in the timeline."""
    for name in _DATE_FIELDS.get(record.KIND, ()):
        value = getattr(record, name, None)
        if isinstance(value, date):
            return value
    stamp = record.created_at
    if stamp:
        try:
            moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
        except ValueError:
            return None
        return moment.astimezone().date()
    return None


def status_text(record: Record) -> str:
    from hrd_desk.cases import fields as F

    if record.STATUS_FIELD is None:
        return ""
    value = getattr(record, record.STATUS_FIELD, None)
    if value is None:
        return ""
    vocab = F.spec_for(type(record), record.STATUS_FIELD).vocab
    try:
        return vocab(str(value)).label
    except ValueError:
        return str(value)


# -- loading ----------------------------------------------------------------------------------
def load_workspace(store, defender_id: str, *, check=None) -> WorkspaceData:
    """Read one defender's workspace. Raises NotFound when the defender is gone (purged or
    deleted). *check* (a worker's ``ctx.check``) is called between steps so a cancel is quick."""
    started = time.perf_counter()
    step = check or (lambda: None)
    defender = store.find(Defender, defender_id)
    if defender is None:
        raise NotFound()
    linked: dict[str, list[Record]] = {}
    for cls in all_kinds():
        if cls.DEFENDER_FIELD is None:
            continue
        linked[cls.KIND] = store.for_defender(cls, defender_id)
        step()
    ids = [defender_id, *(r.id for records in linked.values() for r in records)]
    history = store.history(ids, limit=HISTORY_LIMIT)
    step()
    files = list_attachments(store, defender_id=defender_id)
    today = store.today
    due = deadlines(store, today + timedelta(days=DEADLINE_HORIZON_DAYS), defender_id=defender_id)
    step()
    totals = {}
    for grant in linked.get("grant", []):
        try:
            totals[grant.id] = ledger.grant_totals(store, grant.id)
        except NotFound:
            continue
    show_names = bool(get_setting(store.conn, SHOW_NAMES, False))
    return WorkspaceData(
        defender=defender,
        linked=linked,
        attachments=files,
        history=history,
        deadlines=due,
        totals=totals,
        show_names=show_names,
        today=today,
        load_seconds=time.perf_counter() - started,
    )
