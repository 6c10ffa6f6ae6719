"""Which version of a record went where: content hashes, superseded versions, the exchange log.

**Content hash** of a record = SHA-256 of the canonical JSON of its kind and every field the
codec writes, except the store's metadata (created/updated at/by) and derived fields: two vaults
holding the same content compute the same hash, whoever saved it last and whatever they derive.

**Superseded versions** (``exchange_versions``): for each record, every hash this vault's
current version is known to supersede or equal — versions it sent, received, or was shown and
overruled in a conflict. A bundle carries this list for each record, so the receiver can tell:

* incoming hash already superseded here → an older version (a replayed or late bundle):
  nothing changes;
* the local version is among those the incoming one supersedes → the sender built on what we
  have: take theirs;
* neither → both sides changed it since they last agreed: a conflict.

This is the "changed on both sides since the last exchange" rule, made robust to bundles that
were never imported, imported out of order, or relayed through a third vault (headquarters).

**Exchange log** (``exchange_log``): per contact and record, the hash last sent and last
received; ``their_hash``, the newer of the two — what "since the last exchange" compares
against; and ``holds``, set when the contact surely has the record (it sent it, or sent a
record linking to it) — what decides whether linked records must travel along.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable

from hrd_desk.cases import codec
from hrd_desk.cases import fields as F
from hrd_desk.cases.record import Record
from hrd_desk.cases.store import META_FIELDS
from hrd_desk.crypto.sqlerrors import storage_errors
from hrd_desk.crypto.vault import Connection

#: How many superseded hashes a bundle carries per record (the newest).
MAX_SUPERSEDED = 64


def _skipped(cls: type[Record]) -> frozenset[str]:
    return META_FIELDS | {name for name, spec in F.specs(cls) if spec.derived}


def content(record: Record) -> dict:
    """The fields that make a record's content (metadata and derived fields left out)."""
    skip = _skipped(type(record))
    return {k: v for k, v in codec.to_dict(record).items() if k not in skip}


def content_hash(record: Record) -> str:
    text = json.dumps(
        {"kind": record.KIND, "record": content(record)},
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def differing_fields(mine: Record, theirs: Record) -> list[str]:
    """Names of the content fields whose values differ (never the values)."""
    a, b = content(mine), content(theirs)
    return sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k))


def is_hash(value: object) -> bool:
    return (
        isinstance(value, str) and len(value) == 64 and all(c in "0123456789abcdef" for c in value)
    )


# --- superseded versions -------------------------------------------------------------------------


def superseded(conn: Connection, record_id: str, limit: int | None = None) -> list[str]:
    """Hashes this vault's version of *record_id* supersedes or equals, newest first."""
    sql = "SELECT hash FROM exchange_versions WHERE record_id = ? ORDER BY seen_at DESC, hash"
    params: tuple = (record_id,)
    if limit is not None:
        sql += " LIMIT ?"
        params = (record_id, limit)
    with storage_errors():
        return [row[0] for row in conn.execute(sql, params)]


def remember(conn: Connection, record_id: str, hashes: Iterable[str], at: str) -> None:
    """Note that the current version of *record_id* supersedes (or equals) *hashes*."""
    with storage_errors():
        conn.executemany(
            "INSERT INTO exchange_versions(record_id, hash, seen_at) VALUES (?, ?, ?) "
            "ON CONFLICT(record_id, hash) DO UPDATE SET seen_at = excluded.seen_at",
            [(record_id, h, at) for h in dict.fromkeys(hashes)],
        )


# --- the per-contact log -----------------------------------------------------------------------


def their_hash(conn: Connection, contact_id: str, record_id: str) -> str | None:
    """The version of *record_id* that *contact_id* is known to hold (sent or received)."""
    with storage_errors():
        row = conn.execute(
            "SELECT their_hash FROM exchange_log WHERE contact_id = ? AND record_id = ?",
            (contact_id, record_id),
        ).fetchone()
    return row[0] if row else None


def holds(conn: Connection, contact_id: str, record_id: str) -> bool:
    """Whether *contact_id* surely holds some version of *record_id*: it sent us the record, or
    a record linking to it (which its vault could only save with the link's target present).
    Having *sent* it is no proof: that bundle may never have been imported."""
    with storage_errors():
        row = conn.execute(
            "SELECT holds FROM exchange_log WHERE contact_id = ? AND record_id = ?",
            (contact_id, record_id),
        ).fetchone()
    return bool(row and row[0])


def note_holds(conn: Connection, contact_id: str, kind: str, record_id: str) -> None:
    with storage_errors():
        conn.execute(
            "INSERT INTO exchange_log(contact_id, record_id, kind, holds) VALUES (?, ?, ?, 1) "
            "ON CONFLICT(contact_id, record_id) DO UPDATE SET holds = 1",
            (contact_id, record_id, kind),
        )


def log_sent(
    conn: Connection, contact_id: str, kind: str, record_id: str, digest: str, at: str
) -> None:
    with storage_errors():
        conn.execute(
            "INSERT INTO exchange_log(contact_id, record_id, kind, sent_hash, sent_at, their_hash) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(contact_id, record_id) DO UPDATE SET "
            "sent_hash = excluded.sent_hash, sent_at = excluded.sent_at, "
            "their_hash = excluded.their_hash",
            (contact_id, record_id, kind, digest, at, digest),
        )


def log_received(
    conn: Connection, contact_id: str, kind: str, record_id: str, digest: str, at: str
) -> None:
    with storage_errors():
        conn.execute(
            "INSERT INTO exchange_log(contact_id, record_id, kind, received_hash, received_at, "
            "their_hash, holds) VALUES (?, ?, ?, ?, ?, ?, 1) ON CONFLICT(contact_id, record_id) "
            "DO UPDATE SET received_hash = excluded.received_hash, "
            "received_at = excluded.received_at, their_hash = excluded.their_hash, holds = 1",
            (contact_id, record_id, kind, digest, at, digest),
        )
