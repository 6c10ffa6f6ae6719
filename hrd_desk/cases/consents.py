"""Consent (spec §9): what the defender agreed to, recorded before anything is shared."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import date

from hrd_desk.cases import fields as F
from hrd_desk.cases.errors import FieldError
from hrd_desk.cases.record import Record, RuleContext
from hrd_desk.cases.vocab import ReferralTarget, Vocab
from hrd_desk.formats import date_in_text
from hrd_desk.i18n import N_, _, join_list


class ConsentMethod(Vocab):
    WRITTEN = "written", N_("Written")
    ORAL_RECORDED = "oral_recorded", N_("Oral, recorded")
    ORAL_NOTED = "oral_noted", N_("Oral, noted")


class InformedOf(Vocab):
    """What the defender must have been told; all are required (spec §9)."""

    WHO_WE_ARE = "who_we_are", N_("Who we are")
    PURPOSE = "purpose", N_("The purpose")
    WHO_WILL_SEE = "who_will_see", N_("Who will see it")
    STORAGE = "storage", N_("How it is stored")
    USES = "uses", N_("How it will be used")
    RISKS = "risks", N_("The risks")
    RIGHT_TO_WITHDRAW = "right_to_withdraw", N_("The right to withdraw")


class ConsentScope(Vocab):
    STORE = "store", N_("Store the information")
    SUMMARIES_HQ = "summaries_hq", N_("Include in summaries to headquarters")
    SHARE_PARTNERS = "share_partners", N_("Share with named partners or funders")
    AUTHORITIES = "raise_with_authorities", N_("Raise with authorities")
    PUBLIC_NAMING = "public_naming", N_("Public naming")
    PHOTOS = "photos_recordings", N_("Photos and recordings")
    CONTACT_FAMILY = "contact_family", N_("Contact family")


class Anonymity(Vocab):
    FULL_NAME = "full_name", N_("Full name may be used")
    PSEUDONYM = "pseudonym", N_("Pseudonym only")
    NO_DETAILS = "no_identifying_details", N_("No identifying details")


@dataclasses.dataclass(kw_only=True)
class Consent(Record):
    KIND = "consent"
    TABLE = "consents"
    JSON_KEY = "consents"
    KIND_CODE = 2
    LABEL = N_("Consent")
    LABEL_PLURAL = N_("Consents")
    SORTABLE = ("date",)

    defender_id: str | None = F.ref("defender", N_("Defender"), required=True)
    date: date | None = F.date_field(N_("Date"), required=True)
    obtained_by: str = F.text(N_("Obtained by"), required=True)
    method: ConsentMethod | None = F.choice(ConsentMethod, N_("Method"), required=True)
    language: str = F.text(N_("Language"))
    interpreter: str = F.text(N_("Interpreter"))
    informed_of: list[InformedOf] = F.choices(InformedOf, N_("Informed of"), required=True)
    scopes: list[ConsentScope] = F.choices(ConsentScope, N_("Agreed to"))
    partners: list[ReferralTarget] = F.choices(ReferralTarget, N_("Named partners or funders"))
    partners_note: str = F.text(N_("Partners named by the defender"), searchable=True)
    anonymity: Anonymity | None = F.choice(
        Anonymity, N_("Anonymity"), required=True, default=Anonymity.PSEUDONYM
    )
    review_date: date | None = F.date_field(N_("Review date"))
    withdrawn_at: date | None = F.date_field(N_("Withdrawn on"))
    notes: str = F.longtext(N_("Notes"))

    def title(self) -> str:
        return _("Consent of {date}").format(date=date_in_text(self.date))

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    def allows(self, scope: ConsentScope) -> bool:
        return not self.withdrawn and scope in self.scopes

    def rules(self, ctx: RuleContext) -> Iterator[FieldError]:
        missing = [i for i in InformedOf if i not in self.informed_of]
        if missing:
            yield self.error(
                "informed_of",
                _("The defender must be informed of everything listed; missing: {items}.").format(
                    items=join_list(i.label for i in missing)
                ),
            )
        if ConsentScope.SHARE_PARTNERS in self.scopes and not self.partners:
            yield self.error("partners", _("Name the partners or funders the defender agreed to."))
        if self.partners and ConsentScope.SHARE_PARTNERS not in self.scopes:
            yield self.error(
                "partners", _("Partners are named but sharing with partners was not agreed.")
            )
        if ReferralTarget.OTHER in self.partners and not self.partners_note.strip():
            yield self.error("partners_note", _("Say which other partner."))
        if self.date and self.date > ctx.today:
            yield self.error("date", _("The date cannot be in the future."))
        if self.date and self.review_date and self.review_date <= self.date:
            yield self.error("review_date", _("The review date must be after the consent date."))
        if self.date and self.withdrawn_at and self.withdrawn_at < self.date:
            yield self.error("withdrawn_at", _("Consent cannot be withdrawn before it was given."))
        old = ctx.old
        if isinstance(old, Consent) and old.withdrawn and not self.withdrawn:
            yield self.error(
                "withdrawn_at", _("A withdrawal cannot be undone; record a new consent instead.")
            )

    def warnings(self, ctx: RuleContext) -> Iterator[FieldError]:
        if self.review_date and self.review_date < ctx.today and not self.withdrawn:
            yield self.error("review_date", _("The consent is due for review with the defender."))
