"""Threat assessment (spec §4, after Protection International): risk = threats × vulnerabilities
/ capacities, and a likelihood × impact matrix for the risk level."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal

from hrd_desk.cases import fields as F
from hrd_desk.cases.errors import FieldError
from hrd_desk.cases.record import Record, RuleContext
from hrd_desk.cases.vocab import PerpetratorType, RiskLevel, Vocab
from hrd_desk.formats import date_in_text
from hrd_desk.i18n import N_, NP_, _, ngettext


class FactorCategory(Vocab):
    LOCATION = "location_exposure", N_("Location / exposure")
    TRANSPORT = "transport", N_("Transport")
    COMMUNICATIONS = "communications", N_("Communications")
    LEGAL_STATUS = "legal_status", N_("Legal status")
    ORGANISATION = "organisation", N_("Organisation")
    WELLBEING = "wellbeing_stress", N_("Wellbeing / stress")
    ISOLATION = "isolation", N_("Isolation")
    IDENTITY = "identity_factors", N_("Identity factors")


class AttributionConfidence(Vocab):
    HIGH = "high", NP_("attribution confidence", "High")
    MEDIUM = "medium", NP_("attribution confidence", "Medium")
    LOW = "low", NP_("attribution confidence", "Low")
    UNKNOWN = "unknown", N_("Unknown")


class MeasureKind(Vocab):
    REDUCE_THREAT = "reduce_threat", N_("Reduce a threat")
    REDUCE_VULNERABILITY = "reduce_vulnerability", N_("Reduce a vulnerability")
    RAISE_CAPACITY = "raise_capacity", N_("Raise a capacity")


class AssessmentStatus(Vocab):
    DRAFT = "draft", N_("Draft")
    CURRENT = "current", N_("Current")
    SUPERSEDED = "superseded", N_("Superseded")


@dataclasses.dataclass
class Factor:
    category: FactorCategory | None = F.choice(FactorCategory, N_("Category"), required=True)
    note: str = F.longtext(N_("Note"))


@dataclasses.dataclass
class Measure:
    kind: MeasureKind | None = F.choice(MeasureKind, N_("Kind"), required=True)
    description: str = F.longtext(N_("Measure"), required=True)
    responsible: str = F.text(N_("Responsible"))
    due: date | None = F.date_field(N_("Due"))
    done: bool | None = F.boolean(N_("Done"))


#: likelihood × impact → level [design]: 1–4 low, 5–9 medium, 10–15 high, 16–25 critical.
def risk_level(likelihood: int, impact: int) -> RiskLevel:
    score = likelihood * impact
    if score >= 16:
        return RiskLevel.CRITICAL
    if score >= 10:
        return RiskLevel.HIGH
    if score >= 5:
        return RiskLevel.MEDIUM
    return RiskLevel.LOW


def indicative_risk(threat: int, vulnerability: int, capacity: int) -> Decimal:
    """T × V / C, labelled "indicative" wherever shown: the manual warns it is no formula."""
    return (Decimal(threat * vulnerability) / Decimal(capacity)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_EVEN
    )


DEFAULT_REVIEW_DAYS = {RiskLevel.CRITICAL: 14, RiskLevel.HIGH: 30}

_S = AssessmentStatus


@dataclasses.dataclass(kw_only=True)
class ThreatAssessment(Record):
    KIND = "assessment"
    TABLE = "assessments"
    JSON_KEY = "assessments"
    KIND_CODE = 5
    LABEL = N_("Threat assessment")
    LABEL_PLURAL = N_("Threat assessments")
    STATUS_FIELD = "status"
    TRANSITIONS = {
        _S.DRAFT.value: frozenset({_S.CURRENT.value}),
        _S.CURRENT.value: frozenset(),
        _S.SUPERSEDED.value: frozenset(),
    }
    SORTABLE = ("date", "status", "risk_level", "next_review")

    defender_id: str | None = F.ref("defender", N_("Defender"), required=True)
    date: date | None = F.date_field(N_("Date"), required=True)
    assessor: str = F.text(N_("Assessor"), required=True)
    trigger_incidents: list[str] = F.refs("incident", N_("Triggering incidents"))
    # The five steps on a threat (Protection International).
    facts: str = F.longtext(N_("Facts"), required=True)
    pattern: bool | None = F.boolean(N_("Part of a pattern"), default=None)
    pattern_note: str = F.longtext(N_("Pattern"))
    objective: str = F.longtext(N_("Objective of the threat"))
    source_actor: str = F.text(N_("Source: actor"), searchable=True)
    source_type: PerpetratorType | None = F.choice(PerpetratorType, N_("Source: type"))
    attribution: AttributionConfidence | None = F.choice(
        AttributionConfidence, N_("Attribution confidence")
    )
    feasibility: str = F.longtext(N_("Can it be carried out?"))
    vulnerabilities: list[Factor] = F.items(Factor, N_("Vulnerabilities"))
    capacities: list[Factor] = F.items(Factor, N_("Capacities"))
    threat_score: int | None = F.integer(N_("Threat score"), minimum=1, maximum=5)
    vulnerability_score: int | None = F.integer(N_("Vulnerability score"), minimum=1, maximum=5)
    capacity_score: int | None = F.integer(N_("Capacity score"), minimum=1, maximum=5)
    likelihood: int | None = F.integer(N_("Likelihood"), minimum=1, maximum=5, required=True)
    impact: int | None = F.integer(N_("Impact"), minimum=1, maximum=5, required=True)
    risk_level: RiskLevel | None = F.choice(RiskLevel, N_("Risk level"), system=True, derived=True)
    measures: list[Measure] = F.items(Measure, N_("Measures"))
    next_review: date | None = F.date_field(N_("Next review"), required=True)
    status: AssessmentStatus | None = F.choice(
        AssessmentStatus, N_("Status"), required=True, default=AssessmentStatus.DRAFT
    )
    needs_review: bool | None = F.boolean(N_("Flagged for review by a new incident"), system=True)

    def title(self) -> str:
        level = self.risk_level.label if self.risk_level else "?"
        day = date_in_text(self.date)
        return _("Assessment of {date}: {level}").format(date=day, level=level)

    @property
    def indicative(self) -> Decimal | None:
        if None in (self.threat_score, self.vulnerability_score, self.capacity_score):
            return None
        return indicative_risk(self.threat_score, self.vulnerability_score, self.capacity_score)

    def derive(self, ctx: RuleContext) -> None:
        ok = all(isinstance(v, int) and 1 <= v <= 5 for v in (self.likelihood, self.impact))
        self.risk_level = risk_level(self.likelihood, self.impact) if ok else None

    def rules(self, ctx: RuleContext) -> Iterator[FieldError]:
        if self.date and self.next_review and self.next_review <= self.date:
            yield self.error("next_review", _("The next review must be after the assessment date."))
        limit = review_limit_days(self.risk_level, ctx)
        if limit and self.date and self.next_review and (self.next_review - self.date).days > limit:
            yield self.error(
                "next_review",
                ngettext(
                    "A {level} risk must be reviewed within {days} day.",
                    "A {level} risk must be reviewed within {days} days.",
                    limit,
                ).format(level=self.risk_level.label.lower(), days=limit),
            )
        if self.pattern and not self.pattern_note.strip():
            yield self.error("pattern_note", _("Describe the pattern."))
        if self.date and self.date > ctx.today:
            yield self.error("date", _("The date cannot be in the future."))
        old = ctx.old
        if (
            isinstance(old, ThreatAssessment)
            and old.status != AssessmentStatus.DRAFT
            and self.status == AssessmentStatus.DRAFT
        ):
            yield self.error(
                "status", _("A current or superseded assessment cannot become a draft.")
            )


def review_limit_days(level: RiskLevel | None, ctx: RuleContext) -> int | None:
    if level not in DEFAULT_REVIEW_DAYS:
        return None
    return int(ctx.setting(f"review_days_{level.value}", DEFAULT_REVIEW_DAYS[level]))
