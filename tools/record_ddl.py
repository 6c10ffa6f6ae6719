"""Print the DDL for a record table (developer tool; the output is pasted into a migration).

Migrations are frozen SQL so that a schema step never changes after it shipped; this script
only saves typing the same pattern (table, list columns, indexes, search triggers) per kind.

    python tools/record_ddl.py defenders 1 defender_id=- pseudonym kind current_status ...
"""

from __future__ import annotations

import sys


def record_table(table: str, code: int, columns: list[str], defender: bool = True) -> str:
    gen = [
        f"    {c} TEXT GENERATED ALWAYS AS (json_extract(data, '$.{c}')) VIRTUAL" for c in columns
    ]
    lines = [
        f"CREATE TABLE {table} (",
        "    rid INTEGER PRIMARY KEY,",
        "    id TEXT NOT NULL UNIQUE,",
        "    data TEXT NOT NULL CHECK (json_valid(data)),",
        "    version INTEGER NOT NULL DEFAULT 1,",
        "    deleted_at TEXT,",
        "    search_title TEXT NOT NULL DEFAULT '',",
        "    search_body TEXT NOT NULL DEFAULT '',",
    ]
    if defender:
        gen.insert(
            0,
            "    defender_id TEXT GENERATED ALWAYS AS (json_extract(data, '$.defender_id')) VIRTUAL",
        )
    gen.append(
        "    confidentiality TEXT GENERATED ALWAYS AS (json_extract(data, '$.confidentiality')) VIRTUAL"
    )
    gen.append(
        "    updated_at TEXT GENERATED ALWAYS AS (json_extract(data, '$.updated_at')) VIRTUAL"
    )
    lines.append(",\n".join(gen))
    lines.append(");")
    out = ["\n".join(lines)]
    if defender:
        out.append(
            f"CREATE INDEX {table}_defender ON {table}(defender_id) WHERE deleted_at IS NULL;"
        )
    for c in [*columns, "updated_at"]:
        out.append(f"CREATE INDEX {table}_{c} ON {table}({c}) WHERE deleted_at IS NULL;")
    key = f"new.rid * 16 + {code}"
    out.append(
        f"CREATE TRIGGER {table}_fts_insert AFTER INSERT ON {table} WHEN new.deleted_at IS NULL BEGIN\n"
        f"    INSERT INTO search_index(rowid, title, body) VALUES ({key}, new.search_title, new.search_body);\n"
        "END;"
    )
    out.append(
        f"CREATE TRIGGER {table}_fts_update AFTER UPDATE OF search_title, search_body, deleted_at ON {table} BEGIN\n"
        f"    DELETE FROM search_index WHERE rowid = old.rid * 16 + {code};\n"
        f"    INSERT INTO search_index(rowid, title, body) SELECT {key}, new.search_title, new.search_body\n"
        "        WHERE new.deleted_at IS NULL;\n"
        "END;"
    )
    out.append(
        f"CREATE TRIGGER {table}_fts_delete AFTER DELETE ON {table} BEGIN\n"
        f"    DELETE FROM search_index WHERE rowid = old.rid * 16 + {code};\n"
        "END;"
    )
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    table, code, *cols = sys.argv[1:]
    defender = "--no-defender" not in cols
    cols = [c for c in cols if not c.startswith("--")]
    print(record_table(table, int(code), cols, defender))
