"""Request for help (spec §2): intake, screening, verification, risk, decision, follow-through."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import date

from hrd_desk.cases import fields as F
from hrd_desk.cases.errors import FieldError
from hrd_desk.cases.record import Record, RuleContext
from hrd_desk.cases.vocab import Priority, SupportType, Vocab
from hrd_desk.i18n import N_, NP_, _


class Channel(Vocab):
    IN_PERSON = "in_person", N_("In person")
    SECURE_MESSAGE = "secure_message", N_("Secure message")
    PHONE = "phone", N_("Phone")
    PARTNER_REFERRAL = "partner_referral", N_("Partner referral")


class Requester(Vocab):
    SELF = "self", N_("The defender")
    FAMILY = "family", N_("Family")
    THIRD_PARTY = "third_party", N_("Third party")
    HOST_ORGANISATION = "host_organisation", N_("Host organisation")


class RequestStatus(Vocab):
    RECEIVED = "received", N_("Received")
    SCREENING = "screening", N_("Screening")
    VERIFICATION = "verification", NP_("request status", "Verification")
    RISK_ASSESSED = "risk_assessed", N_("Risk assessed")
    APPROVED = "approved", N_("Approved")
    PARTLY_APPROVED = "partly_approved", N_("Partly approved")
    DECLINED = "declined", N_("Declined")
    REFERRED = "referred", N_("Referred")
    IN_IMPLEMENTATION = "in_implementation", N_("In implementation")
    MONITORING = "monitoring", N_("Monitoring")
    CLOSED = "closed", N_("Closed")


_R = RequestStatus
DECISIONS = frozenset({_R.APPROVED, _R.PARTLY_APPROVED, _R.DECLINED, _R.REFERRED})
BEFORE_DECISION = frozenset({_R.RECEIVED, _R.SCREENING, _R.VERIFICATION, _R.RISK_ASSESSED})
_decide = frozenset(s.value for s in DECISIONS)
_close = frozenset({_R.CLOSED.value})

#: Intake steps go forward one at a time, but an urgent case may be decided at any intake step
#: (the decision itself needs an assessment or a written waiver). Closing is always possible.
REQUEST_TRANSITIONS: dict[str, frozenset[str]] = {
    _R.RECEIVED.value: frozenset({_R.SCREENING.value}) | _decide | _close,
    _R.SCREENING.value: frozenset({_R.VERIFICATION.value}) | _decide | _close,
    _R.VERIFICATION.value: frozenset({_R.RISK_ASSESSED.value}) | _decide | _close,
    _R.RISK_ASSESSED.value: _decide | _close,
    _R.APPROVED.value: frozenset({_R.IN_IMPLEMENTATION.value}) | _close,
    _R.PARTLY_APPROVED.value: frozenset({_R.IN_IMPLEMENTATION.value}) | _close,
    _R.DECLINED.value: _close,
    _R.REFERRED.value: _close,
    _R.IN_IMPLEMENTATION.value: frozenset({_R.MONITORING.value}) | _close,
    _R.MONITORING.value: _close,
    _R.CLOSED.value: frozenset(),
}

#: Days from receipt to decision [design; settings ``decision_target_days_<priority>``].
DEFAULT_TARGET_DAYS = {
    Priority.URGENT: 10,
    Priority.HIGH: 20,
    Priority.NORMAL: 30,
    Priority.LOW: 45,
}


@dataclasses.dataclass(kw_only=True)
class Request(Record):
    KIND = "request"
    TABLE = "requests"
    JSON_KEY = "requests"
    KIND_CODE = 3
    LABEL = N_("Request")
    LABEL_PLURAL = N_("Requests")
    STATUS_FIELD = "status"
    TRANSITIONS = REQUEST_TRANSITIONS
    SORTABLE = ("received_at", "priority", "status", "decision_date")

    defender_id: str | None = F.ref("defender", N_("Defender"), required=True)
    received_at: date | None = F.date_field(N_("Received on"), required=True)
    channel: Channel | None = F.choice(Channel, N_("Channel"))
    requester: Requester | None = F.choice(Requester, N_("Requester"), default=Requester.SELF)
    threat_summary: str = F.longtext(N_("Threat summary"), required=True)
    link_to_rights_work: str = F.longtext(N_("Link to human rights work"), required=True)
    needs: list[SupportType] = F.choices(SupportType, N_("Needs"))
    other_funders_approached: str = F.longtext(N_("Other funders approached"))
    priority: Priority | None = F.choice(
        Priority, N_("Priority"), required=True, default=Priority.NORMAL
    )
    status: RequestStatus | None = F.choice(
        RequestStatus, N_("Status"), required=True, default=RequestStatus.RECEIVED
    )
    assessment_id: str | None = F.ref("assessment", N_("Threat assessment"))
    waiver: str = F.longtext(
        N_("Written waiver of the assessment"),
        help=N_("Why a decision is taken without a threat assessment."),
    )
    decision_date: date | None = F.date_field(N_("Decision date"))
    decided_by: str = F.text(N_("Decided by"))
    decision_reason: str = F.longtext(N_("Reason for the decision"))
    referral_id: str | None = F.ref("referral", N_("Referral"))
    closing_note: str = F.longtext(N_("Closing note"))

    def title(self) -> str:
        first = self.threat_summary.strip().splitlines()[0] if self.threat_summary.strip() else ""
        return first[:80] or self.label()

    @property
    def decided(self) -> bool:
        return self.status in DECISIONS or (
            self.status not in BEFORE_DECISION and self.decision_date is not None
        )

    def days_to_decision(self, today: date) -> int | None:
        if self.received_at is None:
            return None
        end = self.decision_date or today
        return (end - self.received_at).days

    def rules(self, ctx: RuleContext) -> Iterator[FieldError]:
        if self.received_at and self.received_at > ctx.today:
            yield self.error("received_at", _("The date cannot be in the future."))
        if self.status in DECISIONS:
            if not self.assessment_id and not self.waiver.strip():
                yield self.error(
                    "assessment_id",
                    _("A decision needs a threat assessment or a written waiver."),
                )
            if self.decision_date is None:
                yield self.error("decision_date", _("Enter the date of the decision."))
        if self.status == RequestStatus.DECLINED and not self.decision_reason.strip():
            yield self.error("decision_reason", _("A decline needs a reason."))
        if self.status == RequestStatus.REFERRED and not self.referral_id:
            yield self.error("referral_id", _("A referred request needs its referral."))
        if self.decision_date and self.received_at and self.decision_date < self.received_at:
            yield self.error("decision_date", _("The decision cannot come before the request."))
        if self.decision_date and self.decision_date > ctx.today:
            yield self.error("decision_date", _("The date cannot be in the future."))
        if self.assessment_id:
            assessment = ctx.get("assessment", self.assessment_id)
            if assessment is not None and assessment.defender_id != self.defender_id:
                yield self.error("assessment_id", _("The assessment is about another defender."))

    def target_days(self, ctx: RuleContext) -> int:
        priority = self.priority or Priority.NORMAL
        return int(
            ctx.setting(f"decision_target_days_{priority.value}", DEFAULT_TARGET_DAYS[priority])
        )
