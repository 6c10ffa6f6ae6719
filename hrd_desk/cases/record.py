"""The base every record type shares (spec §0) and the registry of record kinds."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Iterator
from datetime import date
from typing import Any, ClassVar, Protocol

from hrd_desk.cases import fields as F
from hrd_desk.cases.errors import FieldError
from hrd_desk.cases.vocab import Confidentiality
from hrd_desk.i18n import N_, _

#: kind → record class, in the order records must be imported (targets of links first).
KINDS: dict[str, type[Record]] = {}


def new_id() -> str:
    return str(uuid.uuid4())


class RuleContext(Protocol):
    """What a record's rules may look at besides the record (implemented by the store)."""

    today: date

    def get(self, kind: str, record_id: str) -> Record | None: ...

    def setting(self, key: str, default: Any = None) -> Any: ...

    def query(self, sql: str, params: tuple = ()) -> list[tuple]: ...

    def linked(self, kind: str, defender_id: str) -> list[Record]: ...

    @property
    def old(self) -> Record | None: ...


@dataclasses.dataclass(kw_only=True)
class Record:
    KIND: ClassVar[str] = ""
    TABLE: ClassVar[str] = ""
    JSON_KEY: ClassVar[str] = ""
    KIND_CODE: ClassVar[int] = 0
    LABEL: ClassVar[str] = ""
    LABEL_PLURAL: ClassVar[str] = ""
    #: the field naming the defender this record belongs to (None for the defender itself)
    DEFENDER_FIELD: ClassVar[str | None] = "defender_id"
    STATUS_FIELD: ClassVar[str | None] = None
    #: status → statuses reachable from it by a user action
    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = {}
    #: list columns a table view may sort by (generated columns of the table)
    SORTABLE: ClassVar[tuple[str, ...]] = ()

    id: str = dataclasses.field(
        default_factory=new_id, metadata={"spec": F.FieldSpec(F.TEXT, N_("Id"), system=True)}
    )
    confidentiality: Confidentiality = F.choice(
        Confidentiality, N_("Confidentiality"), required=True, default=Confidentiality.CONFIDENTIAL
    )
    source_refs: str = F.longtext(N_("Sources"))
    retention_review_date: date | None = F.date_field(N_("Retention review date"))
    created_at: str | None = F.timestamp(N_("Created"))
    created_by: str = dataclasses.field(
        default="", metadata={"spec": F.FieldSpec(F.TEXT, N_("Created by"), system=True)}
    )
    updated_at: str | None = F.timestamp(N_("Last changed"))
    updated_by: str = dataclasses.field(
        default="", metadata={"spec": F.FieldSpec(F.TEXT, N_("Changed by"), system=True)}
    )
    #: optimistic concurrency; kept in its own column, never exported
    version: int = dataclasses.field(default=0, compare=False)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.__dict__.get("KIND"):
            KINDS[cls.KIND] = cls

    # -- descriptions -------------------------------------------------------------------------
    @classmethod
    def label(cls) -> str:
        return _(cls.LABEL)

    @classmethod
    def field_label(cls, name: str) -> str:
        return _(F.spec_for(cls, name).label)

    def title(self) -> str:
        """A short text safe to show anywhere (never a full name)."""
        return self.label()

    def defender_ref(self) -> str | None:
        if self.DEFENDER_FIELD is None:
            return self.id
        return getattr(self, self.DEFENDER_FIELD)

    @property
    def status(self) -> str | None:
        if self.STATUS_FIELD is None:
            return None
        value = getattr(self, self.STATUS_FIELD)
        return None if value is None else str(value)

    def allowed_transitions(self) -> frozenset[str]:
        return self.TRANSITIONS.get(self.status or "", frozenset())

    # -- rules (overridden per type) ----------------------------------------------------------
    def derive(self, ctx: RuleContext) -> None:
        """Recompute derived fields before validation and saving."""

    def rules(self, ctx: RuleContext) -> Iterator[FieldError]:
        """Type-specific rules on the record as it would be saved."""
        return iter(())

    def transition_rules(self, old_status: str, ctx: RuleContext) -> Iterator[FieldError]:
        """Extra conditions of a workflow step from *old_status* to the current status."""
        return iter(())

    def warnings(self, ctx: RuleContext) -> Iterator[FieldError]:
        """Things worth a confirmation but not a refusal."""
        return iter(())

    def error(self, field: str, message: str) -> FieldError:
        return field_error(type(self), field, message)


def field_error(cls: type, field: str, message: str) -> FieldError:
    base = field.split("[")[0].split(".")[0]
    try:
        label = _(F.spec_for(cls, base).label)
    except KeyError:
        label = field
    return FieldError(field, message, label)


def record_class(kind: str) -> type[Record]:
    return KINDS[kind]


def all_kinds() -> list[type[Record]]:
    return sorted(KINDS.values(), key=lambda c: c.KIND_CODE)
