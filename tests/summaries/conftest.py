"""A defender with every kind of record, for summary tests."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from hrd_desk.cases.consents import Anonymity, ConsentScope
from hrd_desk.cases.fields import ChecklistAnswer
from hrd_desk.cases.grants import PaymentMethod
from hrd_desk.cases.store import Store
from hrd_desk.cases.trials import Answer, FairTrialItem, HearingStatus
from hrd_desk.cases.visits import (
    Access,
    Allegation,
    ConditionAnswer,
    ConditionItem,
    PassOnConsent,
    VisitStatus,
)
from tests.cases.builders_part2 import court_case, hearing, signed_grant, tranche, visit
from tests.cases.conftest import TODAY, assessment, consent, defender, incident, request

FULL_NAME = "Zaynab Qutbuddin-Haddad"
CONTACT = "Signal +961 70 555 0199"
LOCALITY = "14 Rue des Oliviers, Quartier Nord"
NOTE_WORD = "Quetzal-note-ending"


@pytest.fixture
def store(vault) -> Store:
    return Store.open(vault, actor="officer A", today=lambda: TODAY)


@pytest.fixture
def case(store):
    """A defender with consent to summaries, a request, incidents, an assessment, a grant with
    two tranches, a prison visit with an allegation (one passed on, one not) and a hearing."""
    d = store.add(
        defender(
            full_name=FULL_NAME,
            pseudonym="Heron-7",
            contacts=CONTACT,
            locality=LOCALITY,
            region="Mount Lebanon",
            country="LB",
            notes=f"Met {FULL_NAME} twice; Zaynab prefers mornings. {NOTE_WORD}",
        )
    )
    store.add(
        consent(
            d.id,
            scopes=[ConsentScope.STORE, ConsentScope.SUMMARIES_HQ],
            partners=[],
            anonymity=Anonymity.PSEUDONYM,
        )
    )
    a = store.add(assessment(d.id, likelihood=4, impact=4, next_review=date(2026, 11, 14)))
    store.add(request(d.id, waiver="urgent", assessment_id=a.id))
    store.add(incident(d.id, location=LOCALITY, description=f"{FULL_NAME} was followed home"))
    g = store.add(signed_grant(d.id))
    store.add(tranche(g, 1, paid_date=date(2026, 11, 12), method=PaymentMethod.BANK))
    store.add(tranche(g, 2, amount=Decimal("500.00")))
    store.add(
        visit(
            d.id,
            status=VisitStatus.CONDUCTED,
            visit_date=date(2026, 11, 20),
            access=Access.FULL,
            conditions={
                ConditionItem.SOLITARY: ChecklistAnswer(ConditionAnswer.YES, "in a basement", 21),
                ConditionItem.FAMILY: ChecklistAnswer(ConditionAnswer.NO, "no visits since June"),
            },
            allegations=[
                Allegation(
                    what="Beaten during interrogation PASSED-ON",
                    consent_to_pass_on=PassOnConsent.YES,
                ),
                Allegation(
                    what="Threatened with rape WITHHELD-ALLEGATION",
                    consent_to_pass_on=PassOnConsent.NO,
                ),
            ],
        )
    )
    c = store.add(court_case(d.id, case_number="2026/117-SECRETNO"))
    store.add(
        hearing(
            c,
            status=HearingStatus.OBSERVED,
            public=True,
            fair_trial={
                FairTrialItem.EQUALITY_OF_ARMS: ChecklistAnswer(
                    Answer.NO, "defence denied the file"
                ),
            },
        )
    )
    return d


def money(text: str) -> Decimal:
    return Decimal(text)
