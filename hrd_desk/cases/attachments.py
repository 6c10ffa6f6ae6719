"""Attachments: files kept inside the encrypted database, their SHA-256 recorded (spec §0).

Stored as BLOBs in the vault, so they are encrypted like every record, go into every backup and
are destroyed by a purge. Opening one in an outside viewer necessarily writes a decrypted copy;
that is the UI's decision to make, with a warning (see ``hrd_desk.ui``), never this module's.
"""

from __future__ import annotations

import hashlib
import mimetypes
import unicodedata
import uuid
from dataclasses import dataclass

from hrd_desk.cases import audit
from hrd_desk.cases.errors import FieldError, NotFound, ValidationError
from hrd_desk.cases.record import Record
from hrd_desk.crypto.sqlerrors import storage_errors
from hrd_desk.i18n import _

MAX_BYTES = 100 * 1024 * 1024


@dataclass(frozen=True)
class Attachment:
    id: str
    record_kind: str
    record_id: str
    defender_id: str | None
    filename: str
    media_type: str
    size: int
    sha256: str
    created_at: str
    created_by: str


_COLUMNS = (
    "id, record_kind, record_id, defender_id, filename, media_type, size, sha256, created_at, "
    "created_by"
)


def _clean_name(name: str) -> str:
    name = unicodedata.normalize("NFC", name).replace("/", "_").replace("\\", "_")
    name = "".join(ch for ch in name if ch.isprintable()).strip() or "attachment"
    return name[:200]


def add_attachment(store, record: Record, filename: str, content: bytes) -> Attachment:
    if len(content) > MAX_BYTES:
        raise ValidationError(
            [
                FieldError(
                    "attachments",
                    _("Files over {n} MB cannot be attached.").format(n=MAX_BYTES // (1024 * 1024)),
                    _("Attachments"),
                )
            ]
        )
    name = _clean_name(filename)
    media_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    att = Attachment(
        id=str(uuid.uuid4()),
        record_kind=record.KIND,
        record_id=record.id,
        defender_id=record.defender_ref(),
        filename=name,
        media_type=media_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        created_at=audit.utc_now(),
        created_by=store.actor,
    )
    with store.transaction(), storage_errors():
        store.conn.execute(
            f"INSERT INTO attachments({_COLUMNS}, content) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (
                att.id,
                att.record_kind,
                att.record_id,
                att.defender_id,
                att.filename,
                att.media_type,
                att.size,
                att.sha256,
                att.created_at,
                att.created_by,
                content,
            ),
        )
        audit.append(
            store.conn,
            actor=store.actor,
            action="attach",
            kind=record.KIND,
            record_id=record.id,
            detail={"attachment": att.id, "sha256": att.sha256},
        )
    return att


def list_attachments(
    store, *, record_id: str | None = None, defender_id: str | None = None
) -> list[Attachment]:
    column, value = ("record_id", record_id) if record_id else ("defender_id", defender_id)
    with storage_errors():
        rows = store.conn.execute(
            f"SELECT {_COLUMNS} FROM attachments WHERE {column} = ? AND deleted_at IS NULL "
            "ORDER BY created_at",
            (value,),
        ).fetchall()
    return [Attachment(*row) for row in rows]


def read_attachment(store, attachment_id: str) -> tuple[Attachment, bytes]:
    """Metadata and content; the content is checked against its recorded SHA-256."""
    with storage_errors():
        row = store.conn.execute(
            f"SELECT {_COLUMNS}, content FROM attachments WHERE id = ? AND deleted_at IS NULL",
            (attachment_id,),
        ).fetchone()
    if row is None:
        raise NotFound()
    att, content = Attachment(*row[:-1]), bytes(row[-1])
    if hashlib.sha256(content).hexdigest() != att.sha256:
        from hrd_desk.crypto.errors import DatabaseCorrupt

        raise DatabaseCorrupt()
    return att, content


def delete_attachment(store, attachment_id: str) -> None:
    with store.transaction(), storage_errors():
        row = store.conn.execute(
            "SELECT record_kind, record_id FROM attachments WHERE id = ? AND deleted_at IS NULL",
            (attachment_id,),
        ).fetchone()
        if row is None:
            raise NotFound()
        # Deleting an attachment destroys it at once (unlike records): files are often the most
        # identifying thing in a case, and there is no undo that is worth that risk.
        store.conn.execute("DELETE FROM attachments WHERE id = ?", (attachment_id,))
        audit.append(
            store.conn,
            actor=store.actor,
            action="delete",
            kind=row[0],
            record_id=row[1],
            detail={"attachment": attachment_id},
        )
