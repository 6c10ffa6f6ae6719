"""Global search: the main window's debounced text → ``Store.search`` in a worker → results
grouped by record kind (kind, pseudonym, title); Enter opens.

The search runs on its own connection (``Store(vault.connect())``, released after) so typing
never waits for the vault. Only what the results show leaves the worker (kind, ids, pseudonym,
title) — never the records themselves, and never a full name. Anything typed is safe: the store
turns it into quoted FTS terms (``hrd_desk.cases.search.fts_query``). Results are not kept
across a lock, and the search text is not part of the section's location.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hrd_desk import formats
from hrd_desk.cases.record import KINDS, all_kinds
from hrd_desk.cases.search import fts_query
from hrd_desk.cases.store import Store
from hrd_desk.i18n import _, isolate, ngettext
from hrd_desk.ui.lists import opening
from hrd_desk.ui.widgets import heading, mark_data, message_label
from hrd_desk.ui.workers import Job, JobContext, Workers, error_message, with_connection

if TYPE_CHECKING:
    from hrd_desk.ui.sections import SectionHost
    from hrd_desk.ui.session import Session

#: The search results' section key (outside the navigation).
SEARCH = "search"
SEARCH_LIMIT = 100

_HIT_ROLE = Qt.ItemDataRole.UserRole + 7


@dataclass(frozen=True)
class SearchResult:
    kind: str
    record_id: str
    defender_id: str | None
    pseudonym: str
    title: str


def _search_job(text: str, limit: int):
    def run(conn: Any, ctx: JobContext) -> list[SearchResult]:
        hits = Store(conn, actor="search").search(text, limit)
        ctx.check()
        return [
            SearchResult(h.kind, h.record_id, h.defender_id, h.pseudonym, h.title) for h in hits
        ]

    return run


class SearchRunner(QObject):
    """Runs one search at a time in a worker; a newer search silences the older one."""

    #: (the text searched, list[SearchResult])
    finished = Signal(str, object)
    failed = Signal(str)

    def __init__(
        self, vault: Any, workers: Workers, *, limit: int = SEARCH_LIMIT, parent=None
    ) -> None:
        super().__init__(parent)
        self._vault = vault
        self._workers = workers
        self.limit = limit
        self._generation = 0
        self._job: Job | None = None
        self.running = False

    def run(self, text: str) -> None:
        self.cancel()
        generation = self._generation
        if fts_query(text) is None:  # nothing searchable (empty, only punctuation)
            self.finished.emit(text, [])
            return
        self.running = True

        def done(results: list[SearchResult]) -> None:
            if generation == self._generation:
                self.running = False
                self.finished.emit(text, results)

        def failed(exc: BaseException) -> None:
            if generation == self._generation:
                self.running = False
                self.failed.emit(error_message(exc))

        self._job = self._workers.submit(
            with_connection(self._vault, _search_job(text, self.limit)),
            name="search",
            on_finished=done,
            on_failed=failed,
        )

    def cancel(self) -> None:
        self._generation += 1
        self.running = False
        if self._job is not None and not self._job.is_done:
            self._job.discard()
        self._job = None


def kind_plural(kind: str) -> str:
    cls = KINDS.get(kind)
    return _(cls.LABEL_PLURAL) if cls is not None and cls.LABEL_PLURAL else kind


def kind_label(kind: str) -> str:
    cls = KINDS.get(kind)
    return cls.label() if cls is not None else kind


def group_results(results: list[SearchResult]) -> list[tuple[str, list[SearchResult]]]:
    """(kind, hits) in the store's kind order (defenders first), best hits first in each."""
    order = {cls.KIND: i for i, cls in enumerate(all_kinds())}
    groups: dict[str, list[SearchResult]] = {}
    for result in results:
        groups.setdefault(result.kind, []).append(result)
    return sorted(groups.items(), key=lambda item: order.get(item[0], len(order)))


class ResultsTree(QTreeWidget):
    """Kinds as groups, hits inside; Enter or a double click opens a hit."""

    openRequested = Signal(object)  # SearchResult

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setColumnCount(2)
        self.setHeaderLabels([_("Defender"), _("Record")])
        self.setRootIsDecorated(True)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAccessibleName(_("Search results"))
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.itemDoubleClicked.connect(lambda item, _col: self._open(item))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            item = self.currentItem()
            if item is not None:
                if item.data(0, _HIT_ROLE) is None:
                    item.setExpanded(not item.isExpanded())
                else:
                    self._open(item)
                event.accept()
                return
        super().keyPressEvent(event)

    def _open(self, item: QTreeWidgetItem) -> None:
        hit = item.data(0, _HIT_ROLE)
        if isinstance(hit, SearchResult):
            self.openRequested.emit(hit)

    def show_results(self, results: list[SearchResult]) -> None:
        self.clear()
        bold = QFont(self.font())
        bold.setBold(True)
        for kind, hits in group_results(results):
            group = QTreeWidgetItem(self)
            # Translators: a group of search results, e.g. "Requests (3)".
            group.setText(0, _("{kind} ({n})").format(kind=kind_plural(kind), n=isolate(len(hits))))
            group.setFont(0, bold)
            group.setFirstColumnSpanned(True)
            for hit in hits:
                item = QTreeWidgetItem(group)
                item.setText(0, hit.pseudonym or "—")
                # A defender's title is their pseudonym: said once is enough.
                item.setText(1, "" if kind == "defender" else hit.title or kind_label(kind))
                item.setData(0, _HIT_ROLE, hit)
                item.setToolTip(1, kind_label(kind))
            group.setExpanded(True)
        first = self.topLevelItem(0)
        if first is not None and first.childCount():
            self.setCurrentItem(first.child(0))

    def hits(self) -> list[SearchResult]:
        out = []
        for i in range(self.topLevelItemCount()):
            group = self.topLevelItem(i)
            out += [group.child(j).data(0, _HIT_ROLE) for j in range(group.childCount())]
        return out

    def groups(self) -> list[str]:
        return [self.topLevelItem(i).text(0) for i in range(self.topLevelItemCount())]


class SearchSection(QWidget):
    """The results of the global search (a section outside the navigation)."""

    #: A hit was opened (kind, record id) — after the record's page or form was asked for.
    opened = Signal(str, str)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.runner = SearchRunner(session.vault, session.workers, parent=self)
        self.runner.finished.connect(self._show)
        self.runner.failed.connect(self._failed)
        self.title = heading(_("Search results"), self, scale=1.3)
        self.status = message_label(self)
        self.error = message_label(self, error=True)
        self.tree = mark_data(ResultsTree(self))
        self.tree.openRequested.connect(self.open_result)
        self.text = ""
        box = QVBoxLayout(self)
        box.addWidget(self.title)
        box.addWidget(self.status)
        box.addWidget(self.error)
        box.addWidget(self.tree, 1)
        self._search_field: QLineEdit | None = None
        self._idle_text()
        session.add_close_hook(self.close_section)

    # -- searching ----------------------------------------------------------------------------
    def search(self, text: str) -> None:
        self.text = text
        self.error.setVisible(False)
        if not text.strip():
            self.runner.cancel()
            self.tree.clear()
            self._idle_text()
            return
        self.status.setText(_("Searching…"))
        self.runner.run(text)

    def _idle_text(self) -> None:
        self.status.setText(_("Type in the search field above to search every record."))

    def _show(self, text: str, results: list[SearchResult]) -> None:
        if text != self.text:
            return
        self.tree.show_results(results)
        n = len(results)
        if n == 0:
            self.status.setText(_("Nothing found. Try fewer or shorter words."))
        elif n >= self.runner.limit:
            self.status.setText(
                ngettext(
                    "The {n} best match is shown; add a word to narrow the search.",
                    "The {n} best matches are shown; add a word to narrow the search.",
                    n,
                ).format(n=isolate(n))
            )
        else:
            self.status.setText(
                ngettext("{n} record found", "{n} records found", n).format(
                    n=formats.format_number(n)
                )
            )

    def _failed(self, message: str) -> None:
        self.tree.clear()
        self.status.setText("")
        self.error.setText(message)
        self.error.setVisible(True)

    # -- opening ------------------------------------------------------------------------------
    def open_result(self, hit: SearchResult) -> QWidget | None:
        if self.session.closed:
            return None
        page = opening.open_record(
            self, self.session, hit.kind, hit.record_id, defender_id=hit.defender_id
        )
        if page is None:
            self.error.setText(_("This record is no longer in the vault."))
            self.error.setVisible(True)
            return None
        self.opened.emit(hit.kind, hit.record_id)
        return page

    # -- keyboard: Down in the search field moves into the results -------------------------------
    def watch_search_field(self, field: QLineEdit | None) -> None:
        if field is None or field is self._search_field:
            return
        self._search_field = field
        field.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self._search_field
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Down
            and self.isVisible()
            and self.tree.topLevelItemCount()
        ):
            self.tree.setFocus(Qt.FocusReason.TabFocusReason)
            if self.tree.currentItem() is None:
                self.tree.setCurrentItem(self.tree.topLevelItem(0))
            return True
        return super().eventFilter(watched, event)

    # -- section protocol ---------------------------------------------------------------------
    def section_location(self) -> object:
        return None  # the search text may be a name: it is not remembered

    def close_section(self) -> None:
        self.runner.cancel()
        self.tree.clear()
        self.text = ""
        self._idle_text()


def show_search_results(host: SectionHost, text: str) -> None:
    """The main window's search handler (debounced 250 ms; Enter searches at once)."""
    if not text.strip() and host.current_section_key() != SEARCH:
        return
    page = host.show_section(SEARCH)
    if isinstance(page, SearchSection):
        page.watch_search_field(getattr(host, "search", None))
        page.search(text)
