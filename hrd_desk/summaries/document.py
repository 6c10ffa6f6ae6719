"""The case summary for headquarters: a defender's file laid out as a PDF, in memory.

Sections, in order: cover block, consent, profile, current risk (matrix, history, trend),
requests and decisions, incidents, grants (tranches, totals per currency), prison visits
(checklist findings, allegations only where the detainee consented to passing them on), court
cases and hearings (fair-trial checklist), open follow-ups and deadlines. Everything shown goes
through the same translation function and babel formatting as the interface, in the document's
language (set per thread by :func:`hrd_desk.i18n.document_language`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from reportlab.platypus.flowables import Flowable

from hrd_desk.cases import fields as F
from hrd_desk.cases.assessments import AssessmentStatus, ThreatAssessment, risk_level
from hrd_desk.cases.consents import Consent, ConsentScope
from hrd_desk.cases.defenders import Defender
from hrd_desk.cases.incidents import Incident
from hrd_desk.cases.record import Record
from hrd_desk.cases.requests import Request
from hrd_desk.cases.sharing import RedactionLevel
from hrd_desk.cases.vocab import RiskLevel, Vocab
from hrd_desk.formats import format_date, format_money, format_number, format_timestamp
from hrd_desk.i18n import N_, _, current_language, is_rtl, join_list, ngettext, pgettext
from hrd_desk.summaries.layout import PageDecor, SummaryLayout
from hrd_desk.summaries.redaction import Redactor

#: Section headings, in document order (the test checks each is in the extracted text).
SECTIONS = (
    ("cover", N_("Case summary")),
    ("consent", N_("Consent")),
    ("profile", N_("Profile")),
    ("risk", N_("Current risk")),
    ("requests", N_("Requests and decisions")),
    ("incidents", N_("Incidents")),
    ("grants", N_("Grants")),
    ("visits", N_("Prison visits")),
    ("trials", N_("Court cases and hearings")),
    ("deadlines", N_("Open follow-ups and deadlines")),
)
HANDLING = N_("Sensitive — handle per post guidance")
DEADLINE_DAYS = 90


@dataclass(frozen=True)
class SummaryFacts:
    """Everything one summary shows, gathered from the store (see ``service.gather``)."""

    defender: Defender
    linked: dict[str, list[Record]]
    grant_totals: dict[str, Any]
    deadlines: list[Any]
    generated_at: datetime
    generated_by: str
    recipient: str
    today: date


def language_name(lang: str) -> str:
    """The language's own name ("Français", "العربية"), as the reader knows it."""
    from babel import Locale

    try:
        name = Locale.parse(lang).get_display_name(lang) or lang
    except (ValueError, TypeError):
        return lang
    return name[:1].upper() + name[1:]


def section_titles() -> list[str]:
    return [_(title) for _key, title in SECTIONS]


def _yes_no(value: bool | None) -> str:
    if value is None:
        return "—"
    return pgettext("answer", "Yes") if value else pgettext("answer", "No")


def _label(value: Any) -> str:
    return value.label if isinstance(value, Vocab) else ("—" if value is None else str(value))


class _Writer:
    def __init__(self, facts: SummaryFacts, level: RedactionLevel) -> None:
        self.facts = facts
        self.layout = SummaryLayout(rtl=is_rtl(), translate=_, lang=current_language())
        self.redact = Redactor.for_defender(facts.defender, level)
        self.level = level
        self.story: list[Flowable] = []

    # -- helpers -------------------------------------------------------------------------------
    def add(self, *items: Flowable) -> None:
        self.story.extend(items)

    def heading(self, key: str, level: int = 1) -> None:
        title = dict(SECTIONS).get(key, key)
        self.add(self.layout.heading(_(title), level))

    def note(self, text: str) -> None:
        self.add(self.layout.paragraph(text, muted=True))

    def text(self, value: str) -> str:
        return self.redact.text(value)

    def value(self, owner: Any, name: str, spec: F.FieldSpec) -> str | None:
        value = getattr(owner, name)
        if value in (None, "", [], {}):
            return None
        kind = spec.kind
        if kind in (F.TEXT, F.LONGTEXT):
            return self.text(value)
        if kind == F.CHOICE:
            return value.label
        if kind == F.CHOICES:
            return join_list(v.label for v in value)
        if kind == F.DATE:
            return format_date(value)
        if kind == F.BOOL:
            return _yes_no(value)
        if kind == F.INT:
            return format_number(value)
        if kind == F.MONEY:
            return format_money(value, getattr(owner, spec.currency_field, ""))
        if kind == F.DECIMAL:
            return format_number(value)
        if kind == F.COUNTRY:
            from hrd_desk.cases.places import country_name

            return country_name(value)
        if kind == F.CURRENCY:
            return value
        return None  # links, item lists and checklists have their own tables

    def pairs(self, owner: Any, *, skip: Iterable[str] = ()) -> list[tuple[str, str]]:
        skip = set(skip) | {"confidentiality", "source_refs", "retention_review_date"}
        out = []
        for name, spec in F.specs(type(owner)):
            if spec.system or name in skip or not self.redact.allows(spec):
                continue
            shown = self.value(owner, name, spec)
            if shown is not None:
                out.append((_(spec.label), shown))
        return out

    def table(self, headers: list[str], rows: list[list[str]], widths=None) -> None:
        if rows:
            self.add(self.layout.table(headers, rows, widths=widths))
        else:
            self.note(_("None recorded."))

    def records(self, kind: str) -> list[Any]:
        return list(self.facts.linked.get(kind, []))

    # -- sections ------------------------------------------------------------------------------
    def cover(self) -> None:
        f = self.facts
        self.heading("cover")
        self.add(self.layout.paragraph(_(HANDLING), bold=True))
        level = RedactionLevel(self.level)
        self.add(
            self.layout.key_values(
                [
                    (_("Reference"), f.defender.pseudonym),
                    (_("Generated"), format_timestamp(f.generated_at)),
                    (_("Generated by"), f.generated_by),
                    (_("Redaction"), level.label),
                    (_("Language"), language_name(current_language())),
                    (_("Recipient"), f.recipient),
                ]
            )
        )

    def consent(self) -> None:
        self.heading("consent")
        consents = sorted(self.records("consent"), key=lambda c: c.date or date.min)
        if not consents:
            self.note(_("None recorded."))
            return
        c: Consent = consents[-1]
        rows = [[scope.label, _yes_no(scope in c.scopes)] for scope in ConsentScope]
        self.add(
            self.layout.key_values(
                [
                    (_("Date"), format_date(c.date)),
                    (_("Anonymity"), _label(c.anonymity)),
                    (_("Withdrawn on"), format_date(c.withdrawn_at) if c.withdrawn_at else "—"),
                    (_("Review date"), format_date(c.review_date) if c.review_date else "—"),
                ]
            )
        )
        self.table([_("Agreed to"), _("Answer")], rows, widths=[3, 1])

    def profile(self) -> None:
        self.heading("profile")
        d = self.facts.defender
        pairs = self.pairs(d, skip={"pseudonym"})
        self.add(self.layout.key_values([(_("Pseudonym"), d.pseudonym), *pairs]))

    def risk(self) -> None:
        self.heading("risk")
        assessments = sorted(self.records("assessment"), key=lambda a: a.date or date.min)
        current = next(
            (a for a in reversed(assessments) if a.status == AssessmentStatus.CURRENT), None
        )
        levels = [level.label for level in RiskLevel]
        if current is None:
            self.note(_("No current threat assessment."))
        else:
            a: ThreatAssessment = current
            pairs = [
                (_("Risk level"), _label(a.risk_level)),
                (_("Date"), format_date(a.date)),
                (_("Likelihood"), str(a.likelihood)),
                (_("Impact"), str(a.impact)),
                (_("Next review"), format_date(a.next_review)),
            ]
            if a.indicative is not None:
                pairs.append(
                    (_("Indicative T × V / C (not a formula)"), format_number(a.indicative))
                )
            self.add(self.layout.key_values(pairs))
            self.add(
                self.layout.risk_matrix(
                    a.likelihood,
                    a.impact,
                    level_labels=levels,
                    likelihood_label=_("Likelihood"),
                    impact_label=_("Impact"),
                    level_of=lambda lk, im: risk_level(lk, im).rank,
                )
            )
            self.add(
                self.layout.key_values(
                    self.pairs(
                        a,
                        skip={
                            "date",
                            "likelihood",
                            "impact",
                            "next_review",
                            "status",
                            "risk_level",
                        },
                    )
                )
            )
            factors = [
                [_("Vulnerability"), _label(v.category), self.text(v.note)]
                for v in a.vulnerabilities
            ]
            factors += [
                [_("Capacity"), _label(c.category), self.text(c.note)] for c in a.capacities
            ]
            if factors:
                self.table([_("Factor"), _("Category"), _("Note")], factors, widths=[1, 1.3, 3])
            if a.measures:
                self.table(
                    [_("Measure"), _("Kind"), _("Due"), _("Done")],
                    [
                        [
                            self.text(m.description),
                            _label(m.kind),
                            format_date(m.due),
                            _yes_no(m.done),
                        ]
                        for m in a.measures
                    ],
                    widths=[3, 1.4, 1, 0.6],
                )
        self.add(self.layout.heading(_("Assessment history"), 2))
        self.table(
            [_("Date"), _("Risk level"), _("Likelihood"), _("Impact"), _("Status"), _("Assessor")],
            [
                [
                    format_date(a.date),
                    _label(a.risk_level),
                    str(a.likelihood),
                    str(a.impact),
                    _label(a.status),
                    a.assessor,
                ]
                for a in reversed(assessments)
            ],
        )
        points = [(a.date, a.risk_level.rank) for a in assessments if a.date and a.risk_level]
        if len(points) >= 1:
            self.add(
                self.layout.trend_chart(
                    points, level_labels=levels, format_date=lambda d: format_date(d, fmt="short")
                )
            )

    def requests(self) -> None:
        self.heading("requests")
        items: list[Request] = sorted(
            self.records("request"), key=lambda r: r.received_at or date.min, reverse=True
        )
        self.table(
            [
                _("Received on"),
                _("Priority"),
                _("Needs"),
                _("Status"),
                _("Decision date"),
                _("Threat summary"),
                _("Reason for the decision"),
            ],
            [
                [
                    format_date(r.received_at),
                    _label(r.priority),
                    join_list(n.label for n in r.needs),
                    _label(r.status),
                    format_date(r.decision_date) if r.decision_date else "—",
                    self.text(r.threat_summary),
                    self.text(r.decision_reason or r.waiver),
                ]
                for r in items
            ],
            widths=[1, 0.8, 1.2, 1, 1, 2.4, 2],
        )

    def incidents(self) -> None:
        self.heading("incidents")
        items: list[Incident] = sorted(
            self.records("incident"), key=lambda i: i.start or date.min, reverse=True
        )
        self.table(
            [
                _("Date"),
                _("Type"),
                _("Perpetrator"),
                _("Verification"),
                _("Status"),
                _("What happened"),
            ],
            [
                [
                    format_date(i.start),
                    _label(i.type),
                    _label(i.perpetrator_type),
                    _label(i.verification),
                    _label(i.status),
                    self.text(i.description),
                ]
                for i in items
            ],
            widths=[1, 1.3, 1.3, 1.15, 1, 3],
        )

    def grants(self) -> None:
        self.heading("grants")
        grants = self.records("grant")
        if not grants:
            self.note(_("None recorded."))
            return
        tranches = self.records("disbursement")
        for g in sorted(grants, key=lambda g: g.start or date.min):
            self.add(self.layout.heading(f"{_label(g.programme)} — {_label(g.status)}", 2))
            self.add(self.layout.key_values(self.pairs(g, skip={"programme", "status"})))
            own = sorted((t for t in tranches if t.grant_id == g.id), key=lambda t: t.n or 0)
            self.table(
                [_("Tranche"), _("Planned date"), _("Paid on"), _("Amount"), _("Payment method")],
                [
                    [
                        str(t.n),
                        format_date(t.planned_date) if t.planned_date else "—",
                        format_date(t.paid_date) if t.paid_date else "—",
                        format_money(t.amount, t.currency),
                        _label(t.method),
                    ]
                    for t in own
                ],
            )
            if g.expenses:
                self.table(
                    [_("Date"), _("Amount"), _("Description"), _("Receipt")],
                    [
                        [
                            format_date(e.date),
                            format_money(e.amount, g.currency),
                            self.text(e.description),
                            _yes_no(e.receipt),
                        ]
                        for e in g.expenses
                    ],
                    widths=[1, 1, 3, 0.7],
                )
        totals = self.facts.grant_totals
        if totals:
            self.add(self.layout.heading(_("Totals per currency"), 2))
            self.table(
                [_("Currency"), _("Approved"), _("Paid"), _("Remaining"), _("Spent")],
                [
                    [
                        cur,
                        format_money(t.approved, cur),
                        format_money(t.paid, cur),
                        format_money(t.remaining, cur),
                        format_money(t.spent, cur),
                    ]
                    for cur, t in sorted(totals.items())
                ],
            )

    def visits(self) -> None:
        from hrd_desk.cases.visits import PassOnConsent, visit_alerts

        self.heading("visits")
        visits = sorted(self.records("prison_visit"), key=lambda v: v.visit_date or date.min)
        if not visits:
            self.note(_("None recorded."))
            return
        for v in reversed(visits):
            title = f"{format_date(v.visit_date)} — {v.facility_name or _label(v.facility_type)}"
            self.add(self.layout.heading(title, 2))
            for alert in visit_alerts(v):
                self.add(self.layout.paragraph(alert.message, bold=True))
            skip = {"visit_date", "detainee_wishes"}
            self.add(self.layout.key_values(self.pairs(v, skip=skip)))
            self._checklist(v.conditions, F.spec_for(type(v), "conditions"))
            passed = [a for a in v.allegations if a.consent_to_pass_on == PassOnConsent.YES]
            withheld = len(v.allegations) - len(passed)
            if passed:
                self.table(
                    [_("What happened"), _("When"), _("Where"), _("Complaint")],
                    [
                        [
                            self.text(a.what),
                            format_date(a.when) if a.when else a.when_note,
                            self.text(a.where),
                            _label(a.complaint_status),
                        ]
                        for a in passed
                    ],
                    widths=[3, 1, 1.2, 1],
                )
            if withheld:
                self.note(
                    ngettext(
                        "{n} allegation left out: no consent to pass it on.",
                        "{n} allegations left out: no consent to pass them on.",
                        withheld,
                    ).format(n=withheld)
                )

    def _checklist(self, answers: dict, spec: F.FieldSpec) -> None:
        rows = []
        for item in spec.vocab:
            entry = answers.get(item)
            if entry is None:
                continue
            number = format_number(entry.value) if entry.value is not None else ""
            rows.append([item.label, _label(entry.answer), number, self.text(entry.note)])
        if rows:
            self.table(
                [_("Item"), _("Answer"), _("Number"), _("Note")], rows, widths=[2.4, 1, 0.6, 2.6]
            )

    def trials(self) -> None:
        self.heading("trials")
        cases = self.records("court_case")
        hearings = self.records("hearing")
        if not cases:
            self.note(_("None recorded."))
            return
        for c in cases:
            title = c.court_name or _label(c.court_type)
            self.add(self.layout.heading(title, 2))
            self.add(self.layout.key_values(self.pairs(c)))
            own = sorted(
                (h for h in hearings if h.court_case_id == c.id), key=lambda h: h.date or date.min
            )
            self.table(
                [
                    _("Date"),
                    _("Type of hearing"),
                    _("Outcome"),
                    _("Public hearing"),
                    _("Observer access"),
                    _("Next hearing"),
                ],
                [
                    [
                        format_date(h.date),
                        _label(h.type),
                        _label(h.outcome),
                        _yes_no(h.public),
                        _label(h.observer_access),
                        format_date(h.next_hearing) if h.next_hearing else "—",
                    ]
                    for h in own
                ],
            )
            for h in own:
                if h.fair_trial:
                    self.add(
                        self.layout.paragraph(
                            _("Fair-trial checklist, hearing of {date}").format(
                                date=format_date(h.date)
                            ),
                            bold=True,
                        )
                    )
                    self._checklist(h.fair_trial, F.spec_for(type(h), "fair_trial"))

    def deadlines(self) -> None:
        self.heading("deadlines")
        items = self.facts.deadlines
        self.table(
            [_("Date"), _("What"), _("Overdue")],
            [[format_date(d.date), d.label, _yes_no(d.overdue)] for d in items],
            widths=[1, 4, 0.7],
        )

    def build(self) -> bytes:
        for key, _title in SECTIONS:
            getattr(self, key)()
        decor = PageDecor(handling=_(HANDLING), reference=self.facts.defender.pseudonym)
        return self.layout.build(self.story, decor=decor, title=_("Case summary"))


def render_summary(facts: SummaryFacts, level: RedactionLevel) -> bytes:
    """The PDF bytes (plaintext, in memory: encrypt before anything touches a disk)."""
    return _Writer(facts, level).build()


def now_utc() -> datetime:
    return datetime.now(UTC)


def deadline_horizon(today: date) -> date:
    return today + timedelta(days=DEADLINE_DAYS)
