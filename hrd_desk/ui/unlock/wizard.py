"""Create a vault: folder, name, passphrase twice, then the recovery key, shown once and checked.

The vault is created when the passphrase page is committed (in a worker: the KDF is calibrated
to about a second); from then on there is no way back, only forward to the recovery key. Finish
is enabled only when two randomly chosen groups of the key are typed back correctly.
"""

from __future__ import annotations

import random
from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from hrd_desk.crypto.errors import VaultExists
from hrd_desk.crypto.fsperm import is_empty_or_missing
from hrd_desk.crypto.recovery import GROUP, GROUPS
from hrd_desk.crypto.vault import Vault
from hrd_desk.i18n import _
from hrd_desk.ui.passphrase import NewPassphraseFields
from hrd_desk.ui.preferences import Preferences
from hrd_desk.ui.unlock.jobs import create_named
from hrd_desk.ui.widgets import (
    busy_bar,
    choose_folder,
    mark_data,
    message_label,
    monospace_font,
)
from hrd_desk.ui.workers import Workers, error_message

CONFIRM_GROUPS = 2
_FOLD = str.maketrans({"O": "0", "I": "1", "L": "1"})


def _normalise_group(text: str) -> str:
    """What a person may type for a group: any case, stray spaces, O for 0, I or L for 1."""
    return "".join(ch for ch in text.upper() if ch.isalnum()).translate(_FOLD)


def _intro(text: str) -> QLabel:
    """A page's explanation, in the page (not QWizard's header, which clips wrapped subtitles
    when the text is large)."""
    label = message_label()
    label.setText(text)
    return label


def suggested_folder() -> Path:
    base = Path.home() / "HRD Desk vault"
    candidate, n = base, 2
    while not is_empty_or_missing(candidate):
        candidate = base.with_name(f"{base.name} {n}")
        n += 1
    return candidate


class LocationPage(QWizardPage):
    def __init__(self, prefs: Preferences, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.prefs = prefs
        self.setTitle(_("Where to keep the vault"))
        self.intro = _intro(
            _("Choose a new or empty folder on this computer. Everything in it is encrypted.")
        )
        self.path = mark_data(QLineEdit(self))
        self.path.setAccessibleName(_("Vault folder"))
        self.path.setText(str(suggested_folder()))
        self.path.textChanged.connect(self.completeChanged)
        self.path.textChanged.connect(lambda _t: self.error.setVisible(False))
        browse = QPushButton(_("Choose…"), self)
        browse.clicked.connect(self._browse)
        label = QLabel(_("&Folder:"), self)
        label.setBuddy(self.path)
        self.error = message_label(self, error=True)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        box = QVBoxLayout(self)
        box.addWidget(self.intro)
        box.addSpacing(8)
        box.addWidget(label)
        box.addLayout(row)
        box.addWidget(self.error)
        hint = message_label(self)
        hint.setText(
            _(
                "Tip: keep the vault on this computer's own disk, not in a folder that is "
                "synchronised to a cloud service."
            )
        )
        box.addSpacing(8)
        box.addWidget(hint)
        box.addStretch(1)

    def folder(self) -> Path:
        return Path(self.path.text().strip()).expanduser()

    def _browse(self) -> None:
        chosen = choose_folder(
            self,
            _("Choose a new or empty folder"),
            discreet=self.prefs.discreet,
            start=self.folder().parent if self.path.text().strip() else None,
        )
        if chosen:
            self.path.setText(chosen)

    def isComplete(self) -> bool:
        return bool(self.path.text().strip())

    def validatePage(self) -> bool:
        folder = self.folder()
        if not folder.is_absolute():
            self.error.setText(_("Give the full path of the folder."))
        elif not is_empty_or_missing(folder):
            self.error.setText(VaultExists().message)
        else:
            return True
        self.error.setVisible(True)
        self.path.setFocus()
        return False


class NamePage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(_("Name the vault"))
        self.intro = _intro(
            _(
                "A short name for this vault, such as your post. It is shown in the status bar "
                "and stored only inside the encrypted vault."
            )
        )
        self.name = mark_data(QLineEdit(self))
        self.name.setAccessibleName(_("Vault name"))
        self.name.setPlaceholderText(_("For example: Post A"))
        self.name.setMaxLength(80)
        self.name.textChanged.connect(self.completeChanged)
        box = QVBoxLayout(self)
        box.addWidget(self.intro)
        box.addSpacing(8)
        form = QFormLayout()
        form.addRow(_("Vault &name:"), self.name)
        box.addLayout(form)
        box.addStretch(1)

    def isComplete(self) -> bool:
        return bool(self.name.text().strip())


class PassphrasePage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(_("Choose the passphrase"))
        self.intro = _intro(
            _(
                "You will type it every time you open the vault. Several unrelated words are "
                "easier to remember and harder to guess than a short password."
            )
        )
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, _("Create the vault"))
        self.fields = NewPassphraseFields(self)
        self.fields.changed.connect(self.completeChanged)
        self.busy = busy_bar(self)
        self.busy_text = message_label(self)
        self.busy_text.setText(_("Creating the vault… this takes a few seconds."))
        self.busy_text.setVisible(False)
        self.error = message_label(self, error=True)
        box = QVBoxLayout(self)
        box.addWidget(self.intro)
        box.addSpacing(8)
        box.addWidget(self.fields)
        box.addStretch(1)
        box.addWidget(self.error)
        box.addWidget(self.busy_text)
        box.addWidget(self.busy)
        self.creating = False

    def initializePage(self) -> None:
        self.fields.setFocus()

    def isComplete(self) -> bool:
        return self.fields.is_acceptable() and not self.creating

    def validatePage(self) -> bool:
        wizard = self.wizard()
        assert isinstance(wizard, CreateVaultWizard)
        if wizard.vault is not None:
            return True
        if not self.creating:
            self._create(wizard)
        return False

    def _create(self, wizard: CreateVaultWizard) -> None:
        folder = wizard.location_page.folder()
        name = wizard.name_page.name.text().strip()
        passphrase = self.fields.passphrase()
        self._set_creating(True)
        wizard.workers.submit(
            lambda ctx: create_named(folder, passphrase, name),
            name="create-vault",
            on_finished=self._created,
            on_failed=self._failed,
            cleanup=lambda result: result[0].lock(),
        )

    def _set_creating(self, creating: bool) -> None:
        self.creating = creating
        self.fields.setEnabled(not creating)
        self.busy.setVisible(creating)
        self.busy_text.setVisible(creating)
        if creating:
            self.error.setVisible(False)
        self.completeChanged.emit()

    def _created(self, result: tuple[Vault, str]) -> None:
        wizard = self.wizard()
        assert isinstance(wizard, CreateVaultWizard)
        wizard.vault, wizard.recovery_key = result
        self._set_creating(False)
        self.fields.clear()
        wizard.next()

    def _failed(self, exc: BaseException) -> None:
        self._set_creating(False)
        self.error.setText(error_message(exc))
        self.error.setVisible(True)


class RecoveryKeyPage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(_("Write down the recovery key"))
        self.intro = _intro(
            _(
                "If the passphrase is ever forgotten, this key is the only way into the vault. "
                "Write it on paper now and keep the paper away from this computer. It is shown "
                "only this once."
            )
        )
        self.grid_host = QWidget(self)
        # The key reads left to right in every language; its groups are numbered for the check.
        self.grid_host.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.grid = QGridLayout(self.grid_host)
        self.grid.setHorizontalSpacing(18)
        self.group_labels: list[QLabel] = []
        self.number_labels: list[QLabel] = []
        for i in range(GROUPS):
            number = QLabel(str(i + 1), self.grid_host)
            number.setAlignment(Qt.AlignmentFlag.AlignCenter)
            number.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            group = mark_data(QLabel("", self.grid_host))
            group.setFont(monospace_font(2.0))
            group.setAlignment(Qt.AlignmentFlag.AlignCenter)
            group.setTextFormat(Qt.TextFormat.PlainText)
            self.grid.addWidget(number, 0, i)
            self.grid.addWidget(group, 1, i)
            self.number_labels.append(mark_data(number))
            self.group_labels.append(group)
        self.grid_host.setAccessibleName(_("Recovery key"))
        self.written = QCheckBox(_("I have &written the recovery key down"), self)
        self.written.toggled.connect(self.completeChanged)
        box = QVBoxLayout(self)
        box.addWidget(self.intro)
        box.addSpacing(8)
        box.addStretch(1)
        box.addWidget(self.grid_host, 0, Qt.AlignmentFlag.AlignHCenter)
        box.addStretch(1)
        box.addWidget(self.written)

    def initializePage(self) -> None:
        wizard = self.wizard()
        assert isinstance(wizard, CreateVaultWizard)
        groups = (wizard.recovery_key or "").split("-")
        for label, text in zip(self.group_labels, groups, strict=False):
            label.setText(text)
        self.grid_host.setAccessibleDescription(" ".join(groups))

    def clear(self) -> None:
        for label in self.group_labels:
            label.clear()
        self.grid_host.setAccessibleDescription("")

    def isComplete(self) -> bool:
        return self.written.isChecked()


class ConfirmKeyPage(QWizardPage):
    def __init__(self, rng: random.Random, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rng = rng
        self.setTitle(_("Check the recovery key"))
        self.intro = _intro(
            _("Type two groups of the key from your paper, to be sure it was copied right.")
        )
        self.asked: list[int] = []
        self.fields: list[QLineEdit] = []
        self.labels: list[QLabel] = []
        self.form = QFormLayout()
        for _i in range(CONFIRM_GROUPS):
            field = QLineEdit(self)
            field.setFont(monospace_font(1.4))
            field.setMaxLength(GROUP + 2)
            field.setFixedWidth(field.fontMetrics().horizontalAdvance("W" * (GROUP + 3)))
            field.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
            field.textChanged.connect(self._changed)
            label = QLabel(self)
            label.setBuddy(field)
            self.form.addRow(label, field)
            self.fields.append(field)
            self.labels.append(label)
        self.status = message_label(self, error=True)
        box = QVBoxLayout(self)
        box.addWidget(self.intro)
        box.addSpacing(8)
        box.addLayout(self.form)
        box.addWidget(self.status)
        box.addStretch(1)

    def initializePage(self) -> None:
        self.asked = sorted(self.rng.sample(range(GROUPS), CONFIRM_GROUPS))
        for index, label, field in zip(self.asked, self.labels, self.fields, strict=True):
            label.setText(_("Group {n}:").format(n=index + 1))
            field.setAccessibleName(_("Group {n} of the recovery key").format(n=index + 1))
            field.clear()
        self.fields[0].setFocus()
        self._changed()

    def _groups(self) -> list[str]:
        wizard = self.wizard()
        assert isinstance(wizard, CreateVaultWizard)
        return (wizard.recovery_key or "").split("-")

    def _matches(self) -> list[bool | None]:
        groups = self._groups()
        result: list[bool | None] = []
        for index, field in zip(self.asked, self.fields, strict=True):
            typed = _normalise_group(field.text())
            if len(typed) < GROUP:
                result.append(None)
            else:
                result.append(index < len(groups) and typed == _normalise_group(groups[index]))
        return result

    def _changed(self, *_args: object) -> None:
        wrong = [
            index + 1 for index, ok in zip(self.asked, self._matches(), strict=True) if ok is False
        ]
        if wrong:
            self.status.setText(
                _("Group {n} does not match. Look at your paper again.").format(n=wrong[0])
            )
        else:
            self.status.setText("")
        self.status.setVisible(bool(wrong))
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return bool(self.asked) and all(ok is True for ok in self._matches())


class CreateVaultWizard(QWizard):
    #: Finish: the new vault, open and named.
    created = Signal(object)
    #: Closed after the vault was made but before the key was checked: its folder (locked).
    kept = Signal(str)

    def __init__(
        self,
        prefs: Preferences,
        workers: Workers,
        parent: QWidget | None = None,
        *,
        rng: random.Random | None = None,
    ) -> None:
        super().__init__(parent)
        self.prefs = prefs
        self.workers = workers
        self.vault: Vault | None = None
        self.recovery_key: str | None = None
        self.setWindowTitle(_("Create a new vault"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.NoDefaultButton, False)
        self.location_page = LocationPage(prefs)
        self.name_page = NamePage()
        self.passphrase_page = PassphrasePage()
        self.key_page = RecoveryKeyPage()
        self.confirm_page = ConfirmKeyPage(rng or random.SystemRandom())
        for page in (
            self.location_page,
            self.name_page,
            self.passphrase_page,
            self.key_page,
            self.confirm_page,
        ):
            self.addPage(page)
        # Sized by the font, not in pixels: with large text the header's wrapped subtitle and
        # the key's big groups still fit.
        metrics = self.fontMetrics()
        size = QSize(metrics.averageCharWidth() * 92, metrics.lineSpacing() * 27)
        screen = self.screen().availableGeometry().size() if self.screen() else size
        self.resize(min(size.width(), screen.width()), min(size.height(), screen.height()))

    def _forget_key(self) -> None:
        self.recovery_key = None
        self.key_page.clear()

    def accept(self) -> None:
        if self.vault is None or not self.confirm_page.isComplete():
            return
        vault, self.vault = self.vault, None
        self._forget_key()
        super().accept()
        self.created.emit(vault)

    def reject(self) -> None:
        if self.passphrase_page.creating:
            return  # the vault is being written; closing now would leave it half-shown
        if self.vault is not None:
            answer = QMessageBox.question(
                self,
                _("Close without checking the key?"),
                _(
                    "The vault was created. Without its recovery key, a forgotten passphrase "
                    "means losing everything in it. Close anyway?"
                ),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
            vault, self.vault = self.vault, None
            folder = str(vault.folder)
            vault.lock()
            self._forget_key()
            super().reject()
            self.kept.emit(folder)
            return
        super().reject()
