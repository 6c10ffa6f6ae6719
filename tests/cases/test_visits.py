"""Prison visits (spec §6): rules name their field and store nothing; the state machine; alerts
for prolonged solitary confinement and denied visits; search by facility."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from hrd_desk.cases.fields import ChecklistAnswer
from hrd_desk.cases.listing import ListQuery
from hrd_desk.cases.visits import (
    SOLITARY_LIMIT_DAYS,
    Access,
    AlertKind,
    Allegation,
    ConditionAnswer,
    ConditionItem,
    FollowUp,
    LegalStatus,
    PassOnConsent,
    PrisonVisit,
    VisitStatus,
    VisitType,
    open_alerts,
    visit_alerts,
)
from tests.cases.builders_part2 import refused, visit
from tests.cases.conftest import defender

SOLITARY = f"conditions[{ConditionItem.SOLITARY.value}]"


@pytest.fixture
def d(store):
    return store.add(defender())


def held(defender_id: str, **kw) -> PrisonVisit:
    base = dict(status=VisitStatus.CONDUCTED, access=Access.FULL, private_interview=True)
    return visit(defender_id, **{**base, **kw})


def solitary(days: int | None, answer: ConditionAnswer = ConditionAnswer.YES) -> dict:
    return {ConditionItem.SOLITARY: ChecklistAnswer(answer=answer, value=days)}


def allegation(**kw) -> Allegation:
    base = dict(what="Beaten on arrival", consent_to_pass_on=PassOnConsent.ANONYMOUSLY)
    return Allegation(**{**base, **kw})


@pytest.mark.parametrize(
    ("make", "fields"),
    [
        (lambda d: visit(d, visit_date=None), ["visit_date"]),
        (lambda d: visit(d, visit_type=None), ["visit_type"]),
        (lambda d: replace(visit(d), defender_id=None), ["defender_id"]),
        (lambda d: visit(d, next_visit=date(2026, 11, 20)), ["next_visit"]),  # same day
        (lambda d: visit(d, next_visit=date(2026, 11, 1)), ["next_visit"]),
        (lambda d: held(d, access=Access.PARTIAL), ["access_reason"]),
        (lambda d: visit(d, status=VisitStatus.DENIED), ["access_reason"]),
        (
            lambda d: visit(d, status=VisitStatus.DENIED, access=Access.FULL, access_reason="x"),
            ["access"],
        ),
        (lambda d: held(d, visit_date=date(2026, 11, 30)), ["visit_date"]),
        (lambda d: held(d, access=None), ["access"]),
        (lambda d: held(d, access=Access.DENIED, access_reason="Turned away"), ["access"]),
        (lambda d: visit(d, legal_status=LegalStatus.OTHER), ["legal_status_other"]),
        (lambda d: visit(d, visit_type=VisitType.FACILITY, facility_name=""), ["facility_name"]),
        (lambda d: visit(d, arrest_date=date(2026, 11, 21)), ["arrest_date"]),
        (
            lambda d: visit(d, arrest_date=date(2026, 11, 25), visit_date=date(2026, 11, 30)),
            ["arrest_date"],
        ),
        (lambda d: visit(d, access_requested=date(2026, 11, 25)), ["access_requested"]),
        (lambda d: held(d, conditions=solitary(-1)), [SOLITARY]),
        (lambda d: held(d, conditions=solitary(4, ConditionAnswer.NO)), [SOLITARY]),
        (
            lambda d: held(d, allegations=[allegation(consent_to_pass_on=None)]),
            ["allegations[0].consent_to_pass_on"],
        ),
        (lambda d: held(d, allegations=[allegation(what="")]), ["allegations[0].what"]),
        (
            lambda d: held(d, allegations=[allegation(when=date(2026, 12, 1))]),
            ["allegations[0].when"],
        ),
        (lambda d: held(d, follow_ups=[FollowUp(action="")]), ["follow_ups[0].action"]),
        (lambda d: visit(d, facility_name="two\nlines"), ["facility_name"]),
    ],
)
def test_visit_rules(store, d, make, fields) -> None:
    refused(store, make(d.id), *fields)


def test_states_in_order(store, d) -> None:
    v = store.add(visit(d.id))
    refused(store, replace(v, status=VisitStatus.CONDUCTED, access=Access.FULL), "status")
    refused(store, replace(v, status=VisitStatus.REQUESTED), "access_requested")
    v = store.update(replace(v, status=VisitStatus.REQUESTED, access_requested=date(2026, 11, 10)))
    v = store.update(replace(v, status=VisitStatus.GRANTED))
    v = store.update(replace(v, status=VisitStatus.CONDUCTED, access=Access.FULL))
    refused(store, replace(v, status=VisitStatus.REPORTED), "findings")
    v = store.update(replace(v, status=VisitStatus.REPORTED, findings="Cell of 6 m² for three"))
    refused(store, replace(v, status=VisitStatus.FOLLOW_UP), "follow_ups")
    v = store.update(
        replace(
            v,
            status=VisitStatus.FOLLOW_UP,
            follow_ups=[FollowUp(action="Raise medical care", due=date(2026, 12, 1))],
        )
    )
    refused(store, replace(v, status=VisitStatus.PLANNED), "status")


def test_a_denied_visit_can_be_requested_again(store, d) -> None:
    v = store.add(visit(d.id, status=VisitStatus.REQUESTED, access_requested=date(2026, 11, 10)))
    v = store.update(replace(v, status=VisitStatus.DENIED, access_reason="'Security reasons'"))
    store.update(replace(v, status=VisitStatus.REQUESTED, access_requested=date(2026, 11, 22)))


# --- alerts -----------------------------------------------------------------------------------
def test_solitary_over_15_days_alerts(store, d) -> None:
    assert SOLITARY_LIMIT_DAYS == 15
    at_limit = held(d.id, conditions=solitary(15))
    assert visit_alerts(at_limit) == []
    assert store.check(at_limit).warnings == []
    over = held(d.id, conditions=solitary(16))
    alerts = visit_alerts(over)
    assert [(a.kind, a.days, a.field) for a in alerts] == [
        (AlertKind.PROLONGED_SOLITARY, 16, SOLITARY)
    ]
    assert "Nelson Mandela Rules" in alerts[0].message and "16" in alerts[0].message
    # on save it is a warning (the visit is stored: the finding must be on record)
    assert [w.field for w in store.check(over).warnings] == [SOLITARY]
    store.add(over)


def test_solitary_yes_without_days_asks_for_them(store, d) -> None:
    v = held(d.id, conditions=solitary(None))
    assert [w.field for w in store.check(v).warnings] == [SOLITARY]
    assert visit_alerts(v) == []


def test_denied_visit_alerts(store, d) -> None:
    v = visit(d.id, status=VisitStatus.DENIED, access_reason="No reason given")
    assert [(a.kind, a.field) for a in visit_alerts(v)] == [(AlertKind.VISIT_DENIED, "status")]
    assert "status" in [w.field for w in store.check(v).warnings]


def test_open_alerts_come_from_each_defenders_latest_visit(store, d) -> None:
    other = store.add(defender(pseudonym="Heron"))
    old = store.add(held(d.id, visit_date=date(2026, 10, 1), conditions=solitary(30)))
    denied = store.add(
        visit(other.id, status=VisitStatus.DENIED, access_reason="Refused at the gate")
    )
    # an upcoming visit does not hide what the last visit found
    store.add(visit(d.id, visit_date=date(2026, 12, 2)))
    alerts = open_alerts(store)
    assert [(a.kind, a.record_id, a.pseudonym) for a in alerts] == [
        (AlertKind.VISIT_DENIED, denied.id, "Heron"),
        (AlertKind.PROLONGED_SOLITARY, old.id, "Falcon"),
    ]
    assert alerts[1].days == 30 and "30" in alerts[1].message
    assert [a.record_id for a in open_alerts(store, defender_id=d.id)] == [old.id]
    # a later visit that found no solitary confinement clears the alert
    later = store.add(
        held(d.id, visit_date=date(2026, 11, 15), conditions=solitary(None, ConditionAnswer.NO))
    )
    assert open_alerts(store, defender_id=d.id) == []
    store.delete(PrisonVisit, later.id)  # soft-deleted: the older finding stands again
    assert [a.record_id for a in open_alerts(store, defender_id=d.id)] == [old.id]


# --- search and lists -------------------------------------------------------------------------
def test_search_by_facility_and_findings(store, d) -> None:
    v = store.add(
        held(d.id, facility_name="Qasr al-Nihaya Remand Centre", findings="Mattress on the floor")
    )
    assert [h.record_id for h in store.search("Nihaya")] == [v.id]
    hit = store.search("mattress")[0]
    assert (hit.kind, hit.pseudonym, hit.record_id) == ("prison_visit", "Falcon", v.id)
    store.delete(PrisonVisit, v.id)
    assert store.search("Nihaya") == []


def test_visit_list(store, d) -> None:
    a = store.add(visit(d.id, visit_date=date(2026, 11, 2), facility_name="B prison"))
    b = store.add(
        held(d.id, visit_date=date(2026, 11, 9), facility_name="a prison", conditions=solitary(20))
    )
    page = store.list("prison_visit")
    assert [r.id for r in page.rows] == [b.id, a.id]  # newest first
    assert page.rows[0]["solitary_days"] == 20
    by_name = store.list("prison_visit", ListQuery(sort="facility_name", descending=False))
    assert [r.id for r in by_name.rows] == [b.id, a.id]  # case-insensitive
    assert store.count("prison_visit", {"status": ["conducted"]}) == 1
