"""The Qt binding must not leak references to None/True (PySide6 6.12.0 on Python 3.11 did:
CPython aborted after ~10,000 signal emissions — minutes of mouse movement in the app)."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget


class _Emitter(QObject):
    ping = Signal()


def test_no_reference_drift_on_emit_and_none_returning_calls(qtbot) -> None:
    emitter = _Emitter()
    widget = QWidget()
    qtbot.addWidget(widget)
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(2000):
        emitter.ping.emit()
        widget.setToolTip("x")
    assert abs(sys.getrefcount(True) - true_before) < 50
    assert abs(sys.getrefcount(None) - none_before) < 50
