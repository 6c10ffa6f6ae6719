"""Record builders for grants, tranches, prison visits, court cases and hearings (part 2)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from hrd_desk.cases.errors import ValidationError
from hrd_desk.cases.grants import (
    Approval,
    ApprovalDecision,
    Disbursement,
    Grant,
    GrantStatus,
    Programme,
)
from hrd_desk.cases.trials import CourtCase, CourtType, Hearing, HearingType
from hrd_desk.cases.visits import PrisonVisit, VisitStatus, VisitType
from hrd_desk.cases.vocab import SupportType

APPROVED_ON = date(2026, 11, 5)
SIGNED_ON = date(2026, 11, 6)


def grant(defender_id: str, **kw) -> Grant:
    base = dict(
        defender_id=defender_id,
        programme=Programme.FRONT_LINE_DEFENDERS,
        support_types=[SupportType.SECURITY],
        currency="EUR",
        requested_amount=Decimal("5000.00"),
        start=date(2026, 11, 1),
        end=date(2027, 2, 28),
    )
    return Grant(**{**base, **kw})


def approval(decision: ApprovalDecision = ApprovalDecision.APPROVED, **kw) -> Approval:
    base = dict(role="Head of mission", person="K. Novak", decision=decision, date=APPROVED_ON)
    return Approval(**{**base, **kw})


def approved_grant(defender_id: str, **kw) -> Grant:
    base = dict(
        status=GrantStatus.APPROVED,
        approved_amount=Decimal("4000.00"),
        approvals=[approval()],
    )
    return grant(defender_id, **{**base, **kw})


def signed_grant(defender_id: str, **kw) -> Grant:
    base = dict(status=GrantStatus.AGREEMENT_SIGNED, agreement_signed=SIGNED_ON)
    return approved_grant(defender_id, **{**base, **kw})


def tranche(g: Grant, n: int = 1, **kw) -> Disbursement:
    base = dict(
        defender_id=g.defender_id,
        grant_id=g.id,
        n=n,
        currency=g.currency,
        amount=Decimal("1000.00"),
        planned_date=date(2026, 11, 10),
    )
    return Disbursement(**{**base, **kw})


def visit(defender_id: str, **kw) -> PrisonVisit:
    base = dict(
        defender_id=defender_id,
        visit_type=VisitType.DETAINEE,
        visit_date=date(2026, 11, 20),
        status=VisitStatus.PLANNED,
        facility_name="Central Prison",
    )
    return PrisonVisit(**{**base, **kw})


def court_case(defender_id: str, **kw) -> CourtCase:
    base = dict(defender_id=defender_id, court_type=CourtType.CIVILIAN, case_number="2026/117")
    return CourtCase(**{**base, **kw})


def hearing(case: CourtCase, **kw) -> Hearing:
    base = dict(
        defender_id=case.defender_id,
        court_case_id=case.id,
        date=date(2026, 11, 18),
        type=HearingType.MERITS,
    )
    return Hearing(**{**base, **kw})


def rows(store, table: str) -> list[tuple]:
    return store.conn.execute(
        f"SELECT id, data, version, deleted_at FROM {table} ORDER BY rid"
    ).fetchall()


def refused(store, record, *fields: str) -> ValidationError:
    """Saving *record* fails naming exactly *fields*, each with a translated label; nothing is
    stored and nothing is audited."""
    table = type(record).TABLE
    before = rows(store, table)
    audit_before = store.conn.execute("SELECT count(*) FROM audit_log").fetchone()
    with pytest.raises(ValidationError) as err:
        store.save(record)
    assert set(err.value.fields) == set(fields), err.value.fields
    for name in fields:
        assert err.value.for_field(name)[0].label, name
    assert rows(store, table) == before
    assert store.conn.execute("SELECT count(*) FROM audit_log").fetchone() == audit_before
    return err.value
