"""Trial observation (spec §7): court cases and hearings; every rule names its field and stores
nothing; the hearing state machine; the ICCPR art. 14 checklist; search and lists."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from hrd_desk.cases.fields import ChecklistAnswer
from hrd_desk.cases.listing import ListQuery
from hrd_desk.cases.trials import (
    Answer,
    CaseStage,
    Charge,
    ClosedGround,
    CourtType,
    FairTrialItem,
    Hearing,
    HearingOutcome,
    HearingStatus,
    HearingType,
    ObserverAccess,
    VerdictOutcome,
    hearing_flags,
)
from tests.cases.builders_part2 import court_case, hearing, refused
from tests.cases.conftest import defender

ARMS = f"fair_trial[{FairTrialItem.EQUALITY_OF_ARMS.value}]"


@pytest.fixture
def d(store):
    return store.add(defender())


@pytest.fixture
def case(store, d):
    return store.add(court_case(d.id))


def observed(case, **kw) -> Hearing:
    base = dict(status=HearingStatus.OBSERVED, observer_access=ObserverAccess.ADMITTED)
    return hearing(case, **{**base, **kw})


def answer(a: Answer, note: str = "") -> ChecklistAnswer:
    return ChecklistAnswer(answer=a, note=note)


# --- court case -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("changes", "fields"),
    [
        ({"court_type": None}, ["court_type"]),
        ({"court_type": CourtType.OTHER}, ["court_type_other"]),
        ({"stage": None}, ["stage"]),
        ({"verdict": VerdictOutcome.CONVICTED, "stage": CaseStage.VERDICT}, ["verdict_date"]),
        ({"verdict_date": date(2026, 11, 1), "stage": CaseStage.VERDICT}, ["verdict"]),
        (
            {
                "verdict": VerdictOutcome.ACQUITTED,
                "verdict_date": date(2026, 12, 1),
                "stage": CaseStage.VERDICT,
            },
            ["verdict_date"],
        ),
        (
            {
                "verdict": VerdictOutcome.ACQUITTED,
                "verdict_date": date(2026, 11, 1),
                "stage": CaseStage.TRIAL,
            },
            ["stage"],
        ),
        ({"pretrial_detention_since": date(2026, 12, 1)}, ["pretrial_detention_since"]),
        ({"charges": [Charge(statute="", article="Art. 287")]}, ["charges[0].statute"]),
    ],
)
def test_court_case_rules(store, d, changes, fields) -> None:
    refused(store, court_case(d.id, **changes), *fields)


def test_verdict_after_the_last_hearing(store, case) -> None:
    store.add(observed(case, date=date(2026, 11, 18)))
    verdict = replace(
        case, verdict=VerdictOutcome.CONVICTED, stage=CaseStage.VERDICT, sentence="3 years"
    )
    refused(store, replace(verdict, verdict_date=date(2026, 11, 17)), "verdict_date")
    case = store.update(replace(verdict, verdict_date=date(2026, 11, 18)))
    # after the verdict, only a sentencing or appeal hearing may follow
    refused(store, hearing(case, date=date(2026, 11, 30), type=HearingType.MERITS), "date")
    store.add(hearing(case, date=date(2026, 11, 30), type=HearingType.SENTENCING))
    store.add(hearing(case, date=date(2027, 2, 1), type=HearingType.APPEAL))
    # and those do not make the verdict "before the last hearing"
    store.update(replace(store.get(type(case), case.id), notes="Appeal lodged"))


def test_soft_deleted_hearings_do_not_hold_the_verdict(store, case) -> None:
    late = store.add(observed(case, date=date(2026, 11, 20)))
    verdict = replace(
        case,
        verdict=VerdictOutcome.ACQUITTED,
        stage=CaseStage.VERDICT,
        verdict_date=date(2026, 11, 19),
    )
    refused(store, verdict, "verdict_date")
    store.delete(Hearing, late.id)
    store.update(verdict)


def test_civilian_before_a_military_court_is_flagged(store, d) -> None:
    military = store.add(court_case(d.id, court_type=CourtType.MILITARY))
    assert [w.field for w in store.check(military).warnings] == ["court_type"]
    h = observed(military)
    tribunal = f"fair_trial[{FairTrialItem.TRIBUNAL.value}]"
    assert tribunal in [w.field for w in store.check(h).warnings]
    assert any("military court" in f for f in hearing_flags(h, military))
    soldier = replace(military, defendant_is_civilian=False)
    assert store.check(soldier).warnings == []


# --- hearings ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("changes", "fields"),
    [
        ({"date": None}, ["date"]),
        ({"status": None}, ["status"]),
        ({"next_hearing": date(2026, 11, 18)}, ["next_hearing"]),
        ({"next_hearing": date(2026, 11, 1)}, ["next_hearing"]),
        ({"public": False}, ["closed_ground"]),
        ({"public": True, "closed_ground": ClosedGround.NATIONAL_SECURITY}, ["public"]),
        ({"fair_trial": {FairTrialItem.EQUALITY_OF_ARMS: answer(Answer.NO)}}, [ARMS]),
        ({"fair_trial": {FairTrialItem.EQUALITY_OF_ARMS: answer(Answer.NO, "  ")}}, [ARMS]),
        ({"outcome": HearingOutcome.ADJOURNED}, ["adjournment_reason"]),
        ({"observer_access": ObserverAccess.REFUSED}, ["observer_access"]),
        (
            {"status": HearingStatus.REFUSED, "observer_access": ObserverAccess.ADMITTED},
            ["observer_access"],
        ),
        ({"date": date(2026, 11, 30)}, ["date"]),  # observed in the future
        ({"start_time": "9:30"}, ["start_time"]),
        ({"start_time": "24:00"}, ["start_time"]),
        ({"start_time": "14:00", "end_time": "13:59"}, ["end_time"]),
        ({"interpreter_needed": False, "interpreter_provided": True}, ["interpreter_provided"]),
        ({"court_case_id": None}, ["court_case_id"]),
    ],
)
def test_hearing_rules(store, case, changes, fields) -> None:
    refused(store, observed(case, **changes), *fields)


def test_hearing_must_match_the_cases_defender(store, d, case) -> None:
    other = store.add(defender(pseudonym="Heron"))
    refused(store, observed(case, defender_id=other.id), "court_case_id")


def test_closed_hearing_with_its_ground(store, case) -> None:
    h = store.add(observed(case, public=False, closed_ground=ClosedGround.NONE_GIVEN))
    assert any("14(1)" in f for f in hearing_flags(h, case))
    store.add(observed(case, public=False, closed_ground=ClosedGround.PRIVATE_LIVES))


def test_every_answer_other_than_no_may_stand_alone(store, case) -> None:
    checklist = {item: answer(Answer.YES) for item in FairTrialItem}
    checklist[FairTrialItem.INTERPRETER] = answer(Answer.N_A)
    checklist[FairTrialItem.APPEAL] = answer(Answer.NOT_OBSERVED)
    checklist[FairTrialItem.PRESUMPTION] = answer(Answer.PARTLY)
    checklist[FairTrialItem.NO_COMPELLED] = answer(
        Answer.NO, "Confession read out; defendant says it was made under torture"
    )
    h = store.add(observed(case, fair_trial=checklist))
    assert store.get(Hearing, h.id).fair_trial == checklist
    assert any("torture" in f for f in hearing_flags(h, case))


def test_hearing_states_in_order(store, case) -> None:
    h = store.add(hearing(case, date=date(2026, 11, 20)))
    refused(store, replace(h, status=HearingStatus.REPORT_DRAFTED, report="x"), "status")
    h = store.update(replace(h, status=HearingStatus.OBSERVED))
    refused(store, replace(h, status=HearingStatus.REPORT_DRAFTED), "report")
    h = store.update(replace(h, status=HearingStatus.REPORT_DRAFTED, report="Draft report"))
    h = store.update(replace(h, status=HearingStatus.REVIEWED))
    h = store.update(replace(h, status=HearingStatus.REPORT_DRAFTED))  # sent back for changes
    h = store.update(replace(h, status=HearingStatus.REVIEWED))
    h = store.update(replace(h, status=HearingStatus.SENT))
    refused(store, replace(h, status=HearingStatus.SCHEDULED), "status")


def test_postponed_and_refused_hearings_are_reported_too(store, case) -> None:
    p = store.add(hearing(case, date=date(2026, 11, 10)))
    store.update(
        replace(
            p,
            status=HearingStatus.POSTPONED,
            outcome=HearingOutcome.ADJOURNED,
            adjournment_reason="Judge absent",
            next_hearing=date(2026, 12, 3),
        )
    )
    r = store.add(hearing(case, date=date(2026, 11, 17)))
    r = store.update(
        replace(r, status=HearingStatus.REFUSED, observer_access=ObserverAccess.REFUSED)
    )
    store.update(replace(r, status=HearingStatus.REPORT_DRAFTED, report="Observers turned away"))


def test_scheduled_hearing_in_the_past_warns(store, case) -> None:
    h = hearing(case, date=date(2026, 11, 10))
    assert [w.field for w in store.check(h).warnings] == ["status"]
    assert store.check(replace(h, date=date(2026, 12, 1))).warnings == []


# --- search and lists -------------------------------------------------------------------------
def test_search_finds_a_hearing_by_its_notes(store, case) -> None:
    h = store.add(observed(case, notes="The prosecutor produced a wiretap transcript"))
    other = store.add(
        observed(
            case,
            date=date(2026, 11, 19),
            fair_trial={
                FairTrialItem.WITNESSES: answer(Answer.NO, "Defence witnesses were not heard")
            },
        )
    )
    assert [x.record_id for x in store.search("wiretap")] == [h.id]
    assert store.search("wiretap")[0].pseudonym == "Falcon"
    assert [x.record_id for x in store.search("witnesses heard")] == [other.id]
    store.delete(Hearing, h.id)
    assert store.search("wiretap") == []


def test_court_case_is_found_by_charge(store, d) -> None:
    c = store.add(court_case(d.id, charges=[Charge(statute="Cybercrime Law", article="Art. 24")]))
    assert [x.record_id for x in store.search("cybercrime")] == [c.id]


def test_hearing_list_sorts_and_filters(store, case, d) -> None:
    a = store.add(observed(case, date=date(2026, 11, 3)))
    b = store.add(hearing(case, date=date(2026, 12, 3)))
    military = store.add(court_case(d.id, court_type=CourtType.MILITARY))
    c = store.add(hearing(military, date=date(2026, 12, 1)))
    page = store.list("hearing", ListQuery(sort="date", descending=False))
    assert [r.id for r in page.rows] == [a.id, c.id, b.id]
    assert page.rows[0]["case_number"] == "2026/117"
    assert [
        r.id for r in store.list("hearing", ListQuery(filters={"court_type": ["military"]})).rows
    ] == [c.id]
    assert store.count("hearing", {"status": ["scheduled"]}) == 2
    assert store.count("court_case") == 2
