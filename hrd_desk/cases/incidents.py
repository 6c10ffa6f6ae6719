"""Incident (spec §3): the incident book, after HURIDOCS' events format."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import date

from hrd_desk.cases import fields as F
from hrd_desk.cases.errors import FieldError
from hrd_desk.cases.record import Record, RuleContext
from hrd_desk.cases.vocab import PerpetratorType, Vocab
from hrd_desk.formats import date_in_text
from hrd_desk.i18n import N_, NP_, _


class IncidentType(Vocab):
    KILLING = "killing", N_("Killing")
    PHYSICAL_ATTACK = "physical_attack", N_("Physical attack")
    DEATH_THREAT = "death_threat", N_("Death threat")
    THREAT = "threat_intimidation", N_("Other threat or intimidation")
    ARREST = "arrest_detention", N_("Arrest / detention")
    JUDICIAL_HARASSMENT = "judicial_harassment", N_("Judicial harassment")
    DISAPPEARANCE = "abduction_disappearance", N_("Abduction / disappearance")
    TORTURE = "torture_ill_treatment", N_("Torture or ill-treatment")
    SEXUAL_VIOLENCE = "sexual_violence", N_("Sexual violence")
    SURVEILLANCE_PHYSICAL = "surveillance_physical", N_("Surveillance (physical)")
    SURVEILLANCE_DIGITAL = "surveillance_digital", N_("Surveillance (digital)")
    RAID = "raid_search", N_("Raid or search")
    PROPERTY = "property", N_("Confiscation or destruction of property")
    SMEAR = "smear", N_("Smear / stigmatisation")
    TRAVEL_BAN = "travel_ban", N_("Travel ban")
    ADMINISTRATIVE = "administrative_measures", N_("Administrative measures")
    BLACKMAIL = "blackmail", N_("Blackmail")
    FAMILY = "attack_on_family", N_("Attack on family")
    LIVELIHOOD = "loss_of_livelihood", N_("Loss of livelihood")
    ONLINE = "online_harassment", N_("Online harassment or hacking")
    OTHER = "other", N_("Other")


class DatePrecision(Vocab):
    EXACT = "exact", N_("Exact")
    MONTH = "month", N_("Month")
    YEAR = "year", N_("Year")
    APPROXIMATE = "approximate", N_("Approximate")


class LocationType(Vocab):
    HOME = "home", N_("Home")
    NGO_OFFICE = "ngo_office", N_("NGO office")
    POLICE_STATION = "police_station", N_("Police station")
    PRISON = "prison", N_("Prison")
    INTELLIGENCE = "intelligence_facility", N_("Intelligence facility")
    COURT = "court", N_("Court")
    ROAD = "road", N_("Road")
    BORDER = "border_crossing", N_("Border crossing")
    ONLINE = "online", N_("Online")
    OTHER = "other", N_("Other")


class Involvement(Vocab):
    CARRIED_OUT = "carried_out", N_("Carried out")
    ORDERED = "ordered", N_("Ordered")
    SUSPECTED = "suspected", N_("Suspected")
    FAILURE_TO_PROTECT = "failure_to_protect", N_("Failure to protect")


class MeansOfThreat(Vocab):
    IN_PERSON = "in_person", N_("In person")
    PHONE = "phone", N_("Phone")
    MESSAGE_APP = "message_app", N_("Message app")
    SOCIAL_MEDIA = "social_media", N_("Social media")
    LETTER = "letter", N_("Letter")
    THIRD_PARTY = "via_third_party", N_("Via a third party")
    SYMBOL = "symbol", N_("Symbol")


class Verification(Vocab):
    CONFIRMED = "confirmed", N_("Confirmed")
    LIKELY = "likely", N_("Likely")
    POSSIBLE = "possible", N_("Possible")
    UNLIKELY = "unlikely", N_("Unlikely")
    UNKNOWN = "unknown", N_("Unknown")


class IncidentStatus(Vocab):
    LOGGED = "logged", N_("Logged")
    EVALUATED = "evaluated", N_("Evaluated")
    LINKED = "linked", N_("Linked to an assessment")
    ACTION = "action", NP_("incident status", "Action taken")
    NO_ACTION = "no_action", N_("No action")
    CLOSED = "closed", N_("Closed")


_S = IncidentStatus


@dataclasses.dataclass(kw_only=True)
class Incident(Record):
    KIND = "incident"
    TABLE = "incidents"
    JSON_KEY = "incidents"
    KIND_CODE = 6
    LABEL = N_("Incident")
    LABEL_PLURAL = N_("Incidents")
    STATUS_FIELD = "status"
    TRANSITIONS = {
        _S.LOGGED.value: frozenset({_S.EVALUATED.value, _S.CLOSED.value}),
        _S.EVALUATED.value: frozenset(
            {_S.LINKED.value, _S.ACTION.value, _S.NO_ACTION.value, _S.CLOSED.value}
        ),
        _S.LINKED.value: frozenset({_S.ACTION.value, _S.NO_ACTION.value, _S.CLOSED.value}),
        _S.ACTION.value: frozenset({_S.CLOSED.value}),
        _S.NO_ACTION.value: frozenset({_S.CLOSED.value}),
        _S.CLOSED.value: frozenset(),
    }
    SORTABLE = ("start", "type", "status", "verification")

    defender_id: str | None = F.ref("defender", N_("Defender"), required=True)
    type: IncidentType | None = F.choice(IncidentType, N_("Type"), required=True)
    type_other: str = F.text(N_("Other type"), searchable=True)
    start: date | None = F.date_field(N_("Date (start)"), required=True)
    end: date | None = F.date_field(N_("End"))
    date_precision: DatePrecision | None = F.choice(
        DatePrecision, N_("Date precision"), default=DatePrecision.EXACT
    )
    location_type: LocationType | None = F.choice(LocationType, N_("Place"))
    location: str = F.text(N_("Location"), identifying=True, searchable=True)
    description: str = F.longtext(N_("What happened"), required=True)
    perpetrator_type: PerpetratorType | None = F.choice(
        PerpetratorType, N_("Perpetrator"), required=True, default=PerpetratorType.UNKNOWN
    )
    perpetrator_details: str = F.text(N_("Perpetrator details"), searchable=True)
    involvement: Involvement | None = F.choice(Involvement, N_("Involvement"))
    means_of_threat: list[MeansOfThreat] = F.choices(MeansOfThreat, N_("Means of threat"))
    verification: Verification | None = F.choice(
        Verification, N_("Verification"), required=True, default=Verification.UNKNOWN
    )
    status: IncidentStatus | None = F.choice(
        IncidentStatus, N_("Status"), required=True, default=IncidentStatus.LOGGED
    )
    assessment_id: str | None = F.ref("assessment", N_("Threat assessment"))
    action_taken: str = F.longtext(N_("Action taken"))
    no_action_reason: str = F.longtext(N_("Reason for no action"))

    def title(self) -> str:
        kind = self.type.label if self.type else "?"
        day = date_in_text(self.start)
        return _("{type} ({date})").format(type=kind, date=day)

    def rules(self, ctx: RuleContext) -> Iterator[FieldError]:
        if self.type == IncidentType.OTHER and not self.type_other.strip():
            yield self.error("type_other", _("Say what kind of incident."))
        if self.start and self.end and self.end < self.start:
            yield self.error("end", _("The end cannot be before the start."))
        if self.start and self.start > ctx.today:
            yield self.error("start", _("The date cannot be in the future."))
        if self.status == IncidentStatus.LINKED and not self.assessment_id:
            yield self.error("assessment_id", _("Link the threat assessment."))
        if self.status == IncidentStatus.NO_ACTION and not self.no_action_reason.strip():
            yield self.error("no_action_reason", _("Say why no action is taken."))
        if self.status == IncidentStatus.ACTION and not self.action_taken.strip():
            yield self.error("action_taken", _("Describe the action taken."))
        if self.assessment_id:
            assessment = ctx.get("assessment", self.assessment_id)
            if assessment is not None and assessment.defender_id != self.defender_id:
                yield self.error("assessment_id", _("The assessment is about another defender."))
