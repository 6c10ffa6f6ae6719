"""Trial observation (spec §7): a court case and its hearings, each hearing with the ICCPR
art. 14 fair-trial checklist (after the OHCHR manual, ch. 9, and the CCPR Centre fact sheets).

A hearing links to its case *and* to the defender (validated to match), so everything about a
defender is found by ``defender_id`` like every other record.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from datetime import date

from hrd_desk.cases import fields as F
from hrd_desk.cases.errors import FieldError
from hrd_desk.cases.record import Record, RuleContext
from hrd_desk.cases.vocab import Vocab
from hrd_desk.formats import date_in_text
from hrd_desk.i18n import N_, _


class CourtType(Vocab):
    CIVILIAN = "civilian", N_("Civilian court")
    MILITARY = "military", N_("Military court")
    ADMINISTRATIVE = "administrative", N_("Administrative court")
    OTHER = "other", N_("Other")


class Instance(Vocab):
    FIRST = "first_instance", N_("First instance")
    APPEAL = "appeal", N_("Appeal")
    CASSATION = "cassation", N_("Cassation / supreme court")
    CONSTITUTIONAL = "constitutional", N_("Constitutional court")
    OTHER = "other", N_("Other")


class CounselType(Vocab):
    CHOSEN = "chosen", N_("Chosen by the defendant")
    STATE_APPOINTED = "state_appointed", N_("State-appointed")
    NGO = "ngo", N_("Provided by an NGO")
    NONE = "none", N_("No counsel")


class CaseStage(Vocab):
    INVESTIGATION = "investigation", N_("Investigation")
    PRE_TRIAL = "pre_trial", N_("Pre-trial")
    TRIAL = "trial", N_("Trial")
    VERDICT = "verdict", N_("Verdict")
    APPEAL = "appeal", N_("Appeal")
    CLOSED = "closed", N_("Closed")


class VerdictOutcome(Vocab):
    CONVICTED = "convicted", N_("Convicted")
    PARTLY_CONVICTED = "partly_convicted", N_("Convicted on some charges")
    ACQUITTED = "acquitted", N_("Acquitted")
    DISMISSED = "dismissed", N_("Case dismissed")
    OTHER = "other", N_("Other")


class HearingType(Vocab):
    PRELIMINARY = "preliminary", N_("Preliminary")
    DETENTION_REVIEW = "detention_review", N_("Detention review")
    MERITS = "merits", N_("Merits")
    VERDICT = "verdict", N_("Verdict")
    SENTENCING = "sentencing", N_("Sentencing")
    APPEAL = "appeal", N_("Appeal")


class ObserverAccess(Vocab):
    ADMITTED = "admitted", N_("Admitted")
    RESTRICTED = "restricted", N_("Restricted")
    REFUSED = "refused", N_("Refused")


class ClosedGround(Vocab):
    """Grounds on which ICCPR art. 14(1) allows the press and public to be excluded."""

    MORALS = "morals", N_("Morals")
    PUBLIC_ORDER = "public_order", N_("Public order (ordre public)")
    NATIONAL_SECURITY = "national_security", N_("National security in a democratic society")
    PRIVATE_LIVES = "private_lives", N_("The private lives of the parties")
    INTERESTS_OF_JUSTICE = (
        "interests_of_justice",
        N_("Interests of justice (special circumstances)"),
    )
    #: a finding in itself: the court closed the hearing without stating a ground
    NONE_GIVEN = "none_given", N_("No ground given by the court")


class HearingOutcome(Vocab):
    ADJOURNED = "adjourned", N_("Adjourned")
    CONTINUED = "continued", N_("Continued")
    VERDICT = "verdict", N_("Verdict")


class FairTrialItem(Vocab):
    """ICCPR art. 14 (and the pre-trial guarantees of art. 9), phrased so that "no" is a concern."""

    EQUALITY_OF_ARMS = "equality_of_arms", N_("Equality of arms")
    TRIBUNAL = "tribunal", N_("Competent, independent and impartial tribunal")
    PUBLIC = "public_hearing", N_("Public hearing and public judgment")
    PRESUMPTION = "presumption_of_innocence", N_("Presumption of innocence")
    CHARGE_EXPLAINED = (
        "charge_explained",
        N_("Charge explained promptly, in a language understood (14.3.a)"),
    )
    TIME_FACILITIES = (
        "time_facilities_counsel",
        N_("Adequate time and facilities, counsel of choice (14.3.b)"),
    )
    NO_UNDUE_DELAY = "no_undue_delay", N_("No undue delay (14.3.c)")
    PRESENCE_COUNSEL = "presence_counsel_legal_aid", N_("Presence, counsel, legal aid (14.3.d)")
    WITNESSES = "witnesses_equal_terms", N_("Witnesses on equal terms (14.3.e)")
    INTERPRETER = "free_interpreter", N_("Free interpreter (14.3.f)")
    NO_COMPELLED = "no_compelled_testimony", N_("No compelled testimony or confession (14.3.g)")
    JUVENILES = "juveniles", N_("Juveniles treated as such (14.4)")
    APPEAL = "appeal", N_("Right of appeal (14.5)")
    DOUBLE_JEOPARDY = "double_jeopardy", N_("No double jeopardy (14.7)")
    ARREST_REASONS = "reasons_for_arrest", N_("Pre-trial: reasons for arrest given")
    PROMPT_JUDGE = "prompt_appearance", N_("Pre-trial: prompt appearance before a judge")
    NO_INCOMMUNICADO = "no_incommunicado", N_("Pre-trial: no incommunicado detention")
    TORTURE_ADDRESSED = (
        "torture_allegations",
        N_("Pre-trial: torture allegations investigated, evidence excluded"),
    )


class Answer(Vocab):
    YES = "yes", N_("Yes")
    NO = "no", N_("No")
    PARTLY = "partly", N_("Partly")
    NOT_OBSERVED = "not_observed", N_("Not observed")
    N_A = "n_a", N_("Not applicable")


class HearingStatus(Vocab):
    SCHEDULED = "scheduled", N_("Scheduled")
    OBSERVED = "observed", N_("Observed")
    REFUSED = "refused", N_("Observation refused")
    POSTPONED = "postponed", N_("Postponed")
    REPORT_DRAFTED = "report_drafted", N_("Report drafted")
    REVIEWED = "reviewed", N_("Reviewed")
    SENT = "sent", N_("Sent")


_H = HearingStatus

#: Hearings that may come after the verdict without contradicting it.
AFTER_VERDICT_TYPES = frozenset({HearingType.SENTENCING, HearingType.APPEAL})

_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


@dataclasses.dataclass
class Charge:
    statute: str = F.text(N_("Statute"), required=True, searchable=True)
    article: str = F.text(N_("Article"), searchable=True)
    description: str = F.text(N_("Description"), searchable=True)


@dataclasses.dataclass(kw_only=True)
class CourtCase(Record):
    KIND = "court_case"
    TABLE = "court_cases"
    JSON_KEY = "court_cases"
    KIND_CODE = 10
    LABEL = N_("Court case")
    LABEL_PLURAL = N_("Court cases")
    SORTABLE = ("court_type", "stage", "verdict_date")

    defender_id: str | None = F.ref("defender", N_("Defender"), required=True)
    court_type: CourtType | None = F.choice(CourtType, N_("Type of court"), required=True)
    court_type_other: str = F.text(N_("Other type of court"))
    instance: Instance | None = F.choice(Instance, N_("Instance"))
    court_name: str = F.text(N_("Court"), searchable=True)
    case_number: str = F.text(N_("Case number"), identifying=True, searchable=True)
    charges: list[Charge] = F.items(Charge, N_("Charges"))
    co_defendants: str = F.longtext(N_("Co-defendants"), identifying=True)
    defendant_is_civilian: bool | None = F.boolean(N_("The defendant is a civilian"), default=True)
    counsel: CounselType | None = F.choice(CounselType, N_("Counsel"))
    counsel_name: str = F.text(N_("Counsel's name"), identifying=True)
    stage: CaseStage | None = F.choice(
        CaseStage, N_("Stage"), required=True, default=CaseStage.INVESTIGATION
    )
    pretrial_detention_since: date | None = F.date_field(N_("In pre-trial detention since"))
    verdict: VerdictOutcome | None = F.choice(VerdictOutcome, N_("Verdict"))
    verdict_date: date | None = F.date_field(N_("Date of the verdict"))
    sentence: str = F.text(N_("Sentence"), searchable=True)
    notes: str = F.longtext(N_("Notes"))

    def title(self) -> str:
        court = self.court_type.label if self.court_type else "?"
        return _("Court case ({court})").format(court=court)

    @property
    def civilian_before_military_court(self) -> bool:
        return self.court_type == CourtType.MILITARY and self.defendant_is_civilian is not False

    def rules(self, ctx: RuleContext) -> Iterator[FieldError]:
        if self.court_type == CourtType.OTHER and not self.court_type_other.strip():
            yield self.error("court_type_other", _("Say which type of court."))
        if self.verdict is not None and self.verdict_date is None:
            yield self.error("verdict_date", _("Enter the date of the verdict."))
        if self.verdict_date is not None and self.verdict is None:
            yield self.error("verdict", _("Enter the verdict."))
        if self.verdict_date and self.verdict_date > ctx.today:
            yield self.error("verdict_date", _("The date cannot be in the future."))
        if self.pretrial_detention_since and self.pretrial_detention_since > ctx.today:
            yield self.error("pretrial_detention_since", _("The date cannot be in the future."))
        if self.verdict is not None and self.stage in (
            CaseStage.INVESTIGATION,
            CaseStage.PRE_TRIAL,
            CaseStage.TRIAL,
        ):
            yield self.error(
                "stage", _("After a verdict the case is at verdict, appeal or closed.")
            )
        if self.verdict_date:
            last = self._last_hearing(ctx)
            if last and last > self.verdict_date:
                yield self.error(
                    "verdict_date",
                    _("The verdict cannot come before the last hearing ({date}).").format(
                        date=date_in_text(last)
                    ),
                )

    def _last_hearing(self, ctx: RuleContext) -> date | None:
        excluded = sorted(t.value for t in AFTER_VERDICT_TYPES)
        rows = ctx.query(
            "SELECT MAX(date) FROM hearings WHERE court_case_id = ? AND deleted_at IS NULL "
            f"AND (type IS NULL OR type NOT IN ({','.join('?' * len(excluded))}))",
            (self.id, *excluded),
        )
        return date.fromisoformat(rows[0][0]) if rows and rows[0][0] else None

    def warnings(self, ctx: RuleContext) -> Iterator[FieldError]:
        if self.civilian_before_military_court:
            yield self.error("court_type", civilian_military_message())


def civilian_military_message() -> str:
    return _(
        "A civilian before a military court: the Human Rights Committee (General Comment 32) "
        "holds this must be exceptional and justified."
    )


@dataclasses.dataclass(kw_only=True)
class Hearing(Record):
    KIND = "hearing"
    TABLE = "hearings"
    JSON_KEY = "hearings"
    KIND_CODE = 11
    LABEL = N_("Hearing")
    LABEL_PLURAL = N_("Hearings")
    STATUS_FIELD = "status"
    TRANSITIONS = {
        _H.SCHEDULED.value: frozenset({_H.OBSERVED.value, _H.REFUSED.value, _H.POSTPONED.value}),
        _H.OBSERVED.value: frozenset({_H.REPORT_DRAFTED.value}),
        _H.REFUSED.value: frozenset({_H.REPORT_DRAFTED.value}),
        _H.POSTPONED.value: frozenset({_H.REPORT_DRAFTED.value}),
        _H.REPORT_DRAFTED.value: frozenset({_H.REVIEWED.value}),
        _H.REVIEWED.value: frozenset({_H.SENT.value, _H.REPORT_DRAFTED.value}),
        _H.SENT.value: frozenset(),
    }
    SORTABLE = ("date", "type", "status", "next_hearing")

    defender_id: str | None = F.ref("defender", N_("Defender"), required=True)
    court_case_id: str | None = F.ref("court_case", N_("Court case"), required=True)
    date: date | None = F.date_field(N_("Date"), required=True)
    start_time: str = F.text(N_("Start time"), max_length=5, help=N_("HH:MM"))
    end_time: str = F.text(N_("End time"), max_length=5, help=N_("HH:MM"))
    type: HearingType | None = F.choice(HearingType, N_("Type of hearing"))
    status: HearingStatus | None = F.choice(
        HearingStatus, N_("Status"), required=True, default=HearingStatus.SCHEDULED
    )
    judges: str = F.text(N_("Judges"), searchable=True)
    prosecutor: str = F.text(N_("Prosecutor"), searchable=True)
    counsel_present: bool | None = F.boolean(N_("Counsel present"), default=None)
    defendant_present: bool | None = F.boolean(N_("Defendant present"), default=None)
    cage_or_restraints: bool | None = F.boolean(N_("Cage or restraints"), default=None)
    observers_present: str = F.longtext(N_("Observers and missions present"))
    observer_access: ObserverAccess | None = F.choice(ObserverAccess, N_("Observer access"))
    public: bool | None = F.boolean(N_("Public hearing"), default=None)
    closed_ground: ClosedGround | None = F.choice(
        ClosedGround, N_("Ground for closing the hearing (ICCPR 14(1))")
    )
    closed_ground_note: str = F.longtext(N_("Ground as stated by the court"))
    interpreter_needed: bool | None = F.boolean(N_("Interpreter needed"), default=None)
    interpreter_provided: bool | None = F.boolean(N_("Interpreter provided"), default=None)
    outcome: HearingOutcome | None = F.choice(HearingOutcome, N_("Outcome"))
    adjournment_reason: str = F.longtext(N_("Reason for adjournment"))
    next_hearing: date | None = F.date_field(N_("Next hearing"))
    fair_trial: dict[FairTrialItem, F.ChecklistAnswer] = F.checklist(
        FairTrialItem, Answer, N_("Fair-trial checklist (ICCPR art. 14)"), searchable=True
    )
    report: str = F.longtext(N_("Report"))
    notes: str = F.longtext(N_("Notes"))

    def title(self) -> str:
        day = date_in_text(self.date)
        kind = self.type.label if self.type else self.label()
        return _("Hearing of {date}: {type}").format(date=day, type=kind)

    def rules(self, ctx: RuleContext) -> Iterator[FieldError]:
        case = ctx.get("court_case", self.court_case_id) if self.court_case_id else None
        if isinstance(case, CourtCase):
            if case.defender_id != self.defender_id:
                yield self.error("court_case_id", _("The court case is about another defender."))
            if (
                case.verdict_date
                and self.date
                and self.date > case.verdict_date
                and self.type not in AFTER_VERDICT_TYPES
            ):
                yield self.error(
                    "date",
                    _(
                        "This is after the verdict of {date}: only a sentencing or appeal hearing "
                        "can follow it."
                    ).format(date=date_in_text(case.verdict_date)),
                )
        if self.next_hearing and self.date and self.next_hearing <= self.date:
            yield self.error("next_hearing", _("The next hearing must be after this hearing."))
        if self.public is False and self.closed_ground is None:
            yield self.error(
                "closed_ground",
                _("A closed hearing needs the ground stated under ICCPR art. 14(1)."),
            )
        if self.closed_ground is not None and self.public is not False:
            yield self.error("public", _("A ground for closing is given: was the hearing closed?"))
        for item, line in sorted(self.fair_trial.items(), key=lambda kv: kv[0].value):
            if line.answer == Answer.NO and not line.note.strip():
                yield self.error(
                    f"fair_trial[{item.value}]",
                    _("“No” needs a note: what was observed?"),
                )
        if self.outcome == HearingOutcome.ADJOURNED and not self.adjournment_reason.strip():
            yield self.error("adjournment_reason", _("Say why the hearing was adjourned."))
        if self.status == HearingStatus.OBSERVED and self.observer_access == ObserverAccess.REFUSED:
            yield self.error("observer_access", _("Observers were refused: it was not observed."))
        if self.status == HearingStatus.REFUSED and self.observer_access not in (
            None,
            ObserverAccess.REFUSED,
        ):
            yield self.error("observer_access", _("The observation was refused."))
        if (
            self.status not in (HearingStatus.SCHEDULED, HearingStatus.POSTPONED, None)
            and self.date
            and self.date > ctx.today
        ):
            yield self.error("date", _("A hearing in the future cannot have been observed."))
        for name in ("start_time", "end_time"):
            value = getattr(self, name)
            if value and not _TIME.match(value):
                yield self.error(name, _("Enter a time as HH:MM (24 hours)."))
        if (
            _TIME.match(self.start_time or "")
            and _TIME.match(self.end_time or "")
            and self.end_time < self.start_time
        ):
            yield self.error("end_time", _("The end cannot be before the start."))
        if self.interpreter_provided and self.interpreter_needed is False:
            yield self.error("interpreter_provided", _("No interpreter was needed."))

    def transition_rules(self, old_status: str, ctx: RuleContext) -> Iterator[FieldError]:
        if self.status == HearingStatus.REPORT_DRAFTED.value and not self.report.strip():
            yield self.error("report", _("Write the report before marking it drafted."))

    def warnings(self, ctx: RuleContext) -> Iterator[FieldError]:
        case = ctx.get("court_case", self.court_case_id) if self.court_case_id else None
        if isinstance(case, CourtCase) and case.civilian_before_military_court:
            yield self.error(
                f"fair_trial[{FairTrialItem.TRIBUNAL.value}]", civilian_military_message()
            )
        if self.status == HearingStatus.SCHEDULED and self.date and self.date < ctx.today:
            yield self.error("status", _("The date has passed: record what happened."))
        if self.interpreter_needed and self.interpreter_provided is False:
            yield self.error(
                f"fair_trial[{FairTrialItem.INTERPRETER.value}]",
                _("An interpreter was needed and not provided (14.3.f)."),
            )
        if (
            self.outcome == HearingOutcome.VERDICT
            and isinstance(case, CourtCase)
            and case.verdict is None
        ):
            yield self.error("outcome", _("Record the verdict on the court case."))


def hearing_flags(hearing: Hearing, case: CourtCase | None) -> list[str]:
    """Concerns to highlight in a hearing's report and PDFs (translated)."""
    out = []
    if case is not None and case.civilian_before_military_court:
        out.append(civilian_military_message())
    for item in FairTrialItem:
        line = hearing.fair_trial.get(item)
        if line is not None and line.answer == Answer.NO:
            out.append(
                _("{item}: no. {note}").format(item=item.label, note=line.note.strip()).strip()
            )
    if hearing.public is False and hearing.closed_ground == ClosedGround.NONE_GIVEN:
        out.append(_("The hearing was closed without a ground under ICCPR art. 14(1)."))
    return out
