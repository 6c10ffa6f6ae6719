"""Every rule of spec §1–4, 8, 9: an invalid record is refused, the field named, nothing stored."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from hrd_desk.cases.assessments import AssessmentStatus, Factor, ThreatAssessment
from hrd_desk.cases.consents import Anonymity, ConsentScope, InformedOf
from hrd_desk.cases.defenders import DefenderKind, HrdCategory
from hrd_desk.cases.errors import StaleRecord, ValidationError
from hrd_desk.cases.incidents import IncidentStatus, IncidentType
from hrd_desk.cases.referrals import Referral, ReferralStatus, SharedField
from hrd_desk.cases.requests import RequestStatus
from hrd_desk.cases.vocab import ReferralTarget
from tests.cases.conftest import assessment, consent, defender, incident, request

NIL = "00000000-0000-4000-8000-000000000000"


def _refused(store, record, *fields: str) -> ValidationError:
    table = type(record).TABLE
    before = store.conn.execute(f"SELECT count(*), total(version) FROM {table}").fetchone()
    audit_before = store.conn.execute("SELECT count(*) FROM audit_log").fetchone()
    with pytest.raises(ValidationError) as err:
        store.save(record)
    for name in fields:
        assert name in err.value.fields, (name, err.value.fields)
        assert err.value.for_field(name)[0].label  # a translated label names it
    assert set(err.value.fields) == set(fields), err.value.fields
    assert store.conn.execute(f"SELECT count(*), total(version) FROM {table}").fetchone() == before
    assert store.conn.execute("SELECT count(*) FROM audit_log").fetchone() == audit_before
    return err.value


@pytest.fixture
def d(store):
    return store.add(defender())


# --- §1 Defender ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("changes", "fields"),
    [
        ({"pseudonym": ""}, ["pseudonym"]),
        ({"pseudonym": "   "}, ["pseudonym"]),
        ({"pseudonym": "amal haddad"}, ["pseudonym"]),  # equal to the full name
        ({"kind": None}, ["kind"]),
        ({"hrd_categories": []}, ["hrd_categories"]),
        ({"hrd_categories": [HrdCategory.OTHER]}, ["category_other"]),
        ({"country": "XX"}, ["country"]),
        ({"country": ""}, ["country"]),
        ({"current_status": None}, ["current_status"]),
        ({"dependants": -1}, ["dependants"]),
        ({"members": 5}, ["members"]),  # an individual has no members
        ({"kind": DefenderKind.GROUP, "members": 1}, ["members"]),  # a group is 2 or more
        ({"full_name": "two\nlines"}, ["full_name"]),
        ({"notes": "nul\x00byte"}, ["notes"]),
        ({"pseudonym": "x" * 121}, ["pseudonym"]),
        ({"retention_review_date": None}, ["retention_review_date"]),
    ],
)
def test_defender_rules(store, changes, fields) -> None:
    _refused(store, defender(**changes), *fields)


def test_valid_defender_kinds(store) -> None:
    for kind in DefenderKind:
        members = 3 if kind != DefenderKind.INDIVIDUAL else None
        store.add(defender(kind=kind, members=members, pseudonym=f"P-{kind.value}"))
    assert store.count("defender") == len(DefenderKind)


# --- §9 Consent -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("changes", "fields"),
    [
        ({"informed_of": [InformedOf.WHO_WE_ARE]}, ["informed_of"]),
        ({"date": None}, ["date"]),
        ({"date": date(2026, 12, 1)}, ["date"]),
        ({"obtained_by": ""}, ["obtained_by"]),
        ({"method": None}, ["method"]),
        ({"anonymity": None}, ["anonymity"]),
        ({"partners": []}, ["partners"]),  # share with partners, none named
        ({"scopes": [ConsentScope.STORE]}, ["partners"]),  # named, sharing not agreed
        ({"partners": [ReferralTarget.OTHER]}, ["partners_note"]),
        ({"review_date": date(2026, 9, 1)}, ["review_date"]),
        ({"withdrawn_at": date(2026, 9, 1)}, ["withdrawn_at"]),
        ({"defender_id": NIL}, ["defender_id"]),
        ({"defender_id": "not-an-id"}, ["defender_id"]),
    ],
)
def test_consent_rules(store, d, changes, fields) -> None:
    changes = dict(changes)
    _refused(store, consent(changes.pop("defender_id", d.id), **changes), *fields)


def test_consent_withdrawal_cannot_be_undone(store, d) -> None:
    c = store.add(consent(d.id, withdrawn_at=date(2026, 11, 1)))
    _refused(store, replace(c, withdrawn_at=None), "withdrawn_at")


# --- §2 Request -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("changes", "fields"),
    [
        ({"received_at": None}, ["received_at"]),
        ({"received_at": date(2027, 1, 1)}, ["received_at"]),
        ({"threat_summary": ""}, ["threat_summary"]),
        ({"link_to_rights_work": ""}, ["link_to_rights_work"]),
        ({"priority": None}, ["priority"]),
        ({"defender_id": None}, ["defender_id"]),
    ],
)
def test_request_fields(store, d, changes, fields) -> None:
    changes = dict(changes)
    _refused(store, request(changes.pop("defender_id", d.id), **changes), *fields)


def test_request_decision_needs_assessment_or_waiver(store, d) -> None:
    r = store.add(request(d.id))
    decided = replace(r, status=RequestStatus.APPROVED, decision_date=date(2026, 11, 10))
    _refused(store, decided, "assessment_id")
    # A written waiver is enough...
    store.update(replace(decided, waiver="Emergency: head of mission decided before assessment"))
    # ...and so is a linked assessment.
    r2 = store.add(request(d.id))
    a = store.add(assessment(d.id))
    store.update(
        replace(
            r2, status=RequestStatus.APPROVED, decision_date=date(2026, 11, 10), assessment_id=a.id
        )
    )


def test_request_decline_needs_reason(store, d) -> None:
    r = store.add(request(d.id, waiver="urgent"))
    declined = replace(r, status=RequestStatus.DECLINED, decision_date=date(2026, 11, 10))
    _refused(store, declined, "decision_reason")
    store.update(replace(declined, decision_reason="Outside the mandate"))


def test_request_referred_needs_referral_and_decision_date(store, d) -> None:
    r = store.add(request(d.id, waiver="urgent"))
    _refused(store, replace(r, status=RequestStatus.REFERRED), "referral_id", "decision_date")


def test_request_workflow_refuses_skips_and_reopening(store, d) -> None:
    r = store.add(request(d.id))
    _refused(store, replace(r, status=RequestStatus.MONITORING), "status")
    closed = store.update(replace(r, status=RequestStatus.CLOSED))
    _refused(store, replace(closed, status=RequestStatus.SCREENING), "status")


def test_request_decision_date_order(store, d) -> None:
    r = store.add(request(d.id, waiver="urgent"))
    early = replace(r, status=RequestStatus.APPROVED, decision_date=date(2026, 10, 1))
    _refused(store, early, "decision_date")


def test_request_assessment_of_another_defender(store, d) -> None:
    other = store.add(defender(pseudonym="Other"))
    a = store.add(assessment(other.id))
    _refused(store, request(d.id, assessment_id=a.id), "assessment_id")


def test_request_cannot_move_to_another_defender(store, d) -> None:
    other = store.add(defender(pseudonym="Other"))
    r = store.add(request(d.id))
    _refused(store, replace(r, defender_id=other.id), "defender_id")


# --- §3 Incident ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("changes", "fields"),
    [
        ({"type": None}, ["type"]),
        ({"type": IncidentType.OTHER}, ["type_other"]),
        ({"start": None}, ["start"]),
        ({"start": date(2027, 1, 1)}, ["start"]),
        ({"end": date(2026, 11, 1)}, ["end"]),
        ({"description": ""}, ["description"]),
        ({"perpetrator_type": None}, ["perpetrator_type"]),
        ({"verification": None}, ["verification"]),
    ],
)
def test_incident_fields(store, d, changes, fields) -> None:
    _refused(store, incident(d.id, **changes), *fields)


def test_incident_workflow(store, d) -> None:
    i = store.add(incident(d.id))
    # Must be evaluated first (and the reason is missing too).
    _refused(store, replace(i, status=IncidentStatus.NO_ACTION), "status", "no_action_reason")
    i = store.update(replace(i, status=IncidentStatus.EVALUATED))
    _refused(store, replace(i, status=IncidentStatus.NO_ACTION), "no_action_reason")
    _refused(store, replace(i, status=IncidentStatus.LINKED), "assessment_id")
    _refused(store, replace(i, status=IncidentStatus.ACTION), "action_taken")
    store.update(replace(i, status=IncidentStatus.NO_ACTION, no_action_reason="Defender's wish"))


def test_new_incident_flags_current_assessment(store, d) -> None:
    a = store.add(assessment(d.id))
    assert not a.needs_review
    store.add(incident(d.id))
    assert store.get(ThreatAssessment, a.id).needs_review


# --- §4 Threat assessment ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("changes", "fields"),
    [
        ({"date": None}, ["date"]),
        ({"assessor": ""}, ["assessor"]),
        ({"facts": ""}, ["facts"]),
        ({"likelihood": 0}, ["likelihood"]),
        ({"impact": 6}, ["impact"]),
        ({"likelihood": None}, ["likelihood"]),
        ({"capacity_score": 0}, ["capacity_score"]),  # capacity ≥ 1
        ({"threat_score": 9}, ["threat_score"]),
        ({"next_review": None}, ["next_review"]),
        ({"next_review": date(2026, 11, 2)}, ["next_review"]),  # after the date
        ({"likelihood": 5, "impact": 5, "next_review": date(2027, 1, 1)}, ["next_review"]),
        ({"likelihood": 4, "impact": 3, "next_review": date(2027, 1, 1)}, ["next_review"]),
        ({"pattern": True}, ["pattern_note"]),
        ({"vulnerabilities": [Factor(category=None, note="x")]}, ["vulnerabilities[0].category"]),
        ({"trigger_incidents": [NIL]}, ["trigger_incidents[0]"]),
    ],
)
def test_assessment_rules(store, d, changes, fields) -> None:
    _refused(store, assessment(d.id, **changes), *fields)


def test_assessment_risk_level_and_supersede(store, d) -> None:
    first = store.add(assessment(d.id, likelihood=2, impact=2))
    assert first.risk_level.value == "low"
    second = store.add(
        assessment(
            d.id, date=date(2026, 11, 20), likelihood=5, impact=4, next_review=date(2026, 11, 30)
        )
    )
    assert second.risk_level.value == "critical"
    assert store.get(ThreatAssessment, first.id).status == AssessmentStatus.SUPERSEDED
    row = store.list("defender").rows[0]
    assert row["current_risk"] == "critical"
    _refused(
        store,
        replace(store.get(ThreatAssessment, second.id), status=AssessmentStatus.DRAFT),
        "status",
    )


def test_indicative_risk_is_t_v_over_c(store, d) -> None:
    a = store.add(assessment(d.id, threat_score=4, vulnerability_score=3, capacity_score=2))
    assert str(a.indicative) == "6.0"


# --- §8 Referral ------------------------------------------------------------------------------
def _referral(d_id: str, consent_id: str, **kw) -> Referral:
    base = dict(
        defender_id=d_id,
        to=ReferralTarget.FRONT_LINE_DEFENDERS,
        purpose="Relocation grant",
        fields_shared=[SharedField.SITUATION],
        consent_id=consent_id,
    )
    return Referral(**{**base, **kw})


def test_referral_needs_consent_covering_recipient_and_fields(store, d) -> None:
    c = store.add(consent(d.id))
    store.add(_referral(d.id, c.id))  # covered
    _refused(store, _referral(d.id, c.id, to=ReferralTarget.LIFELINE), "consent_id")
    _refused(store, _referral(d.id, c.id, fields_shared=[SharedField.IDENTITY]), "consent_id")
    _refused(store, _referral(d.id, None), "consent_id")
    _refused(store, _referral(d.id, c.id, fields_shared=[]), "fields_shared")
    _refused(store, _referral(d.id, c.id, to=None), "to")
    _refused(store, _referral(d.id, c.id, purpose=""), "purpose")
    _refused(store, _referral(d.id, c.id, status=ReferralStatus.SENT), "sent_date")


def test_referral_blocked_after_withdrawal_and_full_name_needs_consent(store, d) -> None:
    c = store.add(consent(d.id, anonymity=Anonymity.FULL_NAME))
    store.add(_referral(d.id, c.id, fields_shared=[SharedField.IDENTITY]))
    store.update(replace(c, withdrawn_at=date(2026, 11, 20)))
    _refused(store, _referral(d.id, c.id), "consent_id")


def test_referral_sent_needs_date(store, d) -> None:
    c = store.add(consent(d.id))
    r = store.add(_referral(d.id, c.id))
    _refused(store, replace(r, status=ReferralStatus.SENT), "sent_date")
    store.update(replace(r, status=ReferralStatus.SENT, sent_date=date(2026, 11, 20)))


def test_consent_of_another_defender_is_refused(store, d) -> None:
    other = store.add(defender(pseudonym="Other"))
    c = store.add(consent(other.id))
    _refused(store, _referral(d.id, c.id), "consent_id")


# --- §0 every record --------------------------------------------------------------------------
def test_confidentiality_required_and_stale_update(store, d) -> None:
    _refused(store, replace(d, confidentiality=None), "confidentiality")
    fresh = store.get(type(d), d.id)
    store.update(replace(fresh, notes="first"))
    with pytest.raises(StaleRecord):
        store.update(replace(fresh, notes="second, from an old window"))
    assert store.get(type(d), d.id).notes == "first"
