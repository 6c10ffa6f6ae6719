"""Fixtures for the case store: a real vault, a store with a fixed "today", record builders."""

from __future__ import annotations

from datetime import date

import pytest

from hrd_desk.cases.assessments import AssessmentStatus, ThreatAssessment
from hrd_desk.cases.consents import Anonymity, Consent, ConsentMethod, ConsentScope, InformedOf
from hrd_desk.cases.defenders import Defender, HrdCategory
from hrd_desk.cases.incidents import Incident, IncidentType
from hrd_desk.cases.requests import Request
from hrd_desk.cases.store import Store
from hrd_desk.cases.vocab import ReferralTarget

TODAY = date(2026, 11, 24)


@pytest.fixture
def store(vault) -> Store:
    return Store.open(vault, actor="tester", today=lambda: TODAY)


def defender(**kw) -> Defender:
    base = dict(
        pseudonym="Falcon",
        full_name="Amal Haddad",
        hrd_categories=[HrdCategory.JOURNALIST],
        country="SY",
        retention_review_date=date(2028, 1, 1),
    )
    return Defender(**{**base, **kw})


def consent(defender_id: str, **kw) -> Consent:
    base = dict(
        defender_id=defender_id,
        date=date(2026, 10, 1),
        obtained_by="J. Lindqvist",
        method=ConsentMethod.WRITTEN,
        informed_of=list(InformedOf),
        scopes=[ConsentScope.STORE, ConsentScope.SUMMARIES_HQ, ConsentScope.SHARE_PARTNERS],
        partners=[ReferralTarget.FRONT_LINE_DEFENDERS],
        anonymity=Anonymity.PSEUDONYM,
    )
    return Consent(**{**base, **kw})


def request(defender_id: str, **kw) -> Request:
    base = dict(
        defender_id=defender_id,
        received_at=date(2026, 11, 1),
        threat_summary="Death threats by phone after the land article",
        link_to_rights_work="Investigative journalist covering land seizures",
    )
    return Request(**{**base, **kw})


def assessment(defender_id: str, **kw) -> ThreatAssessment:
    base = dict(
        defender_id=defender_id,
        date=date(2026, 11, 2),
        assessor="J. Lindqvist",
        facts="Calls at night, a car outside the house",
        likelihood=3,
        impact=3,
        next_review=date(2026, 12, 20),
        status=AssessmentStatus.CURRENT,
    )
    return ThreatAssessment(**{**base, **kw})


def incident(defender_id: str, **kw) -> Incident:
    base = dict(
        defender_id=defender_id,
        type=IncidentType.DEATH_THREAT,
        start=date(2026, 11, 3),
        description="A caller said they know where the children go to school",
    )
    return Incident(**{**base, **kw})
