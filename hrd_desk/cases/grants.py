"""Grants (spec §5): Lifeline-style emergency assistance, with tranches, expenses and reports.

A grant holds its budget lines, approvals, expenses and reports as items; each tranche is a
record of its own (:class:`Disbursement`, linked by ``grant_id`` and ``defender_id``) so that
payments are audited one by one and the ledger totals them in SQL (see ``ledger``).

Money is exact: every amount is a ``Decimal`` in the grant's currency with that currency's
minor units (JPY 0, USD 2, KWD 3); more digits are refused by the generic validation, never
rounded. Items carry a copy of the grant's currency (set by ``derive``) so that they are
validated and stored like any other amount.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import date
from decimal import Decimal

from hrd_desk.cases import fields as F
from hrd_desk.cases.errors import FieldError
from hrd_desk.cases.money import amount_problem, from_minor, is_currency, to_minor
from hrd_desk.cases.record import Record, RuleContext
from hrd_desk.cases.vocab import SupportType, Vocab
from hrd_desk.formats import date_in_text
from hrd_desk.i18n import N_, NP_, _, join_list


class Programme(Vocab):
    LIFELINE_EMERGENCY = "lifeline_emergency", N_("Lifeline: emergency assistance")
    LIFELINE_RESILIENCY = "lifeline_resiliency", N_("Lifeline: resiliency")
    LIFELINE_ADVOCACY = "lifeline_advocacy", N_("Lifeline: advocacy")
    FRONT_LINE_DEFENDERS = "front_line_defenders", N_("Front Line Defenders protection grant")
    PROTECTDEFENDERS_EU = "protectdefenders_eu", N_("ProtectDefenders.eu (EU-funded)")
    POST_FUND = "post_fund", N_("Post fund")
    OTHER = "other", N_("Other")


class CapPolicy(Vocab):
    WARN = "warn", N_("Warn")
    REFUSE = "refuse", N_("Refuse")


class PaymentMethod(Vocab):
    BANK = "bank", N_("Bank transfer")
    CASH = "cash", N_("Cash")
    VIA_PARTNER = "via_partner", N_("Via a partner")
    PAID_TO_VENDOR = "paid_to_vendor", N_("Paid to a vendor")


class ReportKind(Vocab):
    NARRATIVE = "narrative", N_("Narrative report")
    FINANCIAL = "financial", N_("Financial report")


class ApprovalDecision(Vocab):
    APPROVED = "approved", N_("Approved")
    PARTLY_APPROVED = "partly_approved", N_("Partly approved")
    DECLINED = "declined", N_("Declined")


class GrantStatus(Vocab):
    DRAFT = "draft", N_("Draft")
    SUBMITTED = "submitted", N_("Submitted")
    APPROVED = "approved", N_("Approved")
    PARTLY_APPROVED = "partly_approved", N_("Partly approved")
    DECLINED = "declined", N_("Declined")
    AGREEMENT_SIGNED = "agreement_signed", N_("Agreement signed")
    DISBURSING = "disbursing", N_("Disbursing")
    REPORT_DUE = "report_due", N_("Report due")
    REPORTED = "reported", NP_("grant status", "Reported")
    CLOSED = "closed", N_("Closed")
    CANCELLED = "cancelled", N_("Cancelled")
    REFUND_REQUESTED = "refund_requested", N_("Refund requested")


_S = GrantStatus


def _values(*statuses: GrantStatus) -> frozenset[str]:
    return frozenset(s.value for s in statuses)


#: Statuses in which the grant has been approved (an approved amount and decision exist).
APPROVED_STATES = frozenset(
    {
        _S.APPROVED,
        _S.PARTLY_APPROVED,
        _S.AGREEMENT_SIGNED,
        _S.DISBURSING,
        _S.REPORT_DUE,
        _S.REPORTED,
        _S.CLOSED,
        _S.REFUND_REQUESTED,
    }
)
#: Statuses after the agreement was signed: tranches may have been paid.
SIGNED_STATES = APPROVED_STATES - {_S.APPROVED, _S.PARTLY_APPROVED}
#: Approved and still running: what is not yet paid is still owed ("remaining").
OPEN_STATES = frozenset(
    {
        _S.APPROVED,
        _S.PARTLY_APPROVED,
        _S.AGREEMENT_SIGNED,
        _S.DISBURSING,
        _S.REPORT_DUE,
        _S.REPORTED,
    }
)
#: Statuses counted as "an active grant" when warning about the same need funded twice.
ACTIVE_STATES = OPEN_STATES | {_S.SUBMITTED}
#: Nothing more happens to a grant in these (its approval and agreement are frozen).
FINAL_STATES = frozenset({_S.DECLINED, _S.CANCELLED, _S.CLOSED})
#: Before a decision: no approved amount yet.
UNDECIDED_STATES = frozenset({_S.DRAFT, _S.SUBMITTED})

GRANT_TRANSITIONS: dict[str, frozenset[str]] = {
    _S.DRAFT.value: _values(_S.SUBMITTED, _S.CANCELLED),
    _S.SUBMITTED.value: _values(
        _S.DRAFT, _S.APPROVED, _S.PARTLY_APPROVED, _S.DECLINED, _S.CANCELLED
    ),
    _S.APPROVED.value: _values(_S.AGREEMENT_SIGNED, _S.CANCELLED),
    _S.PARTLY_APPROVED.value: _values(_S.AGREEMENT_SIGNED, _S.CANCELLED),
    _S.DECLINED.value: frozenset(),
    _S.AGREEMENT_SIGNED.value: _values(_S.DISBURSING, _S.CANCELLED),
    _S.DISBURSING.value: _values(_S.REPORT_DUE, _S.REFUND_REQUESTED, _S.CANCELLED),
    _S.REPORT_DUE.value: _values(_S.REPORTED, _S.REFUND_REQUESTED),
    _S.REPORTED.value: _values(_S.CLOSED, _S.REPORT_DUE, _S.REFUND_REQUESTED),
    _S.REFUND_REQUESTED.value: _values(_S.CLOSED),
    _S.CANCELLED.value: frozenset(),
    _S.CLOSED.value: frozenset(),
}

_POSITIVE = (ApprovalDecision.APPROVED, ApprovalDecision.PARTLY_APPROVED)

# The per-type details of spec §5: support type → fields that must be filled when it is chosen.
REQUIRED_DETAILS: dict[SupportType, tuple[str, ...]] = {
    SupportType.MEDICAL: ("medical_threat_link",),
    SupportType.LEGAL: ("legal_lawyer", "legal_from", "legal_to"),
    SupportType.RELOCATION: (
        "relocation_destination",
        "relocation_from",
        "relocation_to",
        "relocation_security_plan",
    ),
    SupportType.OTHER: ("support_other",),
}


def _minor_sum(ctx: RuleContext, sql: str, params: tuple) -> int:
    rows = ctx.query(sql, params)
    return int(rows[0][0] or 0) if rows else 0


def paid_minor(ctx: RuleContext, grant_id: str, *, excluding: str | None = None) -> int:
    """Paid tranches of a grant in minor units (soft-deleted ones excluded), exactly, in SQL."""
    return _minor_sum(
        ctx,
        "SELECT COALESCE(SUM(amount_minor), 0) FROM disbursements WHERE grant_id = ? "
        "AND id IS NOT ? AND deleted_at IS NULL AND paid_date IS NOT NULL",
        (grant_id, excluding),
    )


# -- items ------------------------------------------------------------------------------------
def _item_currency() -> object:
    return dataclasses.field(
        default="",
        metadata={
            "spec": F.FieldSpec(F.CURRENCY, N_("Currency"), system=True, derived=True),
        },
    )


@dataclasses.dataclass
class BudgetLine:
    support_type: SupportType | None = F.choice(SupportType, N_("Support type"))
    description: str = F.text(N_("Description"), required=True, searchable=True)
    amount: Decimal | None = F.money(N_("Amount"), required=True)
    #: the grant's currency, copied by Grant.derive
    currency: str = _item_currency()

    def item_rules(self, ctx: RuleContext | None) -> Iterator[FieldError]:
        yield from _positive_amount(type(self), "amount", self.amount)


@dataclasses.dataclass
class CoFunder:
    funder: str = F.text(N_("Funder"), required=True, searchable=True)
    support_types: list[SupportType] = F.choices(SupportType, N_("Support types funded"))
    amount: Decimal | None = F.money(N_("Amount"))
    currency: str = F.currency(N_("Currency"))


@dataclasses.dataclass
class Approval:
    role: str = F.text(N_("Role"), required=True)
    person: str = F.text(N_("Person"), required=True)
    decision: ApprovalDecision | None = F.choice(ApprovalDecision, N_("Decision"), required=True)
    date: date | None = F.date_field(N_("Date"), required=True)


@dataclasses.dataclass
class Expense:
    date: date | None = F.date_field(N_("Date"), required=True)
    amount: Decimal | None = F.money(N_("Amount"), required=True)
    description: str = F.text(N_("Description"), required=True, searchable=True)
    receipt: bool | None = F.boolean(N_("Receipt"))
    exception_note: str = F.longtext(
        N_("Justified exception (no receipt)"),
        help=N_("Why no receipt can be produced, e.g. a payment made in detention."),
    )
    #: the grant's currency, copied by Grant.derive
    currency: str = _item_currency()

    def item_rules(self, ctx: RuleContext | None) -> Iterator[FieldError]:
        yield from _positive_amount(type(self), "amount", self.amount)
        if not self.receipt and not self.exception_note.strip():
            yield _item_error(
                type(self),
                "exception_note",
                _("Without a receipt, say why (a justified exception)."),
            )
        if ctx is not None and self.date and self.date > ctx.today:
            yield _item_error(type(self), "date", _("The date cannot be in the future."))


@dataclasses.dataclass
class GrantReport:
    kind: ReportKind | None = F.choice(ReportKind, N_("Kind"), required=True)
    due: date | None = F.date_field(N_("Due"), required=True)
    received: date | None = F.date_field(N_("Received on"))

    def item_rules(self, ctx: RuleContext | None) -> Iterator[FieldError]:
        if ctx is not None and self.received and self.received > ctx.today:
            yield _item_error(type(self), "received", _("The date cannot be in the future."))


def _item_error(cls: type, name: str, message: str) -> FieldError:
    return FieldError(name, message, _(F.spec_for(cls, name).label))


def _positive_amount(cls: type, name: str, value: Decimal | None) -> Iterator[FieldError]:
    if isinstance(value, Decimal) and value.is_finite() and value == 0:
        yield _item_error(cls, name, _("The amount must be more than zero."))


# -- the grant --------------------------------------------------------------------------------
@dataclasses.dataclass(kw_only=True)
class Grant(Record):
    KIND = "grant"
    TABLE = "grants"
    JSON_KEY = "grants"
    KIND_CODE = 7
    LABEL = N_("Grant")
    LABEL_PLURAL = N_("Grants")
    STATUS_FIELD = "status"
    TRANSITIONS = GRANT_TRANSITIONS
    SORTABLE = ("programme", "status", "start", "end", "approved", "paid")

    defender_id: str | None = F.ref("defender", N_("Defender"), required=True)
    request_id: str | None = F.ref("request", N_("Request"))
    programme: Programme | None = F.choice(Programme, N_("Programme"), required=True)
    programme_other: str = F.text(N_("Other programme"), searchable=True)
    support_types: list[SupportType] = F.choices(SupportType, N_("Support types"), required=True)
    support_other: str = F.text(N_("Other urgent costs: what"), searchable=True)
    # Details required per support type (REQUIRED_DETAILS).
    medical_threat_link: str = F.longtext(
        N_("Medical: link to the threat"),
        help=N_("How the medical need results from the threat or attack."),
    )
    medical_incident_id: str | None = F.ref("incident", N_("Medical: related incident"))
    legal_lawyer: str = F.text(N_("Legal: lawyer"), identifying=True)
    legal_from: date | None = F.date_field(N_("Legal: period from"))
    legal_to: date | None = F.date_field(N_("Legal: period to"))
    relocation_destination: str = F.text(N_("Relocation: destination"), identifying=True)
    relocation_from: date | None = F.date_field(N_("Relocation: period from"))
    relocation_to: date | None = F.date_field(N_("Relocation: period to"))
    relocation_security_plan: str = F.longtext(
        N_("Relocation: security plan"), identifying=True, searchable=False
    )
    currency: str = F.currency(N_("Currency"), required=True)
    requested_amount: Decimal | None = F.money(N_("Requested amount"), required=True)
    approved_amount: Decimal | None = F.money(N_("Approved amount"))
    budget_lines: list[BudgetLine] = F.items(BudgetLine, N_("Budget lines"))
    co_funders: list[CoFunder] = F.items(CoFunder, N_("Co-funders"))
    approvals: list[Approval] = F.items(Approval, N_("Approvals"))
    start: date | None = F.date_field(N_("Start"))
    end: date | None = F.date_field(N_("End"))
    agreement_signed: date | None = F.date_field(N_("Agreement signed on"))
    expenses: list[Expense] = F.items(Expense, N_("Expenses"))
    reports: list[GrantReport] = F.items(GrantReport, N_("Reports"))
    status: GrantStatus | None = F.choice(
        GrantStatus, N_("Status"), required=True, default=GrantStatus.DRAFT
    )
    decline_reason: str = F.longtext(N_("Reason for declining"))
    cancel_reason: str = F.longtext(N_("Reason for cancelling"))
    refund_reason: str = F.longtext(N_("Reason for the refund request"))
    refund_requested_on: date | None = F.date_field(N_("Refund requested on"))
    closed_on: date | None = F.date_field(N_("Closed or cancelled on"))
    closing_note: str = F.longtext(N_("Closing note"))
    notes: str = F.longtext(N_("Notes"))

    def title(self) -> str:
        programme = self.programme.label if self.programme else "?"
        return _("Grant: {programme}").format(programme=programme)

    @property
    def status_label(self) -> str:
        return self.status.label if isinstance(self.status, GrantStatus) else "?"

    # -- derived values and helpers -------------------------------------------------------------
    def derive(self, ctx: RuleContext) -> None:
        for item in [*self.budget_lines, *self.expenses]:
            item.currency = self.currency

    def _amount_ok(self, value: Decimal | None) -> bool:
        return value is not None and amount_problem(value, self.currency) is None

    @property
    def positive_approvals(self) -> list[Approval]:
        return [a for a in self.approvals if a.decision in _POSITIVE]

    @property
    def was_approved(self) -> bool:
        """Approved at some point (a cancelled grant may have been): the rules keep an approved
        amount off undecided and declined grants, so amount + decision is the evidence."""
        return (
            self.status not in UNDECIDED_STATES | {GrantStatus.DECLINED}
            and self.approved_amount is not None
            and bool(self.positive_approvals)
        )

    # -- rules ----------------------------------------------------------------------------------
    def rules(self, ctx: RuleContext) -> Iterator[FieldError]:
        yield from self._detail_rules()
        yield from self._amount_rules(ctx)
        yield from self._date_rules(ctx)
        yield from self._state_rules()
        yield from self._ledger_rules(ctx)
        if self.request_id:
            request = ctx.get("request", self.request_id)
            if request is not None and request.defender_ref() != self.defender_id:
                yield self.error("request_id", _("The request is about another defender."))
        if self.medical_incident_id:
            incident = ctx.get("incident", self.medical_incident_id)
            if incident is not None and incident.defender_ref() != self.defender_id:
                yield self.error(
                    "medical_incident_id", _("The incident is about another defender.")
                )

    def _detail_rules(self) -> Iterator[FieldError]:
        if self.programme == Programme.OTHER and not self.programme_other.strip():
            yield self.error("programme_other", _("Say which programme."))
        for support, names in REQUIRED_DETAILS.items():
            if support not in self.support_types:
                continue
            for name in names:
                value = getattr(self, name)
                if value is None or (isinstance(value, str) and not value.strip()):
                    yield self.error(
                        name,
                        _("Required for the support type “{type}”.").format(type=support.label),
                    )
        for start, end in (("legal_from", "legal_to"), ("relocation_from", "relocation_to")):
            a, b = getattr(self, start), getattr(self, end)
            if a and b and b < a:
                yield self.error(end, _("The end cannot be before the start."))

    def _amount_rules(self, ctx: RuleContext) -> Iterator[FieldError]:
        for name in ("requested_amount", "approved_amount"):
            value = getattr(self, name)
            if self._amount_ok(value) and value == 0:
                yield self.error(name, _("The amount must be more than zero."))
        if self.status in UNDECIDED_STATES | {_S.DECLINED} and self.approved_amount is not None:
            yield self.error(
                "approved_amount",
                _("An approved amount is recorded with an approval decision, not before."),
            )
        cap = self._cap_problem(ctx)
        if cap is not None and cap[0] == CapPolicy.REFUSE:
            yield self.error("approved_amount", cap[1])

    def _cap_problem(self, ctx: RuleContext) -> tuple[CapPolicy, str] | None:
        """(policy, message) when the approved amount is over the programme's cap."""
        from hrd_desk.cases.programmes import setting_for

        if self.programme is None or not self._amount_ok(self.approved_amount):
            return None
        prog = setting_for(ctx, self.programme)
        if prog.cap is None or prog.currency != self.currency:
            return None
        if self.approved_amount > prog.cap:
            return prog.cap_policy, _(
                "The approved amount is over the programme's cap of {cap} {currency}."
            ).format(cap=prog.cap, currency=prog.currency)
        return None

    def _date_rules(self, ctx: RuleContext) -> Iterator[FieldError]:
        if self.start and self.end and self.end < self.start:
            yield self.error("end", _("The end cannot be before the start."))
        if self.expenses and self.start is None:
            yield self.error("start", _("Enter the start date before recording expenses."))
        for i, expense in enumerate(self.expenses):
            if self.start and expense.date and expense.date < self.start:
                yield self.error(
                    f"expenses[{i}].date",
                    _(
                        "No retroactive funding: an expense cannot be before the start ({date})."
                    ).format(date=date_in_text(self.start)),
                )
        for i, report in enumerate(self.reports):
            if self.end and report.due and report.due < self.end:
                yield self.error(
                    f"reports[{i}].due",
                    _("A report cannot be due before the grant ends ({date}).").format(
                        date=date_in_text(self.end)
                    ),
                )
        for i, approval in enumerate(self.approvals):
            if approval.date and approval.date > ctx.today:
                yield self.error(f"approvals[{i}].date", _("The date cannot be in the future."))
        for name in ("agreement_signed", "closed_on", "refund_requested_on"):
            value = getattr(self, name)
            if value and value > ctx.today:
                yield self.error(name, _("The date cannot be in the future."))
        if self.agreement_signed and not self.was_approved:
            yield self.error(
                "agreement_signed", _("An agreement is signed once the grant is approved.")
            )
        decided = [a.date for a in self.positive_approvals if a.date]
        if self.agreement_signed and decided and self.agreement_signed < max(decided):
            yield self.error(
                "agreement_signed", _("The agreement cannot be signed before the approval.")
            )

    def _state_rules(self) -> Iterator[FieldError]:
        status = self.status
        if status in APPROVED_STATES:
            if self.approved_amount is None:
                yield self.error("approved_amount", _("Enter the approved amount."))
            if not self.positive_approvals:
                yield self.error(
                    "approvals", _("Record who approved it: an approval with its decision.")
                )
        if status == _S.PARTLY_APPROVED and (
            self._amount_ok(self.approved_amount)
            and self._amount_ok(self.requested_amount)
            and self.approved_amount >= self.requested_amount
        ):
            yield self.error(
                "approved_amount", _("A partial approval is less than the requested amount.")
            )
        if status in SIGNED_STATES and self.agreement_signed is None:
            yield self.error("agreement_signed", _("Enter the date the agreement was signed."))
        if status == _S.DECLINED and not self.decline_reason.strip():
            yield self.error("decline_reason", _("A decline needs a reason."))
        if status == _S.CANCELLED and not self.cancel_reason.strip():
            yield self.error("cancel_reason", _("Say why the grant is cancelled."))
        if status in (_S.CLOSED, _S.CANCELLED) and self.closed_on is None:
            yield self.error("closed_on", _("Enter the date."))
        if status == _S.REFUND_REQUESTED or self.refund_requested_on:
            if not self.refund_reason.strip():
                yield self.error("refund_reason", _("Say why a refund is requested."))
            if self.refund_requested_on is None:
                yield self.error("refund_requested_on", _("Enter the date."))

    def _ledger_rules(self, ctx: RuleContext) -> Iterator[FieldError]:
        old = ctx.old
        if isinstance(old, Grant) and old.status in FINAL_STATES:
            for name in ("approved_amount", "approvals", "agreement_signed", "currency"):
                if getattr(old, name) != getattr(self, name):
                    yield self.error(
                        name,
                        _("The grant is “{status}”: this can no longer change.").format(
                            status=old.status_label
                        ),
                    )
        rows = ctx.query(
            "SELECT count(*), COALESCE(SUM(amount_minor), 0), MIN(paid_date), MAX(paid_date) "
            "FROM disbursements WHERE grant_id = ? AND deleted_at IS NULL "
            "AND paid_date IS NOT NULL",
            (self.id,),
        )
        paid_count, paid = (int(rows[0][0]), int(rows[0][1])) if rows else (0, 0)
        if paid_count:
            first, last = date.fromisoformat(rows[0][2]), date.fromisoformat(rows[0][3])
            if self.agreement_signed is None or self.agreement_signed > first:
                yield self.error(
                    "agreement_signed",
                    _("A tranche was paid on {date}: the agreement was signed before.").format(
                        date=date_in_text(first)
                    ),
                )
            for name in ("closed_on", "refund_requested_on"):
                value = getattr(self, name)
                if value and value < last:
                    yield self.error(
                        name,
                        _("A tranche was paid on {date}; this cannot be earlier.").format(
                            date=date_in_text(last)
                        ),
                    )
        if isinstance(old, Grant) and old.currency != self.currency:
            tranches = ctx.query(
                "SELECT count(*) FROM disbursements WHERE grant_id = ? AND deleted_at IS NULL",
                (self.id,),
            )
            if tranches and tranches[0][0]:
                yield self.error(
                    "currency", _("The currency cannot change once tranches are recorded.")
                )
                return
        if paid_count and is_currency(self.currency):
            approved = self.approved_amount if self._amount_ok(self.approved_amount) else None
            if approved is None or to_minor(approved, self.currency) < paid:
                yield self.error(
                    "approved_amount",
                    _(
                        "{paid} {currency} is already paid; the approved amount cannot be less."
                    ).format(paid=from_minor(paid, self.currency), currency=self.currency),
                )

    def transition_rules(self, old_status: str, ctx: RuleContext) -> Iterator[FieldError]:
        status = self.status
        if status == _S.REPORT_DUE.value and not self.reports:
            yield self.error("reports", _("List the reports that are due."))
        if status == _S.REPORTED.value and not any(r.received for r in self.reports):
            yield self.error("reports", _("Enter the date a report was received."))
        if status == _S.DISBURSING.value and paid_minor(ctx, self.id) == 0:
            yield self.error("status", _("Record a paid tranche first."))
        if status == _S.CLOSED.value:
            if old_status == _S.REFUND_REQUESTED.value:
                if not self.closing_note.strip():
                    yield self.error("closing_note", _("Say how the refund request ended."))
            elif not self.reports or not all(r.received for r in self.reports):
                yield self.error(
                    "reports", _("A grant is closed once every report has been received.")
                )

    # -- warnings -------------------------------------------------------------------------------
    def warnings(self, ctx: RuleContext) -> Iterator[FieldError]:
        cap = self._cap_problem(ctx)
        if cap is not None and cap[0] == CapPolicy.WARN:
            yield self.error("approved_amount", cap[1])
        yield from self._cap_currency_warning(ctx)
        yield from self._same_need_warnings(ctx)
        requested = self.requested_amount if self._amount_ok(self.requested_amount) else None
        approved = self.approved_amount if self._amount_ok(self.approved_amount) else None
        if requested is not None and approved is not None and approved > requested:
            yield self.error(
                "approved_amount", _("More is approved than was requested; is that intended?")
            )
        lines = [b.amount for b in self.budget_lines if self._amount_ok(b.amount)]
        if requested is not None and lines and sum(lines) != requested:
            yield self.error(
                "budget_lines",
                _("The budget lines add up to {total}, not the requested {requested}.").format(
                    total=sum(lines), requested=requested
                ),
            )
        for i, report in enumerate(self.reports):
            if report.due and report.due < ctx.today and report.received is None:
                yield self.error(f"reports[{i}].due", _("This report is overdue."))
        spent = [e.amount for e in self.expenses if self._amount_ok(e.amount)]
        if spent and is_currency(self.currency):
            paid = paid_minor(ctx, self.id)
            if to_minor(sum(spent), self.currency) > paid:
                yield self.error(
                    "expenses",
                    _("Expenses ({spent}) are more than what was paid ({paid}).").format(
                        spent=sum(spent), paid=from_minor(paid, self.currency)
                    ),
                )

    def _cap_currency_warning(self, ctx: RuleContext) -> Iterator[FieldError]:
        from hrd_desk.cases.programmes import setting_for

        if self.programme is None or self.approved_amount is None:
            return
        prog = setting_for(ctx, self.programme)
        if prog.cap is not None and is_currency(self.currency) and prog.currency != self.currency:
            yield self.error(
                "currency",
                _(
                    "The programme's cap is {cap} {cap_currency}; it cannot be checked against "
                    "an amount in {currency}."
                ).format(cap=prog.cap, cap_currency=prog.currency, currency=self.currency),
            )

    def _same_need_warnings(self, ctx: RuleContext) -> Iterator[FieldError]:
        if not self.support_types or not self.defender_id:
            return
        wanted = [s.value for s in self.support_types]
        active = sorted(s.value for s in ACTIVE_STATES)
        rows = ctx.query(
            "SELECT DISTINCT s.value FROM grants g, json_each(g.data, '$.support_types') s "
            f"WHERE g.defender_id = ? AND g.id != ? AND g.deleted_at IS NULL "
            f"AND g.status IN ({','.join('?' * len(active))}) "
            f"AND s.value IN ({','.join('?' * len(wanted))})",
            (self.defender_id, self.id, *active, *wanted),
        )
        for (value,) in sorted(rows):
            yield self.error(
                "support_types",
                _("The defender already has an active grant for “{type}”.").format(
                    type=SupportType(value).label
                ),
            )
        for i, funder in enumerate(self.co_funders):
            overlap = [s for s in funder.support_types if s in self.support_types]
            if overlap:
                yield self.error(
                    f"co_funders[{i}].support_types",
                    _("{funder} also funds: {types}. Make sure no cost is funded twice.").format(
                        funder=funder.funder, types=join_list(s.label for s in overlap)
                    ),
                )


# -- tranches ---------------------------------------------------------------------------------
@dataclasses.dataclass(kw_only=True)
class Disbursement(Record):
    """One tranche of a grant: planned, then paid (spec §5)."""

    KIND = "disbursement"
    TABLE = "disbursements"
    JSON_KEY = "disbursements"
    KIND_CODE = 8
    LABEL = N_("Tranche")
    LABEL_PLURAL = N_("Tranches")
    SORTABLE = ("n", "planned_date", "paid_date", "amount")

    defender_id: str | None = F.ref("defender", N_("Defender"), required=True)
    grant_id: str | None = F.ref("grant", N_("Grant"), required=True)
    n: int | None = F.integer(N_("Tranche number"), minimum=1, maximum=999, required=True)
    #: always the grant's currency (filled from the grant when empty)
    currency: str = F.currency(N_("Currency"), required=True)
    amount: Decimal | None = F.money(N_("Amount"), required=True)
    planned_date: date | None = F.date_field(N_("Planned date"))
    paid_date: date | None = F.date_field(N_("Paid on"))
    method: PaymentMethod | None = F.choice(PaymentMethod, N_("Payment method"))
    proof: str = F.text(N_("Proof of payment"), searchable=True)
    paid_currency: str = F.currency(N_("Paid in currency"))
    paid_amount: Decimal | None = F.money(N_("Amount paid"), currency_field="paid_currency")
    exchange_rate: Decimal | None = F.decimal_field(
        N_("Exchange rate"),
        help=N_("Units of the paid currency for one unit of the grant's currency."),
    )
    rate_date: date | None = F.date_field(N_("Rate date"))
    notes: str = F.longtext(N_("Notes"))

    def title(self) -> str:
        return _("Tranche {n}").format(n=self.n if self.n is not None else "?")

    @property
    def paid(self) -> bool:
        return self.paid_date is not None

    @property
    def foreign_payment(self) -> bool:
        return bool(self.paid_currency) and self.paid_currency != self.currency

    def derive(self, ctx: RuleContext) -> None:
        if not self.currency and self.grant_id:
            grant = ctx.get("grant", self.grant_id)
            if isinstance(grant, Grant):
                self.currency = grant.currency

    def rules(self, ctx: RuleContext) -> Iterator[FieldError]:
        grant = ctx.get("grant", self.grant_id) if self.grant_id else None
        amount_ok = self.amount is not None and amount_problem(self.amount, self.currency) is None
        if amount_ok and self.amount == 0:
            yield self.error("amount", _("The amount must be more than zero."))
        if self.paid_date and self.paid_date > ctx.today:
            yield self.error("paid_date", _("The date cannot be in the future."))
        yield from self._exchange_rules()
        if not isinstance(grant, Grant):
            return  # the generic check already named the missing grant
        if grant.defender_id != self.defender_id:
            yield self.error("grant_id", _("The grant belongs to another defender."))
        if self.currency and grant.currency != self.currency:
            yield self.error(
                "currency",
                _("A tranche is in the grant's currency ({currency}).").format(
                    currency=grant.currency
                ),
            )
            return
        if self.n is not None and self.grant_id:
            same = ctx.query(
                "SELECT count(*) FROM disbursements WHERE grant_id = ? AND n = ? AND id != ? "
                "AND deleted_at IS NULL",
                (self.grant_id, self.n, self.id),
            )
            if same and same[0][0]:
                yield self.error("n", _("This grant already has a tranche with this number."))
        yield from self._grant_state_rules(grant, ctx)
        if self.paid and amount_ok:
            yield from self._over_approved(grant, ctx)

    def _exchange_rules(self) -> Iterator[FieldError]:
        if not self.foreign_payment:
            return
        for name in ("paid_amount", "exchange_rate", "rate_date"):
            if getattr(self, name) is None:
                yield self.error(
                    name, _("A payment in another currency records the amount, rate and date.")
                )
        if self.rate_date and self.paid_date and self.rate_date > self.paid_date:
            yield self.error("rate_date", _("The rate cannot be dated after the payment."))

    def _grant_state_rules(self, grant: Grant, ctx: RuleContext) -> Iterator[FieldError]:
        # Judged on what the grant records (its approval, its agreement date, when it stopped),
        # not on its current status alone: a payment made before a grant was cancelled or
        # closed stays valid, including when a records file is imported again.
        old = ctx.old
        changed = (
            not isinstance(old, Disbursement)
            or old.amount != self.amount
            or old.paid_date != self.paid_date
        )
        if changed and not grant.was_approved:
            yield self.error(
                "grant_id",
                _(
                    "The grant is not approved (it is “{status}”): no tranche before approval."
                ).format(status=grant.status_label),
            )
            return
        if not self.paid:
            return
        if grant.agreement_signed is None or grant.status in (
            GrantStatus.APPROVED,
            GrantStatus.PARTLY_APPROVED,
        ):
            yield self.error("paid_date", _("No payment before the grant agreement is signed."))
        elif self.paid_date < grant.agreement_signed:
            yield self.error(
                "paid_date",
                _("The payment is before the agreement was signed ({date}).").format(
                    date=date_in_text(grant.agreement_signed)
                ),
            )
        stop = [d for d in (grant.closed_on, grant.refund_requested_on) if d]
        if stop and self.paid_date > min(stop):
            yield self.error(
                "paid_date",
                _("No payment after the grant was closed, cancelled or a refund requested."),
            )

    def _over_approved(self, grant: Grant, ctx: RuleContext) -> Iterator[FieldError]:
        others = paid_minor(ctx, grant.id, excluding=self.id)
        total = others + to_minor(self.amount, self.currency)
        approved = grant.approved_amount
        if approved is None:
            return  # refused above: the grant is not approved
        if total > to_minor(approved, grant.currency):
            yield self.error(
                "amount",
                _(
                    "Paid in total would be {total} {currency}, more than the approved {approved}."
                ).format(
                    total=from_minor(total, self.currency),
                    currency=self.currency,
                    approved=approved,
                ),
            )

    def warnings(self, ctx: RuleContext) -> Iterator[FieldError]:
        grant = ctx.get("grant", self.grant_id) if self.grant_id else None
        if not isinstance(grant, Grant) or grant.approved_amount is None:
            return
        if self.amount is None or amount_problem(self.amount, self.currency) is not None:
            return
        rows = ctx.query(
            "SELECT COALESCE(SUM(amount_minor), 0) FROM disbursements WHERE grant_id = ? "
            "AND id != ? AND deleted_at IS NULL",
            (grant.id, self.id),
        )
        planned = int(rows[0][0]) + to_minor(self.amount, self.currency)
        if planned > to_minor(grant.approved_amount, grant.currency):
            yield self.error(
                "amount", _("Planned and paid tranches together exceed the approved amount.")
            )
        if (
            self.foreign_payment
            and self.paid_amount is not None
            and self.exchange_rate is not None
            and self.amount
        ):
            expected = self.amount * self.exchange_rate
            if expected and abs(self.paid_amount - expected) > expected / 100:
                yield self.error(
                    "exchange_rate",
                    _(
                        "The amount paid does not match the amount at this rate ({expected})."
                    ).format(expected=expected),
                )
