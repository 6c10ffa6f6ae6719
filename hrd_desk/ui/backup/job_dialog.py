"""What the backup and restore dialogs share: one cancellable job shown with a progress bar.

While the job runs, Close reads Cancel, and closing the dialog cancels first: the dialog stays
until the job has cleaned up after itself. A hold on idle auto-lock, if one was taken, is
released when the job ends and when the dialog closes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QProgressBar, QWidget

from hrd_desk.i18n import _
from hrd_desk.ui.widgets import message_label
from hrd_desk.ui.workers import Job, JobContext, Workers, error_message

#: Progress is reported in thousandths (byte counts do not fit Qt's int for large vaults).
STEPS = 1000


class JobDialog(QDialog):
    """Subclasses call :meth:`_add_job_widgets` where those widgets belong in the focus order,
    and provide ``start()``, ``_set_running(running)``, ``_done(result)`` and ``_cancelled()``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.job: Job | None = None
        self._release: Callable[[], None] = lambda: None
        self.setModal(True)

    def _add_job_widgets(self, *, start_text: str, progress_name: str, status_name: str) -> None:
        self.progress = QProgressBar(self)
        self.progress.setRange(0, STEPS)
        self.progress.setAccessibleName(progress_name)
        self.progress.setVisible(False)
        self.status = message_label(self)
        self.status.setObjectName(status_name)
        self.status.setVisible(False)
        self.error = message_label(self, error=True)

        self.buttons = QDialogButtonBox(self)
        self.start_button = self.buttons.addButton(
            start_text, QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.close_button = self.buttons.addButton(
            _("Close"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.start_button.setDefault(True)
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self.reject)

    @property
    def running(self) -> bool:
        return self.job is not None

    # -- running ------------------------------------------------------------------------------
    def _run(
        self,
        workers: Workers,
        work: Callable[[JobContext], Any],
        *,
        name: str,
        status: str,
        hold: Callable[[], Callable[[], None]] | None,
    ) -> None:
        """Show *status* and an empty progress bar, take the *hold* if any, and submit *work*."""
        self.error.setVisible(False)
        self.status.setText(status)
        self.status.setVisible(True)
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self._set_running(True)
        if hold is not None:
            self._release = hold()
        self.job = workers.submit(
            work,
            name=name,
            on_finished=self._done,
            on_failed=self._failed,
            on_progress=self._progress,
            on_cancelled=self._cancelled,
        )

    def _progress(self, done: int, total: int, _text: str) -> None:
        self.progress.setValue(min(done, STEPS))

    def _end(self) -> None:
        self.job = None
        self._set_running(False)
        self.progress.setVisible(False)
        self._release_hold()

    def _release_hold(self) -> None:
        # On the next event-loop turn: a deferred idle lock must not run inside this handler.
        release, self._release = self._release, (lambda: None)
        QTimer.singleShot(0, release)

    def _failed(self, exc: BaseException) -> None:
        self._end()
        self.status.setVisible(False)
        self.error.setText(error_message(exc))
        self.error.setVisible(True)

    # -- closing ------------------------------------------------------------------------------
    def reject(self) -> None:
        if self.job is not None:
            # Cancel first; the dialog stays until the job has cleaned up after itself.
            self.job.cancel()
            self.status.setText(_("Cancelling…"))
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.job is not None:
            event.ignore()
            self.reject()
            return
        super().closeEvent(event)

    def done(self, result: int) -> None:
        # Locking closes every dialog: whatever still runs was joined by then.
        self._release_hold()
        super().done(result)
