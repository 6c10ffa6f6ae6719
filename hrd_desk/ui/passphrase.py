"""Passphrase entry (show/hide, Caps Lock warning) and live strength feedback."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from hrd_desk.crypto.passphrase_policy import GOOD_SCORE, Assessment, assess
from hrd_desk.i18n import _
from hrd_desk.ui.widgets import message_label

#: Strength bar colours (zxcvbn score 0–4); the label always says the same in words.
_SCORE_COLOURS = ("#c62828", "#d84315", "#f9a825", "#2e7d32", "#1b5e20")


class PassphraseEdit(QWidget):
    """A password field with a Show/Hide button and a Caps Lock warning below it."""

    textChanged = Signal(str)
    returnPressed = Signal()

    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit(self)
        self.edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.edit.setAccessibleName(accessible_name)
        self.edit.textChanged.connect(self.textChanged)
        self.edit.returnPressed.connect(self.returnPressed)
        self.edit.installEventFilter(self)
        self.toggle = QToolButton(self)
        self.toggle.setCheckable(True)
        self.toggle.setText(_("Show"))
        self.toggle.setAccessibleName(_("Show the passphrase"))
        self.toggle.setToolTip(_("Show or hide what you typed"))
        self.toggle.toggled.connect(self._set_visible)
        self.caps_warning = QLabel(_("Caps Lock is on."), self)
        self.caps_warning.setObjectName("capsLockWarning")
        self.caps_warning.setVisible(False)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addWidget(self.toggle)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addLayout(row)
        box.addWidget(self.caps_warning)
        self.setFocusProxy(self.edit)
        self.setTabOrder(self.edit, self.toggle)

    def text(self) -> str:
        return self.edit.text()

    def setText(self, text: str) -> None:
        self.edit.setText(text)

    def clear(self) -> None:
        self.edit.clear()

    def _set_visible(self, shown: bool) -> None:
        self.edit.setEchoMode(QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password)
        self.toggle.setText(_("Hide") if shown else _("Show"))
        self.toggle.setAccessibleName(
            _("Hide the passphrase") if shown else _("Show the passphrase")
        )

    @property
    def caps_lock_on(self) -> bool:
        return not self.caps_warning.isHidden()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Qt has no portable Caps Lock query: infer it from the letters typed (an upper-case
        # letter without Shift, or lower-case with it), and flip on the Caps Lock key itself.
        if watched is self.edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_CapsLock:
                self.caps_warning.setVisible(not self.caps_lock_on)
            else:
                text = event.text()
                if len(text) == 1 and text.isalpha() and text.upper() != text.lower():
                    shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
                    self.caps_warning.setVisible(text.isupper() != shift)
        elif watched is self.edit and event.type() == QEvent.Type.FocusOut:
            self.caps_warning.setVisible(False)
        return False


class StrengthMeter(QWidget):
    """Bar, colour AND words: "Strength: fair", then the hints and problems from the policy."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 5)  # score 0–4, plus one so that "very weak" shows a red sliver
        self.bar.setTextVisible(False)
        self.bar.setMaximumHeight(8)
        self.bar.setAccessibleName(_("Passphrase strength"))
        self.label = QLabel(self)
        self.label.setObjectName("strengthLabel")
        self.details = message_label(self)
        # Room for two lines from the start: a dialog does not grow well around wrapped text
        # that appears later, and fields jumping while one types is unsettling.
        self.details.setMinimumHeight(self.details.fontMetrics().lineSpacing() * 2)
        self.details.setAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignTop)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addWidget(self.bar)
        box.addWidget(self.label)
        box.addWidget(self.details)
        self.assessment: Assessment | None = None
        self.update_for("")

    def update_for(self, passphrase: str) -> Assessment:
        verdict = assess(passphrase)
        self.assessment = verdict
        self.bar.setValue(verdict.score + 1 if passphrase else 0)
        colour = _SCORE_COLOURS[verdict.score]
        self.bar.setStyleSheet(f"QProgressBar::chunk {{ background-color: {colour}; }}")
        if passphrase:
            self.label.setText(_("Strength: {label}").format(label=verdict.label))
        else:
            self.label.setText(_("Strength: nothing typed yet"))
        notes = [*verdict.problems, *verdict.hints] if passphrase else []
        if passphrase and verdict.score >= GOOD_SCORE and not notes:
            notes = [_("Good. Make sure you can remember it: nobody can reset it for you.")]
        self.details.setText("\n".join(notes))
        return verdict


class NewPassphraseFields(QWidget):
    """A new passphrase typed twice, with strength feedback and a "they differ" message."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.first = PassphraseEdit(_("New passphrase"), self)
        self.second = PassphraseEdit(_("Repeat the new passphrase"), self)
        self.meter = StrengthMeter(self)
        self.match_label = message_label(self, error=True)
        self.match_label.setMinimumHeight(self.match_label.fontMetrics().lineSpacing())
        self.match_label.setVisible(True)
        self.first_label = QLabel(_("&New passphrase:"), self)
        self.first_label.setBuddy(self.first.edit)
        self.second_label = QLabel(_("&Repeat it:"), self)
        self.second_label.setBuddy(self.second.edit)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.first_label)
        box.addWidget(self.first)
        box.addWidget(self.meter)
        box.addSpacing(6)
        box.addWidget(self.second_label)
        box.addWidget(self.second)
        box.addWidget(self.match_label)
        self.first.textChanged.connect(self._on_change)
        self.second.textChanged.connect(self._on_change)
        self.setFocusProxy(self.first)
        self.setTabOrder(self.first.toggle, self.second.edit)
        self._on_change()

    def _on_change(self, *_args: object) -> None:
        self.meter.update_for(self.first.text())
        differ = bool(self.second.text()) and self.second.text() != self.first.text()
        self.match_label.setText(_("The two passphrases differ.") if differ else "")
        self.changed.emit()

    def passphrase(self) -> str:
        return self.first.text()

    def is_acceptable(self) -> bool:
        verdict = self.meter.assessment
        return (
            verdict is not None
            and verdict.acceptable
            and bool(self.first.text())
            and self.first.text() == self.second.text()
        )

    def clear(self) -> None:
        self.first.clear()
        self.second.clear()
