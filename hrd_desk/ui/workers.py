"""Jobs off the GUI thread: plain Python callables, with Qt signals added by a thin adapter.

After Dangerzone's ``Task`` + ``GUIMixin`` (the work knows nothing of Qt) and SecureDrop
Client's shutdown (every thread is joined before the app quits). A job is any callable taking a
:class:`JobContext`; it may report progress and should call ``ctx.check()`` between steps so a
cancel is honoured. Its result or exception comes back to the GUI thread as a signal.

Rules:
* A job that needs the database opens its own connection: wrap it with :func:`with_connection`
  (``vault.connect()`` / ``vault.release(conn)``): SQLite connections are one per thread.
* On lock and on quit the owner calls :meth:`Workers.shutdown`: pending jobs are cancelled, every
  running one is joined, and results that arrive after that are dropped (no callback may touch
  a window or a vault that no longer exists).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from hrd_desk.crypto.errors import HrdDeskError
from hrd_desk.crypto.sqlerrors import classify
from hrd_desk.i18n import _


class Cancelled(Exception):
    """Raised by :meth:`JobContext.check` once the job was asked to stop."""


class JobContext:
    """What a running job may ask of its runner. Qt-free, safe to use from the worker thread."""

    def __init__(self, report: Callable[[int, int, str], None] | None = None) -> None:
        self._cancel = threading.Event()
        self._report = report

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()

    def check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled()

    def wait(self, timeout: float | None = None) -> bool:
        """Sleep up to *timeout* seconds, waking at once on cancel; True if cancelled."""
        return self._cancel.wait(timeout)

    def progress(self, done: int, total: int = 0, text: str = "") -> None:
        """*total* 0 means "unknown" (a busy indicator instead of a bar)."""
        if self._report is not None:
            self._report(done, total, text)


JobFunction = Callable[[JobContext], Any]


class Job(QObject):
    """One submitted callable. Signals arrive in the GUI thread."""

    progress = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(object)
    cancelled = Signal()

    # Emitted from the worker thread; queued to the slots below, which live in the GUI thread.
    _progress = Signal(int, int, str)
    _done = Signal(object)
    _error = Signal(object)
    _stopped = Signal()

    def __init__(
        self,
        fn: JobFunction,
        name: str = "",
        cleanup: Callable[[Any], None] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.fn = fn
        self.name = name
        #: Called with the result if nobody will receive it any more (the job was discarded):
        #: e.g. lock a vault that finished opening after the app started to quit.
        self.cleanup = cleanup
        self.started = False
        self.context = JobContext(self._progress.emit)
        self.is_done = False
        self._discarded = False
        self._on_end: Callable[[Job], None] | None = None
        self._progress.connect(self._relay_progress)
        self._done.connect(self._relay_done)
        self._error.connect(self._relay_error)
        self._stopped.connect(self._relay_stopped)

    def cancel(self) -> None:
        self.context.cancel()

    def discard(self) -> None:
        """No signal of this job will reach anyone any more (used when locking)."""
        self._discarded = True
        self.context.cancel()

    # -- worker thread ------------------------------------------------------------------------
    def _run(self) -> None:
        self.started = True
        try:
            result = self.fn(self.context)
        except Cancelled:
            self._stopped.emit()
        except BaseException as exc:  # reported to the GUI thread, which decides what to show
            self._error.emit(exc)
        else:
            if self._discarded:
                self._clean(result)
            else:
                self._done.emit(result)

    def _clean(self, result: object) -> None:
        if self.cleanup is not None:
            cleanup, self.cleanup = self.cleanup, None
            cleanup(result)

    # -- GUI thread ---------------------------------------------------------------------------
    def _end(self) -> bool:
        self.is_done = True
        if self._on_end is not None:
            self._on_end(self)
        return not self._discarded

    @Slot(int, int, str)
    def _relay_progress(self, done: int, total: int, text: str) -> None:
        if not self._discarded:
            self.progress.emit(done, total, text)

    @Slot(object)
    def _relay_done(self, result: object) -> None:
        if self._end():
            self.finished.emit(result)
        else:
            self._clean(result)

    @Slot(object)
    def _relay_error(self, exc: object) -> None:
        if self._end():
            self.failed.emit(exc)

    @Slot()
    def _relay_stopped(self) -> None:
        if self._end():
            self.cancelled.emit()


class _Runnable(QRunnable):
    def __init__(self, job: Job) -> None:
        super().__init__()
        self.job = job
        # The pool must not delete an object Python owns; Workers keeps it until the job ends.
        self.setAutoDelete(False)

    def run(self) -> None:
        self.job._run()


class Workers(QObject):
    """A private thread pool whose jobs are always joined (on lock, on quit)."""

    def __init__(self, parent: QObject | None = None, max_threads: int | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        if max_threads:
            self._pool.setMaxThreadCount(max_threads)
        self._jobs: dict[Job, _Runnable] = {}

    @property
    def active(self) -> int:
        return len(self._jobs)

    def submit(
        self,
        fn: JobFunction,
        *,
        name: str = "",
        on_finished: Callable[[Any], None] | None = None,
        on_failed: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[int, int, str], None] | None = None,
        on_cancelled: Callable[[], None] | None = None,
        cleanup: Callable[[Any], None] | None = None,
    ) -> Job:
        job = Job(fn, name, cleanup)
        if on_finished:
            job.finished.connect(on_finished)
        if on_failed:
            job.failed.connect(on_failed)
        if on_progress:
            job.progress.connect(on_progress)
        if on_cancelled:
            job.cancelled.connect(on_cancelled)
        job._on_end = self._forget
        runnable = _Runnable(job)
        self._jobs[job] = runnable
        self._pool.start(runnable)
        return job

    def _forget(self, job: Job) -> None:
        self._jobs.pop(job, None)

    def cancel_all(self) -> None:
        for job in list(self._jobs):
            job.cancel()

    def join(self, timeout_ms: int = -1) -> bool:
        """Wait for every running job to return; True when none is left running."""
        return self._pool.waitForDone(timeout_ms)

    def shutdown(self) -> None:
        """Cancel, silence and join every job. After this no job callback runs; a result that
        arrives anyway goes to the job's ``cleanup``."""
        for job in list(self._jobs):
            job.discard()
        self._pool.clear()  # jobs not started yet never start
        self._pool.waitForDone(-1)
        for job in list(self._jobs):
            # A job that ended before it was discarded has its result queued to the GUI
            # thread: keep it alive until then, so its cleanup runs.
            if not job.started:
                self._jobs.pop(job, None)


def with_connection(vault: Any, fn: Callable[[Any, JobContext], Any]) -> JobFunction:
    """A job that gets its own vault connection, released however it ends."""

    def job(ctx: JobContext) -> Any:
        conn = vault.connect()
        try:
            return fn(conn, ctx)
        finally:
            vault.release(conn)

    return job


def error_message(exc: BaseException) -> str:
    """The sentence to show for a failed job: typed errors speak for themselves, the rest is a
    bug, named by its type only (an exception's text may quote case data)."""
    if isinstance(exc, HrdDeskError):
        return exc.message
    known = classify(exc)
    if known is not None:
        return known.message
    return _("Unexpected error ({kind}); this is a bug. Nothing more was written.").format(
        kind=type(exc).__name__
    )
