"""Prison visits (spec §6), after the APT's detention-monitoring guidance and the Nelson Mandela
Rules: access, the conditions checklist, allegations of ill-treatment, the detainee's wishes and
follow-ups.

Two findings raise alerts, on save (as warnings) and on the dashboard and in PDFs (through
:func:`visit_alerts` and :func:`open_alerts`): solitary confinement over 15 days, which rules 43
and 44 prohibit as prolonged, and a denied visit.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from hrd_desk.cases import fields as F
from hrd_desk.cases.errors import FieldError
from hrd_desk.cases.record import Record, RuleContext
from hrd_desk.cases.vocab import Vocab
from hrd_desk.crypto.sqlerrors import storage_errors
from hrd_desk.formats import date_in_text
from hrd_desk.i18n import N_, NP_, _, ngettext

#: Nelson Mandela Rules, rule 44: solitary confinement for more than 15 consecutive days is
#: prolonged; rule 43(1)(b) prohibits it.
SOLITARY_LIMIT_DAYS = 15


class VisitType(Vocab):
    DETAINEE = "detainee", N_("Visit to a detainee")
    FAMILY = "family", N_("Visit with the family")
    FACILITY = "facility", N_("Visit to a facility")


class Access(Vocab):
    FULL = "full", N_("Full")
    PARTIAL = "partial", N_("Partial")
    DENIED = "denied", N_("Denied")


class FacilityType(Vocab):
    PRISON = "prison", N_("Prison")
    PRE_TRIAL = "pre_trial_detention", N_("Pre-trial detention centre")
    POLICE = "police_station", N_("Police station")
    INTELLIGENCE = "intelligence_facility", N_("Intelligence or security facility")
    MILITARY = "military_facility", N_("Military facility")
    IMMIGRATION = "immigration_detention", N_("Immigration detention")
    PSYCHIATRIC = "psychiatric_institution", N_("Psychiatric institution")
    UNOFFICIAL = "unofficial", N_("Unofficial place of detention")
    OTHER = "other", N_("Other")


class LegalStatus(Vocab):
    AWAITING_TRIAL = "awaiting_trial", N_("Awaiting trial")
    SENTENCED = "sentenced", N_("Sentenced")
    ADMINISTRATIVE = "administrative", N_("Administrative detention")
    OTHER = "other", N_("Other")


class ConditionItem(Vocab):
    """The conditions checklist (spec §6); each line takes an answer, a note and, for solitary
    confinement, the number of days."""

    SOLITARY = "solitary_confinement", N_("Solitary confinement (days)")
    CELL = "cell_size_occupancy", N_("Cell size and occupancy")
    FOOD_WATER_HYGIENE = "food_water_hygiene", N_("Food, water and hygiene")
    OUTDOORS = "hour_outdoors", N_("At least one hour outdoors a day")
    HEALTH = "health_care", N_("Health and medical attention")
    INJURIES = "visible_injuries", N_("Visible injuries")
    FAMILY = "family_contact", N_("Family contact")
    LAWYER = "lawyer_in_private", N_("Lawyer access in private")
    COMPLAINTS = "complaints_possible", N_("Complaints possible")
    REPRISALS = "fear_of_reprisals", N_("Fear of reprisals")


class ConditionAnswer(Vocab):
    YES = "yes", N_("Yes")
    NO = "no", N_("No")
    PARTLY = "partly", N_("Partly")
    NOT_OBSERVED = "not_observed", N_("Not observed")
    N_A = "n_a", N_("Not applicable")


class ComplaintStatus(Vocab):
    NONE = "none", N_("No complaint")
    PLANNED = "planned", N_("Planned")
    FILED = "filed", N_("Filed")
    INVESTIGATED = "under_investigation", N_("Under investigation")
    REJECTED = "rejected", N_("Rejected")
    CLOSED = "closed", N_("Closed")


class PassOnConsent(Vocab):
    YES = "yes", N_("Yes, it may be passed on")
    ANONYMOUSLY = "anonymously", N_("Only without identifying the detainee")
    NO = "no", N_("No")


class Extent(Vocab):
    ISOLATED = "isolated", N_("Isolated")
    PATTERN = "pattern", NP_("isolated or pattern", "Part of a pattern")
    UNKNOWN = "unknown", N_("Unknown")


class VisitStatus(Vocab):
    PLANNED = "planned", N_("Planned")
    REQUESTED = "requested", N_("Requested")
    GRANTED = "granted", N_("Granted")
    DENIED = "denied", N_("Denied")
    CONDUCTED = "conducted", N_("Conducted")
    REPORTED = "reported", NP_("prison visit status", "Reported")
    FOLLOW_UP = "follow_up", N_("Follow-up")


_S = VisitStatus
#: The visit took place (what was seen is on record).
HELD_STATES = frozenset({_S.CONDUCTED, _S.REPORTED, _S.FOLLOW_UP})
#: The visit is behind us: held or refused (alerts look at the latest of these).
SETTLED_STATES = HELD_STATES | {_S.DENIED}
#: Not yet held: the visit date is an appointment.
UPCOMING_STATES = frozenset({_S.PLANNED, _S.REQUESTED, _S.GRANTED})


@dataclasses.dataclass
class Allegation:
    """An allegation of torture or ill-treatment told during the visit."""

    what: str = F.longtext(N_("What happened"), required=True)
    when: date | None = F.date_field(N_("When"))
    when_note: str = F.text(N_("When (as told)"))
    where: str = F.text(N_("Where"), searchable=True)
    officials: str = F.text(N_("Officials involved"), searchable=True)
    witnesses: str = F.text(N_("Witnesses"), identifying=True)
    evidence: str = F.longtext(N_("Evidence"))
    told: str = F.longtext(N_("Who has been told"))
    complaint_status: ComplaintStatus | None = F.choice(ComplaintStatus, N_("Complaint"))
    consent_to_pass_on: PassOnConsent | None = F.choice(
        PassOnConsent, N_("Consent to pass it on"), required=True
    )
    extent: Extent | None = F.choice(Extent, N_("Isolated or pattern"), default=Extent.UNKNOWN)

    def item_rules(self, ctx: RuleContext | None) -> Iterator[FieldError]:
        if ctx is not None and self.when and self.when > ctx.today:
            yield FieldError("when", _("The date cannot be in the future."), _("When"))


@dataclasses.dataclass
class FollowUp:
    action: str = F.text(N_("Action"), required=True, searchable=True)
    responsible: str = F.text(N_("Responsible"))
    due: date | None = F.date_field(N_("Due"))
    done: bool | None = F.boolean(N_("Done"))


@dataclasses.dataclass(kw_only=True)
class PrisonVisit(Record):
    KIND = "prison_visit"
    TABLE = "prison_visits"
    JSON_KEY = "prison_visits"
    KIND_CODE = 9
    LABEL = N_("Prison visit")
    LABEL_PLURAL = N_("Prison visits")
    STATUS_FIELD = "status"
    TRANSITIONS = {
        _S.PLANNED.value: frozenset({_S.REQUESTED.value}),
        _S.REQUESTED.value: frozenset({_S.GRANTED.value, _S.DENIED.value}),
        _S.GRANTED.value: frozenset({_S.CONDUCTED.value, _S.DENIED.value}),
        _S.DENIED.value: frozenset({_S.REQUESTED.value}),
        _S.CONDUCTED.value: frozenset({_S.REPORTED.value}),
        _S.REPORTED.value: frozenset({_S.FOLLOW_UP.value}),
        _S.FOLLOW_UP.value: frozenset(),
    }
    SORTABLE = ("visit_date", "status", "visit_type", "next_visit", "facility_name")

    defender_id: str | None = F.ref("defender", N_("Defender"), required=True)
    visit_type: VisitType | None = F.choice(
        VisitType, N_("Type of visit"), required=True, default=VisitType.DETAINEE
    )
    visit_date: date | None = F.date_field(N_("Date of the visit"), required=True)
    status: VisitStatus | None = F.choice(
        VisitStatus, N_("Status"), required=True, default=VisitStatus.PLANNED
    )
    team: str = F.text(N_("Team"), searchable=True)
    coordinated_with: str = F.text(N_("Coordinated with"), searchable=True)
    access_requested: date | None = F.date_field(N_("Access requested on"))
    access: Access | None = F.choice(Access, N_("Access"))
    access_reason: str = F.longtext(N_("Reason access was limited or denied"))
    private_interview: bool | None = F.boolean(N_("Private interview"), default=None)
    facility_name: str = F.text(N_("Facility"), searchable=True)
    facility_type: FacilityType | None = F.choice(FacilityType, N_("Type of facility"))
    facility_authority: str = F.text(N_("Authority in charge"), searchable=True)
    legal_status: LegalStatus | None = F.choice(LegalStatus, N_("Legal status"))
    legal_status_other: str = F.text(N_("Other legal status"))
    whereabouts_acknowledged: bool | None = F.boolean(
        N_("Whereabouts acknowledged by the authorities"), default=None
    )
    arrest_date: date | None = F.date_field(N_("Arrested on"))
    charges: str = F.longtext(N_("Charges"))
    conditions: dict[ConditionItem, F.ChecklistAnswer] = F.checklist(
        ConditionItem,
        ConditionAnswer,
        N_("Conditions of detention"),
        searchable=True,
        # solitary confinement carries its number of days (ChecklistAnswer.value)
        numeric_items=frozenset({ConditionItem.SOLITARY.value}),
    )
    allegations: list[Allegation] = F.items(Allegation, N_("Allegations of ill-treatment"))
    detainee_wishes: str = F.longtext(
        N_("The detainee's wishes"),
        help=N_("What may be shared, with whom, and what must not be raised."),
    )
    findings: str = F.longtext(N_("Findings (report)"))
    follow_ups: list[FollowUp] = F.items(FollowUp, N_("Follow-ups"))
    next_visit: date | None = F.date_field(N_("Next visit"))
    notes: str = F.longtext(N_("Notes"))

    def title(self) -> str:
        day = date_in_text(self.visit_date)
        return _("Prison visit of {date}").format(date=day)

    @property
    def solitary_days(self) -> int | None:
        line = self.conditions.get(ConditionItem.SOLITARY)
        if line is None or line.answer == ConditionAnswer.NO:
            return None
        return line.value

    @property
    def denied(self) -> bool:
        return self.status == VisitStatus.DENIED or self.access == Access.DENIED

    def rules(self, ctx: RuleContext) -> Iterator[FieldError]:
        status = self.status
        if self.next_visit and self.visit_date and self.next_visit <= self.visit_date:
            yield self.error("next_visit", _("The next visit must be after this visit."))
        if (self.access in (Access.PARTIAL, Access.DENIED) or status == _S.DENIED) and (
            not self.access_reason.strip()
        ):
            yield self.error("access_reason", _("Say why access was limited or denied."))
        if status in HELD_STATES:
            if self.visit_date and self.visit_date > ctx.today:
                yield self.error("visit_date", _("A visit in the future cannot have been held."))
            if self.access is None:
                yield self.error("access", _("Say what access the team had."))
            elif self.access == Access.DENIED:
                yield self.error(
                    "access", _("With access denied the visit was not held: mark it denied.")
                )
        if status == _S.DENIED and self.access not in (None, Access.DENIED):
            yield self.error("access", _("The visit was denied: access is “denied”."))
        if self.legal_status == LegalStatus.OTHER and not self.legal_status_other.strip():
            yield self.error("legal_status_other", _("Say which legal status."))
        if self.visit_type == VisitType.FACILITY and not self.facility_name.strip():
            yield self.error("facility_name", _("Name the facility visited."))
        if self.arrest_date:
            if self.arrest_date > ctx.today:
                yield self.error("arrest_date", _("The date cannot be in the future."))
            elif self.visit_date and self.arrest_date > self.visit_date:
                yield self.error("arrest_date", _("The arrest cannot be after the visit."))
        if self.access_requested and self.access_requested > ctx.today:
            yield self.error("access_requested", _("The date cannot be in the future."))
        line = self.conditions.get(ConditionItem.SOLITARY)
        if line is not None and line.value is not None:
            if line.value < 0 or line.value > 36_500:
                yield self.error(
                    f"conditions[{ConditionItem.SOLITARY.value}]",
                    _("Enter the number of days (0 or more)."),
                )
            elif line.answer == ConditionAnswer.NO and line.value > 0:
                yield self.error(
                    f"conditions[{ConditionItem.SOLITARY.value}]",
                    _("No solitary confinement was reported, yet days are entered."),
                )

    def transition_rules(self, old_status: str, ctx: RuleContext) -> Iterator[FieldError]:
        if self.status == _S.REQUESTED.value and self.access_requested is None:
            yield self.error("access_requested", _("Enter the date access was requested."))
        if self.status == _S.REPORTED.value and not self.findings.strip():
            yield self.error("findings", _("Write the findings before marking it reported."))
        if self.status == _S.FOLLOW_UP.value and not self.follow_ups:
            yield self.error("follow_ups", _("List the follow-up actions."))

    def warnings(self, ctx: RuleContext) -> Iterator[FieldError]:
        for alert in visit_alerts(self):
            yield self.error(alert.field, alert.message)
        line = self.conditions.get(ConditionItem.SOLITARY)
        if line is not None and line.answer == ConditionAnswer.YES and line.value is None:
            yield self.error(
                f"conditions[{ConditionItem.SOLITARY.value}]",
                _("How many days of solitary confinement? Over 15 is prohibited."),
            )
        if self.allegations and self.status in HELD_STATES:
            refused = [a for a in self.allegations if a.consent_to_pass_on == PassOnConsent.NO]
            if refused:
                yield self.error(
                    "allegations",
                    ngettext(
                        "The detainee did not agree to pass on {n} allegation: keep it here.",
                        "The detainee did not agree to pass on {n} allegations: keep them here.",
                        len(refused),
                    ).format(n=len(refused)),
                )


# -- alerts -----------------------------------------------------------------------------------
class AlertKind(Vocab):
    PROLONGED_SOLITARY = "prolonged_solitary", N_("Prolonged solitary confinement")
    VISIT_DENIED = "visit_denied", N_("Visit denied")


@dataclass(frozen=True)
class Alert:
    kind: AlertKind
    record_id: str
    defender_id: str | None
    date: date | None
    #: the field the alert is about (for forms)
    field: str
    #: translated when the alert was made
    message: str
    pseudonym: str = ""
    days: int | None = None

    @property
    def label(self) -> str:
        return self.kind.label


def _solitary_message(days: int) -> str:
    return ngettext(
        "Solitary confinement for {days} day: more than 15 days is prolonged solitary "
        "confinement, prohibited by the Nelson Mandela Rules (rules 43 and 44).",
        "Solitary confinement for {days} days: more than 15 days is prolonged solitary "
        "confinement, prohibited by the Nelson Mandela Rules (rules 43 and 44).",
        days,
    ).format(days=days)


def _denied_message() -> str:
    return _("The visit was denied: access to the detainee was refused.")


def visit_alerts(visit: PrisonVisit, pseudonym: str = "") -> list[Alert]:
    """The alerts one visit raises (for its form and for PDFs), translated now."""
    out = []
    days = visit.solitary_days
    if days is not None and days > SOLITARY_LIMIT_DAYS:
        out.append(
            Alert(
                AlertKind.PROLONGED_SOLITARY,
                visit.id,
                visit.defender_id,
                visit.visit_date,
                f"conditions[{ConditionItem.SOLITARY.value}]",
                _solitary_message(days),
                pseudonym,
                days,
            )
        )
    if visit.denied:
        field = "status" if visit.status == VisitStatus.DENIED else "access"
        out.append(
            Alert(
                AlertKind.VISIT_DENIED,
                visit.id,
                visit.defender_id,
                visit.visit_date,
                field,
                _denied_message(),
                pseudonym,
            )
        )
    return out


def open_alerts(store, *, defender_id: str | None = None, limit: int = 500) -> list[Alert]:
    """Alerts standing now, for the dashboard: from each defender's latest visit that was held
    or denied (a later visit that found things changed clears them). Computed in SQL."""
    settled = sorted(s.value for s in SETTLED_STATES)
    marks = ",".join("?" * len(settled))
    where = ""
    params: list[object] = [*settled, *settled]
    if defender_id is not None:
        where = " AND v.defender_id = ?"
        params.append(defender_id)
    sql = f"""
        SELECT v.id, v.defender_id, v.visit_date, v.status, v.access, v.solitary_days,
               v.solitary_answer, d.pseudonym
        FROM prison_visits v
        JOIN defenders d ON d.id = v.defender_id AND d.deleted_at IS NULL
        WHERE v.deleted_at IS NULL AND v.status IN ({marks})
          AND NOT EXISTS (
              SELECT 1 FROM prison_visits w
              WHERE w.defender_id = v.defender_id AND w.deleted_at IS NULL
                AND w.status IN ({marks})
                AND (w.visit_date > v.visit_date
                     OR (w.visit_date = v.visit_date AND w.rid > v.rid)))
          AND ((v.solitary_days > {SOLITARY_LIMIT_DAYS} AND v.solitary_answer IS NOT 'no')
               OR v.status = 'denied' OR v.access = 'denied'){where}
        ORDER BY v.visit_date DESC, v.rid DESC
        LIMIT ?"""
    params.append(limit)
    with storage_errors():
        rows = store.conn.execute(sql, params).fetchall()
    out: list[Alert] = []
    for vid, did, day, status, access, days, answer, pseudonym in rows:
        visit_day = date.fromisoformat(day) if day else None
        if days is not None and days > SOLITARY_LIMIT_DAYS and answer != "no":
            out.append(
                Alert(
                    AlertKind.PROLONGED_SOLITARY,
                    vid,
                    did,
                    visit_day,
                    f"conditions[{ConditionItem.SOLITARY.value}]",
                    _solitary_message(int(days)),
                    pseudonym or "",
                    int(days),
                )
            )
        if status == VisitStatus.DENIED.value or access == Access.DENIED.value:
            field = "status" if status == VisitStatus.DENIED.value else "access"
            out.append(
                Alert(
                    AlertKind.VISIT_DENIED,
                    vid,
                    did,
                    visit_day,
                    field,
                    _denied_message(),
                    pseudonym or "",
                )
            )
    return out
