"""A form for any record kind, built from its field declarations."""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from hrd_desk.cases import fields as F
from hrd_desk.cases.errors import FieldError, ValidationError
from hrd_desk.cases.record import Record
from hrd_desk.i18n import _
from hrd_desk.ui.forms.editors import Editor, make_editor
from hrd_desk.ui.forms.layouts import EXTRAS, HIDDEN, groups_for
from hrd_desk.ui.widgets import message_label

ERROR_STYLE = 'QLabel[fieldError="true"] { color: #c62828; }'


class RecordForm(QWidget):
    """Edits one record. ``fixed`` fields (e.g. the defender it belongs to) are not shown."""

    dirtyChanged = Signal(bool)

    def __init__(
        self,
        record: Record,
        *,
        fixed: dict[str, Any] | None = None,
        context: dict | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.original = record
        self.cls = type(record)
        self.fixed = dict(fixed or {})
        self.editors: dict[str, Editor] = {}
        self.error_labels: dict[str, QLabel] = {}
        self._dirty = False
        self._loading = False
        self.setStyleSheet(ERROR_STYLE)

        outer = QVBoxLayout(self)
        self.summary = message_label(self, error=True)
        outer.addWidget(self.summary)
        names = [
            n
            for n, s in F.specs(self.cls)
            if not s.system and n not in HIDDEN and n not in self.fixed
        ]
        for title, group in groups_for(self.cls.KIND, names):
            box = QGroupBox(_(title), self) if title else QWidget(self)
            form = QFormLayout(box)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
            for name in group:
                self._add_row(form, box, name, context or {})
            outer.addWidget(box)
            for after, factory in EXTRAS.get(self.cls.KIND, []):
                if after == title:
                    outer.addWidget(factory(self))
        outer.addStretch(1)
        self.load(record)

    def _add_row(self, form: QFormLayout, box: QWidget, name: str, context: dict) -> None:
        spec = F.spec_for(self.cls, name)
        editor = make_editor(name, spec, box, context, owner=self.editors)
        self.editors[name] = editor
        editor.changed.connect(self._mark_dirty)
        holder = QWidget(box)
        lay = QVBoxLayout(holder)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        lay.addWidget(editor.widget)
        error = message_label(holder)
        error.setProperty("fieldError", True)
        error.setVisible(False)
        lay.addWidget(error)
        self.error_labels[name] = error
        if spec.kind == F.BOOL and not spec.tristate:
            form.addRow("", holder)  # the checkbox carries its own label
            return
        text = _(spec.label) + (" *" if spec.required else "")
        label = QLabel(text, box)
        label.setBuddy(editor.widget)
        if spec.required:
            label.setToolTip(_("Required"))
        form.addRow(label, holder)

    # -- state ---------------------------------------------------------------------------------
    @property
    def dirty(self) -> bool:
        return self._dirty

    def _mark_dirty(self) -> None:
        if self._loading or self._dirty:
            return
        self._dirty = True
        self.dirtyChanged.emit(True)

    def mark_clean(self) -> None:
        self._dirty = False
        self.dirtyChanged.emit(False)

    def load(self, record: Record) -> None:
        self._loading = True
        try:
            self.original = record
            # Currency first: money fields format with it.
            order = sorted(self.editors, key=lambda n: self.editors[n].spec.kind != F.CURRENCY)
            for name in order:
                self.editors[name].set_value(getattr(record, name))
        finally:
            self._loading = False
        self.clear_errors()

    # -- reading -------------------------------------------------------------------------------
    def collect(self) -> Record:
        """The record as typed; raises ValidationError for input that cannot even be read."""
        values: dict[str, Any] = dict(self.fixed)
        problems: list[FieldError] = []
        for name, editor in self.editors.items():
            try:
                values[name] = editor.value()
            except ValueError as exc:
                problems.append(FieldError(name, str(exc), _(editor.spec.label)))
        if problems:
            raise ValidationError(problems, self.cls.label())
        return dataclasses.replace(self.original, **values)

    def set_status(self, status: Any) -> None:
        """A workflow action: the status is part of the record, set before saving."""
        field = self.cls.STATUS_FIELD
        if field in self.editors:
            self.editors[field].set_value(status)
        else:
            self.fixed[field] = status

    # -- errors --------------------------------------------------------------------------------
    def clear_errors(self) -> None:
        self.summary.setVisible(False)
        for label in self.error_labels.values():
            label.setVisible(False)
            label.clear()

    def show_errors(self, error: ValidationError) -> None:
        self.clear_errors()
        shown: dict[str, list[str]] = {}
        unplaced: list[str] = []
        for e in error.errors:
            base = e.field.split("[")[0].split(".")[0]
            if base in self.error_labels:
                detail = e.message if e.field == base else f"{e.field}: {e.message}"
                shown.setdefault(base, []).append(detail)
            else:
                unplaced.append(str(e))
        for name, messages in shown.items():
            self.error_labels[name].setText("\n".join(messages))
            self.error_labels[name].setVisible(True)
        self.summary.setText("\n".join([error.head, *unplaced]))
        self.summary.setVisible(True)
        first = next((n for n in self.editors if n in shown), None)
        if first:
            self.editors[first].focus()

    def visible_error_fields(self) -> list[str]:
        return [n for n, label in self.error_labels.items() if not label.isHidden()]


def field_names(cls: type[Record]) -> list[str]:
    return [n for n, s in F.specs(cls) if not s.system and n not in HIDDEN]


__all__ = ["RecordForm", "field_names"]
