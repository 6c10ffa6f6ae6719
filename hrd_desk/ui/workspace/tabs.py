"""The tabs of a defender's workspace. Each shows part of the loaded :class:`WorkspaceData`
(``show_data``) and asks the workspace to open or create records; none reads the database."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from hrd_desk.cases import fields as F
from hrd_desk.cases.assessments import ThreatAssessment
from hrd_desk.cases.consents import Consent
from hrd_desk.cases.defenders import Defender
from hrd_desk.cases.grants import OPEN_STATES, Grant
from hrd_desk.cases.incidents import Incident
from hrd_desk.cases.record import KINDS
from hrd_desk.cases.requests import Request
from hrd_desk.cases.trials import FairTrialItem, Hearing, hearing_flags
from hrd_desk.cases.visits import ConditionItem, PrisonVisit, visit_alerts
from hrd_desk.formats import format_date, format_money, format_number, format_timestamp
from hrd_desk.i18n import _, current_language, is_rtl, isolate, join_list, labelled, pgettext
from hrd_desk.ui.charts import RiskMatrix, RiskTrend
from hrd_desk.ui.widgets import mark_data, message_label
from hrd_desk.ui.workspace.data import WorkspaceData, status_text
from hrd_desk.ui.workspace.parts import (
    ChecklistView,
    KeyValues,
    MoneyCard,
    RecordList,
    Row,
    SideBySide,
    button_row,
    clean,
)

if TYPE_CHECKING:
    from hrd_desk.ui.workspace.section import DefenderWorkspace

NONE = "—"


def kind_label(kind: str) -> str:
    cls = KINDS.get(kind)
    return cls.label() if cls is not None else kind


def day_text(value) -> str:
    return _day_text(value, current_language()) if value is not None else NONE


@functools.lru_cache(maxsize=4096)
def _day_text(value, _lang: str) -> str:
    # Dates repeat across the tabs (and babel's formatting is the slow part of filling them).
    return format_date(value)


def label_of(value) -> str:
    return value.label if value is not None and hasattr(value, "label") else NONE


def scrolled(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setWidget(widget)
    return area


class Tab(QWidget):
    """Base: a tab knows its workspace and shows data."""

    def __init__(self, ws: DefenderWorkspace) -> None:
        super().__init__()
        self.ws = ws

    def show_data(self, data: WorkspaceData) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def clear(self) -> None:
        for lst in self.findChildren(RecordList):
            lst.set_rows([])

    def _open(self, kind: str) -> Callable[[str, str], None]:
        return lambda record_id, row_kind: self.ws.open_record(row_kind or kind, record_id)

    def _new_button(self, text: str, kind: str) -> QPushButton:
        button = QPushButton(text, self)
        button.clicked.connect(lambda: self.ws.new_record(kind))
        return button

    def _open_button(self, lst: RecordList, kind: str, text: str | None = None) -> QPushButton:
        button = QPushButton(text or _("Open…"), self)
        button.setToolTip(_("Open the selected record (Enter)"))
        button.clicked.connect(
            lambda: lst.selected_id() and self.ws.open_record(kind, lst.selected_id())
        )
        button.setEnabled(False)
        lst.currentRecordChanged.connect(lambda rid: button.setEnabled(bool(rid)))
        return button


# -- Overview ---------------------------------------------------------------------------------
class OverviewTab(Tab):
    def __init__(self, ws: DefenderWorkspace) -> None:
        super().__init__(ws)
        self.list = RecordList(
            [_("Date"), _("Kind"), _("Title"), _("Status")],
            _("Timeline of everything about this defender, newest first"),
            self,
            open_on_click=True,
            select_first=False,
        )
        self.list.openRequested.connect(self._open(""))
        hint = QLabel(_("Newest first. Click or press Enter to open a record."), self)
        hint.setWordWrap(True)
        box = QVBoxLayout(self)
        box.addWidget(hint)
        box.addWidget(self.list, 1)

    def show_data(self, data: WorkspaceData) -> None:
        self.list.set_rows(
            [
                Row(e.record_id, [day_text(e.day), kind_label(e.kind), e.title, e.status], e.kind)
                for e in data.timeline()
            ]
        )


# -- Profile & consent ------------------------------------------------------------------------
class ProfileTab(Tab):
    def __init__(self, ws: DefenderWorkspace) -> None:
        super().__init__(ws)
        self.profile = KeyValues(self)
        self.edit = QPushButton(_("Edit profile…"), self)
        self.edit.setToolTip(_("Open the defender's form"))
        self.edit.clicked.connect(ws.edit_profile)
        profile_box = QGroupBox(_("Profile"), self)
        pl = QVBoxLayout(profile_box)
        pl.addWidget(self.profile)
        pl.addLayout(button_row(self.edit))

        self.consents = RecordList(
            [_("Date"), _("Method"), _("Agreed to"), _("Anonymity"), _("Withdrawn")],
            _("Consents"),
            self,
        )
        self.consents.openRequested.connect(self._open(Consent.KIND))
        self.new_consent = self._new_button(_("New consent…"), Consent.KIND)
        self.open_consent = self._open_button(self.consents, Consent.KIND, _("Edit consent…"))
        consent_box = QGroupBox(_("Consent"), self)
        cl = QVBoxLayout(consent_box)
        cl.addWidget(self.consents, 1)
        cl.addLayout(button_row(self.new_consent, self.open_consent))

        inner = QWidget(self)
        box = QVBoxLayout(inner)
        box.addWidget(profile_box)
        box.addWidget(consent_box, 1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scrolled(inner))

    def show_data(self, data: WorkspaceData) -> None:
        d: Defender = data.defender
        hidden = _("Hidden (turn on “Show defenders' full names by default” in Settings)")
        full = clean(d.full_name) if data.show_names else (hidden if d.full_name else "")
        aliases = clean(d.aliases) if data.show_names else (hidden if d.aliases else "")
        categories = [c.label for c in d.hrd_categories]
        if d.category_other:
            categories.append(clean(d.category_other))
        from hrd_desk.cases.places import country_name

        self.profile.set_rows(
            [
                ("pseudonym", Defender.field_label("pseudonym"), clean(d.pseudonym)),
                ("full_name", Defender.field_label("full_name"), full),
                ("aliases", Defender.field_label("aliases"), aliases),
                ("kind", Defender.field_label("kind"), label_of(d.kind)),
                ("hrd_categories", Defender.field_label("hrd_categories"), join_list(categories)),
                (
                    "current_status",
                    Defender.field_label("current_status"),
                    label_of(d.current_status),
                ),
                (
                    "country",
                    Defender.field_label("country"),
                    country_name(d.country) if d.country else "",
                ),
                ("region", Defender.field_label("region"), clean(d.region)),
                (
                    "registration_status",
                    Defender.field_label("registration_status"),
                    label_of(d.registration_status),
                ),
                (
                    "dependants",
                    Defender.field_label("dependants"),
                    "" if d.dependants is None else str(d.dependants),
                ),
                (
                    "confidentiality",
                    Defender.field_label("confidentiality"),
                    label_of(d.confidentiality),
                ),
                (
                    "retention_review_date",
                    Defender.field_label("retention_review_date"),
                    day_text(d.retention_review_date),
                ),
            ]
        )
        rows = []
        for c in sorted(
            data.records(Consent.KIND), key=lambda c: c.date or data.today, reverse=True
        ):
            scopes = join_list(s.label for s in c.scopes) or NONE
            rows.append(
                Row(
                    c.id,
                    [
                        day_text(c.date),
                        label_of(c.method),
                        scopes,
                        label_of(c.anonymity),
                        day_text(c.withdrawn_at) if c.withdrawn_at else "",
                    ],
                )
            )
        self.consents.set_rows(rows, empty=_("No consent recorded yet."))

    def clear(self) -> None:
        super().clear()
        self.profile.set_rows([])


# -- Requests and incidents -------------------------------------------------------------------
class RequestsTab(Tab):
    def __init__(self, ws: DefenderWorkspace) -> None:
        super().__init__(ws)
        self.list = RecordList(
            [_("Received"), _("Priority"), _("Status"), _("Threat summary")], _("Requests"), self
        )
        self.list.openRequested.connect(self._open(Request.KIND))
        self.new = self._new_button(_("New request…"), Request.KIND)
        self.open_button = self._open_button(self.list, Request.KIND)
        box = QVBoxLayout(self)
        box.addWidget(self.list, 1)
        box.addLayout(button_row(self.new, self.open_button))

    def show_data(self, data: WorkspaceData) -> None:
        items = sorted(
            data.records(Request.KIND), key=lambda r: r.received_at or data.today, reverse=True
        )
        self.list.set_rows(
            [
                Row(
                    r.id, [day_text(r.received_at), label_of(r.priority), status_text(r), r.title()]
                )
                for r in items
            ],
            empty=_("No request yet."),
        )


class IncidentsTab(Tab):
    def __init__(self, ws: DefenderWorkspace) -> None:
        super().__init__(ws)
        self.list = RecordList(
            [_("Date"), _("Type"), _("Perpetrator"), _("Verification"), _("Status")],
            _("Incidents"),
            self,
        )
        self.list.openRequested.connect(self._open(Incident.KIND))
        self.new = self._new_button(_("New incident…"), Incident.KIND)
        self.open_button = self._open_button(self.list, Incident.KIND)
        box = QVBoxLayout(self)
        box.addWidget(self.list, 1)
        box.addLayout(button_row(self.new, self.open_button))

    def show_data(self, data: WorkspaceData) -> None:
        items = sorted(
            data.records(Incident.KIND), key=lambda r: r.start or data.today, reverse=True
        )
        self.list.set_rows(
            [
                Row(
                    r.id,
                    [
                        day_text(r.start),
                        label_of(r.type),
                        label_of(r.perpetrator_type),
                        label_of(r.verification),
                        status_text(r),
                    ],
                )
                for r in items
            ],
            empty=_("No incident recorded."),
        )


# -- Threat assessments -----------------------------------------------------------------------
class AssessmentsTab(Tab):
    def __init__(self, ws: DefenderWorkspace) -> None:
        super().__init__(ws)
        self.list = RecordList(
            [_("Date"), _("Status"), _("Risk level"), _("Likelihood × impact"), _("Next review")],
            _("Threat assessments"),
            self,
        )
        self.list.openRequested.connect(self._open(ThreatAssessment.KIND))
        self.list.currentRecordChanged.connect(self._selected)
        self.new = self._new_button(_("New assessment…"), ThreatAssessment.KIND)
        self.open_button = self._open_button(self.list, ThreatAssessment.KIND)
        self.matrix = RiskMatrix(self)
        self.shown = mark_data(message_label(self))
        self.shown.setObjectName("matrixCaption")
        self.trend = RiskTrend(self)
        self.indicative = mark_data(message_label(self))

        matrix_box = QGroupBox(_("Likelihood × impact"), self)
        ml = QVBoxLayout(matrix_box)
        ml.addWidget(self.shown)
        ml.addWidget(self.matrix, 0, Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignTop)
        ml.addWidget(self.indicative)
        ml.addStretch(1)
        trend_box = QGroupBox(_("Risk over time"), self)
        tl = QVBoxLayout(trend_box)
        tl.addWidget(self.trend)
        tl.addStretch(1)

        top = QWidget(self)
        tb = QVBoxLayout(top)
        tb.setContentsMargins(0, 0, 0, 0)
        tb.addWidget(self.list, 1)
        tb.addLayout(button_row(self.new, self.open_button))
        charts = SideBySide(self)
        charts.add(matrix_box)
        charts.add(trend_box, 1)
        self.charts = charts
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(top)
        split.addWidget(scrolled(charts))
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)
        box = QVBoxLayout(self)
        box.addWidget(split)
        self._data: WorkspaceData | None = None

    def show_data(self, data: WorkspaceData) -> None:
        self._data = data
        items = sorted(data.assessments(), key=lambda a: a.date or data.today, reverse=True)
        current = data.current_assessment()
        rows = []
        for a in items:
            li = (
                # Digits and "×" carry no direction: in right-to-left text a leading RLM makes
                # the cell read from the right, so likelihood comes first for an Arabic reader.
                ("\u200f" if is_rtl() else "")
                + _("{likelihood} × {impact}").format(
                    likelihood=isolate(a.likelihood), impact=isolate(a.impact)
                )
                if a.likelihood is not None and a.impact is not None
                else NONE
            )
            rows.append(
                Row(
                    a.id,
                    [
                        day_text(a.date),
                        status_text(a),
                        label_of(a.risk_level),
                        li,
                        day_text(a.next_review),
                    ],
                )
            )
        self.list.set_rows(rows, empty=_("No threat assessment yet."))
        if current is not None:
            self.list.select_id(current.id)
        self.trend.set_points(data.trend())
        self._selected(self.list.selected_id())

    def _selected(self, record_id: str | None) -> None:
        data = self._data
        record = data.find(record_id) if data is not None else None
        if not isinstance(record, ThreatAssessment):
            self.matrix.set_position(None, None)
            self.shown.setText(_("No assessment selected."))
            self.indicative.setText("")
            return
        self.matrix.set_position(record.likelihood, record.impact)
        self.shown.setText(
            _("Assessment of {date} ({status})").format(
                date=isolate(day_text(record.date)), status=status_text(record).lower()
            )
        )
        value = record.indicative
        self.indicative.setText(
            _(
                "Indicative threat × vulnerability ÷ capacity: {value} (a guide, not a formula)"
            ).format(value=isolate(format_number(value)))
            if value is not None
            else ""
        )

    def clear(self) -> None:
        super().clear()
        self._data = None
        self.matrix.set_position(None, None)
        self.trend.set_points([])
        self.shown.clear()
        self.indicative.clear()


# -- Grants -----------------------------------------------------------------------------------
class GrantsTab(Tab):
    def __init__(self, ws: DefenderWorkspace) -> None:
        super().__init__(ws)
        self.list = RecordList(
            [_("Programme"), _("Status"), _("Approved"), _("Start"), _("End")], _("Grants"), self
        )
        self.list.openRequested.connect(self._open(Grant.KIND))
        self.list.currentRecordChanged.connect(self._selected)
        self.new = self._new_button(_("New grant…"), Grant.KIND)
        self.open_button = self._open_button(self.list, Grant.KIND, _("Open grant…"))
        self.open_button.setToolTip(_("Open the grant: its form and workflow (submit, approve…)"))
        self.pay = QPushButton(_("Pay tranche…"), self)
        self.pay.setEnabled(False)
        self.pay.clicked.connect(lambda: self.ws.pay_tranche(self.list.selected_id()))

        self.approved = MoneyCard(_("Approved"), self)
        self.paid = MoneyCard(_("Paid"), self)
        self.remaining = MoneyCard(_("Remaining"), self)
        self.planned = MoneyCard(_("Planned, not paid"), self)
        cards = QHBoxLayout()
        for card in (self.approved, self.paid, self.remaining, self.planned):
            cards.addWidget(card)

        self.tranches = RecordList(
            [_("No."), _("Amount"), _("Planned"), _("Paid on"), _("Method")],
            _("Tranches"),
            self,
            select_first=False,
            min_rows=3,
        )
        self.tranches.openRequested.connect(self._open("disbursement"))
        self.expenses = RecordList(
            [_("Date"), _("Amount"), _("Description"), _("Receipt")],
            _("Expenses"),
            self,
            select_first=False,
            min_rows=3,
        )
        self.expenses.openRequested.connect(lambda *_a: self._open_selected_grant())
        self.reports = RecordList(
            [_("Report"), _("Due"), _("Received")],
            _("Reports"),
            self,
            select_first=False,
            min_rows=3,
        )
        self.reports.openRequested.connect(lambda *_a: self._open_selected_grant())
        self.detail = QGroupBox(_("Ledger"), self)
        grid = QGridLayout(self.detail)
        grid.addLayout(cards, 0, 0, 1, 2)
        grid.addWidget(QLabel(_("Tranches"), self.detail), 1, 0)
        grid.addWidget(self.tranches, 2, 0, 1, 2)
        grid.addWidget(QLabel(_("Expenses"), self.detail), 3, 0)
        grid.addWidget(QLabel(_("Reports"), self.detail), 3, 1)
        grid.addWidget(self.expenses, 4, 0)
        grid.addWidget(self.reports, 4, 1)

        top = QWidget(self)
        tb = QVBoxLayout(top)
        tb.setContentsMargins(0, 0, 0, 0)
        tb.addWidget(self.list, 1)
        tb.addLayout(button_row(self.new, self.open_button, self.pay))
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(top)
        split.addWidget(scrolled(self.detail))
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 3)
        split.setChildrenCollapsible(False)
        box = QVBoxLayout(self)
        box.addWidget(split)
        self._data: WorkspaceData | None = None

    def _open_selected_grant(self) -> None:
        if self.list.selected_id():
            self.ws.open_record(Grant.KIND, self.list.selected_id())

    def show_data(self, data: WorkspaceData) -> None:
        self._data = data
        grants = sorted(data.grants(), key=lambda g: g.start or data.today, reverse=True)
        rows = []
        for g in grants:
            approved = (
                format_money(g.approved_amount, g.currency)
                if g.approved_amount is not None
                else NONE
            )
            rows.append(
                Row(
                    g.id,
                    [
                        g.title(),
                        status_text(g),
                        approved,
                        day_text(g.start),
                        day_text(g.end),
                    ],
                )
            )
        self.list.set_rows(rows, empty=_("No grant yet."))
        self._selected(self.list.selected_id())

    def _selected(self, grant_id: str | None) -> None:
        data = self._data
        grant = data.find(grant_id) if data is not None else None
        if not isinstance(grant, Grant):
            self.detail.setEnabled(False)
            for card in (self.approved, self.paid, self.remaining, self.planned):
                card.set_value(NONE)
            for lst in (self.tranches, self.expenses, self.reports):
                lst.set_rows([])
            self.pay.setEnabled(False)
            return
        self.detail.setEnabled(True)
        totals = data.totals.get(grant.id)
        cur = grant.currency
        if totals is not None:
            self.approved.set_value(format_money(totals.approved, cur))
            self.paid.set_value(format_money(totals.paid, cur))
            self.remaining.set_value(format_money(totals.remaining, cur))
            self.planned.set_value(format_money(totals.planned, cur))
        self.tranches.set_rows(
            [
                Row(
                    t.id,
                    [
                        str(t.n) if t.n is not None else NONE,
                        format_money(t.amount, t.currency),
                        day_text(t.planned_date),
                        day_text(t.paid_date) if t.paid_date else pgettext("tranche", "not paid"),
                        label_of(t.method),
                    ],
                    "disbursement",
                )
                for t in data.tranches(grant.id)
            ],
            empty=_("No tranche yet."),
        )
        self.expenses.set_rows(
            [
                Row(
                    f"{grant.id}:expense:{i}",
                    [
                        day_text(e.date),
                        format_money(e.amount, cur),
                        e.description,
                        pgettext("answer", "Yes") if e.receipt else pgettext("answer", "No"),
                    ],
                )
                for i, e in enumerate(grant.expenses)
            ],
            empty=_("No expense reported."),
        )
        self.reports.set_rows(
            [
                Row(
                    f"{grant.id}:report:{i}",
                    [label_of(r.kind), day_text(r.due), day_text(r.received) if r.received else ""],
                )
                for i, r in enumerate(grant.reports)
            ],
            empty=_("No report due."),
        )
        # Open grants only; the ledger itself refuses what is not allowed yet (no payment
        # before the agreement is signed, never more than approved) at the offending field.
        can_pay = grant.status in OPEN_STATES
        self.pay.setEnabled(can_pay)
        self.pay.setToolTip(
            _("Record a payment of this grant")
            if can_pay
            else _("Not possible while the grant is “{status}”.").format(status=grant.status_label)
        )

    def clear(self) -> None:
        super().clear()
        self._data = None
        self._selected(None)


# -- Prison visits ----------------------------------------------------------------------------
ALERT_STYLE = "QLabel { color: #b71c1c; font-weight: 600; }"


class VisitsTab(Tab):
    def __init__(self, ws: DefenderWorkspace) -> None:
        super().__init__(ws)
        self.list = RecordList(
            [_("Date"), _("Type"), _("Status"), _("Facility"), _("Alerts")],
            _("Prison visits"),
            self,
        )
        self.list.openRequested.connect(self._open(PrisonVisit.KIND))
        self.list.currentRecordChanged.connect(self._selected)
        self.new = self._new_button(_("New visit…"), PrisonVisit.KIND)
        self.open_button = self._open_button(self.list, PrisonVisit.KIND)
        self.alerts = mark_data(message_label(self))
        self.alerts.setObjectName("visitAlerts")
        self.alerts.setStyleSheet(ALERT_STYLE)
        self.checklist = ChecklistView(_("Conditions of detention"), self)
        detail = QGroupBox(_("Conditions of detention (selected visit)"), self)
        dl = QVBoxLayout(detail)
        dl.addWidget(self.alerts)
        dl.addWidget(self.checklist, 1)
        top = QWidget(self)
        tb = QVBoxLayout(top)
        tb.setContentsMargins(0, 0, 0, 0)
        tb.addWidget(self.list, 1)
        tb.addLayout(button_row(self.new, self.open_button))
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(top)
        split.addWidget(detail)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)
        box = QVBoxLayout(self)
        box.addWidget(split)
        self._data: WorkspaceData | None = None

    def show_data(self, data: WorkspaceData) -> None:
        self._data = data
        rows = []
        for v in data.visits():
            alerts = join_list(a.label for a in visit_alerts(v))
            rows.append(
                Row(
                    v.id,
                    [
                        day_text(v.visit_date),
                        label_of(v.visit_type),
                        status_text(v),
                        v.facility_name,
                        ("⚠ " + alerts) if alerts else "",
                    ],
                )
            )
        self.list.set_rows(rows, empty=_("No prison visit yet."))
        self._selected(self.list.selected_id())

    def _selected(self, visit_id: str | None) -> None:
        data = self._data
        visit = data.find(visit_id) if data is not None else None
        if not isinstance(visit, PrisonVisit):
            self.alerts.setText("")
            self.alerts.setVisible(False)
            self.checklist.set_rows([])
            return
        messages = [a.message for a in visit_alerts(visit)]
        self.alerts.setText("\n".join("⚠ " + m for m in messages))
        self.alerts.setVisible(bool(messages))
        self.checklist.set_checklist(ConditionItem, visit.conditions)

    def clear(self) -> None:
        super().clear()
        self._data = None
        self._selected(None)


# -- Trials -----------------------------------------------------------------------------------
class TrialsTab(Tab):
    def __init__(self, ws: DefenderWorkspace) -> None:
        super().__init__(ws)
        self.cases = RecordList(
            [_("Court"), _("Court name"), _("Stage"), _("Charges")], _("Court cases"), self
        )
        self.cases.openRequested.connect(self._open("court_case"))
        self.cases.currentRecordChanged.connect(self._case_selected)
        self.new_case = self._new_button(_("New court case…"), "court_case")
        self.open_case = self._open_button(self.cases, "court_case", _("Open case…"))
        self.hearings = RecordList(
            [_("Date"), _("Type"), _("Status"), _("Outcome"), _("Next hearing")],
            _("Hearings of the selected case"),
            self,
        )
        self.hearings.openRequested.connect(self._open(Hearing.KIND))
        self.hearings.currentRecordChanged.connect(self._hearing_selected)
        self.new_hearing = QPushButton(_("New hearing…"), self)
        self.new_hearing.clicked.connect(self._new_hearing)
        self.open_hearing = self._open_button(self.hearings, Hearing.KIND, _("Open hearing…"))
        self.flags = mark_data(message_label(self))
        self.flags.setStyleSheet(ALERT_STYLE)
        self.checklist = ChecklistView(_("Fair-trial checklist"), self, numbers=False)

        cases_box = QGroupBox(_("Court cases"), self)
        c = QVBoxLayout(cases_box)
        c.addWidget(self.cases, 1)
        c.addLayout(button_row(self.new_case, self.open_case))
        hearings_box = QGroupBox(_("Hearings"), self)
        h = QVBoxLayout(hearings_box)
        h.addWidget(self.hearings, 1)
        h.addLayout(button_row(self.new_hearing, self.open_hearing))
        check_box = QGroupBox(_("Fair-trial checklist (ICCPR art. 14), selected hearing"), self)
        k = QVBoxLayout(check_box)
        k.addWidget(self.flags)
        k.addWidget(self.checklist, 1)
        cases_and_hearings = QSplitter(Qt.Orientation.Horizontal, self)
        cases_and_hearings.addWidget(cases_box)
        cases_and_hearings.addWidget(hearings_box)
        cases_and_hearings.setChildrenCollapsible(False)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(cases_and_hearings)
        split.addWidget(check_box)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)
        box = QVBoxLayout(self)
        box.addWidget(split)
        self._data: WorkspaceData | None = None

    def _new_hearing(self) -> None:
        case_id = self.cases.selected_id()
        if case_id:
            self.ws.new_record(Hearing.KIND, court_case_id=case_id)
        else:
            self.ws.new_record(Hearing.KIND)

    def show_data(self, data: WorkspaceData) -> None:
        self._data = data
        rows = []
        for case in data.court_cases():
            charges = "; ".join(
                clean(" ".join(p for p in (ch.statute, ch.article) if p)) for ch in case.charges
            )
            rows.append(
                Row(
                    case.id,
                    [case.title(), case.court_name, label_of(case.stage), charges],
                )
            )
        self.cases.set_rows(rows, empty=_("No court case yet."))
        self._case_selected(self.cases.selected_id())

    def _case_selected(self, case_id: str | None) -> None:
        data = self._data
        if data is None or not case_id:
            self.hearings.set_rows([])
            self._hearing_selected(None)
            return
        self.hearings.set_rows(
            [
                Row(
                    h.id,
                    [
                        day_text(h.date),
                        label_of(h.type),
                        status_text(h),
                        label_of(h.outcome),
                        day_text(h.next_hearing) if h.next_hearing else "",
                    ],
                )
                for h in data.hearings(case_id)
            ],
            empty=_("No hearing recorded for this case."),
        )
        self._hearing_selected(self.hearings.selected_id())

    def _hearing_selected(self, hearing_id: str | None) -> None:
        data = self._data
        hearing = data.find(hearing_id) if data is not None else None
        if not isinstance(hearing, Hearing):
            self.flags.setText("")
            self.flags.setVisible(False)
            self.checklist.set_rows([])
            return
        case = data.find(hearing.court_case_id)
        flags = hearing_flags(hearing, case)
        self.flags.setText("\n".join("⚠ " + f for f in flags))
        self.flags.setVisible(bool(flags))
        self.checklist.set_checklist(FairTrialItem, hearing.fair_trial)

    def clear(self) -> None:
        super().clear()
        self._data = None
        self._hearing_selected(None)


# -- History ----------------------------------------------------------------------------------
def field_names_text(kind: str, names: tuple[str, ...]) -> str:
    msgids = _field_msgids(kind)
    return join_list(_(msgids[name]) if name in msgids else name for name in names)


@functools.lru_cache(maxsize=64)
def _field_msgids(kind: str) -> dict[str, str]:
    """field name → label msgid (translated when shown, so a language change is honoured)."""
    cls = KINDS.get(kind)
    return {name: spec.label for name, spec in F.specs(cls)} if cls is not None else {}


class HistoryTab(Tab):
    def __init__(self, ws: DefenderWorkspace) -> None:
        super().__init__(ws)
        self.list = RecordList(
            [_("When"), _("Who"), _("What"), _("Record"), _("Fields")],
            _("History of changes"),
            self,
            select_first=False,
        )
        self.list.openRequested.connect(self._open(""))
        note = QLabel(
            _(
                "Who changed what, and when (in this computer's time zone). The trail records "
                "field names, never their values."
            ),
            self,
        )
        note.setWordWrap(True)
        box = QVBoxLayout(self)
        box.addWidget(note)
        box.addWidget(self.list, 1)

    def show_data(self, data: WorkspaceData) -> None:
        rows = []
        for n, entry in enumerate(data.history):
            record = data.find(entry.record_id)
            what = kind_label(entry.kind)
            if record is not None:
                what = labelled(what, record.title())
            fields = field_names_text(entry.kind, entry.fields)
            rows.append(
                Row(
                    entry.record_id if record is not None else f"audit:{entry.seq}:{n}",
                    [format_timestamp(entry.at), entry.actor, entry.action_label, what, fields],
                    entry.kind if record is not None else "",
                )
            )
        self.list.set_rows(rows, empty=_("No history yet."))
