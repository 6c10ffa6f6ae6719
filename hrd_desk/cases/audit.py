"""The audit trail: an append-only, hash-chained log of who changed what, never the values.

Entry hash = SHA-256(previous hash ‖ canonical JSON of the entry). The newest (seq, hash) is
also kept in ``settings`` (``audit_head``), written in the same transaction as the entry, so
deleting entries at the end of the chain is detected as well as editing, deleting or
reordering entries in the middle. Someone holding the key can of course rewrite the whole
chain; the chain catches edits made with a database tool, not a determined key holder.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from hrd_desk.cases.settings import get_setting, set_setting
from hrd_desk.crypto.vault import Connection
from hrd_desk.i18n import N_, _

GENESIS = "0" * 64
HEAD_KEY = "audit_head"

ACTIONS = {
    "create": N_("Created"),
    "update": N_("Changed"),
    "delete": N_("Deleted"),
    "undelete": N_("Restored"),
    "export": N_("Exported"),
    "import": N_("Imported"),
    "purge": N_("Purged"),
    "attach": N_("Attachment added"),
}


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    at: str
    actor: str
    action: str
    kind: str
    record_id: str | None
    fields: tuple[str, ...]
    detail: dict
    prev_hash: str
    hash: str

    @property
    def action_label(self) -> str:
        return _(ACTIONS.get(self.action, self.action))


def utc_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _digest(
    prev: str,
    seq: int,
    at: str,
    actor: str,
    action: str,
    kind: str,
    record_id: str | None,
    fields: str,
    detail: str,
) -> str:
    body = json.dumps(
        [seq, at, actor, action, kind, record_id, json.loads(fields), json.loads(detail)],
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256((prev + body).encode("utf-8")).hexdigest()


def append(
    conn: Connection,
    *,
    actor: str,
    action: str,
    kind: str,
    record_id: str | None,
    fields: Iterable[str] = (),
    detail: dict | None = None,
    at: str | None = None,
) -> int:
    """Append an entry; call inside the transaction that makes the change. Returns its seq."""
    head = get_setting(conn, HEAD_KEY, {"seq": 0, "hash": GENESIS})
    seq = int(head["seq"]) + 1
    at = at or utc_now()
    fields_json = json.dumps(sorted(set(fields)), ensure_ascii=False)
    detail_json = json.dumps(detail or {}, ensure_ascii=False, sort_keys=True)
    digest = _digest(
        head["hash"], seq, at, actor, action, kind, record_id, fields_json, detail_json
    )
    conn.execute(
        "INSERT INTO audit_log(seq, at, actor, action, kind, record_id, fields, detail, "
        "prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?)",
        (seq, at, actor, action, kind, record_id, fields_json, detail_json, head["hash"], digest),
    )
    set_setting(conn, HEAD_KEY, {"seq": seq, "hash": digest})
    return seq


def _row(row: tuple) -> AuditEntry:
    return AuditEntry(
        seq=row[0],
        at=row[1],
        actor=row[2],
        action=row[3],
        kind=row[4],
        record_id=row[5],
        fields=tuple(json.loads(row[6])),
        detail=json.loads(row[7]),
        prev_hash=row[8],
        hash=row[9],
    )


_COLUMNS = "seq, at, actor, action, kind, record_id, fields, detail, prev_hash, hash"


def entries_for(conn: Connection, record_ids: Iterable[str], limit: int = 500) -> list[AuditEntry]:
    ids = list(record_ids)
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM audit_log WHERE record_id IN ({marks}) ORDER BY seq DESC LIMIT ?",
        (*ids, limit),
    ).fetchall()
    return [_row(r) for r in rows]


def recent(conn: Connection, limit: int = 100) -> list[AuditEntry]:
    rows = conn.execute(f"SELECT {_COLUMNS} FROM audit_log ORDER BY seq DESC LIMIT ?", (limit,))
    return [_row(r) for r in rows.fetchall()]


@dataclass
class ChainReport:
    ok: bool
    entries: int
    problem: str = ""


def verify(conn: Connection) -> ChainReport:
    """Walk the chain from the first entry; the first break found is reported."""
    prev = GENESIS
    expected_seq = 1
    count = 0
    # rowid order, not seq order: swapping two rows' contents keeps seq but breaks the hashes.
    for row in conn.execute(
        "SELECT seq, at, actor, action, kind, record_id, fields, detail, prev_hash, hash "
        "FROM audit_log ORDER BY rowid"
    ):
        seq, at, actor, action, kind, record_id, fields, detail, prev_hash, digest = row
        if seq != expected_seq:
            return ChainReport(
                False, count, _("entry {n} is missing or out of order").format(n=expected_seq)
            )
        if prev_hash != prev:
            return ChainReport(
                False, count, _("entry {n} does not follow the one before").format(n=seq)
            )
        try:
            recomputed = _digest(prev, seq, at, actor, action, kind, record_id, fields, detail)
        except (TypeError, ValueError):
            recomputed = ""
        if recomputed != digest:
            return ChainReport(False, count, _("entry {n} was altered").format(n=seq))
        prev = digest
        expected_seq += 1
        count += 1
    head = get_setting(conn, HEAD_KEY, {"seq": 0, "hash": GENESIS})
    if head.get("seq") != count or head.get("hash") != prev:
        return ChainReport(
            False,
            count,
            _("the newest entries were removed (the chain ends at {n})").format(n=count),
        )
    return ChainReport(True, count)
