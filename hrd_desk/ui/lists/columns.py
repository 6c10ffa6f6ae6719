"""What each list shows: its columns, how a cell reads, which badges it colours, its filters.

Columns name the store's list columns (:mod:`hrd_desk.cases.listing`); a column is sortable when
it names one of the ListSpec's sort keys, and the sort happens in SQL. Cell text is always the
translated label of a vocabulary value, a date or an amount in the user's locale — never a raw
id. Badges carry a *tone* (a colour family) *and* their label: the colour only repeats what the
text says.

Qt-free on purpose: the model and the delegate use these, tests can read them directly.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date
from typing import Any

from hrd_desk import formats
from hrd_desk.cases import money, places
from hrd_desk.cases.defenders import DefenderKind, DefenderStatus, HrdCategory
from hrd_desk.cases.grants import GrantStatus, Programme
from hrd_desk.cases.requests import RequestStatus
from hrd_desk.cases.trials import CourtType, HearingStatus, HearingType, ObserverAccess
from hrd_desk.cases.visits import Access, VisitStatus, VisitType
from hrd_desk.cases.vocab import Confidentiality, Priority, RiskLevel, SupportType, Vocab
from hrd_desk.i18n import N_, _, ngettext

# -- tones: colour families for badges (see badges.py for the colours themselves) -------------
NEUTRAL = "neutral"
INFO = "info"
GOOD = "good"
CAUTION = "caution"
SERIOUS = "serious"
DANGER = "danger"

RISK_TONES = {
    RiskLevel.LOW.value: GOOD,
    RiskLevel.MEDIUM.value: CAUTION,
    RiskLevel.HIGH.value: SERIOUS,
    RiskLevel.CRITICAL.value: DANGER,
}
DEFENDER_STATUS_TONES = {
    DefenderStatus.AT_LIBERTY.value: GOOD,
    DefenderStatus.THREATENED.value: CAUTION,
    DefenderStatus.DETAINED.value: DANGER,
    DefenderStatus.IN_HIDING.value: SERIOUS,
    DefenderStatus.RELOCATED.value: INFO,
    DefenderStatus.EXILED.value: INFO,
    DefenderStatus.DISAPPEARED.value: DANGER,
    DefenderStatus.DECEASED.value: NEUTRAL,
}
PRIORITY_TONES = {
    Priority.URGENT.value: DANGER,
    Priority.HIGH.value: SERIOUS,
    Priority.NORMAL.value: NEUTRAL,
    Priority.LOW.value: NEUTRAL,
}
REQUEST_STATUS_TONES = {
    RequestStatus.RECEIVED.value: CAUTION,
    RequestStatus.SCREENING.value: INFO,
    RequestStatus.VERIFICATION.value: INFO,
    RequestStatus.RISK_ASSESSED.value: INFO,
    RequestStatus.APPROVED.value: GOOD,
    RequestStatus.PARTLY_APPROVED.value: GOOD,
    RequestStatus.DECLINED.value: NEUTRAL,
    RequestStatus.REFERRED.value: NEUTRAL,
    RequestStatus.IN_IMPLEMENTATION.value: INFO,
    RequestStatus.MONITORING.value: INFO,
    RequestStatus.CLOSED.value: NEUTRAL,
}
GRANT_STATUS_TONES = {
    GrantStatus.DRAFT.value: NEUTRAL,
    GrantStatus.SUBMITTED.value: CAUTION,
    GrantStatus.APPROVED.value: GOOD,
    GrantStatus.PARTLY_APPROVED.value: GOOD,
    GrantStatus.DECLINED.value: NEUTRAL,
    GrantStatus.AGREEMENT_SIGNED.value: GOOD,
    GrantStatus.DISBURSING.value: INFO,
    GrantStatus.REPORT_DUE.value: SERIOUS,
    GrantStatus.REPORTED.value: INFO,
    GrantStatus.CLOSED.value: NEUTRAL,
    GrantStatus.CANCELLED.value: NEUTRAL,
    GrantStatus.REFUND_REQUESTED.value: DANGER,
}
VISIT_STATUS_TONES = {
    VisitStatus.PLANNED.value: INFO,
    VisitStatus.REQUESTED.value: CAUTION,
    VisitStatus.GRANTED.value: GOOD,
    VisitStatus.DENIED.value: DANGER,
    VisitStatus.CONDUCTED.value: GOOD,
    VisitStatus.REPORTED.value: NEUTRAL,
    VisitStatus.FOLLOW_UP.value: SERIOUS,
}
HEARING_STATUS_TONES = {
    HearingStatus.SCHEDULED.value: INFO,
    HearingStatus.OBSERVED.value: GOOD,
    HearingStatus.REFUSED.value: DANGER,
    HearingStatus.POSTPONED.value: CAUTION,
    HearingStatus.REPORT_DRAFTED.value: INFO,
    HearingStatus.REVIEWED.value: INFO,
    HearingStatus.SENT.value: NEUTRAL,
}

# -- cell kinds ---------------------------------------------------------------------------------
TEXT = "text"
DATE = "date"
TIMESTAMP = "timestamp"
VOCAB = "vocab"
VOCABS = "vocabs"  # a JSON list of vocabulary values
COUNTRY = "country"
MONEY = "money"  # minor units, beside the row's "currency"
NUMBER = "number"

#: Shown for a cell without a value (a dash reads as "none" in every script).
EMPTY = "—"


@dataclass(frozen=True)
class Column:
    key: str
    #: Source text marked with ``N_``; translated when shown.
    title: str
    kind: str = TEXT
    #: The ListSpec sort key, or None when the column cannot be sorted.
    sort: str | None = None
    vocab: type[Vocab] | None = None
    #: value → tone: the cell is drawn as a badge (with its label).
    badge: dict[str, str] | None = None
    #: Holds something that identifies a person (a full name, a case number): shown only when
    #: the vault's "show names" setting is on, and not even kept in memory otherwise.
    identifying: bool = False
    #: Typical width in characters, for sizing columns without reading every row.
    chars: int = 14

    def text(self, values: dict[str, Any]) -> str:
        return cell_text(self, values)

    def tone(self, values: dict[str, Any]) -> str | None:
        if self.badge is None:
            return None
        raw = values.get(self.key)
        return self.badge.get(str(raw), NEUTRAL) if raw else None


def _vocab_label(vocab: type[Vocab] | None, value: Any) -> str:
    if value in (None, ""):
        return EMPTY
    if vocab is None:
        return str(value)
    try:
        return vocab(value).label
    except ValueError:
        return str(value)


def _date_text(value: Any) -> str:
    if not value:
        return EMPTY
    try:
        return formats.format_date(date.fromisoformat(str(value)[:10]))
    except ValueError:
        return str(value)


def _timestamp_day(value: Any) -> str:
    """The local day of a UTC timestamp (a list needs the day, not the second)."""
    try:
        moment = formats.parse_timestamp(str(value)) if value else None
    except ValueError:
        return str(value)
    if moment is None:
        return EMPTY
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return formats.format_date(moment.astimezone().date())


def _vocabs_text(vocab: type[Vocab] | None, value: Any) -> str:
    if not value:
        return EMPTY
    try:
        items = json.loads(value) if isinstance(value, str) else list(value)
    except (TypeError, ValueError):
        return str(value)
    if not items:
        return EMPTY
    # Translators: separates the values of one list cell, e.g. "Medical, Legal representation".
    return _(", ").join(_vocab_label(vocab, item) for item in items)


def _money_text(value: Any, currency: Any) -> str:
    if value is None or not currency:
        return EMPTY
    try:
        return formats.format_money(money.from_minor(int(value), str(currency)), str(currency))
    except (TypeError, ValueError, ArithmeticError):
        return EMPTY


def cell_text(column: Column, values: dict[str, Any]) -> str:
    value = values.get(column.key)
    kind = column.kind
    if kind == VOCAB:
        return _vocab_label(column.vocab, value)
    if kind == VOCABS:
        return _vocabs_text(column.vocab, value)
    if kind == DATE:
        return _date_text(value)
    if kind == TIMESTAMP:
        return _timestamp_day(value)
    if kind == COUNTRY:
        return places.country_name(str(value)) if value else EMPTY
    if kind == MONEY:
        return _money_text(value, values.get("currency"))
    if kind == NUMBER:
        return formats.format_number(int(value)) if value is not None else EMPTY
    return str(value) if value not in (None, "") else EMPTY


# -- filters -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Filter:
    """A filter of the ListSpec, offered as a combo box above the table."""

    key: str
    #: What it filters, e.g. "Risk level" (source text, N_): a chosen value reads
    #: "Risk level: High".
    label: str
    #: What "no filter" reads as, e.g. "Any status" (source text, N_).
    any_text: str
    #: The combo's accessible name, e.g. "Filter by status" (source text, N_).
    name: str
    #: (value, label) pairs, computed when the combo is built (labels in the current language).
    choices: Callable[[], list[tuple[str, str]]] = field(default=lambda: [])


def vocab_choices(vocab: type[Vocab]) -> Callable[[], list[tuple[str, str]]]:
    return lambda: [(m.value, m.label) for m in vocab]


def country_choices() -> list[tuple[str, str]]:
    pairs = [(code, places.country_name(code)) for code in places.country_codes()]
    return sorted(pairs, key=lambda p: p[1].casefold())


def currency_choices() -> list[tuple[str, str]]:
    return [(code, code) for code in money.current_currencies()]


def _filter(key: str, label: str, any_text: str, name: str, choices) -> Filter:
    return Filter(key, label, any_text, name, choices)


_STATUS = N_("Any status")
_STATUS_NAME = N_("Filter by status")
_COUNTRY = _filter(
    "country", N_("Country"), N_("Any country"), N_("Filter by country"), country_choices
)
_CONFIDENTIALITY = _filter(
    "confidentiality",
    N_("Confidentiality"),
    N_("Any confidentiality"),
    N_("Filter by confidentiality"),
    vocab_choices(Confidentiality),
)
_RISK = _filter(
    "risk",
    N_("Risk level"),
    N_("Any risk level"),
    N_("Filter by risk level"),
    vocab_choices(RiskLevel),
)


@dataclass(frozen=True)
class ListKind:
    """One list: its record kind, its columns and filters, and how to count its rows."""

    kind: str
    columns: tuple[Column, ...]
    filters: tuple[Filter, ...]
    #: "1,284 defenders": the total, in the user's plural form.
    count_text: Callable[[int], str]
    #: Plural title for tabs and headings (source text, N_).
    title: str

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


_CONFIDENTIALITY_COLUMN = Column(
    "confidentiality", N_("Confidentiality"), VOCAB, vocab=Confidentiality, chars=12
)

DEFENDERS = ListKind(
    kind="defender",
    title=N_("Defenders"),
    columns=(
        Column("pseudonym", N_("Pseudonym"), sort="pseudonym", chars=18),
        Column("full_name", N_("Full name"), identifying=True, chars=20),
        Column("kind", N_("Kind"), VOCAB, sort="kind", vocab=DefenderKind, chars=11),
        Column(
            "current_status",
            N_("Status"),
            VOCAB,
            sort="current_status",
            vocab=DefenderStatus,
            badge=DEFENDER_STATUS_TONES,
            chars=12,
        ),
        Column(
            "current_risk",
            N_("Risk"),
            VOCAB,
            sort="current_risk",
            vocab=RiskLevel,
            badge=RISK_TONES,
            chars=9,
        ),
        Column("country", N_("Country"), COUNTRY, sort="country", chars=14),
        Column("categories", N_("Categories"), VOCABS, vocab=HrdCategory, chars=20),
        _CONFIDENTIALITY_COLUMN,
        Column("updated_at", N_("Last changed"), TIMESTAMP, sort="updated_at", chars=18),
    ),
    filters=(
        _filter("status", N_("Status"), _STATUS, _STATUS_NAME, vocab_choices(DefenderStatus)),
        _RISK,
        _filter(
            "category",
            N_("Category"),
            N_("Any category"),
            N_("Filter by category"),
            vocab_choices(HrdCategory),
        ),
        _filter(
            "kind", N_("Kind"), N_("Any kind"), N_("Filter by kind"), vocab_choices(DefenderKind)
        ),
        _COUNTRY,
        _CONFIDENTIALITY,
    ),
    count_text=lambda n: ngettext("{n} defender", "{n} defenders", n).format(
        n=formats.format_number(n)
    ),
)

REQUESTS = ListKind(
    kind="request",
    title=N_("Requests"),
    columns=(
        Column("received_at", N_("Received"), DATE, sort="received_at", chars=12),
        Column("pseudonym", N_("Defender"), sort="pseudonym", chars=18),
        Column(
            "priority",
            N_("Priority"),
            VOCAB,
            sort="priority",
            vocab=Priority,
            badge=PRIORITY_TONES,
            chars=9,
        ),
        Column(
            "status",
            N_("Status"),
            VOCAB,
            sort="status",
            vocab=RequestStatus,
            badge=REQUEST_STATUS_TONES,
            chars=14,
        ),
        Column("needs", N_("Needs"), VOCABS, vocab=SupportType, chars=26),
        Column("decision_date", N_("Decided"), DATE, sort="decision_date", chars=12),
        _CONFIDENTIALITY_COLUMN,
    ),
    filters=(
        _filter("status", N_("Status"), _STATUS, _STATUS_NAME, vocab_choices(RequestStatus)),
        _filter(
            "priority",
            N_("Priority"),
            N_("Any priority"),
            N_("Filter by priority"),
            vocab_choices(Priority),
        ),
        _RISK,
        _COUNTRY,
        _CONFIDENTIALITY,
    ),
    count_text=lambda n: ngettext("{n} request", "{n} requests", n).format(
        n=formats.format_number(n)
    ),
)

GRANTS = ListKind(
    kind="grant",
    title=N_("Grants"),
    columns=(
        Column("pseudonym", N_("Defender"), sort="pseudonym", chars=18),
        Column("programme", N_("Programme"), VOCAB, sort="programme", vocab=Programme, chars=22),
        Column(
            "status",
            N_("Status"),
            VOCAB,
            sort="status",
            vocab=GrantStatus,
            badge=GRANT_STATUS_TONES,
            chars=14,
        ),
        Column("requested_minor", N_("Requested"), MONEY, chars=12),
        Column("approved_minor", N_("Approved"), MONEY, sort="approved", chars=12),
        Column("paid_minor", N_("Paid"), MONEY, sort="paid", chars=12),
        Column("start", N_("Start"), DATE, sort="start", chars=12),
        Column("end", N_("End"), DATE, sort="end", chars=12),
        _CONFIDENTIALITY_COLUMN,
    ),
    filters=(
        _filter("status", N_("Status"), _STATUS, _STATUS_NAME, vocab_choices(GrantStatus)),
        _filter(
            "programme",
            N_("Programme"),
            N_("Any programme"),
            N_("Filter by programme"),
            vocab_choices(Programme),
        ),
        _filter(
            "currency",
            N_("Currency"),
            N_("Any currency"),
            N_("Filter by currency"),
            currency_choices,
        ),
        _COUNTRY,
        _CONFIDENTIALITY,
    ),
    count_text=lambda n: ngettext("{n} grant", "{n} grants", n).format(n=formats.format_number(n)),
)

HEARINGS = ListKind(
    kind="hearing",
    title=N_("Hearings"),
    columns=(
        Column("date", N_("Date"), DATE, sort="date", chars=12),
        Column("pseudonym", N_("Defender"), sort="pseudonym", chars=18),
        Column("type", N_("Type"), VOCAB, sort="type", vocab=HearingType, chars=14),
        Column(
            "status",
            N_("Status"),
            VOCAB,
            sort="status",
            vocab=HearingStatus,
            badge=HEARING_STATUS_TONES,
            chars=16,
        ),
        Column("court_type", N_("Court"), VOCAB, vocab=CourtType, chars=16),
        Column("case_number", N_("Case number"), identifying=True, chars=14),
        Column("observer_access", N_("Observer access"), VOCAB, vocab=ObserverAccess, chars=12),
        Column("next_hearing", N_("Next hearing"), DATE, sort="next_hearing", chars=12),
    ),
    filters=(
        _filter("status", N_("Status"), _STATUS, _STATUS_NAME, vocab_choices(HearingStatus)),
        _filter(
            "type",
            N_("Type"),
            N_("Any type"),
            N_("Filter by type of hearing"),
            vocab_choices(HearingType),
        ),
        _filter(
            "court_type",
            N_("Court"),
            N_("Any court"),
            N_("Filter by type of court"),
            vocab_choices(CourtType),
        ),
        _filter(
            "observer_access",
            N_("Observer access"),
            N_("Any observer access"),
            N_("Filter by observer access"),
            vocab_choices(ObserverAccess),
        ),
        _COUNTRY,
        _CONFIDENTIALITY,
    ),
    count_text=lambda n: ngettext("{n} hearing", "{n} hearings", n).format(
        n=formats.format_number(n)
    ),
)

PRISON_VISITS = ListKind(
    kind="prison_visit",
    title=N_("Prison visits"),
    columns=(
        Column("visit_date", N_("Date"), DATE, sort="visit_date", chars=12),
        Column("pseudonym", N_("Defender"), sort="pseudonym", chars=18),
        Column("visit_type", N_("Type"), VOCAB, sort="visit_type", vocab=VisitType, chars=18),
        Column(
            "status",
            N_("Status"),
            VOCAB,
            sort="status",
            vocab=VisitStatus,
            badge=VISIT_STATUS_TONES,
            chars=12,
        ),
        Column("facility_name", N_("Facility"), sort="facility_name", chars=20),
        Column("access", N_("Access"), VOCAB, vocab=Access, chars=9),
        Column("next_visit", N_("Next visit"), DATE, sort="next_visit", chars=12),
    ),
    filters=(
        _filter("status", N_("Status"), _STATUS, _STATUS_NAME, vocab_choices(VisitStatus)),
        _filter(
            "visit_type",
            N_("Type"),
            N_("Any type"),
            N_("Filter by type of visit"),
            vocab_choices(VisitType),
        ),
        _filter(
            "access", N_("Access"), N_("Any access"), N_("Filter by access"), vocab_choices(Access)
        ),
        _COUNTRY,
        _CONFIDENTIALITY,
    ),
    count_text=lambda n: ngettext("{n} prison visit", "{n} prison visits", n).format(
        n=formats.format_number(n)
    ),
)

LISTS: dict[str, ListKind] = {
    spec.kind: spec for spec in (DEFENDERS, REQUESTS, GRANTS, HEARINGS, PRISON_VISITS)
}


def count_line(list_kind: ListKind, total: int, shown: int, filtered: bool) -> str:
    """ "1,284 defenders" or, with filters on, "1,284 defenders, 37 shown"."""
    everything = list_kind.count_text(total)
    if not filtered:
        return everything
    # Translators: the second half of "1,284 defenders, 37 shown" (rows matching the filters).
    part = ngettext("{n} shown", "{n} shown", shown).format(n=formats.format_number(shown))
    # Translators: joins "1,284 defenders" and "37 shown".
    return _("{total}, {shown}").format(total=everything, shown=part)
