"""The defender workspace: one defender's whole file on one screen.

A header card (pseudonym, kind, categories, status, current risk, consent summary, next
deadline), actions (New request / incident / assessment / grant / visit / hearing, Case
summary…, Purge…) and ten tabs. The data is read in a worker on its own connection
(:func:`~hrd_desk.ui.workspace.data.load_workspace`) and shown when it arrives, so opening a
large file never freezes the window; every save reloads it, so every list is current.

Its location (the defender id and the tab index, never case text) is remembered across a lock
and a language change: unlocking returns to the same defender page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QStackedWidget,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from hrd_desk.cases import settings as vault_settings
from hrd_desk.cases.assessments import ThreatAssessment
from hrd_desk.cases.defenders import Defender
from hrd_desk.cases.errors import NotFound
from hrd_desk.cases.grants import Disbursement, Grant
from hrd_desk.cases.incidents import Incident
from hrd_desk.cases.record import Record
from hrd_desk.cases.requests import Request
from hrd_desk.cases.retention import purge_defender, purge_preview
from hrd_desk.cases.store import Store
from hrd_desk.cases.trials import CourtCase, Hearing
from hrd_desk.cases.visits import PrisonVisit
from hrd_desk.i18n import _, ngettext
from hrd_desk.ui.forms.dialog import RecordDialog
from hrd_desk.ui.sections import DEFENDERS
from hrd_desk.ui.session import Session
from hrd_desk.ui.widgets import busy_bar, heading, mark_data, message_label
from hrd_desk.ui.workers import error_message, with_connection
from hrd_desk.ui.workspace import editing
from hrd_desk.ui.workspace.attachments_tab import AttachmentsTab
from hrd_desk.ui.workspace.data import WorkspaceData, load_workspace
from hrd_desk.ui.workspace.decrypted import DecryptedCopies
from hrd_desk.ui.workspace.extra_actions import EXTRA_ACTIONS
from hrd_desk.ui.workspace.header import HeaderCard
from hrd_desk.ui.workspace.purge import PurgeDialog
from hrd_desk.ui.workspace.summary_hook import open_case_summary
from hrd_desk.ui.workspace.tabs import (
    AssessmentsTab,
    GrantsTab,
    HistoryTab,
    IncidentsTab,
    OverviewTab,
    ProfileTab,
    RequestsTab,
    Tab,
    TrialsTab,
    VisitsTab,
)

#: The "New …" actions of the toolbar: (key, record kind, button text msgid).
NEW_ACTIONS = (
    ("request", Request.KIND),
    ("incident", Incident.KIND),
    ("assessment", ThreatAssessment.KIND),
    ("grant", Grant.KIND),
    ("visit", PrisonVisit.KIND),
    ("hearing", Hearing.KIND),
)


def _new_action_text(key: str) -> str:
    return {
        "request": _("New request"),
        "incident": _("New incident"),
        "assessment": _("New assessment"),
        "grant": _("New grant"),
        "visit": _("New visit"),
        "hearing": _("New hearing"),
    }[key]


def _tab_text(text: str) -> str:
    # A tab's "&" marks a shortcut letter: "Profile & consent" must show its ampersand.
    return text.replace("&", "&&")


def _add_action(toolbar: QToolBar, text: str) -> QAction:
    action = toolbar.addAction(text)
    action.setIconText(text)  # tool buttons drop a trailing "…" from the plain text
    return action


class DefenderWorkspace(QWidget):
    #: The defender's data is on screen (after opening, and after every reload).
    loaded = Signal(str)
    #: Opening failed; the text is shown in place of the workspace.
    failed = Signal(str)
    #: The defender was purged (its id).
    purged = Signal(str)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.data: WorkspaceData | None = None
        self._defender_id: str | None = None
        self._generation = 0
        #: the record dialog open now (one at a time)
        self.dialog: QDialog | None = None
        self.purge_dialog: PurgeDialog | None = None
        self.copies = DecryptedCopies()
        # After the workers are joined (a copy being written when the lock came goes too).
        session.add_close_hook(self.copies.remove_all)
        session.vaultSettingChanged.connect(self._setting_changed)

        self.stack = QStackedWidget(self)
        self.empty = QWidget(self)
        self.empty.setObjectName("workspaceEmpty")
        # Focusable, so that focus does not fall to the navigation list when the page hides.
        self.empty.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.empty_title = heading(_("No defender open"), self.empty, scale=1.4)
        self.empty_title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_text = message_label(self.empty)
        self.empty_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_text.setText(_("Open a defender from the Defenders list."))
        empty_box = QVBoxLayout(self.empty)
        empty_box.addStretch(1)
        empty_box.addWidget(self.empty_title)
        empty_box.addWidget(self.empty_text)
        empty_box.addStretch(2)
        self.stack.addWidget(self.empty)
        #: run once the next load has been shown (e.g. open a hearing of a case just saved)
        self._after_load: list[Callable[[], object]] = []
        self.page = QWidget(self)
        self.stack.addWidget(self.page)

        self.busy = busy_bar(self.page)
        self.error = message_label(self.page, error=True)
        mark_data(self.error)
        self.header = HeaderCard(self.page)
        self.header.backRequested.connect(self.back_to_list)
        self.toolbar = QToolBar(_("Defender actions"), self.page)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.actions: dict[str, QAction] = {}
        for key, kind in NEW_ACTIONS:
            action = _add_action(self.toolbar, _new_action_text(key))
            action.triggered.connect(lambda _c=False, k=kind: self.new_record(k))
            self.actions[key] = action
        self.toolbar.addSeparator()
        self.actions["summary"] = _add_action(self.toolbar, _("Case summary…"))
        self.actions["summary"].triggered.connect(self.case_summary)
        for extra in EXTRA_ACTIONS.values():  # e.g. "Send to a contact…" (see extra_actions.py)
            self.actions[extra.key] = _add_action(self.toolbar, _(extra.text))
            if extra.tooltip:
                self.actions[extra.key].setToolTip(_(extra.tooltip))
            self.actions[extra.key].triggered.connect(lambda _c=False, h=extra.handler: h(self))
        self.actions["purge"] = _add_action(self.toolbar, _("Purge…"))
        self.actions["purge"].setToolTip(_("Destroy this defender's whole file, for good"))
        self.actions["purge"].triggered.connect(self.ask_purge)

        self.tabs = QTabWidget(self.page)
        self.tabs.setDocumentMode(True)
        self.tabs.setUsesScrollButtons(True)
        self.overview = OverviewTab(self)
        self.profile = ProfileTab(self)
        self.requests = RequestsTab(self)
        self.incidents = IncidentsTab(self)
        self.assessments = AssessmentsTab(self)
        self.grants = GrantsTab(self)
        self.visits = VisitsTab(self)
        self.trials = TrialsTab(self)
        self.attachments = AttachmentsTab(self)
        self.history = HistoryTab(self)
        self._tab_titles = [
            (self.overview, _("Overview")),
            (self.profile, _("Profile & consent")),
            (self.requests, _("Requests")),
            (self.incidents, _("Incidents")),
            (self.assessments, _("Threat assessments")),
            (self.grants, _("Grants")),
            (self.visits, _("Prison visits")),
            (self.trials, _("Trials")),
            (self.attachments, _("Attachments")),
            (self.history, _("History")),
        ]
        for tab, title in self._tab_titles:
            self.tabs.addTab(tab, _tab_text(title))

        box = QVBoxLayout(self.page)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.busy)
        box.addWidget(self.error)
        box.addWidget(self.header)
        box.addWidget(self.toolbar)
        box.addWidget(self.tabs, 1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)
        self.stack.setCurrentWidget(self.empty)

    # -- the section protocol -----------------------------------------------------------------
    @property
    def defender_id(self) -> str | None:
        return self._defender_id

    def section_location(self) -> object:
        if self._defender_id is None:
            return None
        return {"defender": self._defender_id, "tab": self.tabs.currentIndex()}

    def restore_section_location(self, location: object) -> None:
        if isinstance(location, dict) and isinstance(location.get("defender"), str):
            tab = location.get("tab")
            self.open_defender(location["defender"], tab if isinstance(tab, int) else None)

    def close_section(self) -> None:
        """The vault locks: drop the data and every copy of case text we hold."""
        self._generation += 1
        self._after_load = []
        self.data = None
        self.copies.remove_all()
        self.header.clear()
        for tab in self._tabs():
            tab.clear()
        self.stack.setCurrentWidget(self.empty)

    def _tabs(self) -> list[Tab]:
        return [tab for tab, _title in self._tab_titles]

    # -- opening and loading ------------------------------------------------------------------
    def open_defender(self, defender_id: str, tab: int | None = None) -> None:
        if defender_id != self._defender_id:
            self.data = None
            self.header.clear()
            for t in self._tabs():
                t.clear()
            self._defender_id = defender_id
            if tab is None:
                tab = 0
        if tab is not None and 0 <= tab < self.tabs.count():
            self.tabs.setCurrentIndex(tab)
        self.stack.setCurrentWidget(self.page)
        # Focus in the workspace (also when the window is shown after unlocking): left to
        # itself, activation focuses the navigation list, which then selects its first row
        # and switches to the Dashboard.
        self.tabs.setFocus(Qt.FocusReason.OtherFocusReason)
        self.reload()

    def reload(self) -> None:
        """Read the defender's data again (in a worker) and show it when it arrives."""
        defender_id = self._defender_id
        if defender_id is None or self.session.closed:
            return
        self._generation += 1
        generation = self._generation
        self.busy.setVisible(True)

        def job(conn, ctx):
            return load_workspace(Store(conn), defender_id, check=ctx.check)

        self.session.workers.submit(
            with_connection(self.session.vault, job),
            name="defender workspace",
            on_finished=lambda data: self._loaded(generation, data),
            on_failed=lambda exc: self._load_failed(generation, exc),
            on_cancelled=lambda: self.busy.setVisible(False),
        )

    def _loaded(self, generation: int, data: WorkspaceData) -> None:
        if generation != self._generation or data.defender_id != self._defender_id:
            return  # a newer load (or another defender) took over
        self.busy.setVisible(False)
        self.error.setVisible(False)
        self.data = data
        self.show_data(data)
        self.loaded.emit(data.defender_id)
        pending, self._after_load = self._after_load, []
        for step in pending:
            step()

    def _load_failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self.busy.setVisible(False)
        if isinstance(exc, NotFound):
            text = _("This defender's file is not in the vault (it may have been purged).")
        else:
            text = error_message(exc)
        self.data = None
        self.empty_text.setText(text)
        self._show_empty()
        self.failed.emit(text)

    def _show_empty(self) -> None:
        had_focus = self.page.isAncestorOf(self.focusWidget()) if self.focusWidget() else True
        if had_focus:
            self.empty.setFocus(Qt.FocusReason.OtherFocusReason)
        self.stack.setCurrentWidget(self.empty)

    def show_data(self, data: WorkspaceData) -> None:
        self.header.show_data(data)
        for tab in self._tabs():
            tab.show_data(data)
        counts = {
            self.requests: len(data.records(Request.KIND)),
            self.incidents: len(data.records(Incident.KIND)),
            self.assessments: len(data.assessments()),
            self.grants: len(data.grants()),
            self.visits: len(data.visits()),
            self.trials: len(data.court_cases()),
            self.attachments: len(data.attachments),
        }
        for tab, title in self._tab_titles:
            n = counts.get(tab)
            text = title if not n else _("{title} ({n})").format(title=title, n=n)
            self.tabs.setTabText(self.tabs.indexOf(tab), _tab_text(text))

    def _setting_changed(self, key: str) -> None:
        if key == vault_settings.SHOW_NAMES and self.data is not None:
            self.data.show_names = bool(self.session.setting(vault_settings.SHOW_NAMES, False))
            self.header.show_data(self.data)
            self.profile.show_data(self.data)

    # -- records ------------------------------------------------------------------------------
    def _dialog_busy(self) -> bool:
        return self.dialog is not None and self.dialog.isVisible()

    def open_record(self, kind: str, record_id: str) -> RecordDialog | None:
        """Open one of this defender's records in its form (workflow buttons included)."""
        data = self.data
        record = data.find(record_id) if data is not None else None
        if record is None:
            return None
        if record is data.defender:
            return self.edit_profile()
        return self._show_dialog(record)

    def edit_profile(self) -> RecordDialog | None:
        if self.data is None:
            return None
        return self._show_dialog(self.data.defender)

    def new_record(self, kind: str, **extra: Any) -> RecordDialog | None:
        data = self.data
        if data is None:
            return None
        if kind == Hearing.KIND and not data.court_cases() and "court_case_id" not in extra:
            # A hearing belongs to a court case: record the case first, then its hearing.
            return self._show_dialog(
                editing.new_record(CourtCase.KIND, data, self.session.store),
                then=lambda case: self._after_load.append(
                    lambda: self.new_record(Hearing.KIND, court_case_id=case.id)
                ),
            )
        record = editing.new_record(kind, data, self.session.store, **extra)
        return self._show_dialog(record)

    def pay_tranche(self, grant_id: str | None) -> RecordDialog | None:
        data = self.data
        grant = data.find(grant_id) if data is not None else None
        if not isinstance(grant, Grant):
            return None
        store = self.session.store
        tranche = editing.new_tranche(store, grant, data.today)
        return self._show_dialog(tranche)

    def _show_dialog(self, record: Record, *, then=None) -> RecordDialog | None:
        if self._dialog_busy():
            self.dialog.raise_()
            return None
        store = self.session.store
        if isinstance(record, Disbursement):
            store = editing.LedgerStore(store)
        holder: dict[str, RecordDialog] = {}
        currency = None
        if isinstance(record, Grant):

            def currency() -> str:
                dialog = holder.get("dialog")
                return (
                    dialog.form.editors["currency"].value()
                    if dialog is not None
                    else record.currency
                )

        fixed = {} if isinstance(record, Defender) else editing.fixed_fields(record)
        dialog = RecordDialog(
            store,
            record,
            fixed=fixed,
            context=editing.dialog_context(record, self.data, currency),
            parent=self,
        )
        holder["dialog"] = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if then is not None:
            dialog.saved.connect(then)
        dialog.saved.connect(lambda _r: self.reload())
        dialog.finished.connect(lambda _r: self._dialog_closed(dialog))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _dialog_closed(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

    # -- other actions ------------------------------------------------------------------------
    def back_to_list(self) -> None:
        host = self.window()
        if hasattr(host, "show_section"):
            host.show_section(DEFENDERS)

    def case_summary(self) -> object:
        if self._defender_id is None:
            return None
        return open_case_summary(self, self.session, self._defender_id)

    def ask_purge(self) -> PurgeDialog | None:
        data = self.data
        if data is None:
            return None
        report = purge_preview(self.session.store, data.defender_id)
        dialog = PurgeDialog(data.defender.pseudonym, report, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        defender_id = data.defender_id
        dialog.accepted.connect(lambda: self._purge(defender_id))
        dialog.finished.connect(lambda _r: setattr(self, "purge_dialog", None))
        self.purge_dialog = dialog
        dialog.open()
        return dialog

    def _purge(self, defender_id: str) -> None:
        self.busy.setVisible(True)
        self.toolbar.setEnabled(False)

        def job(conn, ctx):
            return purge_defender(Store(conn), defender_id)

        self.session.workers.submit(
            with_connection(self.session.vault, job),
            name="purge",
            on_finished=lambda report: self._purged(defender_id, report),
            on_failed=self._purge_failed,
        )

    def _purged(self, defender_id: str, report) -> None:
        self.busy.setVisible(False)
        self.toolbar.setEnabled(True)
        self._generation += 1
        self._defender_id = None
        self.data = None
        self.header.clear()
        for tab in self._tabs():
            tab.clear()
        self.empty_text.setText(
            ngettext(
                "The file was purged: {n} record destroyed.",
                "The file was purged: {n} records destroyed.",
                report.total,
            ).format(n=report.total)
        )
        self._show_empty()
        self.purged.emit(defender_id)
        self.back_to_list()

    def _purge_failed(self, exc: BaseException) -> None:
        self.busy.setVisible(False)
        self.toolbar.setEnabled(True)
        self.error.setText(error_message(exc))
        self.error.setVisible(True)
