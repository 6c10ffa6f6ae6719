"""The purge confirmation: it names what will be destroyed and asks for the pseudonym typed.

Purging is irreversible (rows deleted, the search index merged, the file vacuumed), so the
dialog lists the counts from ``retention.purge_preview`` and enables "Purge" only once the
pseudonym is typed exactly. It only asks; the workspace does the purge (in a worker: the vacuum
can take a while on a large vault).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from hrd_desk.cases.record import KINDS
from hrd_desk.cases.retention import PurgeReport
from hrd_desk.i18n import _, isolate, ngettext
from hrd_desk.ui.widgets import heading, mark_data, message_label


def report_lines(report: PurgeReport) -> list[str]:
    lines = []
    for kind, n in report.counts.items():
        cls = KINDS.get(kind)
        label = _(cls.LABEL_PLURAL if n != 1 else cls.LABEL) if cls is not None else kind
        lines.append(
            # Translators: one line of the purge confirmation, e.g. "3 × Incidents".
            _("{n} × {what}").format(n=n, what=label)
        )
    if report.attachments:
        lines.append(
            ngettext("{n} attached file", "{n} attached files", report.attachments).format(
                n=report.attachments
            )
        )
    return lines


class PurgeDialog(QDialog):
    def __init__(self, pseudonym: str, report: PurgeReport, parent: QWidget | None = None):
        super().__init__(parent)
        self.pseudonym = pseudonym
        self.report = report
        self.setWindowTitle(_("Purge a defender's file"))
        self.setModal(True)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(_("Destroy this file for good?"), self, scale=1.2))
        intro = message_label(self)
        intro.setText(
            _(
                "Purging destroys the defender {name} and everything linked to them. It cannot "
                "be undone: the records are removed from the vault file itself. Backups made "
                "before keep their copy. The audit trail keeps only that a purge happened, "
                "with these counts:"
            ).format(name=isolate(pseudonym))
        )
        mark_data(intro)
        layout.addWidget(intro)
        self.counts = message_label(self)
        self.counts.setText("\n".join(f"• {line}" for line in report_lines(report)))
        self.counts.setObjectName("purgeCounts")
        layout.addWidget(self.counts)
        ask = QLabel(_("Type the pseudonym to confirm:"), self)
        self.confirm = QLineEdit(self)
        self.confirm.setAccessibleName(_("Pseudonym, typed to confirm the purge"))
        ask.setBuddy(self.confirm)
        layout.addWidget(ask)
        layout.addWidget(self.confirm)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Keep the file"))
        self.purge_button = buttons.addButton(
            _("Purge for good"), QDialogButtonBox.ButtonRole.DestructiveRole
        )
        self.purge_button.setEnabled(False)
        self.purge_button.setToolTip(_("Type the pseudonym first."))
        self.purge_button.clicked.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.confirm.textChanged.connect(self._typed)
        self.confirm.setFocus(Qt.FocusReason.OtherFocusReason)

    def _typed(self, text: str) -> None:
        ok = text.strip() == self.pseudonym.strip() and bool(text.strip())
        self.purge_button.setEnabled(ok)
        self.purge_button.setToolTip("" if ok else _("Type the pseudonym first."))

    def accept(self) -> None:
        if not self.purge_button.isEnabled():
            return  # Enter in the field must not purge before the name matches
        super().accept()
