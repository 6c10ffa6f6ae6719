"""Demo vaults: fictional people and organisations with every record type, realistic dates,
states and links. Deterministic for a seed and an anchor date (default: today), so that
deadlines in the demo are always near "now".

Records are written with :meth:`Store.insert_verbatim` in batches (one transaction each) after
deriving their computed fields; ``tests/cases/test_demo.py`` validates every record of a small
demo vault with the full rules, so the generator cannot drift into invalid data.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from hrd_desk.cases import demo_text as T
from hrd_desk.cases.assessments import (
    AssessmentStatus,
    AttributionConfidence,
    Factor,
    FactorCategory,
    Measure,
    MeasureKind,
    ThreatAssessment,
)
from hrd_desk.cases.consents import Anonymity, Consent, ConsentMethod, ConsentScope, InformedOf
from hrd_desk.cases.defenders import (
    COLLECTIVE_KINDS,
    Defender,
    DefenderKind,
    DefenderStatus,
    Gender,
    HrdCategory,
    RegistrationStatus,
)
from hrd_desk.cases.incidents import (
    DatePrecision,
    Incident,
    IncidentStatus,
    IncidentType,
    Involvement,
    LocationType,
    MeansOfThreat,
    Verification,
)
from hrd_desk.cases.record import Record
from hrd_desk.cases.referrals import Referral, ReferralStatus, SharedField
from hrd_desk.cases.requests import Channel, Request, Requester, RequestStatus
from hrd_desk.cases.settings import VAULT_NAME, set_setting
from hrd_desk.cases.vocab import (
    Confidentiality,
    PerpetratorType,
    Priority,
    ReferralTarget,
    SupportType,
)

DEMO_ACTOR = "demo"
BATCH = 250


@dataclass
class Gen:
    """Random choices for one demo vault, all from one seeded generator."""

    rng: random.Random
    today: date
    used_pseudonyms: set[str] = field(default_factory=set)

    def uid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def pick(self, seq):
        return self.rng.choice(list(seq))

    def some(self, seq, lo: int, hi: int) -> list:
        items = list(seq)
        return self.rng.sample(items, self.rng.randint(lo, min(hi, len(items))))

    def day_between(self, start: date, end: date) -> date:
        if end <= start:
            return start
        return start + timedelta(days=self.rng.randint(0, (end - start).days))

    def stamp(self, day: date) -> str:
        moment = datetime.combine(day, time(9, 0), UTC) + timedelta(
            minutes=self.rng.randint(0, 9 * 60)
        )
        return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")

    def pseudonym(self) -> str:
        while True:
            name = f"{self.pick(T.PSEUDONYM_WORDS)}-{self.rng.randint(1, 999):03d}"
            if name not in self.used_pseudonyms:
                self.used_pseudonyms.add(name)
                return name

    def meta(self, record: Record, day: date) -> Record:
        record.created_at = self.stamp(day)
        record.created_by = self.pick(T.OFFICERS)
        record.updated_at = record.created_at
        record.updated_by = record.created_by
        record.confidentiality = self.rng.choices(list(Confidentiality), weights=[1, 3, 8, 3])[0]
        return record


#: Extra generators for record kinds added later (grants, visits, trials): each gets the
#: generator, the defender, its consent and the records made so far for it, and returns more.
EXTRA: list[Callable[[Gen, Defender, Consent | None, list[Record]], list[Record]]] = []


def make_defender(g: Gen) -> Defender:
    countries, given, family, regions, orgs = g.pick(T.CULTURES)
    kind = g.rng.choices(list(DefenderKind), weights=[70, 14, 8, 5, 3])[0]
    if kind == DefenderKind.INDIVIDUAL:
        full_name = f"{g.pick(given)} {g.pick(family)}"
        gender = g.rng.choices(list(Gender), weights=[40, 45, 3, 7, 5])[0]
    else:
        full_name = g.pick(orgs).format(x=g.pick(T.ORG_WORDS))
        gender = None
    created = g.today - timedelta(days=g.rng.randint(20, 3 * 365))
    categories = g.some(list(HrdCategory)[:-1], 1, 3)
    if gender == Gender.WOMAN and g.rng.random() < 0.6:
        categories = sorted({*categories, HrdCategory.WOMAN_HRD}, key=list(HrdCategory).index)
    d = Defender(
        id=g.uid(),
        kind=kind,
        pseudonym=g.pseudonym(),
        full_name=full_name,
        contacts=f"Signal: +{g.rng.randint(100, 999)} {g.rng.randint(1000000, 9999999)}",
        hrd_categories=categories,
        gender=gender,
        country=g.pick(countries),
        region=g.pick(regions),
        locality=f"{g.pick(regions)}, {g.rng.randint(1, 40)} {g.pick(family)} St.",
        remote=g.rng.random() < 0.25,
        registration_status=g.pick(list(RegistrationStatus)),
        members=g.rng.randint(2, 60) if kind in COLLECTIVE_KINDS else None,
        dependants=g.rng.randint(0, 5) if kind == DefenderKind.INDIVIDUAL else None,
        current_status=g.rng.choices(list(DefenderStatus), weights=[20, 40, 10, 10, 8, 6, 4, 2])[0],
        notes=f"Known for {g.pick(T.ACTIVITIES)}. {g.pick(T.NOTES_EXTRA)}",
        retention_review_date=g.today + timedelta(days=g.rng.randint(30, 3 * 365)),
    )
    return g.meta(d, created)


def make_consent(g: Gen, d: Defender, day: date) -> Consent:
    scopes = [ConsentScope.STORE]
    if g.rng.random() < 0.9:
        scopes.append(ConsentScope.SUMMARIES_HQ)
    partners: list[ReferralTarget] = []
    if g.rng.random() < 0.6:
        scopes.append(ConsentScope.SHARE_PARTNERS)
        partners = g.some(list(ReferralTarget)[:-1], 1, 3)
    scopes += g.some(
        [
            ConsentScope.AUTHORITIES,
            ConsentScope.PUBLIC_NAMING,
            ConsentScope.PHOTOS,
            ConsentScope.CONTACT_FAMILY,
        ],
        0,
        2,
    )
    c = Consent(
        id=g.uid(),
        defender_id=d.id,
        date=day,
        obtained_by=g.pick(T.OFFICERS),
        method=g.pick(list(ConsentMethod)),
        language=g.pick(["Arabic", "Spanish", "French", "Russian", "English"]),
        informed_of=list(InformedOf),
        scopes=sorted(set(scopes), key=list(ConsentScope).index),
        partners=sorted(partners, key=list(ReferralTarget).index),
        anonymity=g.rng.choices(list(Anonymity), weights=[25, 65, 10])[0],
        review_date=day + timedelta(days=g.rng.randint(180, 720)),
    )
    if g.rng.random() < 0.03:
        c.withdrawn_at = g.day_between(day, g.today)
    return g.meta(c, day)


def make_assessments(
    g: Gen, d: Defender, start: date, incidents: list[Incident]
) -> list[ThreatAssessment]:
    out: list[ThreatAssessment] = []
    n = g.rng.choices([0, 1, 2, 3], weights=[10, 40, 35, 15])[0]
    days = sorted(g.day_between(start, g.today - timedelta(days=1)) for _ in range(n))
    for i, day in enumerate(days):
        likelihood, impact = g.rng.randint(1, 5), g.rng.randint(1, 5)
        a = ThreatAssessment(
            id=g.uid(),
            defender_id=d.id,
            date=day,
            assessor=g.pick(T.OFFICERS),
            trigger_incidents=[x.id for x in incidents if x.start and x.start <= day][-2:],
            facts=f"{g.pick(T.THREATS).capitalize()}. Linked to {g.pick(T.ACTIVITIES)}.",
            pattern=g.rng.random() < 0.4,
            source_actor=g.pick(
                [
                    "local police chief",
                    "plantation security",
                    "unknown callers",
                    "pro-government militia",
                    "intelligence service",
                ]
            ),
            source_type=g.pick(list(PerpetratorType)),
            attribution=g.pick(list(AttributionConfidence)),
            vulnerabilities=[
                Factor(category=c, note="Exposed by public statements.")
                for c in g.some(list(FactorCategory), 1, 3)
            ],
            capacities=[
                Factor(category=c, note="Supportive network of colleagues.")
                for c in g.some(list(FactorCategory), 1, 2)
            ],
            threat_score=g.rng.randint(1, 5),
            vulnerability_score=g.rng.randint(1, 5),
            capacity_score=g.rng.randint(1, 5),
            likelihood=likelihood,
            impact=impact,
            measures=[
                Measure(
                    kind=g.pick(list(MeasureKind)),
                    description="Vary routes; check in with the focal point daily.",
                    responsible=g.pick(T.OFFICERS),
                    due=day + timedelta(days=14),
                    done=g.rng.random() < 0.5,
                )
            ],
            status=AssessmentStatus.CURRENT if i == len(days) - 1 else AssessmentStatus.SUPERSEDED,
        )
        if a.pattern:
            a.pattern_note = "Similar calls to two colleagues last month."
        a.derive(_NoCtx(g.today))
        limit = {"critical": 14, "high": 30}.get(a.risk_level.value, 120)
        a.next_review = day + timedelta(days=g.rng.randint(7, limit))
        out.append(g.meta(a, day))
    return out


def make_incidents(g: Gen, d: Defender, start: date) -> list[Incident]:
    out = []
    for _ in range(g.rng.choices([0, 1, 2, 3, 4, 5, 6], weights=[5, 15, 25, 22, 15, 10, 8])[0]):
        day = g.day_between(start, g.today)
        kind = g.pick(list(IncidentType)[:-1])
        status = g.rng.choices(
            [
                IncidentStatus.LOGGED,
                IncidentStatus.EVALUATED,
                IncidentStatus.ACTION,
                IncidentStatus.NO_ACTION,
                IncidentStatus.CLOSED,
            ],
            weights=[20, 25, 25, 10, 20],
        )[0]
        inc = Incident(
            id=g.uid(),
            defender_id=d.id,
            type=kind,
            start=day,
            date_precision=g.rng.choices(list(DatePrecision), weights=[80, 10, 3, 7])[0],
            location_type=g.pick(list(LocationType)[:-1]),
            location=f"near {g.pick(['the market', 'the courthouse', 'the office', 'home'])}",
            description=f"{g.pick(T.THREATS).capitalize()}. {g.pick(T.NOTES_EXTRA)}",
            perpetrator_type=g.pick(list(PerpetratorType)),
            involvement=g.pick(list(Involvement)),
            means_of_threat=g.some(list(MeansOfThreat), 0, 2),
            verification=g.pick(list(Verification)),
            status=status,
        )
        if status == IncidentStatus.ACTION:
            inc.action_taken = "Raised with the EU local group; statement prepared."
        if status == IncidentStatus.NO_ACTION:
            inc.no_action_reason = "The defender asked us not to act for now."
        out.append(g.meta(inc, day))
    return out


def make_requests(
    g: Gen, d: Defender, start: date, assessments: list[ThreatAssessment], consent: Consent | None
) -> list[Record]:
    out: list[Record] = []
    for _ in range(g.rng.choices([0, 1, 2, 3], weights=[10, 40, 35, 15])[0]):
        received = g.day_between(start, g.today)
        status = g.rng.choices(list(RequestStatus), weights=[10, 8, 6, 5, 10, 4, 5, 3, 8, 6, 12])[0]
        r = Request(
            id=g.uid(),
            defender_id=d.id,
            received_at=received,
            channel=g.pick(list(Channel)),
            requester=g.pick(list(Requester)),
            threat_summary=f"{g.pick(T.THREATS).capitalize()} after {g.pick(T.ACTIVITIES)}.",
            link_to_rights_work=f"Well known for {g.pick(T.ACTIVITIES)}; verified by two partners.",
            needs=g.some(list(SupportType), 1, 3),
            priority=g.rng.choices(list(Priority), weights=[15, 25, 50, 10])[0],
            status=status,
        )
        decided = status not in (
            RequestStatus.RECEIVED,
            RequestStatus.SCREENING,
            RequestStatus.VERIFICATION,
            RequestStatus.RISK_ASSESSED,
        )
        if status == RequestStatus.CLOSED and g.rng.random() < 0.3:
            decided = False
            r.closing_note = "The defender withdrew the request."
        if decided:
            r.decision_date = g.day_between(received, min(g.today, received + timedelta(days=40)))
            r.decided_by = g.pick(T.OFFICERS)
            usable = [a for a in assessments if a.date and a.date <= r.decision_date]
            if usable:
                r.assessment_id = usable[-1].id
            else:
                r.waiver = "Urgent: decision taken before a full assessment (head of mission)."
            if status == RequestStatus.DECLINED:
                r.decision_reason = "Outside the programme's criteria; referred informally."
            if status == RequestStatus.REFERRED:
                if consent is None or not consent.partners or consent.withdrawn:
                    r.status = RequestStatus.APPROVED
                else:
                    ref = Referral(
                        id=g.uid(),
                        defender_id=d.id,
                        request_id=r.id,
                        to=g.pick(consent.partners),
                        purpose="Emergency support beyond the post's means.",
                        sent_date=r.decision_date,
                        channel="Encrypted e-mail",
                        fields_shared=[SharedField.SITUATION, SharedField.NEEDS],
                        consent_id=consent.id,
                        status=ReferralStatus.SENT,
                    )
                    if ref.to == ReferralTarget.OTHER:
                        ref.to_other = "Regional protection desk"
                    r.referral_id = ref.id
                    out.append(g.meta(ref, r.decision_date))
        out.insert(0, g.meta(r, received))
    return out


class _NoCtx:
    def __init__(self, today: date) -> None:
        self.today = today

    def setting(self, key, default=None):
        return default


@dataclass
class DemoReport:
    defenders: int = 0
    records: int = 0


def build_demo(
    store,
    *,
    cases: int = 200,
    seed: int = 1,
    today: date | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> DemoReport:
    from hrd_desk.cases import demo_part2  # noqa: F401  (grants, visits, trials join EXTRA)

    g = Gen(random.Random(seed), today or store.today)
    report = DemoReport()
    set_setting(store.conn, VAULT_NAME, "Demo post (fictional data)")
    batch: list[Record] = []

    def flush() -> None:
        with store.transaction():
            for record in batch:
                store.insert_verbatim(record, action="create")
        report.records += len(batch)
        batch.clear()

    for n in range(cases):
        d = make_defender(g)
        start = datetime.fromisoformat(d.created_at[:10]).date()
        consent = make_consent(g, d, start) if g.rng.random() < 0.95 else None
        incidents = make_incidents(g, d, start)
        assessments = make_assessments(g, d, start, incidents)
        requests = make_requests(g, d, start, assessments, consent)
        if assessments and incidents and assessments[-1].date < max(i.start for i in incidents):
            assessments[-1].needs_review = True
        own: list[Record] = [
            d,
            *([consent] if consent else []),
            *requests,
            *assessments,
            *incidents,
        ]
        for extra in EXTRA:
            own.extend(extra(g, d, consent, own))
        batch.extend(own)
        report.defenders += 1
        if len(batch) >= BATCH * 10:
            flush()
            if progress:
                progress(n + 1, cases)
    if batch:
        flush()
    if progress:
        progress(cases, cases)
    return report
