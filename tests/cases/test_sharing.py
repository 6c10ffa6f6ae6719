"""The consent service answers "may this go to R at level L?" with reasons."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from hrd_desk.cases.consents import Anonymity, ConsentScope
from hrd_desk.cases.sharing import RecipientType, RedactionLevel, may_share
from hrd_desk.cases.store import _Context
from hrd_desk.cases.vocab import ReferralTarget
from tests.cases.conftest import consent, defender


def _ask(
    store, d_id, recipient=RecipientType.HEADQUARTERS, level=RedactionLevel.PSEUDONYMISE, **kw
):
    return may_share(_Context(store, None), d_id, recipient, level, **kw)


def test_no_consent_refused(store) -> None:
    d = store.add(defender())
    answer = _ask(store, d.id)
    assert not answer.allowed and "No consent" in answer.reasons[0]


def test_headquarters_pseudonymised_allowed_names_need_full_name_consent(store) -> None:
    d = store.add(defender())
    c = store.add(consent(d.id))
    assert _ask(store, d.id).allowed
    names = _ask(store, d.id, level=RedactionLevel.NONE)
    assert not names.allowed and "pseudonymised" in names.reasons[0]
    store.update(replace(c, anonymity=Anonymity.FULL_NAME))
    assert _ask(store, d.id, level=RedactionLevel.NONE).allowed


def test_scope_missing_or_withdrawn(store) -> None:
    d = store.add(defender())
    c = store.add(consent(d.id, scopes=[ConsentScope.STORE], partners=[]))
    answer = _ask(store, d.id)
    assert not answer.allowed and "summaries to headquarters" in answer.reasons[0]
    assert not _ask(store, d.id, RecipientType.AUTHORITIES).allowed
    c = store.update(replace(c, scopes=[ConsentScope.STORE, ConsentScope.SUMMARIES_HQ]))
    assert _ask(store, d.id).allowed
    store.update(replace(c, withdrawn_at=date(2026, 11, 20)))
    answer = _ask(store, d.id)
    assert not answer.allowed and "withdrew" in answer.reasons[0]


def test_partner_must_be_named(store) -> None:
    d = store.add(defender())
    store.add(consent(d.id))
    assert _ask(
        store, d.id, RecipientType.PARTNER, partner=ReferralTarget.FRONT_LINE_DEFENDERS
    ).allowed
    answer = _ask(store, d.id, RecipientType.PARTNER, partner=ReferralTarget.LIFELINE)
    assert not answer.allowed and "Lifeline" in answer.reasons[0]


def test_latest_consent_counts_and_review_warns(store) -> None:
    d = store.add(defender())
    store.add(
        consent(
            d.id,
            date=date(2025, 1, 1),
            scopes=[ConsentScope.STORE],
            partners=[],
            review_date=date(2025, 6, 1),
        )
    )
    assert not _ask(store, d.id).allowed
    store.add(consent(d.id, date=date(2026, 11, 1), review_date=date(2026, 11, 10)))
    answer = _ask(store, d.id)
    assert answer.allowed and answer.warnings
