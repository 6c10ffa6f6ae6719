"""Grants (spec §5): every rule refuses with the field named and nothing stored; exact money in
each currency's minor units; totals per grant, programme and post computed exactly in SQL."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from hrd_desk.cases import ledger
from hrd_desk.cases.errors import ValidationError
from hrd_desk.cases.grants import (
    ApprovalDecision,
    CapPolicy,
    CoFunder,
    Disbursement,
    Expense,
    Grant,
    GrantReport,
    GrantStatus,
    Programme,
    ReportKind,
)
from hrd_desk.cases.programmes import (
    DEFAULTS,
    programme_setting,
    programme_settings,
    reset_programme,
    update_programme,
)
from hrd_desk.cases.vocab import SupportType
from tests.cases.builders_part2 import (
    SIGNED_ON,
    approval,
    approved_grant,
    grant,
    refused,
    rows,
    signed_grant,
    tranche,
)
from tests.cases.conftest import defender, request

D = Decimal


@pytest.fixture
def d(store):
    return store.add(defender())


def _expense(**kw) -> Expense:
    base = dict(date=date(2026, 11, 10), amount=D("100.00"), description="Locks", receipt=True)
    return Expense(**{**base, **kw})


# --- money: minor units -----------------------------------------------------------------------
def test_jpy_has_no_decimals(store, d) -> None:
    err = refused(
        store, grant(d.id, currency="JPY", requested_amount=D("100.5")), "requested_amount"
    )
    assert "JPY" in err.for_field("requested_amount")[0].message
    saved = store.add(grant(d.id, currency="JPY", requested_amount=D("100")))
    assert store.conn.execute(
        "SELECT json_extract(data, '$.requested_amount') FROM grants WHERE id = ?", (saved.id,)
    ).fetchone() == ("100",)


def test_usd_has_two_decimals(store, d) -> None:
    refused(store, grant(d.id, currency="USD", requested_amount=D("1.234")), "requested_amount")
    g = store.add(signed_grant(d.id, currency="USD", approved_amount=D("10.00")))
    refused(store, tranche(g, amount=D("1.234")), "amount")
    refused(store, replace(g, expenses=[_expense(amount=D("1.234"))]), "expenses[0].amount")
    refused(store, tranche(g, amount=D("-1")), "amount")


def test_kwd_has_three_decimals_and_totals_are_exact(store, d) -> None:
    g = store.add(
        signed_grant(
            d.id,
            currency="KWD",
            requested_amount=D("1.234"),
            approved_amount=D("1.234"),
            expenses=[_expense(amount=D("0.001"), receipt=False, exception_note="Cash bus fare")],
        )
    )
    assert g.requested_amount == D("1.234")
    parts = [D("0.001"), D("0.111"), D("1.122")]  # sums to exactly 1.234
    for n, amount in enumerate(parts, 1):
        store.add(tranche(g, n, amount=amount, paid_date=date(2026, 11, 10)))
    totals = ledger.grant_totals(store, g.id)
    assert totals.paid == D("1.234") and str(totals.paid) == "1.234"
    assert totals.remaining == D("0.000") and str(totals.remaining) == "0.000"
    assert (totals.spent, totals.unreceipted) == (D("0.001"), D("0.001"))
    # one more fils is over the approved amount
    refused(store, tranche(g, 4, amount=D("0.001"), paid_date=date(2026, 11, 10)), "amount")
    stored = [
        r[0]
        for r in store.conn.execute(
            "SELECT json_extract(data, '$.amount') FROM disbursements ORDER BY n"
        )
    ]
    assert stored == ["0.001", "0.111", "1.122"]


def test_amounts_are_stored_canonically(store, d) -> None:
    g = store.add(signed_grant(d.id, currency="EUR", approved_amount=D("4000")))
    store.add(tranche(g, amount=D("12.5"), paid_date=date(2026, 11, 10)))
    assert store.conn.execute(
        "SELECT json_extract(data, '$.approved_amount') FROM grants"
    ).fetchone() == ("4000.00",)
    assert ledger.grant_totals(store, g.id).paid == D("12.50")


# --- grant rules ------------------------------------------------------------------------------
def _later(**kw):
    return kw


@pytest.mark.parametrize(
    ("changes", "fields"),
    [
        ({"programme": None}, ["programme"]),
        ({"programme": Programme.OTHER}, ["programme_other"]),
        ({"support_types": []}, ["support_types"]),
        ({"support_types": [SupportType.MEDICAL]}, ["medical_threat_link"]),
        (
            {"support_types": [SupportType.LEGAL]},
            ["legal_lawyer", "legal_from", "legal_to"],
        ),
        (
            {
                "support_types": [SupportType.LEGAL],
                "legal_lawyer": "Me. Dupont",
                "legal_from": date(2026, 12, 1),
                "legal_to": date(2026, 11, 1),
            },
            ["legal_to"],
        ),
        (
            {"support_types": [SupportType.RELOCATION]},
            [
                "relocation_destination",
                "relocation_from",
                "relocation_to",
                "relocation_security_plan",
            ],
        ),
        ({"support_types": [SupportType.OTHER]}, ["support_other"]),
        ({"currency": "ZZZ"}, ["currency", "requested_amount"]),
        ({"currency": ""}, ["currency", "requested_amount"]),
        ({"requested_amount": None}, ["requested_amount"]),
        ({"requested_amount": D("0")}, ["requested_amount"]),
        ({"end": date(2026, 10, 1)}, ["end"]),
        ({"expenses": [_expense(date=date(2026, 10, 31))]}, ["expenses[0].date"]),
        ({"start": None, "expenses": [_expense()]}, ["start"]),
        ({"expenses": [_expense(receipt=False)]}, ["expenses[0].exception_note"]),
        ({"expenses": [_expense(date=date(2026, 12, 1))]}, ["expenses[0].date"]),
        ({"expenses": [_expense(description="")]}, ["expenses[0].description"]),
        (
            {"reports": [GrantReport(kind=ReportKind.NARRATIVE, due=date(2027, 2, 1))]},
            ["reports[0].due"],
        ),
        (
            {
                "reports": [
                    GrantReport(
                        kind=ReportKind.NARRATIVE, due=date(2027, 3, 31), received=date(2026, 12, 1)
                    )
                ]
            },
            ["reports[0].received"],
        ),
        ({"reports": [GrantReport(due=date(2027, 3, 31))]}, ["reports[0].kind"]),
        ({"approved_amount": D("100.00")}, ["approved_amount"]),  # before any decision
        ({"status": GrantStatus.APPROVED, "approvals": [approval()]}, ["approved_amount"]),
        ({"status": GrantStatus.APPROVED, "approved_amount": D("4000")}, ["approvals"]),
        (
            {
                "status": GrantStatus.APPROVED,
                "approved_amount": D("4000"),
                "approvals": [approval(ApprovalDecision.DECLINED)],
            },
            ["approvals"],
        ),
        (
            {
                "status": GrantStatus.APPROVED,
                "approved_amount": D("4000"),
                "approvals": [approval(person="")],
            },
            ["approvals[0].person"],
        ),
        (
            {
                "status": GrantStatus.APPROVED,
                "approved_amount": D("4000"),
                "approvals": [approval(date=date(2026, 12, 24))],
            },
            ["approvals[0].date"],
        ),
        (
            {
                "status": GrantStatus.PARTLY_APPROVED,
                "approved_amount": D("5000"),
                "approvals": [approval(ApprovalDecision.PARTLY_APPROVED)],
            },
            ["approved_amount"],
        ),
        (
            {
                "status": GrantStatus.AGREEMENT_SIGNED,
                "approved_amount": D("4000"),
                "approvals": [approval()],
            },
            ["agreement_signed"],
        ),
        (
            {
                "status": GrantStatus.AGREEMENT_SIGNED,
                "approved_amount": D("4000"),
                "approvals": [approval()],
                "agreement_signed": date(2026, 11, 4),  # approved on the 5th
            },
            ["agreement_signed"],
        ),
        ({"status": GrantStatus.DECLINED}, ["decline_reason"]),
        ({"status": GrantStatus.CANCELLED}, ["cancel_reason", "closed_on"]),
    ],
)
def test_grant_rules(store, d, changes, fields) -> None:
    refused(store, grant(d.id, **changes), *fields)


def test_refund_request_needs_reason_and_date(store, d) -> None:
    g = store.add(signed_grant(d.id, status=GrantStatus.DISBURSING))
    refused(
        store,
        replace(g, status=GrantStatus.REFUND_REQUESTED),
        "refund_reason",
        "refund_requested_on",
    )


def test_request_and_incident_of_another_defender(store, d) -> None:
    other = store.add(defender(pseudonym="Heron"))
    r = store.add(request(other.id))
    refused(store, grant(d.id, request_id=r.id), "request_id")
    own = store.add(request(d.id))
    assert store.add(grant(d.id, request_id=own.id)).request_id == own.id


def test_valid_details_per_support_type(store, d) -> None:
    g = store.add(
        grant(
            d.id,
            support_types=[SupportType.MEDICAL, SupportType.LEGAL, SupportType.RELOCATION],
            medical_threat_link="Injured in the attack of 3 November",
            legal_lawyer="Me. Dupont",
            legal_from=date(2026, 11, 1),
            legal_to=date(2027, 1, 31),
            relocation_destination="Safe house B",
            relocation_from=date(2026, 11, 10),
            relocation_to=date(2026, 12, 10),
            relocation_security_plan="Travel by night with a partner's driver",
        )
    )
    assert store.get(Grant, g.id).legal_lawyer == "Me. Dupont"


# --- state machine ----------------------------------------------------------------------------
def test_full_workflow(store, d) -> None:
    g = store.add(grant(d.id))
    g = store.update(replace(g, status=GrantStatus.SUBMITTED))
    g = store.update(
        replace(g, status=GrantStatus.APPROVED, approved_amount=D("4000"), approvals=[approval()])
    )
    g = store.update(replace(g, status=GrantStatus.AGREEMENT_SIGNED, agreement_signed=SIGNED_ON))
    _t, g = ledger.save_tranche(store, tranche(g, paid_date=date(2026, 11, 10)))
    assert g.status == GrantStatus.DISBURSING  # the first payment moved it on
    report = GrantReport(kind=ReportKind.FINANCIAL, due=date(2027, 3, 31))
    g = store.update(replace(g, status=GrantStatus.REPORT_DUE, reports=[report]))
    g = store.update(
        replace(
            g, status=GrantStatus.REPORTED, reports=[replace(report, received=date(2026, 11, 20))]
        )
    )
    g = store.update(replace(g, status=GrantStatus.CLOSED, closed_on=date(2026, 11, 24)))
    assert store.get(Grant, g.id).status == GrantStatus.CLOSED


@pytest.mark.parametrize(
    ("start", "target"),
    [
        (GrantStatus.DRAFT, GrantStatus.APPROVED),
        (GrantStatus.DRAFT, GrantStatus.DISBURSING),
        (GrantStatus.APPROVED, GrantStatus.DISBURSING),  # the agreement comes first
        (GrantStatus.APPROVED, GrantStatus.CLOSED),
    ],
)
def test_steps_outside_the_state_machine_are_refused(store, d, start, target) -> None:
    base = grant(d.id) if start == GrantStatus.DRAFT else approved_grant(d.id)
    g = store.add(base)
    extra = {"closed_on": date(2026, 11, 24)} if target == GrantStatus.CLOSED else {}
    err = refused(store, replace(g, status=target, **extra), *_fields_for(store, g, target, extra))
    assert "status" in err.fields


def _fields_for(store, g, target, extra) -> list[str]:
    return [e.field for e in store.check(replace(g, status=target, **extra)).errors]


def test_declined_and_cancelled_are_final(store, d) -> None:
    g = store.add(grant(d.id, status=GrantStatus.SUBMITTED))
    g = store.update(replace(g, status=GrantStatus.DECLINED, decline_reason="Out of scope"))
    refused(store, replace(g, status=GrantStatus.SUBMITTED), "status")


def test_transition_guards(store, d) -> None:
    g = store.add(signed_grant(d.id))
    refused(store, replace(g, status=GrantStatus.DISBURSING), "status")  # nothing paid yet
    store.add(tranche(g, paid_date=date(2026, 11, 10)))
    g = store.update(replace(g, status=GrantStatus.DISBURSING))
    refused(store, replace(g, status=GrantStatus.REPORT_DUE), "reports")
    due = GrantReport(kind=ReportKind.NARRATIVE, due=date(2027, 3, 31))
    g = store.update(replace(g, status=GrantStatus.REPORT_DUE, reports=[due]))
    refused(store, replace(g, status=GrantStatus.REPORTED), "reports")
    second = GrantReport(kind=ReportKind.FINANCIAL, due=date(2027, 4, 30))
    g = store.update(
        replace(
            g,
            status=GrantStatus.REPORTED,
            reports=[replace(due, received=date(2026, 11, 23)), second],
        )
    )
    refused(store, replace(g, status=GrantStatus.CLOSED, closed_on=date(2026, 11, 24)), "reports")


def test_closing_after_a_refund_request_needs_its_outcome(store, d) -> None:
    g = store.add(signed_grant(d.id, status=GrantStatus.DISBURSING))
    g = store.update(
        replace(
            g,
            status=GrantStatus.REFUND_REQUESTED,
            refund_reason="Not used",
            refund_requested_on=date(2026, 11, 20),
        )
    )
    refused(
        store, replace(g, status=GrantStatus.CLOSED, closed_on=date(2026, 11, 24)), "closing_note"
    )
    store.update(
        replace(
            g,
            status=GrantStatus.CLOSED,
            closed_on=date(2026, 11, 24),
            closing_note="Refunded in full",
        )
    )


# --- tranches ---------------------------------------------------------------------------------
def test_no_tranche_before_approval(store, d) -> None:
    g = store.add(grant(d.id, status=GrantStatus.SUBMITTED))
    refused(store, tranche(g), "grant_id")
    refused(store, tranche(g, paid_date=date(2026, 11, 10)), "grant_id")
    assert ledger.grant_totals(store, g.id).paid == 0


def test_no_payment_before_the_signed_agreement(store, d) -> None:
    g = store.add(approved_grant(d.id))
    store.add(tranche(g))  # planned: fine once approved
    refused(store, tranche(g, 2, paid_date=date(2026, 11, 10)), "paid_date")
    g = store.update(replace(g, status=GrantStatus.AGREEMENT_SIGNED, agreement_signed=SIGNED_ON))
    refused(store, tranche(g, 2, paid_date=date(2026, 11, 5)), "paid_date")  # signed on the 6th
    store.add(tranche(g, 2, paid_date=SIGNED_ON))


def test_paid_total_never_exceeds_approved(store, d) -> None:
    g = store.add(signed_grant(d.id, approved_amount=D("4000.00")))
    first = store.add(tranche(g, 1, amount=D("2500.00"), paid_date=date(2026, 11, 10)))
    err = refused(store, tranche(g, 2, amount=D("1500.01"), paid_date=date(2026, 11, 11)), "amount")
    assert "4000.01" in err.for_field("amount")[0].message
    second = store.add(tranche(g, 2, amount=D("1500.00"), paid_date=date(2026, 11, 11)))
    # raising a paid tranche is checked too (the others are summed, not this one twice)
    refused(store, replace(first, amount=D("2500.01")), "amount")
    store.update(replace(first, notes="Receipt scanned"))
    # a soft-deleted tranche no longer counts
    store.delete(Disbursement, second.id)
    store.add(tranche(g, 3, amount=D("1500.00"), paid_date=date(2026, 11, 12)))
    assert ledger.grant_totals(store, g.id).paid == D("4000.00")


def test_approved_amount_cannot_drop_below_paid(store, d) -> None:
    g = store.add(signed_grant(d.id, approved_amount=D("4000.00")))
    store.add(tranche(g, amount=D("3000.00"), paid_date=date(2026, 11, 10)))
    refused(store, replace(g, approved_amount=D("2999.99")), "approved_amount")
    store.update(replace(g, approved_amount=D("3000.00")))


def test_currency_cannot_change_once_tranches_exist(store, d) -> None:
    g = store.add(signed_grant(d.id))
    store.add(tranche(g))
    refused(store, replace(g, currency="USD"), "currency")


@pytest.mark.parametrize(
    ("changes", "fields"),
    [
        ({"currency": "USD"}, ["currency"]),
        ({"amount": None}, ["amount"]),
        ({"amount": D("0")}, ["amount"]),
        ({"n": None}, ["n"]),
        ({"n": 0}, ["n"]),
        ({"grant_id": None}, ["grant_id"]),
        ({"grant_id": "00000000-0000-4000-8000-000000000000"}, ["grant_id"]),
        ({"paid_date": date(2026, 11, 25)}, ["paid_date"]),
        (
            {"paid_currency": "XOF", "paid_date": date(2026, 11, 10)},
            ["paid_amount", "exchange_rate", "rate_date"],
        ),
        (
            {
                "paid_currency": "XOF",
                "paid_amount": D("655957"),
                "exchange_rate": D("655.957"),
                "rate_date": date(2026, 11, 11),
                "paid_date": date(2026, 11, 10),
            },
            ["rate_date"],
        ),
        (
            {
                "paid_currency": "XOF",
                "paid_amount": D("0.5"),
                "exchange_rate": D("655.957"),
                "rate_date": date(2026, 11, 10),
                "paid_date": date(2026, 11, 10),
            },
            ["paid_amount"],
        ),
        ({"exchange_rate": D("-1")}, ["exchange_rate"]),
    ],
)
def test_tranche_rules(store, d, changes, fields) -> None:
    g = store.add(signed_grant(d.id))
    refused(store, tranche(g, **changes), *fields)


def test_payment_in_another_currency_records_rate_and_date(store, d) -> None:
    g = store.add(signed_grant(d.id))
    t = store.add(
        tranche(
            g,
            amount=D("1000.00"),
            paid_date=date(2026, 11, 10),
            paid_currency="XOF",
            paid_amount=D("655957"),
            exchange_rate=D("655.957"),
            rate_date=date(2026, 11, 10),
        )
    )
    assert store.get(Disbursement, t.id).exchange_rate == D("655.957")
    # the ledger stays in the grant's currency
    assert ledger.grant_totals(store, g.id).paid == D("1000.00")
    mismatch = tranche(
        g,
        2,
        amount=D("10.00"),
        paid_date=date(2026, 11, 10),
        paid_currency="XOF",
        paid_amount=D("9000"),
        exchange_rate=D("655.957"),
        rate_date=date(2026, 11, 10),
    )
    assert [w.field for w in store.check(mismatch).warnings] == ["exchange_rate"]


def test_tranche_of_another_defender(store, d) -> None:
    other = store.add(defender(pseudonym="Heron"))
    g = store.add(signed_grant(d.id))
    refused(store, tranche(g, defender_id=other.id), "grant_id")


def test_duplicate_tranche_number(store, d) -> None:
    g = store.add(signed_grant(d.id))
    store.add(tranche(g, 1))
    refused(store, tranche(g, 1), "n")
    assert ledger.new_tranche(store, g).n == 2


def test_no_payment_after_cancellation(store, d) -> None:
    g = store.add(signed_grant(d.id))
    planned = store.add(tranche(g))
    g = store.update(
        replace(
            g,
            status=GrantStatus.CANCELLED,
            cancel_reason="Defender left",
            closed_on=date(2026, 11, 12),
        )
    )
    refused(store, replace(planned, paid_date=date(2026, 11, 20)), "paid_date")
    # paid before the cancellation: still recordable (e.g. entered late)
    store.update(replace(planned, paid_date=date(2026, 11, 11)))


def test_currency_filled_from_the_grant(store, d) -> None:
    g = store.add(signed_grant(d.id, currency="JPY", approved_amount=D("500000")))
    t = store.add(tranche(g, currency="", amount=D("20000")))
    assert store.get(Disbursement, t.id).currency == "JPY"
    assert store.conn.execute(
        "SELECT json_extract(data, '$.amount') FROM disbursements"
    ).fetchone() == ("20000",)


# --- programme caps ---------------------------------------------------------------------------
def test_programme_defaults_from_the_spec(store) -> None:
    settings = programme_settings(store)
    assert settings[Programme.FRONT_LINE_DEFENDERS].cap == D("7500.00")
    assert settings[Programme.FRONT_LINE_DEFENDERS].currency == "EUR"
    assert settings[Programme.PROTECTDEFENDERS_EU].cap == D("10000")
    assert (
        settings[Programme.LIFELINE_ADVOCACY].cap,
        settings[Programme.LIFELINE_ADVOCACY].currency,
    ) == (D("20000"), "USD")
    assert settings[Programme.LIFELINE_EMERGENCY].cap is None
    assert all(s.cap_policy == CapPolicy.WARN for s in settings.values())
    assert set(settings) == set(Programme) == set(DEFAULTS)


def test_cap_warns_by_default_and_refuses_when_set(store, d) -> None:
    over = signed_grant(d.id, requested_amount=D("9000.00"), approved_amount=D("7500.01"))
    assert [w.field for w in store.check(over).warnings] == ["approved_amount"]
    update_programme(
        store,
        Programme.FRONT_LINE_DEFENDERS,
        currency="EUR",
        cap=D("7500"),
        cap_policy=CapPolicy.REFUSE,
    )
    err = refused(store, over, "approved_amount")
    assert "7500.00 EUR" in err.for_field("approved_amount")[0].message
    store.add(replace(over, approved_amount=D("7500.00")))
    entry = store.conn.execute(
        "SELECT kind, fields FROM audit_log WHERE kind = 'settings'"
    ).fetchone()
    assert entry == ("settings", '["programmes.front_line_defenders"]')


def test_cap_in_another_currency_is_only_a_warning(store, d) -> None:
    update_programme(
        store,
        Programme.FRONT_LINE_DEFENDERS,
        currency="EUR",
        cap=D("7500"),
        cap_policy=CapPolicy.REFUSE,
    )
    g = store.add(
        signed_grant(
            d.id, currency="USD", requested_amount=D("90000.00"), approved_amount=D("80000.00")
        )
    )
    assert "currency" in [w.field for w in store.check(g).warnings]


def test_lifeline_emergency_cap_is_configurable(store, d) -> None:
    g = signed_grant(
        d.id,
        programme=Programme.LIFELINE_EMERGENCY,
        currency="USD",
        requested_amount=D("9000.00"),
        approved_amount=D("9000.00"),
    )
    assert store.check(g).ok and not store.check(g).warnings
    update_programme(
        store,
        Programme.LIFELINE_EMERGENCY,
        currency="USD",
        cap=D("8000"),
        cap_policy=CapPolicy.REFUSE,
    )
    assert programme_setting(store, Programme.LIFELINE_EMERGENCY).cap == D("8000.00")
    refused(store, g, "approved_amount")
    reset_programme(store, Programme.LIFELINE_EMERGENCY)
    store.add(g)


@pytest.mark.parametrize(
    ("currency", "cap", "fields"),
    [
        ("EUR", D("7500.001"), ["cap"]),
        ("JPY", D("0.5"), ["cap"]),
        ("ZZZ", D("100"), ["currency"]),
        ("", D("100"), ["currency"]),
        ("EUR", D("0"), ["cap"]),
    ],
)
def test_programme_update_is_validated(store, currency, cap, fields) -> None:
    before = programme_settings(store)
    with pytest.raises(ValidationError) as err:
        update_programme(
            store, Programme.POST_FUND, currency=currency, cap=cap, cap_policy=CapPolicy.WARN
        )
    assert err.value.fields == fields
    assert programme_settings(store) == before


# --- warnings ---------------------------------------------------------------------------------
def test_warning_when_the_same_need_is_already_funded(store, d) -> None:
    store.add(
        signed_grant(d.id, support_types=[SupportType.SECURITY, SupportType.DIGITAL_SECURITY])
    )
    second = grant(
        d.id,
        programme=Programme.LIFELINE_EMERGENCY,
        currency="USD",
        support_types=[SupportType.DIGITAL_SECURITY, SupportType.PSYCHOSOCIAL],
    )
    warnings = store.check(second).warnings
    assert [w.field for w in warnings] == ["support_types"]
    assert "Digital security" in warnings[0].message
    # a closed, declined or another defender's grant is no reason to warn
    other = store.add(defender(pseudonym="Heron"))
    assert not store.check(replace(second, defender_id=other.id)).warnings
    co = replace(
        second,
        support_types=[SupportType.PSYCHOSOCIAL],
        co_funders=[
            CoFunder(
                funder="City fund",
                support_types=[SupportType.PSYCHOSOCIAL],
                amount=D("300"),
                currency="EUR",
            )
        ],
    )
    assert [w.field for w in store.check(co).warnings] == ["co_funders[0].support_types"]


# --- totals -----------------------------------------------------------------------------------
def test_totals_per_grant_programme_and_post(store, d) -> None:
    other = store.add(defender(pseudonym="Heron"))
    a = store.add(
        signed_grant(
            d.id,
            approved_amount=D("4000.00"),
            expenses=[
                _expense(amount=D("250.10")),
                _expense(amount=D("49.95"), receipt=False, exception_note="Paid in detention"),
            ],
        )
    )
    b = store.add(signed_grant(other.id, approved_amount=D("2500.50")))
    c = store.add(
        signed_grant(
            d.id,
            programme=Programme.LIFELINE_EMERGENCY,
            currency="USD",
            requested_amount=D("3000.00"),
            approved_amount=D("3000.00"),
        )
    )
    store.add(grant(d.id, requested_amount=D("777.77")))  # a draft: requested only
    store.add(tranche(a, 1, amount=D("1000.01"), paid_date=date(2026, 11, 10)))
    store.add(tranche(a, 2, amount=D("500.00")))  # planned
    store.add(tranche(b, 1, amount=D("2500.50"), paid_date=date(2026, 11, 10)))
    store.add(tranche(c, 1, amount=D("0.99"), paid_date=date(2026, 11, 10)))

    ta = ledger.grant_totals(store, a.id)
    assert (ta.approved, ta.paid, ta.remaining, ta.planned, ta.spent, ta.unreceipted) == (
        D("4000.00"),
        D("1000.01"),
        D("2999.99"),
        D("500.00"),
        D("300.05"),
        D("49.95"),
    )
    assert ta.status == GrantStatus.AGREEMENT_SIGNED

    by_programme = {(t.programme, t.currency): t for t in ledger.programme_totals(store)}
    fld = by_programme[(Programme.FRONT_LINE_DEFENDERS, "EUR")]
    assert (fld.grants, fld.requested, fld.approved, fld.paid, fld.remaining) == (
        3,
        D("10777.77"),
        D("6500.50"),
        D("3500.51"),
        D("2999.99"),
    )
    assert by_programme[(Programme.LIFELINE_EMERGENCY, "USD")].remaining == D("2999.01")

    post = {t.currency: t for t in ledger.post_totals(store)}
    assert set(post) == {"EUR", "USD"}  # currencies are never added together
    assert post["EUR"].paid == D("3500.51") and post["USD"].paid == D("0.99")
    assert [t.currency for t in ledger.post_totals(store, defender_id=other.id)] == ["EUR"]

    # a cancelled grant owes nothing more; its payments still count
    store.update(
        replace(
            store.get(Grant, b.id),
            status=GrantStatus.CANCELLED,
            cancel_reason="Relocated abroad",
            closed_on=date(2026, 11, 24),
        )
    )
    assert ledger.grant_totals(store, b.id).remaining == 0
    assert {t.currency: t for t in ledger.post_totals(store)}["EUR"].paid == D("3500.51")
    # soft-deleting a grant takes it out of every total
    store.delete(Grant, c.id)
    assert [t.currency for t in ledger.post_totals(store)] == ["EUR"]


def test_grant_list_sorts_and_filters_in_sql(store, d) -> None:
    a = store.add(signed_grant(d.id, approved_amount=D("4000.00")))
    b = store.add(signed_grant(d.id, approved_amount=D("3000.00"), start=date(2026, 11, 2)))
    store.add(tranche(a, amount=D("10.00"), paid_date=date(2026, 11, 10)))
    store.add(tranche(b, amount=D("20.00"), paid_date=date(2026, 11, 10)))
    from hrd_desk.cases.listing import ListQuery

    page = store.list("grant", ListQuery(sort="paid", descending=True))
    assert [r.id for r in page.rows] == [b.id, a.id]
    assert [r["paid_minor"] for r in page.rows] == [2000, 1000]
    assert page.rows[0]["pseudonym"] == "Falcon"
    page = store.list("grant", ListQuery(sort="approved", descending=False))
    assert [r.id for r in page.rows] == [b.id, a.id]
    assert store.count("grant", {"currency": ["USD"]}) == 0
    assert store.count("grant", {"status": ["agreement_signed"]}) == 2
    paid = store.list("disbursement", ListQuery(filters={"state": ["paid"]}))
    assert paid.total == 2


def test_grants_and_tranches_are_audited_and_searchable(store, d) -> None:
    g = store.add(signed_grant(d.id, notes="Armoured door for the newsroom"))
    t = store.add(tranche(g, proof="Bank slip 4471", paid_date=date(2026, 11, 10)))
    assert [h.record_id for h in store.search("newsroom")] == [g.id]
    assert [h.record_id for h in store.search("4471")] == [t.id]
    kinds = store.conn.execute("SELECT kind FROM audit_log WHERE action = 'create'").fetchall()
    assert ("grant",) in kinds and ("disbursement",) in kinds
    store.delete(Grant, g.id)
    assert store.search("newsroom") == []
    assert rows(store, "grants")[0][3] is not None


def test_dates_cannot_move_past_payments(store, d) -> None:
    g = store.add(signed_grant(d.id))
    store.add(tranche(g, paid_date=date(2026, 11, 10)))
    refused(store, replace(g, agreement_signed=date(2026, 11, 11)), "agreement_signed")
    refused(store, replace(g, agreement_signed=None), "agreement_signed")
    refused(
        store,
        replace(g, status=GrantStatus.CANCELLED, cancel_reason="Left", closed_on=date(2026, 11, 9)),
        "closed_on",
    )


def test_no_agreement_date_before_approval(store, d) -> None:
    refused(store, grant(d.id, agreement_signed=SIGNED_ON), "agreement_signed")


def test_final_grants_keep_their_approval(store, d) -> None:
    g = store.add(signed_grant(d.id))
    g = store.update(
        replace(g, status=GrantStatus.CANCELLED, cancel_reason="Left", closed_on=date(2026, 11, 20))
    )
    refused(store, replace(g, approved_amount=D("4500.00")), "approved_amount")
    refused(store, replace(g, agreement_signed=date(2026, 11, 7)), "agreement_signed")
    store.update(replace(g, notes="Defender relocated abroad"))  # notes may still change


def test_records_file_round_trip_keeps_the_ledger(store, d, tmp_path) -> None:
    from hrd_desk.cases.records_json import export_records, import_records
    from hrd_desk.cases.store import Store
    from hrd_desk.crypto.vault import create_vault
    from tests.cases.conftest import TODAY
    from tests.conftest import PASSPHRASE

    running = store.add(
        signed_grant(
            d.id, currency="KWD", approved_amount=D("2.500"), expenses=[_expense(amount=D("0.125"))]
        )
    )
    store.add(tranche(running, 1, amount=D("1.250"), paid_date=date(2026, 11, 10)))
    store.add(tranche(running, 2, amount=D("1.250")))
    stopped = store.add(signed_grant(d.id))
    store.add(tranche(stopped, 1, paid_date=date(2026, 11, 10)))
    store.add(tranche(stopped, 2))  # planned, never paid
    store.update(
        replace(
            stopped,
            status=GrantStatus.CANCELLED,
            cancel_reason="Left",
            closed_on=date(2026, 11, 12),
        )
    )
    doc = export_records(store)
    assert len(doc["grants"]) == 2 and len(doc["disbursements"]) == 4

    vault, _ = create_vault(tmp_path / "copy", PASSPHRASE)
    copy = Store.open(vault, actor="importer", today=lambda: TODAY)
    import_records(copy, doc)
    assert export_records(copy) == doc
    assert ledger.post_totals(copy) == ledger.post_totals(store)
