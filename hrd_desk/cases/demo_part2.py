"""Demo data for grants and tranches, prison visits, court cases and hearings (see ``demo``).

Registered in :data:`demo.EXTRA`, so each demo defender may get grants (about a quarter),
prison visits (the detained, and a few others) and a court case with hearings (about one in
six). Dates are anchored on the demo's "today" so the dashboard has hearings next week, visits
and reports due, and a few overdue. Every record satisfies the full rules of spec §5–7
(``tests/cases/test_demo.py`` checks it).
"""

from __future__ import annotations

import functools
from datetime import date, timedelta
from decimal import ROUND_HALF_EVEN, Decimal

from babel.numbers import get_territory_currencies

from hrd_desk.cases import demo_text as T
from hrd_desk.cases.consents import Consent
from hrd_desk.cases.defenders import Defender, DefenderStatus
from hrd_desk.cases.demo import EXTRA, Gen
from hrd_desk.cases.fields import ChecklistAnswer
from hrd_desk.cases.grants import (
    Approval,
    ApprovalDecision,
    BudgetLine,
    Disbursement,
    Expense,
    Grant,
    GrantReport,
    GrantStatus,
    PaymentMethod,
    Programme,
    ReportKind,
)
from hrd_desk.cases.money import canonical, from_minor, is_currency, minor_units, to_minor
from hrd_desk.cases.programmes import DEFAULTS
from hrd_desk.cases.record import Record
from hrd_desk.cases.requests import Request
from hrd_desk.cases.trials import (
    Answer,
    CaseStage,
    Charge,
    ClosedGround,
    CounselType,
    CourtCase,
    CourtType,
    FairTrialItem,
    Hearing,
    HearingOutcome,
    HearingStatus,
    HearingType,
    Instance,
    ObserverAccess,
    VerdictOutcome,
)
from hrd_desk.cases.visits import (
    Access,
    Allegation,
    ComplaintStatus,
    ConditionAnswer,
    ConditionItem,
    Extent,
    FacilityType,
    FollowUp,
    LegalStatus,
    PassOnConsent,
    PrisonVisit,
    VisitStatus,
    VisitType,
)
from hrd_desk.cases.vocab import SupportType

S = GrantStatus
#: Days of history each grant status needs between approval and today.
_SPAN = {
    S.DRAFT: 0,
    S.SUBMITTED: 0,
    S.DECLINED: 2,
    S.APPROVED: 2,
    S.PARTLY_APPROVED: 2,
    S.AGREEMENT_SIGNED: 6,
    S.DISBURSING: 20,
    S.REPORT_DUE: 90,
    S.REPORTED: 120,
    S.CLOSED: 240,
    S.CANCELLED: 20,
    S.REFUND_REQUESTED: 120,
}
_STATUS_WEIGHTS = [4, 6, 4, 4, 3, 5, 14, 10, 6, 16, 3, 2]

FACILITIES = [
    ("Central Prison", FacilityType.PRISON, "Ministry of Justice"),
    ("Northern Remand Centre", FacilityType.PRE_TRIAL, "Ministry of Justice"),
    ("Police Station No. 4", FacilityType.POLICE, "Ministry of the Interior"),
    ("Al-Nour Detention Facility", FacilityType.INTELLIGENCE, "State Security"),
    ("Women's Prison of the East", FacilityType.PRISON, "Prison Administration"),
    ("Исправительная колония № 7", FacilityType.PRISON, "ФСИН"),
    ("Centro de Detención Preventiva", FacilityType.PRE_TRIAL, "INPEC"),
]
STATUTES = [
    ("Penal Code", "Art. 287", "Spreading false news"),
    ("Counter-Terrorism Law", "Art. 12", "Membership of a banned group"),
    ("Penal Code", "Art. 149", "Insulting a public official"),
    ("Cybercrime Law", "Art. 24", "Publishing content harmful to public order"),
    ("Law on Public Gatherings", "Art. 8", "Organising an unauthorised demonstration"),
    ("Code pénal", "Art. 411", "Atteinte à la sûreté de l'État"),
]
COURTS = [
    "Criminal Court of First Instance",
    "Court of Appeal",
    "Military Tribunal No. 2",
    "State Security Court",
    "Juzgado Penal del Circuito",
]
JUDGES = ["Judge R. Haddad (presiding)", "Judges Petrova, Ilyin, Kask", "Juez M. Ortega"]


def _money(g: Gen, currency: str, lo: int, hi: int) -> Decimal:
    """An amount between lo and hi whole units, with the currency's decimals."""
    scale = 10 ** minor_units(currency)
    return from_minor(g.rng.randint(lo * scale, hi * scale), currency)


@functools.cache
def _local_currency(country: str, today: date) -> str:
    found = get_territory_currencies(country, start_date=today, end_date=today, tender=True)
    return next((c for c in found if is_currency(c)), "USD")


def _split(total: Decimal, currency: str, parts: int) -> list[Decimal]:
    """*total* in *parts* tranches that add up to it exactly (the last takes the remainder)."""
    minor = to_minor(total, currency)
    weights = {1: (), 2: (6,), 3: (5, 3)}[parts]
    shares = [minor * w // 10 for w in weights]
    return [from_minor(m, currency) for m in [*shares, minor - sum(shares)]]


def make_grants(g: Gen, d: Defender, consent: Consent | None, own: list[Record]) -> list[Record]:
    if g.rng.random() >= 0.27:
        return []
    start = date.fromisoformat(d.created_at[:10])
    requests = [r for r in own if isinstance(r, Request)]
    out: list[Record] = []
    for _ in range(g.rng.choices([1, 2], weights=[85, 15])[0]):
        out.extend(_grant(g, d, start, requests))
    for record in out:
        record.derive(None)  # items take the grant's currency, as a save would do
    return out


def _grant(g: Gen, d: Defender, start: date, requests: list[Request]) -> list[Record]:
    status = g.rng.choices(list(GrantStatus), weights=_STATUS_WEIGHTS)[0]
    if (g.today - start).days < _SPAN[status] + 10:
        status = S.SUBMITTED
    programme = g.rng.choices(list(Programme)[:-1], weights=[30, 8, 6, 25, 18, 13])[0]
    setting = DEFAULTS[programme]
    currency = setting.currency or _local_currency(d.country, g.today)
    cap = int(setting.cap) if setting.cap is not None else 15_000
    if currency not in ("EUR", "USD"):  # post funds in local currency: scale the amounts
        cap = {0: cap * 100, 3: max(cap // 3, 100)}.get(minor_units(currency), cap * 10)
    requested = _money(g, currency, cap // 10, cap)
    supports = g.some([s for s in SupportType if s != SupportType.OTHER], 1, 3)
    earliest = start if status in (S.DRAFT, S.SUBMITTED) else start + timedelta(days=1)
    decided = g.day_between(earliest, g.today - timedelta(days=_SPAN[status]))
    grant = Grant(
        id=g.uid(),
        defender_id=d.id,
        programme=programme,
        support_types=sorted(supports, key=list(SupportType).index),
        currency=currency,
        requested_amount=requested,
        status=status,
        notes=f"For {g.pick(T.ACTIVITIES)}. {g.pick(T.NOTES_EXTRA)}",
    )
    linked = [r for r in requests if r.received_at and r.received_at <= decided]
    if linked:
        grant.request_id = g.pick(linked).id
    _details(g, grant, decided)
    lines = _split(requested, currency, min(3, len(supports)))
    grant.budget_lines = [
        BudgetLine(support_type=s, description=f"{s.label}: costs as quoted", amount=a)
        for s, a in zip(supports, lines, strict=False)
    ]
    records: list[Record] = [grant]
    if status in (S.DRAFT, S.SUBMITTED):
        grant.start = g.day_between(g.today, g.today + timedelta(days=30))
        grant.end = grant.start + timedelta(days=g.rng.randint(60, 180))
        return [g.meta(grant, decided)]
    head = Approval(role="Head of mission", person=g.pick(T.OFFICERS), date=decided)
    if status == S.DECLINED:
        head.decision = ApprovalDecision.DECLINED
        grant.approvals = [head]
        grant.decline_reason = "Outside the programme's criteria; referred to a partner."
        return [g.meta(grant, decided)]
    partly = status == S.PARTLY_APPROVED or (status != S.APPROVED and g.rng.random() < 0.2)
    share = g.rng.randint(50, 90) if partly else 100
    approved = from_minor(to_minor(requested, currency) * share // 100, currency)
    if not 0 < approved < requested:
        partly, approved = False, requested
        if status == S.PARTLY_APPROVED:
            grant.status = status = S.APPROVED
    head.decision = ApprovalDecision.PARTLY_APPROVED if partly else ApprovalDecision.APPROVED
    grant.approvals = [head]
    grant.approved_amount = approved
    if status in (S.APPROVED, S.PARTLY_APPROVED):
        grant.start = g.day_between(decided, g.today + timedelta(days=10))
        grant.end = grant.start + timedelta(days=g.rng.randint(60, 180))
        return [g.meta(grant, decided)]
    signed = decided + timedelta(days=g.rng.randint(0, 4))
    grant.agreement_signed = signed
    grant.start = signed
    long_ago = status in (S.REPORTED, S.CLOSED, S.REFUND_REQUESTED)
    last_end = g.today - timedelta(days=10) if long_ago else g.today + timedelta(days=150)
    grant.end = min(signed + timedelta(days=g.rng.randint(60, 180)), max(last_end, signed))
    # Tranches: paid from the agreement on; the last ones may still be planned.
    n_tranches = g.rng.choices([1, 2, 3], weights=[40, 45, 15])[0]
    amounts = _split(grant.approved_amount, currency, n_tranches)
    stop = g.today
    pay_all = status in (S.REPORT_DUE, S.REPORTED, S.CLOSED, S.REFUND_REQUESTED)
    paid_upto = {
        S.AGREEMENT_SIGNED: 0,
        S.DISBURSING: max(1, n_tranches - 1),
        S.CANCELLED: 1,
    }.get(status, n_tranches)
    if status == S.CANCELLED and g.rng.random() < 0.5:
        paid_upto = 0
    day = signed
    tranches: list[Disbursement] = []
    local = _local_currency(d.country, g.today)
    for n, amount in enumerate(amounts, 1):
        day = g.day_between(day, min(stop, day + timedelta(days=45)))
        t = Disbursement(
            id=g.uid(),
            defender_id=d.id,
            grant_id=grant.id,
            n=n,
            currency=currency,
            amount=amount,
            planned_date=day,
            method=g.rng.choices(list(PaymentMethod), weights=[50, 10, 25, 15])[0],
        )
        if n <= paid_upto or pay_all:
            t.paid_date = day
            t.proof = f"Transfer ref. {g.rng.randint(100000, 999999)}"
            if local != currency and g.rng.random() < 0.25:
                _foreign(g, t, local)
        else:
            t.planned_date = g.day_between(
                g.today + timedelta(days=3), g.today + timedelta(days=60)
            )
        tranches.append(t)
    paid = [t for t in tranches if t.paid_date]
    last_paid = max((t.paid_date for t in paid), default=signed)
    # Expenses reported by the defender, within what was paid.
    if paid and status not in (S.AGREEMENT_SIGNED,):
        budget = to_minor(sum(t.amount for t in paid), currency)
        for _ in range(g.rng.randint(0, 3)):
            spend = g.rng.randint(0, budget // 3)
            if spend == 0:
                continue
            budget -= spend
            receipt = g.rng.random() < 0.8
            grant.expenses.append(
                Expense(
                    date=g.day_between(grant.start, min(g.today, grant.end)),
                    amount=from_minor(spend, currency),
                    description=g.pick(
                        [
                            "Lawyer's fees",
                            "Rent, safe house",
                            "Medical tests",
                            "Locks and camera",
                            "Bus tickets",
                            "Laptop",
                        ]
                    ),
                    receipt=receipt,
                    exception_note="" if receipt else "Paid in cash; no receipt possible.",
                )
            )
    if status in (S.DISBURSING, S.REPORT_DUE, S.REPORTED, S.CLOSED, S.REFUND_REQUESTED):
        due = grant.end + timedelta(days=30)
        grant.reports = [
            GrantReport(kind=ReportKind.NARRATIVE, due=due),
            GrantReport(kind=ReportKind.FINANCIAL, due=due),
        ]
        if status in (S.REPORTED, S.CLOSED):
            for report in grant.reports:
                report.received = g.day_between(min(grant.end, g.today), g.today)
            if status == S.REPORTED and g.rng.random() < 0.5:
                grant.reports[1].received = None
    if status == S.CLOSED:
        after = max([last_paid, *[r.received for r in grant.reports if r.received]])
        grant.closed_on = g.day_between(after, g.today)
        grant.closing_note = "All reports received; the file is complete."
    if status == S.CANCELLED:
        grant.closed_on = g.day_between(last_paid, g.today)
        grant.cancel_reason = "The defender left the country before the support started."
    if status == S.REFUND_REQUESTED:
        grant.refund_requested_on = g.day_between(last_paid, g.today)
        grant.refund_reason = "Part of the relocation costs were covered by another funder."
    records.extend(g.meta(t, t.paid_date or signed) for t in tranches)
    records[0] = g.meta(grant, decided)
    return records


def _details(g: Gen, grant: Grant, decided: date) -> None:
    if SupportType.MEDICAL in grant.support_types:
        grant.medical_threat_link = "Injuries from the attack; the doctor's report is on file."
    if SupportType.LEGAL in grant.support_types:
        grant.legal_lawyer = g.pick(T.LAWYERS)
        grant.legal_from = decided
        grant.legal_to = decided + timedelta(days=g.rng.randint(60, 240))
    if SupportType.RELOCATION in grant.support_types:
        grant.relocation_destination = g.pick(
            ["Safe house, capital", "Partner shelter abroad", "Relatives in the north"]
        )
        grant.relocation_from = decided
        grant.relocation_to = decided + timedelta(days=g.rng.randint(30, 120))
        grant.relocation_security_plan = "Travel with the partner's driver; check in daily."


def _foreign(g: Gen, t: Disbursement, local: str) -> None:
    rate = Decimal(g.rng.randint(50, 500_000)) / 100
    digits = Decimal(1).scaleb(-minor_units(local))
    t.paid_currency = local
    t.exchange_rate = rate
    t.paid_amount = Decimal(canonical((t.amount * rate).quantize(digits, ROUND_HALF_EVEN), local))
    t.rate_date = t.paid_date


# -- prison visits ----------------------------------------------------------------------------
def make_visits(g: Gen, d: Defender, consent: Consent | None, own: list[Record]) -> list[Record]:
    detained = d.current_status == DefenderStatus.DETAINED
    if not detained and g.rng.random() >= 0.04:
        return []
    start = date.fromisoformat(d.created_at[:10])
    if (g.today - start).days < 20:
        return []
    facility, kind, authority = g.pick(FACILITIES)
    arrest = g.day_between(start, start + timedelta(days=10))
    out: list[Record] = []
    n = g.rng.choices([1, 2, 3], weights=[40, 40, 20])[0]
    days = sorted(g.day_between(arrest + timedelta(days=3), g.today) for _ in range(n))
    for i, day in enumerate(days):
        last = i == len(days) - 1
        upcoming = last and g.rng.random() < 0.3
        if upcoming:
            day = g.day_between(g.today - timedelta(days=2), g.today + timedelta(days=21))
            status = g.pick([VisitStatus.PLANNED, VisitStatus.REQUESTED, VisitStatus.GRANTED])
        else:
            status = g.rng.choices(
                [
                    VisitStatus.CONDUCTED,
                    VisitStatus.REPORTED,
                    VisitStatus.FOLLOW_UP,
                    VisitStatus.DENIED,
                ],
                weights=[25, 35, 25, 15],
            )[0]
        v = PrisonVisit(
            id=g.uid(),
            defender_id=d.id,
            visit_type=VisitType.DETAINEE if g.rng.random() < 0.85 else VisitType.FAMILY,
            visit_date=day,
            status=status,
            team=f"{g.pick(T.OFFICERS)}; interpreter",
            coordinated_with=g.pick(
                ["EU local group", "Like-minded missions (2)", "ICRC informed", ""]
            ),
            facility_name=facility,
            facility_type=kind,
            facility_authority=authority,
            legal_status=LegalStatus.AWAITING_TRIAL if i < 2 else LegalStatus.SENTENCED,
            whereabouts_acknowledged=g.rng.random() < 0.85,
            arrest_date=arrest,
            charges=g.pick(STATUTES)[2],
            detainee_wishes=g.pick(
                [
                    "May be shared with the family and the lawyer only.",
                    "Agrees that the embassy raises the conditions with the "
                    "prison director, without naming them.",
                    "Nothing may be shared before the next hearing.",
                ]
            ),
        )
        if status != VisitStatus.PLANNED:
            v.access_requested = min(g.today, day - timedelta(days=g.rng.randint(2, 14)))
        if status == VisitStatus.DENIED:
            v.access = Access.DENIED
            v.access_reason = "The prison director said the detainee 'refused' the visit."
        elif status in (VisitStatus.CONDUCTED, VisitStatus.REPORTED, VisitStatus.FOLLOW_UP):
            _held(g, v)
        if last and not upcoming:
            v.next_visit = day + timedelta(days=g.rng.randint(14, 60))
        out.append(g.meta(v, min(day, g.today)))
    return out


def _held(g: Gen, v: PrisonVisit) -> None:
    v.access = g.rng.choices([Access.FULL, Access.PARTIAL], weights=[70, 30])[0]
    if v.access == Access.PARTIAL:
        v.access_reason = "A guard stayed within earshot; 20 minutes only."
    v.private_interview = v.access == Access.FULL
    conditions = {}
    for item in ConditionItem:
        if g.rng.random() < 0.25:
            continue
        answer = g.rng.choices(list(ConditionAnswer), weights=[45, 30, 15, 8, 2])[0]
        line = ChecklistAnswer(answer=answer)
        if item == ConditionItem.SOLITARY:
            line.value = g.rng.choice([3, 10, 21, 40]) if answer == ConditionAnswer.YES else None
            if answer == ConditionAnswer.NO:
                line.value = None
        if answer in (ConditionAnswer.NO, ConditionAnswer.PARTLY) and g.rng.random() < 0.5:
            line.note = "Seen by the team; the detainee confirmed it."
        conditions[item] = line
    v.conditions = conditions
    if g.rng.random() < 0.2:
        v.allegations = [
            Allegation(
                what="Beaten during the first interrogation; kept awake for two nights.",
                when=v.arrest_date,
                where="Interrogation room, first floor",
                officials="Two officers in plain clothes",
                evidence="Scars on both wrists seen by the team",
                told="The lawyer; nobody else",
                complaint_status=g.pick(list(ComplaintStatus)),
                consent_to_pass_on=g.pick(list(PassOnConsent)),
                extent=g.pick(list(Extent)),
            )
        ]
    if v.status in (VisitStatus.REPORTED, VisitStatus.FOLLOW_UP):
        v.findings = "Conditions as recorded; report sent to headquarters."
    if v.status == VisitStatus.FOLLOW_UP:
        v.follow_ups = [
            FollowUp(
                action=g.pick(
                    [
                        "Raise medical care with the prison director",
                        "Inform the family of the transfer",
                        "Send the report to the EU local group",
                    ]
                ),
                responsible=g.pick(T.OFFICERS),
                due=g.day_between(v.visit_date, g.today + timedelta(days=21)),
                done=g.rng.random() < 0.4,
            )
        ]


# -- trials -----------------------------------------------------------------------------------
def make_trials(g: Gen, d: Defender, consent: Consent | None, own: list[Record]) -> list[Record]:
    detained = d.current_status == DefenderStatus.DETAINED
    if g.rng.random() >= (0.6 if detained else 0.12):
        return []
    start = date.fromisoformat(d.created_at[:10])
    if (g.today - start).days < 30:
        return []
    military = g.rng.random() < 0.15
    statute = g.pick(STATUTES)
    case = CourtCase(
        id=g.uid(),
        defender_id=d.id,
        court_type=CourtType.MILITARY if military else CourtType.CIVILIAN,
        instance=Instance.FIRST,
        court_name=COURTS[2] if military else g.pick(COURTS),
        case_number=f"{start.year}/{g.rng.randint(100, 9999)}",
        charges=[Charge(statute=statute[0], article=statute[1], description=statute[2])],
        counsel=g.pick(list(CounselType)[:-1]),
        counsel_name=g.pick(T.LAWYERS),
        stage=CaseStage.TRIAL,
    )
    if detained:
        case.pretrial_detention_since = start + timedelta(days=g.rng.randint(0, 10))
    n_past = g.rng.randint(1, 4)
    first = start + timedelta(days=g.rng.randint(10, 30))
    days = sorted({g.day_between(first, g.today - timedelta(days=1)) for _ in range(n_past)})
    verdict = g.rng.random() < 0.25 and len(days) >= 2
    hearings: list[Hearing] = []
    for i, day in enumerate(days):
        last = i == len(days) - 1
        kind = (
            HearingType.VERDICT
            if verdict and last
            else (
                HearingType.PRELIMINARY
                if i == 0
                else g.pick([HearingType.MERITS, HearingType.DETENTION_REVIEW])
            )
        )
        h = _hearing(g, case, day, kind)
        if not last:
            h.next_hearing = days[i + 1]
        elif not verdict:
            h.next_hearing = g.day_between(
                g.today + timedelta(days=1), g.today + timedelta(days=40)
            )
        hearings.append(h)
    if verdict:
        case.verdict = g.pick(list(VerdictOutcome)[:-1])
        case.verdict_date = days[-1]
        case.stage = CaseStage.VERDICT
        if case.verdict in (VerdictOutcome.CONVICTED, VerdictOutcome.PARTLY_CONVICTED):
            case.sentence = f"{g.rng.randint(1, 10)} years' imprisonment"
        hearings[-1].outcome = HearingOutcome.VERDICT
    elif hearings and g.rng.random() < 0.5:
        # the announced next hearing is already entered, as scheduled
        nxt = hearings[-1].next_hearing
        hearings.append(_scheduled(g, case, nxt))
    out: list[Record] = [g.meta(case, first)]
    out.extend(g.meta(h, min(h.date, g.today)) for h in hearings)
    return out


def _scheduled(g: Gen, case: CourtCase, day: date) -> Hearing:
    return Hearing(
        id=g.uid(),
        defender_id=case.defender_id,
        court_case_id=case.id,
        date=day,
        start_time="09:30",
        type=HearingType.MERITS,
        status=HearingStatus.SCHEDULED,
    )


def _hearing(g: Gen, case: CourtCase, day: date, kind: HearingType) -> Hearing:
    status = g.rng.choices(
        [
            HearingStatus.OBSERVED,
            HearingStatus.REFUSED,
            HearingStatus.POSTPONED,
            HearingStatus.REPORT_DRAFTED,
            HearingStatus.REVIEWED,
            HearingStatus.SENT,
        ],
        weights=[20, 8, 10, 15, 12, 35],
    )[0]
    h = Hearing(
        id=g.uid(),
        defender_id=case.defender_id,
        court_case_id=case.id,
        date=day,
        start_time=g.pick(["09:00", "09:30", "10:15", "11:00"]),
        end_time=g.pick(["12:00", "13:30", "15:45"]),
        type=kind,
        status=status,
        judges=g.pick(JUDGES),
        prosecutor="Deputy prosecutor",
        counsel_present=g.rng.random() < 0.85,
        defendant_present=g.rng.random() < 0.9,
        cage_or_restraints=g.rng.random() < 0.3,
        observers_present=g.pick(
            ["EU delegation, two member states", "UK and Canadian embassies", "No other observers"]
        ),
        notes=f"{g.pick(T.NOTES_EXTRA)} Hearing on {g.pick(T.ACTIVITIES)}.",
    )
    if status == HearingStatus.REFUSED:
        h.observer_access = ObserverAccess.REFUSED
    else:
        h.observer_access = g.rng.choices(
            [ObserverAccess.ADMITTED, ObserverAccess.RESTRICTED], weights=[75, 25]
        )[0]
    if status == HearingStatus.POSTPONED:
        h.outcome = HearingOutcome.ADJOURNED
        h.adjournment_reason = "The prosecution's witnesses did not appear."
    elif status != HearingStatus.REFUSED:
        h.outcome = HearingOutcome.CONTINUED
        if g.rng.random() < 0.2:
            h.public = False
            h.closed_ground = g.pick(list(ClosedGround))
            h.closed_ground_note = "The judge cited the 'sensitivity of the file'."
        else:
            h.public = True
        h.interpreter_needed = g.rng.random() < 0.2
        if h.interpreter_needed:
            h.interpreter_provided = g.rng.random() < 0.6
        checklist = {}
        for item in FairTrialItem:
            if g.rng.random() < 0.3:
                continue
            answer = g.rng.choices(list(Answer), weights=[50, 20, 12, 12, 6])[0]
            line = ChecklistAnswer(answer=answer)
            if answer in (Answer.NO, Answer.PARTLY):
                line.note = g.pick(
                    [
                        "Counsel met the defendant only minutes before the hearing.",
                        "The confession was admitted despite torture allegations.",
                        "The judge interrupted the defence repeatedly.",
                    ]
                )
            checklist[item] = line
        h.fair_trial = checklist
    if status in (HearingStatus.REPORT_DRAFTED, HearingStatus.REVIEWED, HearingStatus.SENT):
        h.report = "Observation report: procedure, fair-trial concerns and next steps."
    return h


for _maker in (make_grants, make_visits, make_trials):
    if _maker not in EXTRA:
        EXTRA.append(_maker)
