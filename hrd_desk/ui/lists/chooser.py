""" "Which defender?" — asked before a new request, incident, assessment, grant, visit or hearing.

The dialog shows the defender list (paged, sorted by pseudonym); typing searches every record
(in a worker) and lists the defenders the matches belong to. Enter or "Continue" chooses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from hrd_desk.cases import settings as vault_settings
from hrd_desk.i18n import _
from hrd_desk.ui.lists import columns as C
from hrd_desk.ui.lists.model import RecordListModel
from hrd_desk.ui.lists.search import SearchResult, SearchRunner
from hrd_desk.ui.lists.view import RecordTableView
from hrd_desk.ui.widgets import mark_data, message_label

if TYPE_CHECKING:
    from hrd_desk.ui.session import Session

DEBOUNCE_MS = 250
_ID_ROLE = Qt.ItemDataRole.UserRole + 3


class DefenderChooser(QDialog):
    #: The chosen defender's id (after the dialog closed).
    chosen = Signal(str)

    def __init__(
        self,
        session: Session,
        question: str,
        parent: QWidget | None = None,
        *,
        debounce_ms: int = DEBOUNCE_MS,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(_("Choose the defender"))
        self.setModal(True)
        self.resize(560, 460)
        self.question = QLabel(question, self)
        self.question.setWordWrap(True)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(_("Search by pseudonym or any word in their file…"))
        self.search.setAccessibleName(_("Search defenders"))
        self.search.setClearButtonEnabled(True)
        self.model = RecordListModel(
            C.DEFENDERS,
            vault=session.vault,
            workers=session.workers,
            show_names=bool(session.setting(vault_settings.SHOW_NAMES, False)),
            columns=("pseudonym", "full_name", "current_status", "country"),
            parent=self,
        )
        self.table = mark_data(RecordTableView(self))
        self.table.setModel(self.model)
        self.table.setAccessibleName(_("Defenders"))
        self.table.setSortingEnabled(False)
        self.results = mark_data(QListWidget(self))
        self.results.setAccessibleName(_("Defenders found"))
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.results)
        self.status = message_label(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(_("Continue"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.buttons.accepted.connect(self.choose_current)
        self.buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addWidget(self.question)
        box.addWidget(self.search)
        box.addWidget(self.stack, 1)
        box.addWidget(self.status)
        box.addWidget(self.buttons)

        self.runner = SearchRunner(session.vault, session.workers, limit=200, parent=self)
        self.runner.finished.connect(self._found)
        self.runner.failed.connect(self._failed)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(debounce_ms)
        self._debounce.timeout.connect(self._search_now)
        self.search.textChanged.connect(self._text_changed)
        self.search.returnPressed.connect(self._enter_in_search)
        self.search.installEventFilter(self)
        self.table.openRequested.connect(self._choose)
        self.results.itemActivated.connect(lambda item: self._choose(item.data(_ID_ROLE)))
        self.model.loaded.connect(self._list_loaded)
        self.model.loaded.connect(self._update_ok)
        self.table.selectionModel().currentRowChanged.connect(self._update_ok)
        self.results.currentRowChanged.connect(self._update_ok)
        self.finished.connect(self._release)
        self.model.reload()
        self._update_ok()

    # -- searching ----------------------------------------------------------------------------
    def _text_changed(self, text: str) -> None:
        if text.strip():
            self._debounce.start()
        else:
            self._debounce.stop()
            self.runner.cancel()
            self.stack.setCurrentWidget(self.table)
            self.status.setText("")
            self._update_ok()

    def _search_now(self) -> None:
        self._debounce.stop()
        text = self.search.text()
        if text.strip():
            self.status.setText(_("Searching…"))
            self.runner.run(text)

    def _found(self, text: str, results: list[SearchResult]) -> None:
        if text != self.search.text():
            return
        self.results.clear()
        seen: set[str] = set()
        for hit in results:
            if not hit.defender_id or hit.defender_id in seen:
                continue
            seen.add(hit.defender_id)
            item = QListWidgetItem(hit.pseudonym or "—", self.results)
            item.setData(_ID_ROLE, hit.defender_id)
        self.stack.setCurrentWidget(self.results)
        if self.results.count():
            self.results.setCurrentRow(0)
            self.status.setText("")
        else:
            self.status.setText(_("No defender found. Try fewer or shorter words."))
        self._update_ok()

    def _failed(self, message: str) -> None:
        self.status.setText(message)

    def _list_loaded(self) -> None:
        if self.model.total and not self.table.currentIndex().isValid():
            self.table.select_row(0)
        self.table.fit_columns()
        if not self.model.total:
            self.status.setText(_("There is no defender in this vault yet."))

    def _enter_in_search(self) -> None:
        if self._debounce.isActive() or self.runner.running:
            self._search_now()
            return
        self.choose_current()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.search
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up)
        ):
            self.stack.currentWidget().setFocus(Qt.FocusReason.TabFocusReason)
            return True
        return super().eventFilter(watched, event)

    # -- choosing -----------------------------------------------------------------------------
    def current_id(self) -> str | None:
        if self.stack.currentWidget() is self.results:
            item = self.results.currentItem()
            return item.data(_ID_ROLE) if item is not None else None
        return self.table.selected_id()

    def _update_ok(self, *_args: object) -> None:
        self.ok.setEnabled(self.current_id() is not None)

    def choose_current(self) -> None:
        self._choose(self.current_id())

    def _choose(self, defender_id: str | None) -> None:
        if not defender_id:
            return
        self.accept()
        self.chosen.emit(str(defender_id))

    def _release(self, _result: int) -> None:
        self.runner.cancel()
        self.model.close()
        self.results.clear()
