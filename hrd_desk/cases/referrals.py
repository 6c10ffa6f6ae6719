"""Referral (spec §8): passing a case to a partner, blocked unless consent covers it."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import date

from hrd_desk.cases import fields as F
from hrd_desk.cases.errors import FieldError
from hrd_desk.cases.record import Record, RuleContext
from hrd_desk.cases.vocab import ReferralTarget, Vocab
from hrd_desk.i18n import N_, _


class SharedField(Vocab):
    """Groups of information a referral may pass on."""

    IDENTITY = "identity", N_("Name and identity")
    CONTACTS = "contacts", N_("Contacts")
    LOCATION = "location", N_("Exact location")
    SITUATION = "situation", N_("Situation and threats")
    INCIDENTS = "incidents", N_("Incidents")
    ASSESSMENT = "assessment", N_("Risk assessment")
    NEEDS = "needs", N_("Needs and budget")


#: Groups that identify the person: need consent to use the full name.
IDENTIFYING_GROUPS = frozenset({SharedField.IDENTITY, SharedField.CONTACTS, SharedField.LOCATION})


class ReferralStatus(Vocab):
    DRAFT = "draft", N_("Draft")
    SENT = "sent", N_("Sent")
    ACKNOWLEDGED = "acknowledged", N_("Acknowledged")
    ACCEPTED = "accepted", N_("Accepted")
    DECLINED = "declined", N_("Declined")
    CLOSED = "closed", N_("Closed")


_S = ReferralStatus


@dataclasses.dataclass(kw_only=True)
class Referral(Record):
    KIND = "referral"
    TABLE = "referrals"
    JSON_KEY = "referrals"
    KIND_CODE = 4
    LABEL = N_("Referral")
    LABEL_PLURAL = N_("Referrals")
    STATUS_FIELD = "status"
    TRANSITIONS = {
        _S.DRAFT.value: frozenset({_S.SENT.value, _S.CLOSED.value}),
        _S.SENT.value: frozenset(
            {_S.ACKNOWLEDGED.value, _S.ACCEPTED.value, _S.DECLINED.value, _S.CLOSED.value}
        ),
        _S.ACKNOWLEDGED.value: frozenset({_S.ACCEPTED.value, _S.DECLINED.value, _S.CLOSED.value}),
        _S.ACCEPTED.value: frozenset({_S.CLOSED.value}),
        _S.DECLINED.value: frozenset({_S.CLOSED.value}),
        _S.CLOSED.value: frozenset(),
    }
    SORTABLE = ("sent_date", "status")

    defender_id: str | None = F.ref("defender", N_("Defender"), required=True)
    request_id: str | None = F.ref("request", N_("Request"))
    to: ReferralTarget | None = F.choice(ReferralTarget, N_("Referred to"), required=True)
    to_other: str = F.text(N_("Other recipient"), searchable=True)
    purpose: str = F.longtext(N_("Purpose"), required=True)
    sent_date: date | None = F.date_field(N_("Sent on"))
    channel: str = F.text(N_("Channel"))
    fields_shared: list[SharedField] = F.choices(
        SharedField, N_("Information shared"), required=True
    )
    consent_id: str | None = F.ref("consent", N_("Consent"), required=True)
    response: str = F.longtext(N_("Response"))
    status: ReferralStatus | None = F.choice(
        ReferralStatus, N_("Status"), required=True, default=ReferralStatus.DRAFT
    )

    def title(self) -> str:
        target = self.to.label if self.to else "?"
        return _("Referral to {recipient}").format(recipient=target)

    def rules(self, ctx: RuleContext) -> Iterator[FieldError]:
        from hrd_desk.cases.sharing import referral_refusals

        if self.to == ReferralTarget.OTHER and not self.to_other.strip():
            yield self.error("to_other", _("Say who the other recipient is."))
        unsent = (ReferralStatus.DRAFT, ReferralStatus.CLOSED, None)
        if self.status not in unsent and self.sent_date is None:
            yield self.error("sent_date", _("Enter the date it was sent."))
        if self.sent_date and self.sent_date > ctx.today:
            yield self.error("sent_date", _("The date cannot be in the future."))
        if self.consent_id and self.to:
            for reason in referral_refusals(self, ctx):
                yield self.error("consent_id", reason)
