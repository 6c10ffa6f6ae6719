"""The preview of an incoming bundle: who sent it, every record with what importing it would do
(added, changed, unchanged, older than here, conflict, deleted here), and for each conflict the
officer's choice. Reads nothing from the vault except linked records' titles; writes nothing."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hrd_desk.exchange.merge import (
    ADDED,
    CHANGED,
    CONFLICT,
    DELETED_HERE,
    MINE,
    OLDER,
    STATUS_LABELS,
    STATUSES,
    THEIRS,
    UNCHANGED,
    Preview,
    Resolution,
)
from hrd_desk.formats import format_timestamp
from hrd_desk.i18n import _, isolate, join_list, labelled, ngettext
from hrd_desk.ui.exchange.conflicts import ConflictChoice, ConflictPanel
from hrd_desk.ui.exchange.values import kind_counts, one_line, quoted, spaced_fingerprint
from hrd_desk.ui.widgets import mark_data, message_label
from hrd_desk.ui.workspace.tabs import field_names_text, kind_label

_ID = Qt.ItemDataRole.UserRole
#: Conflicts first (they need the officer), then what changes, then what does not.
_ORDER = {s: i for i, s in enumerate((CONFLICT, ADDED, CHANGED, DELETED_HERE, OLDER, UNCHANGED))}
STATUS_COLUMN, KIND_COLUMN, RECORD_COLUMN, FIELDS_COLUMN, CHOICE_COLUMN = range(5)


def sender_text(prepared: Preview) -> str:
    opened = prepared.bundle
    name = opened.contact.label if opened.contact is not None else opened.sender.label
    fp = isolate(spaced_fingerprint(opened.sender.fingerprint))
    if opened.sender_verified:
        state = _("a verified contact")
    elif opened.contact is not None:
        state = _("a contact that is NOT verified: compare its fingerprint with its owner")
    else:
        state = _("a new sender: importing adds it to your contacts, not verified")
    return _("From {sender}, fingerprint {fp}: {state}.").format(
        sender=quoted(name), fp=fp, state=state
    )


def resolution_text(resolution: Resolution | None) -> str:
    if resolution is None:
        return _("not chosen yet")
    if resolution == MINE:
        return _("keep this vault's version")
    if resolution == THEIRS:
        return _("take the sender's version")
    return _("field by field")


class PreviewPage(QWidget):
    """``choicesChanged()`` whenever a conflict's choice changes."""

    choicesChanged = Signal()

    def __init__(
        self,
        prepared: Preview,
        *,
        lookup: Callable[[str, str], str | None] | None = None,
        choices: dict[str, ConflictChoice] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("previewPage")
        self.prepared = prepared
        self._lookup = lookup
        self._earlier = dict(choices or {})
        self.panels: dict[str, ConflictPanel] = {}
        self.items = {item.record_id: item for item in prepared.items}
        opened = prepared.bundle

        self.sender = message_label(self)
        self.sender.setObjectName("bundleSender")
        self.sender.setText(sender_text(prepared))
        self.made = message_label(self)
        total = len(prepared.items)
        self.made.setText(
            ngettext(
                "Made {when}; {n} record: {kinds}.",
                "Made {when}; {n} records: {kinds}.",
                total,
            ).format(
                when=isolate(format_timestamp(opened.created_at)),
                n=total,
                kinds=kind_counts(opened.counts),
            )
        )
        counts = prepared.counts()
        self.summary = message_label(self)
        self.summary.setObjectName("previewSummary")
        self.summary.setText(
            _("Importing would do this: {what}.").format(
                what=join_list(
                    labelled(_(STATUS_LABELS[s]), counts[s]) for s in STATUSES if counts[s]
                )
            )
        )

        self.records = mark_data(QTreeWidget(self))
        self.records.setObjectName("previewRecords")
        self.records.setAccessibleName(_("Records in the bundle"))
        self.records.setHeaderLabels(
            [_("What happens"), _("Kind"), _("Record"), _("Fields that differ"), _("Your choice")]
        )
        self.records.setRootIsDecorated(False)
        self.records.setUniformRowHeights(True)
        self.records.setAlternatingRowColors(True)
        self.records.setAllColumnsShowFocus(True)
        self.records.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.records.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.records.header().setStretchLastSection(True)
        self.records.header().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        ordered = sorted(prepared.items, key=lambda i: _ORDER.get(i.status, len(_ORDER)))
        for item in ordered:
            row = QTreeWidgetItem(
                [
                    item.status_label,
                    kind_label(item.kind),
                    one_line(item.title()),
                    field_names_text(item.kind, item.fields) if item.status != ADDED else "",
                    "",
                ]
            )
            row.setData(0, _ID, item.record_id)
            if item.status == CONFLICT:
                font = row.font(STATUS_COLUMN)
                font.setBold(True)
                row.setFont(STATUS_COLUMN, font)
            self.records.addTopLevelItem(row)
        for column in range(self.records.columnCount() - 1):
            self.records.resizeColumnToContents(column)
            self.records.setColumnWidth(column, min(320, self.records.columnWidth(column) + 12))
        line = self.records.fontMetrics().height() + 6
        self.records.setMinimumHeight(line * min(8, max(3, total + 1)))

        self.left = message_label(self)
        self.left.setObjectName("conflictsLeft")
        self.conflict_stack = QStackedWidget(self)
        self.pick_hint = message_label(self.conflict_stack)
        self.pick_hint.setText(
            _("Select a conflict in the list above to choose which version to keep.")
        )
        self.pick_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.conflict_stack.addWidget(self.pick_hint)
        has_conflicts = bool(prepared.conflicts)
        self.conflict_stack.setVisible(has_conflicts)
        self.left.setVisible(has_conflicts)

        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.sender)
        box.addWidget(self.made)
        box.addWidget(self.summary)
        box.addWidget(self.records, 2)
        box.addWidget(self.left)
        box.addWidget(self.conflict_stack, 3)
        self.records.currentItemChanged.connect(self._selected)
        self._refresh_choices()
        first = self.records.topLevelItem(0)
        if first is not None:
            self.records.setCurrentItem(first)

    # -- conflicts ----------------------------------------------------------------------------
    def conflict_ids(self) -> list[str]:
        return [i.record_id for i in self.prepared.conflicts]

    def panel(self, record_id: str) -> ConflictPanel | None:
        """The conflict panel of *record_id* (made the first time it is needed)."""
        if record_id in self.panels:
            return self.panels[record_id]
        item = self.items.get(record_id)
        if item is None or item.status != CONFLICT:
            return None
        panel = ConflictPanel(
            item,
            lookup=self._lookup,
            choice=self._earlier.pop(record_id, None),
            parent=self.conflict_stack,
        )
        panel.changed.connect(lambda _rid: self._refresh_choices())
        self.conflict_stack.addWidget(panel)
        self.panels[record_id] = panel
        return panel

    def show_record(self, record_id: str) -> None:
        for i in range(self.records.topLevelItemCount()):
            row = self.records.topLevelItem(i)
            if row.data(0, _ID) == record_id:
                self.records.setCurrentItem(row)
                return

    def _selected(self, row: QTreeWidgetItem | None, _previous: object) -> None:
        panel = self.panel(row.data(0, _ID)) if row is not None else None
        self.conflict_stack.setCurrentWidget(panel if panel is not None else self.pick_hint)

    def choices(self) -> dict[str, ConflictChoice]:
        """Every conflict's choice so far (to carry over to a fresh preview)."""
        out = dict(self._earlier)
        out.update({rid: panel.choice() for rid, panel in self.panels.items()})
        return out

    def resolution(self, record_id: str) -> Resolution | None:
        panel = self.panels.get(record_id)
        if panel is not None:
            return panel.resolution()
        earlier = self._earlier.get(record_id)
        if earlier is None:
            return None
        # Not shown yet but chosen before a refresh: build the panel to read it the same way.
        built = self.panel(record_id)
        return built.resolution() if built is not None else None

    def resolutions(self) -> dict[str, Resolution]:
        out = {}
        for rid in self.conflict_ids():
            resolution = self.resolution(rid)
            if resolution is not None:
                out[rid] = resolution
        return out

    def unresolved(self) -> int:
        return len(self.conflict_ids()) - len(self.resolutions())

    def _refresh_choices(self) -> None:
        for i in range(self.records.topLevelItemCount()):
            row = self.records.topLevelItem(i)
            rid = row.data(0, _ID)
            item = self.items[rid]
            if item.status == CONFLICT:
                row.setText(CHOICE_COLUMN, resolution_text(self.resolution(rid)))
        left = self.unresolved()
        if left:
            self.left.setText(
                ngettext(
                    "{n} conflict left: choose which version to keep before importing.",
                    "{n} conflicts left: choose which version to keep before importing.",
                    left,
                ).format(n=left)
            )
        else:
            self.left.setText(_("Every conflict has a choice."))
        self.choicesChanged.emit()

    def set_editable(self, on: bool) -> None:
        for panel in self.panels.values():
            panel.set_editable(on)


def problem_lines(prepared: Preview, problems: list) -> list[str]:
    """An import's problems in words a person reads: the record's title and the field's label."""
    items = {i.record_id: i for i in prepared.items}
    lines = []
    for problem in problems:
        item = items.get(problem.record_id)
        where = one_line(item.title()) if item is not None else problem.where
        name = (problem.field or "").split("[")[0].split(".")[0]
        if item is not None and name:
            try:
                where = f"{where} — {type(item.theirs).field_label(name)}"
            except KeyError:
                where = f"{where} — {name}"
        lines.append("• " + labelled(where, problem.message))
    return lines
