"""The case store: repositories over the vault connection.

Every write happens in one transaction with its validation and its audit entry: an invalid
record raises :class:`ValidationError` naming each field, and nothing is stored. Records come
and go as plain domain objects (dataclasses); the UI adapts them with Qt models, the CLI prints
them, and neither writes SQL.
"""

from __future__ import annotations

import getpass
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, TypeVar

from hrd_desk.cases import assessments as _assessments  # noqa: F401
from hrd_desk.cases import audit, codec, listing, schema
from hrd_desk.cases import consents as _consents  # noqa: F401

# Importing the record modules registers their kinds (order = import order of links).
from hrd_desk.cases import defenders as _defenders  # noqa: F401
from hrd_desk.cases import grants as _grants  # noqa: F401
from hrd_desk.cases import incidents as _incidents  # noqa: F401
from hrd_desk.cases import listing_part2 as _listing_part2  # noqa: F401
from hrd_desk.cases import referrals as _referrals  # noqa: F401
from hrd_desk.cases import requests as _requests  # noqa: F401
from hrd_desk.cases import search as fts
from hrd_desk.cases import trials as _trials  # noqa: F401
from hrd_desk.cases import visits as _visits  # noqa: F401
from hrd_desk.cases.errors import NotFound, StaleRecord, ValidationError
from hrd_desk.cases.record import KINDS, Record, all_kinds
from hrd_desk.cases.searchtext import search_text
from hrd_desk.cases.settings import get_setting
from hrd_desk.cases.validation import Verdict, validate
from hrd_desk.crypto.sqlerrors import storage_errors
from hrd_desk.crypto.vault import Connection, Vault, transaction

R = TypeVar("R", bound=Record)

#: Record metadata the store sets; a change to only these is not a change of content.
META_FIELDS = frozenset({"created_at", "created_by", "updated_at", "updated_by"})

OFFICER_NAME = "officer_name"


def default_actor(conn: Connection) -> str:
    name = get_setting(conn, OFFICER_NAME)
    if name:
        return str(name)
    try:
        return getpass.getuser()
    except Exception:  # no login name (some containers): still an honest answer
        return "officer"


class _Context:
    """What a record's rules may consult (see ``RuleContext``)."""

    def __init__(self, store: Store, old: Record | None) -> None:
        self._store = store
        self._old = old
        self.today = store.today

    @property
    def old(self) -> Record | None:
        return self._old

    def get(self, kind: str, record_id: str) -> Record | None:
        return self._store.find(KINDS[kind], record_id)

    def setting(self, key: str, default: Any = None) -> Any:
        return get_setting(self._store.conn, key, default)

    def query(self, sql: str, params: tuple = ()) -> list[tuple]:
        with storage_errors():
            return self._store.conn.execute(sql, params).fetchall()

    def linked(self, kind: str, defender_id: str) -> list[Record]:
        return self._store.for_defender(KINDS[kind], defender_id)


@dataclass(frozen=True)
class Change:
    """What a save did, for the effects that follow it (see ``effects``)."""

    record: Record
    old: Record | None


#: kind → functions called after a record of that kind was saved, inside the same transaction.
AFTER_SAVE: dict[str, list[Callable[[Store, Change], None]]] = {}


class Store:
    def __init__(
        self,
        conn: Connection,
        *,
        actor: str | None = None,
        today: Callable[[], date] | None = None,
    ) -> None:
        self.conn = conn
        self.actor = actor or default_actor(conn)
        self._today = today or date.today
        #: rows read by list queries; lets tests prove that lists are paged
        self.rows_fetched = 0
        from hrd_desk.cases import effects  # noqa: F401  (registers AFTER_SAVE hooks)

    @classmethod
    def open(cls, vault: Vault, *, actor: str | None = None, **kw: Any) -> Store:
        schema.migrate(vault.connection)
        return cls(vault.connection, actor=actor, **kw)

    @property
    def today(self) -> date:
        return self._today()

    # -- transactions -------------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[Store]:
        """Group several writes; nested calls join the outer transaction."""
        if self.conn.in_transaction:
            yield self
            return
        with transaction(self.conn):
            yield self

    # -- reading ------------------------------------------------------------------------------
    def _load(self, cls: type[R], record_id: str, include_deleted: bool) -> R | None:
        deleted = "" if include_deleted else " AND deleted_at IS NULL"
        with storage_errors():
            row = self.conn.execute(
                f"SELECT data, version FROM {cls.TABLE} WHERE id = ?{deleted}", (record_id,)
            ).fetchone()
        if row is None:
            return None
        record = codec.from_json(cls, row[0])
        record.version = row[1]
        return record

    def find(self, cls: type[R], record_id: str, *, include_deleted: bool = False) -> R | None:
        if not isinstance(record_id, str):
            return None
        return self._load(cls, record_id, include_deleted)

    def get(self, cls: type[R], record_id: str, *, include_deleted: bool = False) -> R:
        record = self.find(cls, record_id, include_deleted=include_deleted)
        if record is None:
            raise NotFound()
        return record

    def find_any(self, kind: str, record_id: str) -> Record | None:
        return self.find(KINDS[kind], record_id)

    def for_defender(
        self, cls: type[R], defender_id: str, *, include_deleted: bool = False
    ) -> list[R]:
        if cls.DEFENDER_FIELD is None:
            found = self.find(cls, defender_id, include_deleted=include_deleted)
            return [found] if found else []
        deleted = "" if include_deleted else " AND deleted_at IS NULL"
        with storage_errors():
            rows = self.conn.execute(
                f"SELECT data, version FROM {cls.TABLE} "
                f"WHERE defender_id = ?{deleted} ORDER BY rid",
                (defender_id,),
            ).fetchall()
        out = []
        for data, version in rows:
            record = codec.from_json(cls, data)
            record.version = version
            out.append(record)
        return out

    def linked(self, defender_id: str) -> dict[str, list[Record]]:
        """Everything about one defender, by kind (the defender itself under "defender")."""
        return {cls.KIND: self.for_defender(cls, defender_id) for cls in all_kinds()}

    def list(self, kind: str, query: listing.ListQuery | None = None) -> listing.Page:
        page = listing.fetch(self.conn, listing.SPECS[kind], query or listing.ListQuery())
        self.rows_fetched += len(page.rows)
        return page

    def count(self, kind: str, filters: dict[str, list[str]] | None = None) -> int:
        return listing.count(self.conn, listing.SPECS[kind], filters)

    def search(self, text: str, limit: int = 50) -> list[fts.SearchHit]:
        return fts.search(self.conn, text, limit)

    def setting(self, key: str, default: Any = None) -> Any:
        return get_setting(self.conn, key, default)

    # -- validation ---------------------------------------------------------------------------
    def check(self, record: Record) -> Verdict:
        """Validate without saving (forms call this to show warnings before Save)."""
        old = self.find(type(record), record.id) if record.version else None
        return validate(replace(record), _Context(self, old), old)

    # -- writing ------------------------------------------------------------------------------
    def add(self, record: R) -> R:
        with self.transaction():
            if self.find(type(record), record.id, include_deleted=True) is not None:
                raise ValidationError([record.error("id", "duplicate id")], record.label())
            return self._save(record, None)

    def update(self, record: R) -> R:
        with self.transaction():
            old = self.find(type(record), record.id)
            if old is None:
                raise NotFound()
            if old.version != record.version:
                raise StaleRecord()
            return self._save(record, old)

    def save(self, record: R) -> R:
        return self.update(record) if record.version else self.add(record)

    def _save(self, record: R, old: R | None, *, system: bool = False) -> R:
        """Validate, stamp, write, audit, run effects. ``system``: a consequence of another
        save (a superseded assessment, a review flag), written without re-judging the record."""
        record = replace(record)
        if system:
            record.derive(_Context(self, old))
        else:
            verdict = validate(record, _Context(self, old), old)
            if verdict.errors:
                raise ValidationError(verdict.errors, record.label())
        now = audit.utc_now()
        if old is None:
            record.created_at, record.created_by = now, self.actor
        else:
            record.created_at, record.created_by = old.created_at, old.created_by
        record.updated_at, record.updated_by = now, self.actor
        changed = changed_fields(old, record)
        if old is not None and not changed:
            return old
        self._write(record, old)
        audit.append(
            self.conn,
            actor=self.actor,
            action="create" if old is None else "update",
            kind=record.KIND,
            record_id=record.id,
            fields=changed,
            at=now,
        )
        for hook in AFTER_SAVE.get(record.KIND, []):
            hook(self, Change(record, old))
        return record

    def _write(self, record: Record, old: Record | None) -> None:
        title, body = search_text(record)
        data = codec.to_json(record)
        cls = type(record)
        with storage_errors():
            if old is None:
                self.conn.execute(
                    f"INSERT INTO {cls.TABLE}(id, data, version, search_title, search_body) "
                    "VALUES (?, ?, 1, ?, ?)",
                    (record.id, data, title, body),
                )
                record.version = 1
            else:
                cur = self.conn.execute(
                    f"UPDATE {cls.TABLE} SET data = ?, version = version + 1, search_title = ?, "
                    "search_body = ? WHERE id = ? AND version = ? AND deleted_at IS NULL",
                    (data, title, body, record.id, old.version),
                )
                if cur.rowcount != 1:
                    raise StaleRecord()
                record.version = old.version + 1

    def delete(self, cls: type[Record], record_id: str) -> None:
        """Soft delete: hidden from lists and search, kept for the audit trail until purged."""
        with self.transaction():
            record = self.get(cls, record_id)
            now = audit.utc_now()
            with storage_errors():
                self.conn.execute(
                    f"UPDATE {cls.TABLE} SET deleted_at = ?, version = version + 1 WHERE id = ?",
                    (now, record_id),
                )
            audit.append(
                self.conn,
                actor=self.actor,
                action="delete",
                kind=cls.KIND,
                record_id=record.id,
                at=now,
            )

    def undelete(self, cls: type[Record], record_id: str) -> None:
        with self.transaction():
            record = self.get(cls, record_id, include_deleted=True)
            with storage_errors():
                self.conn.execute(
                    f"UPDATE {cls.TABLE} SET deleted_at = NULL, version = version + 1 WHERE id = ?",
                    (record_id,),
                )
            audit.append(
                self.conn, actor=self.actor, action="undelete", kind=cls.KIND, record_id=record.id
            )

    def insert_verbatim(self, record: Record, *, action: str = "import") -> None:
        """Store a record exactly as given (its ids and timestamps): imports and bundles.

        The caller has validated it (``check``) inside the same transaction.
        """
        self.replace_verbatim(record, None, action=action)

    def replace_verbatim(
        self, record: Record, old: Record | None, *, action: str = "import"
    ) -> None:
        """Like :meth:`insert_verbatim`, in place of *old* (None: a new record)."""
        self._write(record, old)
        audit.append(
            self.conn,
            actor=self.actor,
            action=action,
            kind=record.KIND,
            record_id=record.id,
            fields=changed_fields(old, record),
        )

    def record_export(
        self, kind: str, record_id: str | None, *, what: str, detail: dict[str, Any] | None = None
    ) -> None:
        """Audit an export (a summary, a records file, a bundle): what, level, recipient."""
        with self.transaction():
            audit.append(
                self.conn,
                actor=self.actor,
                action="export",
                kind=kind,
                record_id=record_id,
                detail={"what": what, **(detail or {})},
            )

    def history(self, record_ids: list[str], limit: int = 500) -> list[audit.AuditEntry]:
        with storage_errors():
            return audit.entries_for(self.conn, record_ids, limit)


def changed_fields(old: Record | None, new: Record) -> list[str]:
    after = codec.to_dict(new)
    if old is None:
        return sorted(
            k for k, v in after.items() if v not in (None, "", [], {}) and k not in META_FIELDS
        )
    before = codec.to_dict(old)
    return sorted(k for k in after if k not in META_FIELDS and before.get(k) != after.get(k))
