"""Deadlines: a fixed-date scenario returns exactly the expected items, in order."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from hrd_desk.cases.deadlines import DeadlineKind, deadlines
from hrd_desk.cases.defenders import Defender
from hrd_desk.cases.grants import GrantReport, GrantStatus, ReportKind
from hrd_desk.cases.requests import RequestStatus
from hrd_desk.cases.settings import set_setting
from hrd_desk.cases.store import Store
from hrd_desk.cases.trials import Hearing, HearingStatus, HearingType, ObserverAccess
from hrd_desk.cases.visits import Access, FollowUp, VisitStatus
from hrd_desk.cases.vocab import Priority
from tests.cases.builders_part2 import court_case, hearing, signed_grant, visit
from tests.cases.conftest import TODAY, assessment, consent, defender, incident, request

K = DeadlineKind
UNTIL = date(2026, 12, 8)


@pytest.fixture
def scenario(store):
    """Three defenders with something due in every kind of deadline, and look-alikes that are
    not due (decided, superseded, withdrawn, received, soft-deleted, too late)."""
    s = store
    falcon = s.add(defender(pseudonym="Falcon"))
    heron = s.add(defender(pseudonym="Heron"))
    ibis = s.add(defender(pseudonym="Ibis", retention_review_date=date(2026, 12, 1)))
    ids: dict[str, str] = {"falcon": falcon.id, "heron": heron.id, "ibis": ibis.id}
    # a defender whose file is past its retention review (set up on an earlier day)
    earlier = Store(s.conn, actor="tester", today=lambda: date(2026, 11, 1))
    gone = earlier.add(defender(pseudonym="Gone", retention_review_date=date(2026, 11, 2)))
    earlier.add(request(gone.id, received_at=date(2026, 11, 1), priority=Priority.URGENT))
    s.delete(Defender, gone.id)  # soft-deleted: none of its deadlines show

    # requests waiting for a decision beyond their target
    ids["req_falcon"] = s.add(request(falcon.id, priority=Priority.URGENT)).id  # 1 Nov + 10
    set_setting(s.conn, "decision_target_days_high", 5)
    ids["req_heron"] = s.add(
        request(heron.id, received_at=date(2026, 11, 15), priority=Priority.HIGH)
    ).id  # 15 Nov + 5
    s.add(request(heron.id, received_at=date(2026, 11, 20)))  # normal: due 20 Dec, too late
    s.add(
        request(
            falcon.id,
            status=RequestStatus.DECLINED,
            decision_date=date(2026, 11, 2),
            decision_reason="Out of scope",
            waiver="Clear case",
        )
    )  # decided

    # consents: the latest one per defender, unless withdrawn
    ids["consent_falcon"] = s.add(consent(falcon.id, review_date=date(2026, 11, 30))).id
    s.add(consent(heron.id, date=date(2026, 9, 1), review_date=date(2026, 11, 25)))  # superseded
    s.add(consent(heron.id, date=date(2026, 10, 15), review_date=date(2027, 6, 1)))
    s.add(consent(ibis.id, review_date=date(2026, 11, 26), withdrawn_at=date(2026, 11, 1)))

    # assessments: next review, or flagged by a new incident
    ids["assess_falcon"] = s.add(assessment(falcon.id, next_review=date(2026, 12, 5))).id
    ids["assess_heron"] = s.add(assessment(heron.id, next_review=date(2026, 12, 20))).id
    s.add(incident(heron.id))  # flags Heron's current assessment for review today

    # grant reports not received, on running grants
    g = s.add(
        signed_grant(
            falcon.id,
            status=GrantStatus.DISBURSING,
            start=date(2026, 9, 1),
            end=date(2026, 10, 31),
            reports=[
                GrantReport(kind=ReportKind.NARRATIVE, due=date(2026, 11, 30)),
                GrantReport(kind=ReportKind.FINANCIAL, due=date(2026, 12, 31)),
                GrantReport(
                    kind=ReportKind.NARRATIVE, due=date(2026, 11, 5), received=date(2026, 11, 6)
                ),
            ],
        )
    )
    ids["grant_falcon"] = g.id
    s.add(
        signed_grant(
            heron.id,
            status=GrantStatus.CANCELLED,
            cancel_reason="Relocated",
            closed_on=date(2026, 11, 20),
            end=date(2026, 11, 1),
            reports=[GrantReport(kind=ReportKind.NARRATIVE, due=date(2026, 11, 26))],
        )
    )  # cancelled: no report expected

    # hearings: scheduled ones up to the horizon, and an announced next hearing
    case_a = s.add(court_case(falcon.id))
    ids["hearing_past"] = s.add(hearing(case_a, date=date(2026, 11, 20))).id  # still "scheduled"
    ids["hearing_next"] = s.add(hearing(case_a, date=date(2026, 12, 1))).id
    s.add(hearing(case_a, date=date(2026, 12, 20)))  # beyond the horizon
    deleted = s.add(hearing(case_a, date=date(2026, 11, 30)))
    s.delete(Hearing, deleted.id)
    case_b = s.add(court_case(heron.id, case_number="2026/5"))
    ids["hearing_announced"] = s.add(
        hearing(
            case_b,
            date=date(2026, 11, 18),
            status=HearingStatus.OBSERVED,
            observer_access=ObserverAccess.ADMITTED,
            type=HearingType.PRELIMINARY,
            next_hearing=date(2026, 12, 3),
        )
    ).id

    # prison visits: planned ones, the next visit after the latest, follow-ups
    s.add(
        visit(
            falcon.id,
            visit_date=date(2026, 11, 1),
            status=VisitStatus.CONDUCTED,
            access=Access.FULL,
            next_visit=date(2026, 11, 15),  # superseded by the planned visit below
        )
    )
    ids["visit_planned"] = s.add(visit(falcon.id, visit_date=date(2026, 12, 2))).id
    ids["visit_heron"] = s.add(
        visit(
            heron.id,
            visit_date=date(2026, 11, 10),
            status=VisitStatus.CONDUCTED,
            access=Access.FULL,
            next_visit=date(2026, 11, 23),
            follow_ups=[
                FollowUp(action="Ask the director about medical care", due=date(2026, 11, 28)),
                FollowUp(action="Call the family", due=date(2026, 11, 20), done=True),
                FollowUp(action="Send the report", due=date(2026, 12, 20)),
            ],
        )
    ).id
    return ids


def _as_tuples(items) -> list[tuple]:
    return [(i.date, i.kind, i.pseudonym, i.record_id, i.overdue) for i in items]


def test_fixed_date_scenario(store, scenario) -> None:
    ids = scenario
    assert store.today == TODAY == date(2026, 11, 24)
    got = deadlines(store, UNTIL)
    expected = [
        (date(2026, 11, 11), K.REQUEST_DECISION, "Falcon", ids["req_falcon"], True),
        (date(2026, 11, 20), K.HEARING, "Falcon", ids["hearing_past"], True),
        (date(2026, 11, 20), K.REQUEST_DECISION, "Heron", ids["req_heron"], True),
        (date(2026, 11, 23), K.VISIT_DUE, "Heron", ids["visit_heron"], True),
        (date(2026, 11, 24), K.ASSESSMENT_REVIEW, "Heron", ids["assess_heron"], False),
        (date(2026, 11, 28), K.FOLLOW_UP, "Heron", ids["visit_heron"], False),
        (date(2026, 11, 30), K.GRANT_REPORT, "Falcon", ids["grant_falcon"], False),
        (date(2026, 11, 30), K.CONSENT_REVIEW, "Falcon", ids["consent_falcon"], False),
        (date(2026, 12, 1), K.HEARING, "Falcon", ids["hearing_next"], False),
        (date(2026, 12, 1), K.RETENTION_REVIEW, "Ibis", ids["ibis"], False),
        (date(2026, 12, 2), K.VISIT, "Falcon", ids["visit_planned"], False),
        (date(2026, 12, 3), K.HEARING, "Heron", ids["hearing_announced"], False),
        (date(2026, 12, 5), K.ASSESSMENT_REVIEW, "Falcon", ids["assess_falcon"], False),
    ]
    assert _as_tuples(got) == expected
    labels = [i.label for i in got]
    assert labels[4] == "Assessment of Nov 2, 2026 flagged for review by a new incident"
    assert labels[6] == "Narrative report due (Front Line Defenders protection grant)"
    assert labels[12] == "Review of the assessment of Nov 2, 2026"
    assert got[5].detail == "Ask the director about medical care"
    assert [i.record_kind for i in got if i.kind == K.HEARING] == ["hearing"] * 3
    assert all(i.defender_id in (ids["falcon"], ids["heron"], ids["ibis"]) for i in got)
    assert got[1].label == "Hearing: Merits"


def test_one_defender(store, scenario) -> None:
    got = deadlines(store, UNTIL, defender_id=scenario["heron"])
    assert [(i.date, i.kind) for i in got] == [
        (date(2026, 11, 20), K.REQUEST_DECISION),
        (date(2026, 11, 23), K.VISIT_DUE),
        (date(2026, 11, 24), K.ASSESSMENT_REVIEW),
        (date(2026, 11, 28), K.FOLLOW_UP),
        (date(2026, 12, 3), K.HEARING),
    ]


def test_an_earlier_date_and_a_shorter_hearing_horizon(store, scenario) -> None:
    # hearings keep their own horizon (the next 14 days) even when asking about today
    got = deadlines(store, TODAY)
    assert [(i.date, i.kind) for i in got] == [
        (date(2026, 11, 11), K.REQUEST_DECISION),
        (date(2026, 11, 20), K.HEARING),
        (date(2026, 11, 20), K.REQUEST_DECISION),
        (date(2026, 11, 23), K.VISIT_DUE),
        (date(2026, 11, 24), K.ASSESSMENT_REVIEW),
        (date(2026, 12, 1), K.HEARING),
        (date(2026, 12, 3), K.HEARING),
    ]
    got = deadlines(store, TODAY, hearing_days=0)
    assert [i.kind for i in got].count(K.HEARING) == 1  # only the overdue one


def test_acting_removes_the_deadline(store, scenario) -> None:
    ids = scenario
    h = store.get(Hearing, ids["hearing_past"])
    store.update(replace(h, status=HearingStatus.OBSERVED, observer_access=ObserverAccess.ADMITTED))
    got = {(i.kind, i.record_id) for i in deadlines(store, UNTIL)}
    assert (K.HEARING, ids["hearing_past"]) not in got
    assert len(got) == 12
