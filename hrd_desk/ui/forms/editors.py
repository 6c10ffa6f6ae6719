"""One editor per field kind. ``value()`` returns the domain value or raises ValueError with a
translated sentence (e.g. an amount typed in the wrong format), so nothing typed is lost."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import QDate, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from hrd_desk.cases import fields as F
from hrd_desk.cases.money import is_currency, parse_user_amount
from hrd_desk.cases.places import country_codes, country_name
from hrd_desk.formats import currency_name, format_amount
from hrd_desk.i18n import _, babel_locale_name, current_language, pgettext

EMPTY_DATE = QDate(1800, 1, 1)
#: (id, title) pairs offered by a reference field; given by the form's owner.
RefChoices = Callable[[str], list[tuple[str, str]]]


class Editor(QObject):
    """Adapter between one field and its widget."""

    changed = Signal()

    def __init__(self, name: str, spec: F.FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.spec = spec
        self.widget: QWidget = self.build(parent)
        self.widget.setAccessibleName(_(spec.label))
        if spec.help:
            self.widget.setToolTip(_(spec.help))

    def build(self, parent: QWidget | None) -> QWidget:  # pragma: no cover - abstract
        raise NotImplementedError

    def value(self) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def set_value(self, value: Any) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def focus(self) -> None:
        self.widget.setFocus(Qt.FocusReason.OtherFocusReason)


class TextEditor(Editor):
    def build(self, parent):
        edit = QLineEdit(parent)
        if self.spec.max_length:
            edit.setMaxLength(self.spec.max_length)
        edit.textChanged.connect(self.changed)
        return edit

    def value(self) -> str:
        return self.widget.text()

    def set_value(self, value: Any) -> None:
        self.widget.setText(value or "")


class LongTextEditor(Editor):
    def build(self, parent):
        edit = QPlainTextEdit(parent)
        edit.setTabChangesFocus(True)  # Tab moves on, as in every other field
        edit.setMinimumHeight(70)
        edit.setMaximumHeight(160)
        edit.textChanged.connect(self.changed)
        return edit

    def value(self) -> str:
        return self.widget.toPlainText()

    def set_value(self, value: Any) -> None:
        self.widget.setPlainText(value or "")


class ChoiceEditor(Editor):
    def build(self, parent):
        combo = QComboBox(parent)
        combo.addItem(pgettext("no value", "—"), None)
        for member in self.spec.vocab:
            combo.addItem(member.label, member.value)
        combo.currentIndexChanged.connect(self.changed)
        return combo

    def value(self) -> Any:
        data = self.widget.currentData()
        return None if data is None else self.spec.vocab(data)

    def set_value(self, value: Any) -> None:
        index = self.widget.findData(None if value is None else str(value))
        self.widget.setCurrentIndex(max(0, index))


class BoolChoiceEditor(Editor):
    """Yes / no / not known, for booleans whose default is "not known"."""

    def build(self, parent):
        combo = QComboBox(parent)
        combo.addItem(pgettext("no value", "—"), None)
        combo.addItem(pgettext("answer", "Yes"), True)
        combo.addItem(pgettext("answer", "No"), False)
        combo.currentIndexChanged.connect(self.changed)
        return combo

    def value(self) -> bool | None:
        return self.widget.currentData()

    def set_value(self, value: Any) -> None:
        self.widget.setCurrentIndex({None: 0, True: 1, False: 2}.get(value, 0))


class CheckEditor(Editor):
    def build(self, parent):
        box = QCheckBox(_(self.spec.label), parent)
        box.toggled.connect(self.changed)
        return box

    def value(self) -> bool:
        return self.widget.isChecked()

    def set_value(self, value: Any) -> None:
        self.widget.setChecked(bool(value))


class CheckListEditor(Editor):
    """Several values of a vocabulary as a checkable list (keyboard: arrows + space)."""

    def build(self, parent):
        lst = QListWidget(parent)
        for member in self.spec.vocab:
            item = QListWidgetItem(member.label, lst)
            item.setData(Qt.ItemDataRole.UserRole, member.value)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        rows = min(len(self.spec.vocab), 8)
        lst.setMaximumHeight(rows * (lst.sizeHintForRow(0) or 20) + 8)
        lst.itemChanged.connect(lambda _item: self.changed.emit())
        return lst

    def value(self) -> list:
        out = []
        for i in range(self.widget.count()):
            item = self.widget.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                out.append(self.spec.vocab(item.data(Qt.ItemDataRole.UserRole)))
        return out

    def set_value(self, value: Any) -> None:
        chosen = {str(v) for v in value or []}
        for i in range(self.widget.count()):
            item = self.widget.item(i)
            state = item.data(Qt.ItemDataRole.UserRole) in chosen
            item.setCheckState(Qt.CheckState.Checked if state else Qt.CheckState.Unchecked)


class DateEditor(Editor):
    def build(self, parent):
        edit = QDateEdit(parent)
        edit.setCalendarPopup(True)
        edit.setMinimumDate(EMPTY_DATE)
        edit.setSpecialValueText(pgettext("no date", "—"))  # shown for "no date"
        edit.setDate(EMPTY_DATE)
        edit.dateChanged.connect(self.changed)
        return edit

    def value(self) -> date | None:
        qd = self.widget.date()
        if qd == EMPTY_DATE or not qd.isValid():
            return None
        return date(qd.year(), qd.month(), qd.day())

    def set_value(self, value: Any) -> None:
        if value is None:
            self.widget.setDate(EMPTY_DATE)
        else:
            self.widget.setDate(QDate(value.year, value.month, value.day))


class IntEditor(Editor):
    def build(self, parent):
        spin = QSpinBox(parent)
        low = self.spec.minimum if self.spec.minimum is not None else -1_000_000
        high = self.spec.maximum if self.spec.maximum is not None else 1_000_000
        spin.setRange(low - 1, high)  # one below the minimum means "no value"
        spin.setSpecialValueText(pgettext("no value", "—"))
        spin.setValue(low - 1)
        spin.setButtonSymbols(QAbstractSpinBox.ButtonSymbols.UpDownArrows)
        spin.valueChanged.connect(self.changed)
        return spin

    def value(self) -> int | None:
        v = self.widget.value()
        return None if v == self.widget.minimum() else v

    def set_value(self, value: Any) -> None:
        self.widget.setValue(self.widget.minimum() if value is None else int(value))


class MoneyEditor(Editor):
    """An amount typed in the user's locale (digits, separators), parsed strictly."""

    def __init__(self, name, spec, parent=None, currency: Callable[[], str] | None = None):
        self._currency = currency or (lambda: "")
        super().__init__(name, spec, parent)

    def build(self, parent):
        edit = QLineEdit(parent)
        edit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        edit.textChanged.connect(self.changed)
        return edit

    def value(self) -> Decimal | None:
        text = self.widget.text().strip()
        if not text:
            return None
        currency = self._currency()
        if not is_currency(currency):
            raise ValueError(_("Choose the currency first."))
        return parse_user_amount(text, currency, babel_locale_name(current_language()))

    def set_value(self, value: Any) -> None:
        self.widget.setText(format_amount(value, self._currency()) if value is not None else "")


class DecimalEditor(Editor):
    def build(self, parent):
        edit = QLineEdit(parent)
        edit.textChanged.connect(self.changed)
        return edit

    def value(self) -> Decimal | None:
        from babel.numbers import NumberFormatError, parse_decimal

        from hrd_desk.cases.money import normalise_digits

        text = normalise_digits(self.widget.text().strip())
        if not text:
            return None
        try:
            return parse_decimal(text, locale=babel_locale_name(current_language()), strict=True)
        except (NumberFormatError, InvalidOperation) as exc:
            raise ValueError(_("Enter a number in this language's format.")) from exc

    def set_value(self, value: Any) -> None:
        from babel.numbers import format_decimal

        locale = babel_locale_name(current_language())
        self.widget.setText("" if value is None else format_decimal(value, locale=locale))


class CodeChoiceEditor(Editor):
    """Countries and currencies: a searchable list of names, storing the ISO code."""

    def options(self) -> list[tuple[str, str]]:  # pragma: no cover - overridden
        return []

    def build(self, parent):
        combo = QComboBox(parent)
        combo.setEditable(True)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        combo.addItem(pgettext("no value", "—"), "")
        from PySide6.QtCore import QCollator, QLocale

        collator = QCollator(QLocale())
        for code, label in sorted(self.options(), key=lambda o: collator.sortKey(o[1])):
            combo.addItem(label, code)
        combo.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        combo.completer().setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        combo.currentIndexChanged.connect(self.changed)
        return combo

    def value(self) -> str:
        index = self.widget.findText(self.widget.currentText())
        if index < 0:
            return self.widget.currentText().strip().upper()  # typed a code; validation decides
        return self.widget.itemData(index) or ""

    def set_value(self, value: Any) -> None:
        index = self.widget.findData(value or "")
        if index < 0 and value:
            self.widget.addItem(str(value), value)
            index = self.widget.count() - 1
        self.widget.setCurrentIndex(max(0, index))


class CountryEditor(CodeChoiceEditor):
    def options(self):
        return [(code, country_name(code)) for code in country_codes()]


class CurrencyEditor(CodeChoiceEditor):
    def options(self):
        from hrd_desk.cases.money import current_currencies

        return [(c, f"{c} — {currency_name(c)}") for c in current_currencies()]


class RefEditor(Editor):
    """A link to another record, chosen by its title (never typed as an id)."""

    def __init__(self, name, spec, parent=None, choices: RefChoices | None = None):
        self._choices = choices or (lambda kind: [])
        super().__init__(name, spec, parent)

    def build(self, parent):
        combo = QComboBox(parent)
        combo.addItem(pgettext("no value", "—"), None)
        for record_id, title in self._choices(self.spec.ref_kind):
            combo.addItem(title, record_id)
        combo.currentIndexChanged.connect(self.changed)
        return combo

    def value(self) -> str | None:
        return self.widget.currentData()

    def set_value(self, value: Any) -> None:
        index = self.widget.findData(value)
        if index < 0 and value:
            self.widget.addItem(_("(linked record)"), value)
            index = self.widget.count() - 1
        self.widget.setCurrentIndex(max(0, index))


class RefsEditor(Editor):
    def __init__(self, name, spec, parent=None, choices: RefChoices | None = None):
        self._choices = choices or (lambda kind: [])
        super().__init__(name, spec, parent)

    def build(self, parent):
        lst = QListWidget(parent)
        for record_id, title in self._choices(self.spec.ref_kind):
            item = QListWidgetItem(title, lst)
            item.setData(Qt.ItemDataRole.UserRole, record_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        lst.setMaximumHeight(120)
        lst.itemChanged.connect(lambda _i: self.changed.emit())
        return lst

    def value(self) -> list[str]:
        out = []
        for i in range(self.widget.count()):
            item = self.widget.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                out.append(item.data(Qt.ItemDataRole.UserRole))
        return out

    def set_value(self, value: Any) -> None:
        chosen = set(value or [])
        for i in range(self.widget.count()):
            item = self.widget.item(i)
            on = item.data(Qt.ItemDataRole.UserRole) in chosen
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)


class ItemsEditor(Editor):
    """A list of sub-items (vulnerabilities, budget lines…): a grid, one row each — or, for
    items with many fields (an ill-treatment allegation), one small form each, stacked."""

    #: Above this many fields a row would not fit a dialog; the item gets its own form.
    MAX_COLUMNS = 5

    def __init__(self, name, spec, parent=None, context: dict | None = None):
        self._context = context or {}
        self._rows: list[dict[str, Editor]] = []
        super().__init__(name, spec, parent)

    def build(self, parent):
        box = QWidget(parent)
        outer = QVBoxLayout(box)
        outer.setContentsMargins(0, 0, 0, 0)
        self._grid_host = QWidget(box)
        self._grid = QGridLayout(self._grid_host)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._specs = [(n, s) for n, s in F.specs(self.spec.item_type) if not s.system]
        self._stacked = len(self._specs) > self.MAX_COLUMNS
        if not self._stacked:
            for col, (_n, s) in enumerate(self._specs):
                header = QLabel(_(s.label) + (" *" if s.required else ""), self._grid_host)
                self._grid.addWidget(header, 0, col)
        outer.addWidget(self._grid_host)
        add = QPushButton(_("Add a line"), box)
        add.setAccessibleName(_("Add a line to {field}").format(field=_(self.spec.label)))
        add.clicked.connect(lambda: (self._add_row(), self.changed.emit()))
        outer.addWidget(add, 0, Qt.AlignmentFlag.AlignLeft)
        return box

    def _add_row(self) -> dict[str, Editor]:
        row_index = len(self._rows) + 1
        editors: dict[str, Editor] = {}
        if self._stacked:
            from PySide6.QtWidgets import QFormLayout, QGroupBox

            box = QGroupBox(self._grid_host)
            form = QFormLayout(box)
            for n, s in self._specs:
                editor = make_editor(n, s, box, self._context, owner=editors)
                editor.changed.connect(self.changed)
                form.addRow(_(s.label) + (" *" if s.required else ""), editor.widget)
                editors[n] = editor
            remove = QPushButton(_("Remove"), box)
            remove.setAccessibleName(_("Remove this line"))
            form.addRow("", remove)
            self._grid.addWidget(box, row_index, 0)
            row = editors
            row["__box__"] = box  # type: ignore[assignment]
            remove.clicked.connect(lambda: self._remove_row(row, remove))
            self._rows.append(row)
            return row
        for col, (n, s) in enumerate(self._specs):
            editor = make_editor(n, s, self._grid_host, self._context, owner=editors)
            editor.changed.connect(self.changed)
            self._grid.addWidget(editor.widget, row_index, col)
            editors[n] = editor
        remove = QPushButton(_("Remove"), self._grid_host)
        remove.setAccessibleName(_("Remove this line"))
        self._grid.addWidget(remove, row_index, len(self._specs))
        row = editors
        remove.clicked.connect(lambda: self._remove_row(row, remove))
        self._rows.append(row)
        return row

    def _remove_row(self, row: dict[str, Editor], button: QPushButton) -> None:
        box = row.pop("__box__", None)
        if box is not None:
            box.setParent(None)
            box.deleteLater()
        for editor in row.values():
            editor.widget.setParent(None)
            editor.widget.deleteLater()
        button.setParent(None)
        button.deleteLater()
        self._rows.remove(row)
        self.changed.emit()

    def value(self) -> list:
        items = []
        for row in self._rows:
            fields = {n: e.value() for n, e in row.items() if n != "__box__"}
            items.append(self.spec.item_type(**fields))
        return items

    def set_value(self, value: Any) -> None:
        while self._rows:
            row = self._rows[-1]
            box = row.pop("__box__", None)
            if box is not None:
                box.setParent(None)
            for editor in row.values():
                editor.widget.setParent(None)
            self._rows.pop()
        # Remove leftover "Remove" buttons.
        for i in reversed(range(self._grid.count())):
            widget = self._grid.itemAt(i).widget()
            if isinstance(widget, QPushButton):
                widget.setParent(None)
        for item in value or []:
            row = self._add_row()
            for n, editor in row.items():
                if n != "__box__":
                    editor.set_value(getattr(item, n))


class ChecklistEditor(Editor):
    """Item · answer · number (where it applies) · note; a "no" answer asks for a note."""

    def build(self, parent):
        box = QWidget(parent)
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 0, 0, 0)
        for col, title in enumerate((_("Item"), _("Answer"), _("Number"), _("Note"))):
            grid.addWidget(QLabel(title, box), 0, col)
        self._rows: dict[str, tuple[QComboBox, QSpinBox, QLineEdit]] = {}
        for row, item in enumerate(self.spec.vocab, start=1):
            label = QLabel(item.label, box)
            label.setWordWrap(True)
            answer = QComboBox(box)
            answer.addItem(pgettext("no value", "—"), None)
            for a in self.spec.answers:
                answer.addItem(a.label, a.value)
            answer.setAccessibleName(item.label)
            number = QSpinBox(box)
            number.setRange(-1, 100_000)
            number.setSpecialValueText(pgettext("no value", "—"))
            number.setValue(-1)
            number.setAccessibleName(_("{item}: number").format(item=item.label))
            number.setVisible(item.value in self.spec.numeric_items)
            note = QLineEdit(box)
            note.setAccessibleName(_("{item}: note").format(item=item.label))
            for w in (answer, number, note):
                signal = (
                    getattr(w, "currentIndexChanged", None)
                    or getattr(w, "valueChanged", None)
                    or w.textChanged
                )
                signal.connect(self.changed)
            grid.addWidget(label, row, 0)
            grid.addWidget(answer, row, 1)
            grid.addWidget(number, row, 2)
            grid.addWidget(note, row, 3)
            self._rows[item.value] = (answer, number, note)
        grid.setColumnStretch(0, 2)
        grid.setColumnStretch(3, 3)
        return box

    def value(self) -> dict:
        out = {}
        for key, (answer, number, note) in self._rows.items():
            a = answer.currentData()
            n = None if number.value() == -1 else number.value()
            text = note.text()
            if a is None and n is None and not text:
                continue
            out[self.spec.vocab(key)] = F.ChecklistAnswer(
                answer=None if a is None else self.spec.answers(a), note=text, value=n
            )
        return out

    def set_value(self, value: Any) -> None:
        value = value or {}
        for key, (answer, number, note) in self._rows.items():
            entry = value.get(self.spec.vocab(key))
            answer.setCurrentIndex(
                max(
                    0,
                    answer.findData(
                        None if entry is None or entry.answer is None else str(entry.answer)
                    ),
                )
            )
            number.setValue(-1 if entry is None or entry.value is None else entry.value)
            note.setText("" if entry is None else entry.note)


def make_editor(
    name: str,
    spec: F.FieldSpec,
    parent: QWidget | None,
    context: dict,
    owner: dict[str, Editor] | None = None,
) -> Editor:
    """The editor for a field. *context*: ``ref_choices`` (RefChoices); *owner*: the editors of
    the same record or item, so a money field can read its currency field."""
    kind = spec.kind
    if kind == F.TEXT:
        return TextEditor(name, spec, parent)
    if kind == F.LONGTEXT:
        return LongTextEditor(name, spec, parent)
    if kind == F.CHOICE:
        return ChoiceEditor(name, spec, parent)
    if kind == F.CHOICES:
        return CheckListEditor(name, spec, parent)
    if kind == F.DATE:
        return DateEditor(name, spec, parent)
    if kind == F.INT:
        return IntEditor(name, spec, parent)
    if kind == F.BOOL:
        if spec.tristate:
            return BoolChoiceEditor(name, spec, parent)
        return CheckEditor(name, spec, parent)
    if kind == F.MONEY:

        def currency() -> str:
            if owner is not None and spec.currency_field in owner:
                return owner[spec.currency_field].value()
            getter = context.get("currency")
            return getter() if getter else ""

        return MoneyEditor(name, spec, parent, currency=currency)
    if kind == F.DECIMAL:
        return DecimalEditor(name, spec, parent)
    if kind == F.COUNTRY:
        return CountryEditor(name, spec, parent)
    if kind == F.CURRENCY:
        return CurrencyEditor(name, spec, parent)
    if kind == F.REF:
        return RefEditor(name, spec, parent, choices=context.get("ref_choices"))
    if kind == F.REFS:
        return RefsEditor(name, spec, parent, choices=context.get("ref_choices"))
    if kind == F.ITEMS:
        return ItemsEditor(name, spec, parent, context=context)
    if kind == F.CHECKLIST:
        return ChecklistEditor(name, spec, parent)
    return TextEditor(name, spec, parent)


def row_layout(*widgets: QWidget) -> QHBoxLayout:
    layout = QHBoxLayout()
    for w in widgets:
        layout.addWidget(w)
    return layout


__all__ = ["Editor", "make_editor"]
