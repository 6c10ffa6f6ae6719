"""Full-text search over every record kind (SQLite FTS5 inside the vault).

User input is never passed to FTS5 as syntax: words are extracted and quoted, the last one
used as a prefix, so quotes, ``*``, ``-``, ``NEAR`` or unbalanced parentheses typed by a user
are just characters and a query never raises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hrd_desk.cases.record import KINDS, Record
from hrd_desk.crypto.sqlerrors import storage_errors
from hrd_desk.crypto.vault import Connection

_WORD = re.compile(r"\w+", re.UNICODE)
MAX_TERMS = 12


def fts_query(text: str) -> str | None:
    """A safe FTS5 MATCH expression for what the user typed, or None if nothing searchable."""
    words = [w for w in _WORD.findall(text or "") if w.strip("_")][:MAX_TERMS]
    if not words:
        return None
    parts = [f'"{w}"' for w in words]
    if len(words[-1]) >= 2 and not (text or "").endswith(" "):
        parts[-1] += "*"
    return " ".join(parts)


@dataclass(frozen=True)
class SearchHit:
    kind: str
    record_id: str
    defender_id: str | None
    pseudonym: str
    record: Record
    rank: float

    @property
    def title(self) -> str:
        return self.record.title()


def search(conn: Connection, text: str, limit: int = 50) -> list[SearchHit]:
    from hrd_desk.cases.codec import from_json

    query = fts_query(text)
    if query is None or limit <= 0:
        return []
    with storage_errors():
        ranked = conn.execute(
            "SELECT rowid, bm25(search_index, 8.0, 1.0) AS score FROM search_index "
            "WHERE search_index MATCH ? ORDER BY score LIMIT ?",
            (query, limit),
        ).fetchall()
    by_code = {cls.KIND_CODE: cls for cls in KINDS.values()}
    wanted: dict[int, dict[int, float]] = {}
    for rowid, score in ranked:
        wanted.setdefault(rowid % 16, {})[rowid // 16] = score
    hits: list[SearchHit] = []
    defender_ids: set[str] = set()
    for code, rids in wanted.items():
        cls = by_code.get(code)
        if cls is None:
            continue
        marks = ",".join("?" * len(rids))
        with storage_errors():
            rows = conn.execute(
                f"SELECT rid, data FROM {cls.TABLE} WHERE rid IN ({marks}) AND deleted_at IS NULL",
                tuple(rids),
            ).fetchall()
        for rid, data in rows:
            record = from_json(cls, data)
            defender = record.defender_ref()
            if defender:
                defender_ids.add(defender)
            hits.append(SearchHit(cls.KIND, record.id, defender, "", record, rids[rid]))
    names = _pseudonyms(conn, defender_ids)
    hits = [
        SearchHit(
            h.kind, h.record_id, h.defender_id, names.get(h.defender_id or "", ""), h.record, h.rank
        )
        for h in hits
    ]
    hits.sort(key=lambda h: h.rank)
    return hits


def _pseudonyms(conn: Connection, ids: set[str]) -> dict[str, str]:
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    with storage_errors():
        rows = conn.execute(
            f"SELECT id, pseudonym FROM defenders WHERE id IN ({marks})", tuple(ids)
        ).fetchall()
    return dict(rows)
