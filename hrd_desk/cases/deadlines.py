"""Deadlines: everything that needs action on or before a date (the dashboard, case PDFs).

One SQL query per kind of deadline, over the generated (indexed) columns where they exist and
``json_each`` over a record's items where the dates live in items (grant reports, follow-ups),
so a vault of 10,000 defenders is never loaded to find the few dozen things due this week.
Records of soft-deleted defenders, and soft-deleted records, are left out.

Kinds of deadline (in the order they sort on the same day):

* ``hearing`` — scheduled hearings up to ``today + hearing_days`` (or ``until`` if later), and a
  next hearing announced at a hearing when no later hearing of that case is recorded yet;
* ``visit`` — planned, requested or granted prison visits on their date;
* ``visit_due`` — the ``next_visit`` of each defender's latest visit;
* ``follow_up`` — follow-ups of prison visits not marked done;
* ``assessment_review`` — the current assessment's ``next_review``, or today when a new incident
  flagged it for review;
* ``grant_report`` — reports of running grants not yet received;
* ``request_decision`` — requests without a decision, on the day their target (by priority,
  ``Request.target_days``) runs out;
* ``consent_review`` — the review date of each defender's latest consent, unless withdrawn;
* ``retention_review`` — the defender's retention review date.

An item is ``overdue`` when its date is before today.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from hrd_desk.cases.grants import GrantStatus, Programme, ReportKind
from hrd_desk.cases.requests import BEFORE_DECISION, DEFAULT_TARGET_DAYS
from hrd_desk.cases.settings import get_setting
from hrd_desk.cases.trials import HearingType
from hrd_desk.cases.visits import UPCOMING_STATES, VisitStatus
from hrd_desk.cases.vocab import Priority, Vocab
from hrd_desk.crypto.sqlerrors import storage_errors
from hrd_desk.formats import date_in_text
from hrd_desk.i18n import N_, _

DEFAULT_HEARING_DAYS = 14
DETAIL_MAX = 120


class DeadlineKind(Vocab):
    HEARING = "hearing", N_("Hearing")
    VISIT = "visit", N_("Prison visit")
    VISIT_DUE = "visit_due", N_("Prison visit due")
    FOLLOW_UP = "follow_up", N_("Follow-up")
    ASSESSMENT_REVIEW = "assessment_review", N_("Assessment review")
    GRANT_REPORT = "grant_report", N_("Grant report")
    REQUEST_DECISION = "request_decision", N_("Decision on a request")
    CONSENT_REVIEW = "consent_review", N_("Consent review")
    RETENTION_REVIEW = "retention_review", N_("Retention review")

    @property
    def rank(self) -> int:
        return list(DeadlineKind).index(self)


@dataclass(frozen=True)
class Deadline:
    date: date
    kind: DeadlineKind
    #: the record to open (its KIND and id)
    record_kind: str
    record_id: str
    defender_id: str
    pseudonym: str
    #: translated, safe to show anywhere (no names, no free text)
    label: str
    overdue: bool
    #: free text typed by an officer (a follow-up's action), shown in the app only
    detail: str = ""


_ACTIVE_GRANT = sorted(
    s.value
    for s in (
        GrantStatus.APPROVED,
        GrantStatus.PARTLY_APPROVED,
        GrantStatus.AGREEMENT_SIGNED,
        GrantStatus.DISBURSING,
        GrantStatus.REPORT_DUE,
        GrantStatus.REPORTED,
        GrantStatus.REFUND_REQUESTED,
    )
)


def _marks(values: list[str]) -> str:
    return ",".join("?" * len(values))


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _dated(rows: list) -> Iterator[tuple]:
    """The rows whose first column is a date, with it parsed (rows with none or a malformed one
    are left out)."""
    for day, *rest in rows:
        when = _day(day)
        if when is not None:
            yield when, *rest


def _vocab_label(vocab: type[Vocab], value: str | None) -> str:
    try:
        return vocab.parse(value).label
    except ValueError:
        return ""


def target_days(store) -> dict[Priority, int]:
    """Days from receipt to decision, by priority (settings ``decision_target_days_<p>``)."""
    out = {}
    for priority, default in DEFAULT_TARGET_DAYS.items():
        value = get_setting(store.conn, f"decision_target_days_{priority.value}", default)
        try:
            out[priority] = max(0, int(value))
        except (TypeError, ValueError):
            out[priority] = default
    return out


def deadlines(
    store,
    until: date,
    *,
    defender_id: str | None = None,
    hearing_days: int = DEFAULT_HEARING_DAYS,
) -> list[Deadline]:
    """Everything needing action on or before *until*, by date then kind."""
    today = store.today
    horizon = max(until, today + timedelta(days=max(0, hearing_days)))
    found: list[Deadline] = []
    for query in (
        _hearings,
        _announced_hearings,
        _visits,
        _visits_due,
        _follow_ups,
        _assessments,
        _grant_reports,
        _requests,
        _consents,
        _retention,
    ):
        found.extend(query(store, until, horizon, defender_id))
    out = [
        Deadline(
            d.date,
            d.kind,
            d.record_kind,
            d.record_id,
            d.defender_id,
            d.pseudonym,
            d.label,
            d.date < today,
            d.detail,
        )
        for d in found
    ]
    out.sort(key=lambda d: (d.date, d.kind.rank, d.pseudonym.casefold(), d.record_id, d.detail))
    return out


def _run(store, sql: str, params: list[object], defender_id: str | None, column: str) -> list:
    if defender_id is not None:
        sql += f" AND {column} = ?"
        params = [*params, defender_id]
    with storage_errors():
        return store.conn.execute(sql, params).fetchall()


def _item(
    kind: DeadlineKind,
    record_kind: str,
    day: date,
    record_id: str,
    defender_id: str,
    pseudonym: str | None,
    label: str,
    detail: str = "",
) -> Deadline:
    return Deadline(
        day, kind, record_kind, record_id, defender_id, pseudonym or "", label, False, detail
    )


_DEFENDER = "JOIN defenders d ON d.id = x.defender_id AND d.deleted_at IS NULL"


def _hearings(store, until: date, horizon: date, defender_id: str | None) -> list[Deadline]:
    rows = _run(
        store,
        f"SELECT x.date, x.id, x.defender_id, d.pseudonym, x.type FROM hearings x {_DEFENDER} "
        "WHERE x.deleted_at IS NULL AND x.status = 'scheduled' AND x.date <= ?",
        [horizon.isoformat()],
        defender_id,
        "x.defender_id",
    )
    out = []
    for when, rid, did, pseudonym, kind in _dated(rows):
        kind_label = _vocab_label(HearingType, kind)
        label = _("Hearing: {type}").format(type=kind_label) if kind_label else _("Hearing")
        out.append(_item(DeadlineKind.HEARING, "hearing", when, rid, did, pseudonym, label))
    return out


def _announced_hearings(
    store, until: date, horizon: date, defender_id: str | None
) -> list[Deadline]:
    """A next hearing announced in court but not yet entered as a hearing of its own."""
    rows = _run(
        store,
        f"SELECT x.next_hearing, x.id, x.defender_id, d.pseudonym, x.date FROM hearings x "
        f"{_DEFENDER} JOIN court_cases c ON c.id = x.court_case_id AND c.deleted_at IS NULL "
        "WHERE x.deleted_at IS NULL AND x.next_hearing IS NOT NULL AND x.next_hearing <= ? "
        "AND (c.stage IS NULL OR c.stage != 'closed') "
        "AND NOT EXISTS (SELECT 1 FROM hearings y WHERE y.court_case_id = x.court_case_id "
        "AND y.deleted_at IS NULL AND y.date > x.date)",
        [horizon.isoformat()],
        defender_id,
        "x.defender_id",
    )
    out = []
    for when, rid, did, pseudonym, held in _dated(rows):
        label = _("Next hearing, announced at the hearing of {date}").format(
            date=date_in_text(held)
        )
        out.append(_item(DeadlineKind.HEARING, "hearing", when, rid, did, pseudonym, label))
    return out


def _visits(store, until: date, horizon: date, defender_id: str | None) -> list[Deadline]:
    upcoming = sorted(s.value for s in UPCOMING_STATES)
    rows = _run(
        store,
        f"SELECT x.visit_date, x.id, x.defender_id, d.pseudonym, x.status "
        f"FROM prison_visits x {_DEFENDER} WHERE x.deleted_at IS NULL "
        f"AND x.status IN ({_marks(upcoming)}) AND x.visit_date <= ?",
        [*upcoming, until.isoformat()],
        defender_id,
        "x.defender_id",
    )
    out = []
    for when, rid, did, pseudonym, status in _dated(rows):
        label = _("Prison visit ({status})").format(
            status=_vocab_label(VisitStatus, status).lower()
        )
        out.append(_item(DeadlineKind.VISIT, "prison_visit", when, rid, did, pseudonym, label))
    return out


def _visits_due(store, until: date, horizon: date, defender_id: str | None) -> list[Deadline]:
    rows = _run(
        store,
        f"SELECT x.next_visit, x.id, x.defender_id, d.pseudonym, x.visit_date "
        f"FROM prison_visits x {_DEFENDER} WHERE x.deleted_at IS NULL "
        "AND x.next_visit IS NOT NULL AND x.next_visit <= ? "
        "AND NOT EXISTS (SELECT 1 FROM prison_visits y WHERE y.defender_id = x.defender_id "
        "AND y.deleted_at IS NULL AND (y.visit_date > x.visit_date "
        "OR (y.visit_date = x.visit_date AND y.rid > x.rid)))",
        [until.isoformat()],
        defender_id,
        "x.defender_id",
    )
    out = []
    for when, rid, did, pseudonym, last in _dated(rows):
        label = _("Next prison visit (last visit {date})").format(date=date_in_text(last))
        out.append(_item(DeadlineKind.VISIT_DUE, "prison_visit", when, rid, did, pseudonym, label))
    return out


def _follow_ups(store, until: date, horizon: date, defender_id: str | None) -> list[Deadline]:
    rows = _run(
        store,
        "SELECT json_extract(f.value, '$.due'), x.id, x.defender_id, d.pseudonym, x.visit_date, "
        "json_extract(f.value, '$.action') "
        f"FROM prison_visits x {_DEFENDER}, json_each(x.data, '$.follow_ups') f "
        "WHERE x.deleted_at IS NULL AND json_extract(f.value, '$.due') <= ? "
        "AND COALESCE(json_extract(f.value, '$.done'), 0) = 0",
        [until.isoformat()],
        defender_id,
        "x.defender_id",
    )
    out = []
    for when, rid, did, pseudonym, visit_day, action in _dated(rows):
        label = _("Follow-up of the prison visit of {date}").format(date=date_in_text(visit_day))
        detail = (action or "")[:DETAIL_MAX]
        out.append(
            _item(DeadlineKind.FOLLOW_UP, "prison_visit", when, rid, did, pseudonym, label, detail)
        )
    return out


def _assessments(store, until: date, horizon: date, defender_id: str | None) -> list[Deadline]:
    today = store.today.isoformat()
    rows = _run(
        store,
        "SELECT x.next_review, x.id, x.defender_id, d.pseudonym, x.date, "
        "COALESCE(json_extract(x.data, '$.needs_review'), 0) "
        f"FROM assessments x {_DEFENDER} WHERE x.deleted_at IS NULL AND x.status = 'current' "
        "AND (x.next_review <= ? OR COALESCE(json_extract(x.data, '$.needs_review'), 0) = 1)",
        [until.isoformat()],
        defender_id,
        "x.defender_id",
    )
    out = []
    for review, rid, did, pseudonym, made, flagged in rows:
        when = _day(review)
        if flagged:
            when = min(when, _day(today)) if when else _day(today)
            label = _("Assessment of {date} flagged for review by a new incident").format(
                date=date_in_text(made)
            )
        else:
            label = _("Review of the assessment of {date}").format(date=date_in_text(made))
        if when is None or when > until:
            continue
        out.append(
            _item(DeadlineKind.ASSESSMENT_REVIEW, "assessment", when, rid, did, pseudonym, label)
        )
    return out


def _grant_reports(store, until: date, horizon: date, defender_id: str | None) -> list[Deadline]:
    rows = _run(
        store,
        "SELECT json_extract(r.value, '$.due'), x.id, x.defender_id, d.pseudonym, "
        "json_extract(r.value, '$.kind'), x.programme "
        f"FROM grants x {_DEFENDER}, json_each(x.data, '$.reports') r "
        f"WHERE x.deleted_at IS NULL AND x.status IN ({_marks(_ACTIVE_GRANT)}) "
        "AND json_extract(r.value, '$.due') <= ? AND json_extract(r.value, '$.received') IS NULL",
        [*_ACTIVE_GRANT, until.isoformat()],
        defender_id,
        "x.defender_id",
    )
    out = []
    for when, rid, did, pseudonym, kind, programme in _dated(rows):
        label = _("{report} due ({programme})").format(
            report=_vocab_label(ReportKind, kind) or _("Report"),
            programme=_vocab_label(Programme, programme),
        )
        out.append(_item(DeadlineKind.GRANT_REPORT, "grant", when, rid, did, pseudonym, label))
    return out


def _requests(store, until: date, horizon: date, defender_id: str | None) -> list[Deadline]:
    days = target_days(store)
    waiting = sorted(s.value for s in BEFORE_DECISION)
    due = (
        "date(x.received_at, '+' || (CASE x.priority WHEN 'urgent' THEN ? WHEN 'high' THEN ? "
        "WHEN 'low' THEN ? ELSE ? END) || ' days')"
    )
    target = [days[Priority.URGENT], days[Priority.HIGH], days[Priority.LOW], days[Priority.NORMAL]]
    rows = _run(
        store,
        f"SELECT {due}, x.id, x.defender_id, d.pseudonym, x.received_at, x.priority "
        f"FROM requests x {_DEFENDER} WHERE x.deleted_at IS NULL "
        f"AND x.status IN ({_marks(waiting)}) AND {due} <= ?",
        [*target, *waiting, *target, until.isoformat()],
        defender_id,
        "x.defender_id",
    )
    out = []
    for when, rid, did, pseudonym, received, priority in _dated(rows):
        label = _("Decision due on the {priority} request received {date}").format(
            priority=_vocab_label(Priority, priority).lower(), date=date_in_text(received)
        )
        out.append(
            _item(DeadlineKind.REQUEST_DECISION, "request", when, rid, did, pseudonym, label)
        )
    return out


def _consents(store, until: date, horizon: date, defender_id: str | None) -> list[Deadline]:
    rows = _run(
        store,
        "SELECT json_extract(x.data, '$.review_date'), x.id, x.defender_id, d.pseudonym, x.date "
        f"FROM consents x {_DEFENDER} WHERE x.deleted_at IS NULL AND x.withdrawn_at IS NULL "
        "AND json_extract(x.data, '$.review_date') <= ? "
        "AND NOT EXISTS (SELECT 1 FROM consents y WHERE y.defender_id = x.defender_id "
        "AND y.deleted_at IS NULL AND (y.date > x.date OR (y.date = x.date AND y.rid > x.rid)))",
        [until.isoformat()],
        defender_id,
        "x.defender_id",
    )
    out = []
    for when, rid, did, pseudonym, given in _dated(rows):
        label = _("Review the consent of {date} with the defender").format(date=date_in_text(given))
        out.append(_item(DeadlineKind.CONSENT_REVIEW, "consent", when, rid, did, pseudonym, label))
    return out


def _retention(store, until: date, horizon: date, defender_id: str | None) -> list[Deadline]:
    rows = _run(
        store,
        "SELECT d.retention_review_date, d.id, d.id, d.pseudonym FROM defenders d "
        "WHERE d.deleted_at IS NULL AND d.retention_review_date <= ?",
        [until.isoformat()],
        defender_id,
        "d.id",
    )
    out = []
    for when, rid, did, pseudonym in _dated(rows):
        label = _("Retention review: keep or purge the file")
        out.append(
            _item(DeadlineKind.RETENTION_REVIEW, "defender", when, rid, did, pseudonym, label)
        )
    return out
