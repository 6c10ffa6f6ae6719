"""Vault-level settings: JSON values in the vault's encrypted ``settings`` table (migration 0001).

What belongs here is what belongs to the *post* and must travel with the vault, encrypted: its
name, the backup reminder interval, when the last backup was made. Preferences of the person at
this computer (window geometry, language, auto-lock minutes) live in the app's own preferences
instead, and never hold case data.
"""

from __future__ import annotations

import json
from typing import Any

from hrd_desk.crypto.sqlerrors import storage_errors
from hrd_desk.crypto.vault import Connection, transaction

#: The post's name, shown in the status bar ("Vault: Post A"). Never written outside the vault.
VAULT_NAME = "vault_name"
#: ISO 8601 UTC timestamp of the last successful backup (written by the backup service).
LAST_BACKUP_AT = "last_backup_at"
#: Days after which the dashboard reminds the officer to make a backup.
BACKUP_REMINDER_DAYS = "backup_reminder_days"
DEFAULT_BACKUP_REMINDER_DAYS = 7
#: Show defenders' full names in lists by default (off: pseudonyms).
SHOW_NAMES = "show_names"


def get_setting(conn: Connection, key: str, default: Any = None) -> Any:
    """The stored value for *key*, or *default* when it was never set."""
    with storage_errors():
        row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    if row is None:
        return default
    return json.loads(row[0])


def set_setting(conn: Connection, key: str, value: Any) -> None:
    """Store *value* (anything JSON can hold) under *key*, replacing an older value.

    Inside an open transaction the write joins it (the audit head is written together with the
    entry it points to); otherwise it commits on its own.
    """
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    _write(
        conn,
        "INSERT INTO settings(key, value) VALUES (?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (key, text),
    )


def delete_setting(conn: Connection, key: str) -> None:
    _write(conn, "DELETE FROM settings WHERE key = ?", (key,))


def _write(conn: Connection, sql: str, params: tuple[Any, ...]) -> None:
    if conn.in_transaction:
        with storage_errors():
            conn.execute(sql, params)
        return
    with transaction(conn), storage_errors():
        conn.execute(sql, params)
