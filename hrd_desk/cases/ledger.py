"""The grants ledger: exact totals per grant, per programme and currency, and for the post.

Totals are computed in SQL over the ``grant_ledger`` view (migration 0003). Amounts are stored
as canonical strings with exactly their currency's decimals, so ``replace(amount, '.', '')`` read
as an integer is the amount in minor units; sums are integers and converted back with
:func:`money.from_minor`. Nothing here ever touches a float.

Definitions (the same at every level, so the levels add up):

* ``approved`` — the approved amount of grants that were approved (0 for drafts, submissions and
  declines);
* ``paid`` — tranches with a payment date (soft-deleted tranches excluded);
* ``remaining`` — approved minus paid on grants still open; 0 once a grant is closed, cancelled
  or a refund is requested (nothing more will be paid);
* ``spent`` — expenses reported; ``unreceipted`` — expenses without a receipt;
* ``planned`` — tranches not paid yet.

Currencies are never added together: aggregates are per currency.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from hrd_desk.cases.errors import NotFound
from hrd_desk.cases.grants import Disbursement, Grant, GrantStatus, Programme
from hrd_desk.cases.money import from_minor
from hrd_desk.crypto.sqlerrors import storage_errors

_SUMS = (
    "count(*), COALESCE(SUM(requested_minor), 0), COALESCE(SUM(approved_minor), 0), "
    "COALESCE(SUM(paid_minor), 0), COALESCE(SUM(remaining_minor), 0), "
    "COALESCE(SUM(planned_minor), 0), COALESCE(SUM(spent_minor), 0), "
    "COALESCE(SUM(unreceipted_minor), 0)"
)


@dataclass(frozen=True)
class Totals:
    """Exact totals in one currency."""

    currency: str
    grants: int
    requested: Decimal
    approved: Decimal
    paid: Decimal
    remaining: Decimal
    planned: Decimal
    spent: Decimal
    unreceipted: Decimal

    @classmethod
    def _from_row(cls, currency: str, row: tuple) -> Totals:
        grants, *minors = row
        amounts = [from_minor(int(m), currency) for m in minors]
        return cls(currency, int(grants), *amounts)


@dataclass(frozen=True)
class GrantTotals(Totals):
    grant_id: str = ""
    programme: Programme | None = None
    status: GrantStatus | None = None


@dataclass(frozen=True)
class ProgrammeTotals(Totals):
    programme: Programme | None = None


def _where(
    defender_id: str | None, since: date | None, until: date | None
) -> tuple[str, list[object]]:
    clauses = ["1 = 1"]
    params: list[object] = []
    if defender_id is not None:
        clauses.append("defender_id = ?")
        params.append(defender_id)
    # A grant belongs to the period in which it starts (grants without a start: not dated).
    if since is not None:
        clauses.append("start >= ?")
        params.append(since.isoformat())
    if until is not None:
        clauses.append("start <= ?")
        params.append(until.isoformat())
    return " AND ".join(clauses), params


def grant_totals(store, grant_id: str) -> GrantTotals:
    """Approved, paid, remaining, planned, spent and unreceipted of one grant."""
    with storage_errors():
        row = store.conn.execute(
            f"SELECT currency, programme, status, {_SUMS} FROM grant_ledger WHERE grant_id = ? "
            "GROUP BY grant_id",
            (grant_id,),
        ).fetchone()
    if row is None:
        raise NotFound()
    currency, programme, status, *sums = row
    base = Totals._from_row(currency, tuple(sums))
    return GrantTotals(
        **base.__dict__,
        grant_id=grant_id,
        programme=Programme(programme) if programme else None,
        status=GrantStatus(status) if status else None,
    )


def programme_totals(
    store,
    *,
    defender_id: str | None = None,
    since: date | None = None,
    until: date | None = None,
) -> list[ProgrammeTotals]:
    """Totals per programme and currency (programmes in vocabulary order, then currency)."""
    where, params = _where(defender_id, since, until)
    with storage_errors():
        rows = store.conn.execute(
            f"SELECT programme, currency, {_SUMS} FROM grant_ledger WHERE {where} "
            "GROUP BY programme, currency",
            params,
        ).fetchall()
    order = {p.value: i for i, p in enumerate(Programme)}
    out = []
    for programme, currency, *sums in rows:
        base = Totals._from_row(currency, tuple(sums))
        out.append(
            ProgrammeTotals(**base.__dict__, programme=Programme(programme) if programme else None)
        )
    out.sort(key=lambda t: (order.get(t.programme.value if t.programme else "", 99), t.currency))
    return out


def post_totals(
    store,
    *,
    defender_id: str | None = None,
    since: date | None = None,
    until: date | None = None,
) -> list[Totals]:
    """Totals of the whole post (or one defender), one line per currency."""
    where, params = _where(defender_id, since, until)
    with storage_errors():
        rows = store.conn.execute(
            f"SELECT currency, {_SUMS} FROM grant_ledger WHERE {where} "
            "GROUP BY currency ORDER BY currency",
            params,
        ).fetchall()
    return [Totals._from_row(currency, tuple(sums)) for currency, *sums in rows]


def tranches(store, grant_id: str) -> list[Disbursement]:
    """The grant's tranches in order."""
    return sorted(
        _by_grant(store, grant_id),
        key=lambda t: (t.n if t.n is not None else 0, t.planned_date or date.max),
    )


def _by_grant(store, grant_id: str) -> list[Disbursement]:
    from hrd_desk.cases import codec

    with storage_errors():
        rows = store.conn.execute(
            "SELECT data, version FROM disbursements WHERE grant_id = ? AND deleted_at IS NULL "
            "ORDER BY rid",
            (grant_id,),
        ).fetchall()
    out = []
    for data, version in rows:
        record = codec.from_json(Disbursement, data)
        record.version = version
        out.append(record)
    return out


def new_tranche(store, grant: Grant, **fields) -> Disbursement:
    """A tranche for *grant* (not saved): defender, currency and the next number filled in."""
    with storage_errors():
        row = store.conn.execute(
            "SELECT COALESCE(MAX(n), 0) FROM disbursements WHERE grant_id = ? "
            "AND deleted_at IS NULL",
            (grant.id,),
        ).fetchone()
    base = {
        "defender_id": grant.defender_id,
        "grant_id": grant.id,
        "currency": grant.currency,
        "n": int(row[0]) + 1,
        "confidentiality": grant.confidentiality,
    }
    return Disbursement(**{**base, **fields})


def save_tranche(store, tranche: Disbursement) -> tuple[Disbursement, Grant]:
    """Save a tranche; the first payment moves a grant from "agreement signed" to "disbursing".

    Both writes happen in one transaction (and are audited); a refusal stores neither.
    """
    with store.transaction():
        saved = store.save(tranche)
        grant = store.get(Grant, saved.grant_id)
        if saved.paid and grant.status == GrantStatus.AGREEMENT_SIGNED:
            grant = store.update(replace(grant, status=GrantStatus.DISBURSING))
    return saved, grant
