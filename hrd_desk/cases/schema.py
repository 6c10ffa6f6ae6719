"""Numbered, transactional schema migrations recorded in the database.

``PRAGMA user_version`` holds the schema version; ``schema_migrations`` keeps when each step ran.
Each step runs in one transaction with its version bump, so a crash leaves the old or the new
schema. A vault whose version is newer than this app knows is refused before anything is written.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from importlib import resources

import sqlcipher3

from hrd_desk.crypto import errors
from hrd_desk.crypto.sqlerrors import storage_errors
from hrd_desk.crypto.vault import Connection

_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def migrations() -> list[Migration]:
    found = []
    for entry in resources.files("hrd_desk.cases.migrations").iterdir():
        match = _NAME.match(entry.name)
        if match:
            found.append(Migration(int(match[1]), match[2], entry.read_text(encoding="utf-8")))
    found.sort(key=lambda m: m.version)
    if [m.version for m in found] != list(range(1, len(found) + 1)):
        raise RuntimeError("migration numbers must be 1..n without gaps")
    return found


LATEST = len(migrations())


def schema_version(conn: Connection) -> int:
    with storage_errors():
        return int(conn.execute("PRAGMA user_version").fetchone()[0])


def check_version(conn: Connection) -> int:
    version = schema_version(conn)
    if version > LATEST:
        raise errors.SchemaTooNew()
    return version


def migrate(conn: Connection) -> int:
    """Bring the schema to :data:`LATEST`; returns the number of steps applied."""
    current = check_version(conn)
    applied = 0
    for step in migrations():
        if step.version <= current:
            continue
        script = (
            "BEGIN IMMEDIATE;\n"
            f"{step.sql}\n;"
            f"PRAGMA user_version = {step.version};\n"
            "INSERT INTO schema_migrations(version, name, applied_at) VALUES "
            f"({step.version}, '{step.name}', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));\n"
            "COMMIT;"
        )
        try:
            with storage_errors():
                conn.executescript(script)
        except BaseException:
            if conn.in_transaction:
                with contextlib.suppress(sqlcipher3.Error):
                    conn.execute("ROLLBACK")
            raise
        applied += 1
    return applied
