"""Retention: a real purge of a defender and everything linked, when the file is no longer kept.

Soft delete hides; purge destroys. The rows go, their full-text entries go (the FTS index is
then merged so no deleted term survives in an old segment), the file is VACUUMed and the WAL
truncated, so the text is gone from the database file — with ``secure_delete`` the freed pages
are zeroed too. What remains is an audit stub: the purge entry with counts per kind, and the
earlier audit entries, which never held values.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hrd_desk.cases import audit
from hrd_desk.cases.defenders import Defender
from hrd_desk.cases.errors import NotFound
from hrd_desk.cases.record import all_kinds
from hrd_desk.crypto.sqlerrors import storage_errors
from hrd_desk.crypto.vault import transaction


@dataclass
class PurgeReport:
    defender_id: str
    counts: dict[str, int] = field(default_factory=dict)
    attachments: int = 0

    @property
    def total(self) -> int:
        return sum(self.counts.values()) + self.attachments


def purge_preview(store, defender_id: str) -> PurgeReport:
    """What a purge would destroy (shown in the confirmation)."""
    report = PurgeReport(defender_id)
    for cls in all_kinds():
        if cls.DEFENDER_FIELD is None:
            sql = f"SELECT count(*) FROM {cls.TABLE} WHERE id = ?"
        else:
            sql = f"SELECT count(*) FROM {cls.TABLE} WHERE defender_id = ?"
        with storage_errors():
            n = store.conn.execute(sql, (defender_id,)).fetchone()[0]
        if n:
            report.counts[cls.KIND] = n
    with storage_errors():
        report.attachments = store.conn.execute(
            "SELECT count(*) FROM attachments WHERE defender_id = ? OR record_id = ?",
            (defender_id, defender_id),
        ).fetchone()[0]
    return report


def purge_defender(store, defender_id: str) -> PurgeReport:
    """Destroy the defender and every linked record (soft-deleted ones included)."""
    if store.find(Defender, defender_id, include_deleted=True) is None:
        raise NotFound()
    report = purge_preview(store, defender_id)
    conn = store.conn
    with transaction(conn), storage_errors():
        # Linked records first, the defender last (reverse link order).
        for cls in reversed(all_kinds()):
            column = "id" if cls.DEFENDER_FIELD is None else "defender_id"
            conn.execute(f"DELETE FROM {cls.TABLE} WHERE {column} = ?", (defender_id,))
        conn.execute(
            "DELETE FROM attachments WHERE defender_id = ? OR record_id = ?",
            (defender_id, defender_id),
        )
        audit.append(
            conn,
            actor=store.actor,
            action="purge",
            kind=Defender.KIND,
            record_id=defender_id,
            detail={"counts": report.counts, "attachments": report.attachments},
        )
    compact(conn)
    return report


def compact(conn) -> None:
    """Merge the FTS index, rebuild the file and empty the WAL, so deleted text is gone."""
    with storage_errors():
        conn.execute("INSERT INTO search_index(search_index) VALUES ('optimize')")
        conn.execute("VACUUM")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
