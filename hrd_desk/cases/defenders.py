"""Defender: a person, organisation, group, community or family at risk (spec §1)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import date

from hrd_desk.cases import fields as F
from hrd_desk.cases.errors import FieldError
from hrd_desk.cases.record import Record, RuleContext
from hrd_desk.cases.vocab import Vocab
from hrd_desk.i18n import N_, _


class DefenderKind(Vocab):
    INDIVIDUAL = "individual", N_("Individual")
    ORGANISATION = "organisation", N_("Organisation")
    GROUP = "group", N_("Group")
    COMMUNITY = "community", N_("Community")
    FAMILY = "family", N_("Family")


class HrdCategory(Vocab):
    JOURNALIST = "journalist", N_("Journalist / media")
    LAWYER = "lawyer_judge", N_("Lawyer / judge")
    TRADE_UNIONIST = "trade_unionist", N_("Trade unionist / labour")
    LAND_ENVIRONMENT = "land_environment", N_("Land / environmental")
    INDIGENOUS = "indigenous_rights", N_("Indigenous rights")
    WOMAN_HRD = "woman_hrd", N_("Woman HRD")
    LGBTI = "lgbti", N_("LGBTI+")
    STUDENT = "student", N_("Student")
    RELIGIOUS_LEADER = "religious_leader", N_("Religious leader")
    NGO_STAFF = "ngo_staff", N_("NGO staff")
    COMMUNITY_LEADER = "community_leader", N_("Community / social-movement leader")
    WITNESS = "witness", N_("Witness")
    HEALTH = "health_professional", N_("Health professional")
    HUMANITARIAN = "humanitarian", N_("Humanitarian")
    BLOGGER = "blogger_online", N_("Blogger / online activist")
    NHRI = "nhri_civil_servant", N_("NHRI / civil servant")
    DISABILITY = "disability_rights", N_("Disability rights")
    OTHER = "other", N_("Other")


class Gender(Vocab):
    MAN = "man", N_("Man")
    WOMAN = "woman", N_("Woman")
    NON_BINARY = "non_binary", N_("Non-binary")
    PREFER_NOT = "prefer_not_to_say", N_("Prefer not to say")
    UNKNOWN = "unknown", N_("Unknown")


class RegistrationStatus(Vocab):
    REGISTERED = "registered", N_("Registered")
    UNREGISTERED = "unregistered", N_("Unregistered")
    DEREGISTERED = "deregistered", N_("De-registered")
    IN_EXILE = "in_exile", N_("In exile")


class DefenderStatus(Vocab):
    AT_LIBERTY = "at_liberty", N_("At liberty")
    THREATENED = "threatened", N_("Threatened")
    DETAINED = "detained", N_("Detained")
    IN_HIDING = "in_hiding", N_("In hiding")
    RELOCATED = "relocated", N_("Relocated")
    EXILED = "exiled", N_("Exiled")
    DISAPPEARED = "disappeared", N_("Disappeared")
    DECEASED = "deceased", N_("Deceased")


COLLECTIVE_KINDS = frozenset(
    {DefenderKind.ORGANISATION, DefenderKind.GROUP, DefenderKind.COMMUNITY, DefenderKind.FAMILY}
)


@dataclasses.dataclass(kw_only=True)
class Defender(Record):
    KIND = "defender"
    TABLE = "defenders"
    JSON_KEY = "defenders"
    KIND_CODE = 1
    LABEL = N_("Defender")
    LABEL_PLURAL = N_("Defenders")
    DEFENDER_FIELD = None
    SORTABLE = ("pseudonym", "kind", "current_status", "country", "current_risk", "updated_at")

    kind: DefenderKind | None = F.choice(
        DefenderKind, N_("Kind"), required=True, default=DefenderKind.INDIVIDUAL
    )
    pseudonym: str = F.text(N_("Pseudonym"), required=True, max_length=120, searchable=True)
    full_name: str = F.text(N_("Full name"), identifying=True, searchable=True)
    aliases: str = F.text(N_("Aliases"), identifying=True, searchable=True)
    contacts: str = F.longtext(
        N_("Contacts (secure channels)"),
        identifying=True,
        help=N_("Signal number, secure e-mail, a trusted intermediary... One per line."),
    )
    identity_documents: str = F.longtext(N_("Identity documents"), identifying=True)
    hrd_categories: list[HrdCategory] = F.choices(
        HrdCategory, N_("Categories of rights work"), required=True
    )
    category_other: str = F.text(N_("Other category"), searchable=True)
    gender: Gender | None = F.choice(Gender, N_("Gender"))
    sogi: str = F.text(
        N_("Sexual orientation and gender identity"),
        sensitive=True,
        help=N_("Only if needed for the protection response."),
    )
    country: str = F.country(N_("Country"), required=True)
    region: str = F.text(N_("Region (coarse place)"), searchable=True)
    locality: str = F.text(N_("Exact locality"), identifying=True, searchable=True)
    remote: bool | None = F.boolean(N_("Remote (far from support networks)"))
    registration_status: RegistrationStatus | None = F.choice(
        RegistrationStatus, N_("Registration status")
    )
    members: int | None = F.integer(N_("Number of members"), minimum=2, maximum=1_000_000)
    dependants: int | None = F.integer(N_("Dependants"), minimum=0, maximum=100)
    current_status: DefenderStatus | None = F.choice(
        DefenderStatus, N_("Current status"), required=True, default=DefenderStatus.THREATENED
    )
    notes: str = F.longtext(N_("Notes"))

    def title(self) -> str:
        return self.pseudonym

    def rules(self, ctx: RuleContext) -> Iterator[FieldError]:
        if (
            self.full_name.strip()
            and self.pseudonym.strip().casefold() == self.full_name.strip().casefold()
        ):
            yield self.error(
                "pseudonym",
                _("The pseudonym must differ from the full name, or it protects no one."),
            )
        if HrdCategory.OTHER in self.hrd_categories and not self.category_other.strip():
            yield self.error("category_other", _("Say which other category."))
        if self.members is not None and self.kind not in COLLECTIVE_KINDS:
            yield self.error(
                "members", _("Only an organisation, group, community or family has members.")
            )
        if self.retention_review_date is None:
            yield self.error(
                "retention_review_date",
                _("Set a date to review whether this file must still be kept."),
            )
        elif self.created_at is None and self.retention_review_date <= ctx.today:
            yield self.error("retention_review_date", _("The review date must be in the future."))

    def warnings(self, ctx: RuleContext) -> Iterator[FieldError]:
        if self.retention_review_date and self.retention_review_date < ctx.today:
            yield self.error(
                "retention_review_date", _("The retention review is overdue: keep or purge.")
            )


def default_retention(today: date) -> date:
    """Two years after today: the usual review period for protection files [design]."""
    try:
        return today.replace(year=today.year + 2)
    except ValueError:  # 29 February
        return today.replace(year=today.year + 2, day=28)
