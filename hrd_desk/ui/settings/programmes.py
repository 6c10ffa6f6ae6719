"""Settings → Programmes: each grant programme's cap, its currency, and what happens over it.

Values are read and written through :mod:`hrd_desk.cases.programmes` (stored encrypted in the
vault, audited); grant validation reads the same setting, so a cap changed here applies to the
next grant saved. Amounts are typed in the interface language's format (its digits and
separators) and parsed strictly; every problem is shown under the field it is about, and what
was typed stays.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from babel.numbers import NumberFormatError, parse_decimal
from PySide6.QtCore import QCollator, QLocale, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from hrd_desk.cases.errors import ValidationError
from hrd_desk.cases.grants import CapPolicy, Programme
from hrd_desk.cases.money import (
    current_currencies,
    is_currency,
    normalise_digits,
    parse_user_amount,
)
from hrd_desk.cases.programmes import ProgrammeSetting, programme_settings, update_programme
from hrd_desk.crypto.errors import HrdDeskError
from hrd_desk.formats import currency_name, format_amount
from hrd_desk.i18n import N_, _, babel_locale_name, current_language, pgettext
from hrd_desk.ui.sections import PROGRAMMES_PANE, SectionRegistry
from hrd_desk.ui.session import Session
from hrd_desk.ui.widgets import message_label

FIELDS = ("currency", "cap", "cap_policy")


def parse_cap(text: str, currency: str) -> Decimal | None:
    """What the officer typed, in the interface language's format; None for "no cap".
    ValueError (translated) when it is not an amount."""
    text = text.strip()
    if not text:
        return None
    locale = babel_locale_name(current_language())
    if is_currency(currency):
        return parse_user_amount(text, currency, locale)
    # No valid currency yet: read the number; the service then says what the currency lacks.
    try:
        return parse_decimal(normalise_digits(text), locale=locale, strict=True)
    except (NumberFormatError, InvalidOperation) as exc:
        raise ValueError(
            _("“{text}” is not an amount in this language's format.").format(text=text)
        ) from exc


def currency_combo(parent: QWidget) -> QComboBox:
    combo = QComboBox(parent)
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    combo.addItem(pgettext("no value", "—"), "")
    collator = QCollator(QLocale())
    options = [(c, f"{c} — {currency_name(c)}") for c in current_currencies()]
    for code, label in sorted(options, key=lambda o: collator.sortKey(o[1])):
        combo.addItem(label, code)
    combo.completer().setFilterMode(Qt.MatchFlag.MatchContains)
    combo.completer().setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    return combo


@dataclass
class ProgrammeRow:
    programme: Programme
    currency: QComboBox
    cap: QLineEdit
    policy: QComboBox
    errors: dict[str, QLabel]

    def currency_value(self) -> str:
        index = self.currency.findText(self.currency.currentText())
        if index < 0:
            return self.currency.currentText().strip().upper()  # a typed code; the service checks
        return str(self.currency.itemData(index) or "")

    def set_currency(self, code: str) -> None:
        index = self.currency.findData(code or "")
        if index < 0 and code:
            self.currency.addItem(code, code)
            index = self.currency.count() - 1
        self.currency.setCurrentIndex(max(0, index))

    def policy_value(self) -> CapPolicy:
        return CapPolicy.parse(self.policy.currentData())

    def show(self, setting: ProgrammeSetting) -> None:
        self.set_currency(setting.currency)
        self.cap.setText(
            format_amount(setting.cap, setting.currency) if setting.cap is not None else ""
        )
        self.policy.setCurrentIndex(max(0, self.policy.findData(setting.cap_policy.value)))

    def typed(self) -> tuple[str, str, str]:
        return (self.currency_value(), self.cap.text().strip(), self.policy.currentData())

    def clear_errors(self) -> None:
        for label in self.errors.values():
            label.clear()
            label.setVisible(False)

    def show_error(self, field: str, message: str) -> None:
        label = self.errors.get(field, self.errors["cap"])
        label.setText(message)
        label.setVisible(True)


class ProgrammesPane(QWidget):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.rows: dict[Programme, ProgrammeRow] = {}
        self._loaded: dict[Programme, tuple[str, str, str]] = {}

        intro = message_label(self)
        intro.setText(
            _(
                "The cap of each grant programme, in its currency, and what happens when a "
                "grant's approved amount is over it: a warning the officer may accept, or a "
                "refusal. Leave the cap empty for no cap. Amounts are typed as in this "
                "language (for example {example})."
            ).format(example=format_amount(Decimal("7500"), "EUR"))
        )
        grid_host = QWidget(self)
        grid = QGridLayout(grid_host)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        grid.setColumnStretch(2, 1)
        for col, title in enumerate((_("Programme"), _("Currency"), _("Cap"), _("Over the cap"))):
            label = QLabel(title, grid_host)
            font = label.font()
            font.setBold(True)
            label.setFont(font)
            grid.addWidget(label, 0, col)
        for index, programme in enumerate(Programme):
            self.rows[programme] = self._row(grid, grid_host, 1 + 2 * index, programme)

        self.status = message_label(self)
        self.status.setObjectName("programmesStatus")
        self.summary = message_label(self, error=True)
        self.save_button = QPushButton(_("&Save programmes"), self)
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton(_("Undo changes"), self)
        self.revert_button.clicked.connect(self.load)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)

        inner = QWidget(self)
        box = QVBoxLayout(inner)
        box.addWidget(intro)
        box.addWidget(self.summary)
        box.addWidget(grid_host)
        box.addLayout(buttons)
        box.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(inner)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.load()

    def _row(
        self, grid: QGridLayout, host: QWidget, line: int, programme: Programme
    ) -> ProgrammeRow:
        name = QLabel(programme.label, host)
        name.setWordWrap(True)
        currency = currency_combo(host)
        currency.setAccessibleName(_("Currency of {programme}").format(programme=programme.label))
        cap = QLineEdit(host)
        cap.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        cap.setPlaceholderText(_("No cap"))
        cap.setAccessibleName(_("Cap of {programme}").format(programme=programme.label))
        policy = QComboBox(host)
        for member in CapPolicy:
            policy.addItem(member.label, member.value)
        policy.setAccessibleName(_("Over the cap of {programme}").format(programme=programme.label))
        name.setBuddy(cap)
        grid.addWidget(name, line, 0)
        grid.addWidget(currency, line, 1)
        grid.addWidget(cap, line, 2)
        grid.addWidget(policy, line, 3)
        errors = {}
        for col, field in enumerate(FIELDS, start=1):
            label = message_label(host, error=True)
            grid.addWidget(label, line + 1, col)
            errors[field] = label
        row = ProgrammeRow(programme, currency, cap, policy, errors)
        currency.currentTextChanged.connect(self._changed)
        cap.textChanged.connect(self._changed)
        policy.currentIndexChanged.connect(self._changed)
        return row

    # -- reading ------------------------------------------------------------------------------
    def load(self) -> None:
        settings = programme_settings(self.session.store)
        for programme, row in self.rows.items():
            row.show(settings[programme])
            row.clear_errors()
            self._loaded[programme] = row.typed()
        self.summary.setVisible(False)
        self.status.clear()
        self._changed()

    def changed_rows(self) -> list[ProgrammeRow]:
        return [row for p, row in self.rows.items() if row.typed() != self._loaded.get(p)]

    def _changed(self, *_args: object) -> None:
        dirty = bool(self.changed_rows())
        self.save_button.setEnabled(dirty)
        self.revert_button.setEnabled(dirty)
        if dirty:
            self.status.clear()

    # -- saving -------------------------------------------------------------------------------
    def save(self) -> bool:
        """Save every changed programme; True when all were saved. A refused one keeps what
        was typed and shows why under its fields; the others are saved."""
        failed = 0
        saved = 0
        for row in self.changed_rows():
            row.clear_errors()
            currency = row.currency_value()
            try:
                cap = parse_cap(row.cap.text(), currency)
            except ValueError as exc:
                row.show_error("cap", str(exc))
                failed += 1
                continue
            try:
                new = update_programme(
                    self.session.store,
                    row.programme,
                    currency=currency,
                    cap=cap,
                    cap_policy=row.policy_value(),
                )
            except ValidationError as exc:
                for error in exc.errors:
                    row.show_error(error.field, error.message)
                failed += 1
                continue
            except HrdDeskError as exc:
                row.show_error("cap", exc.message)
                failed += 1
                continue
            row.show(new)
            self._loaded[row.programme] = row.typed()
            saved += 1
        if failed:
            self.summary.setText(
                _("Some programmes were not saved; see the messages under their fields.")
            )
            self.summary.setVisible(True)
        else:
            self.summary.setVisible(False)
        self._changed()
        if saved and not failed:
            self.status.setText(_("Saved. New grants are checked against these caps."))
        return not failed


def register(registry: SectionRegistry) -> None:
    registry.register_settings_pane(PROGRAMMES_PANE, N_("Programmes"), ProgrammesPane)
