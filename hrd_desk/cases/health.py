"""``check``: is this vault sound? Integrity of every page, schema version, audit chain."""

from __future__ import annotations

from dataclasses import dataclass, field

from hrd_desk.cases import schema
from hrd_desk.crypto import errors
from hrd_desk.crypto.sqlerrors import storage_errors
from hrd_desk.crypto.vault import Vault
from hrd_desk.i18n import _, ngettext


@dataclass
class CheckReport:
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def verdict(self) -> str:
        if self.ok:
            return _("OK: {details}").format(details="; ".join(self.notes))
        return _("PROBLEM: {details}").format(details="; ".join(self.problems + self.notes))


def check_vault(vault: Vault) -> CheckReport:
    """Read-only: never migrates, repairs or writes."""
    report = CheckReport()
    conn = vault.connection
    with storage_errors():
        # cipher_integrity_check verifies every page's HMAC and names the page that fails.
        cipher = [row[0] for row in conn.execute("PRAGMA cipher_integrity_check")]
        if cipher:
            report.problems.append(
                _("encrypted pages failed their check: {details}").format(
                    details=", ".join(cipher[:5])
                )
            )
    try:
        with storage_errors():
            integrity = [row[0] for row in conn.execute("PRAGMA integrity_check")]
    except errors.DatabaseCorrupt:
        # A page that fails its HMAC can stop integrity_check itself; keep what
        # cipher_integrity_check found (it names the page) instead of losing it to the raise.
        integrity = [_("a damaged page stopped the structure check")]
    with storage_errors():
        if integrity != ["ok"]:
            report.problems.append(
                _("database structure damaged: {details}").format(details=", ".join(integrity[:5]))
            )
        else:
            report.notes.append(_("integrity ok"))
        version = schema.schema_version(conn)
    if version > schema.LATEST:
        report.problems.append(
            _("schema version {found} is newer than this app ({known})").format(
                found=version, known=schema.LATEST
            )
        )
    elif version < schema.LATEST:
        report.notes.append(
            _("schema version {found} (will be upgraded to {known} when opened)").format(
                found=version, known=schema.LATEST
            )
        )
    else:
        report.notes.append(_("schema version {found}").format(found=version))
    if not report.problems and _has_table(conn, "audit_log"):
        from hrd_desk.cases import audit

        with storage_errors():
            chain = audit.verify(conn)
        if chain.ok:
            report.notes.append(
                ngettext(
                    "audit chain of {n} entry verified",
                    "audit chain of {n} entries verified",
                    chain.entries,
                ).format(n=chain.entries)
            )
        else:
            report.problems.append(_("audit chain broken: {problem}").format(problem=chain.problem))
    return report


def _has_table(conn, name: str) -> bool:
    with storage_errors():
        row = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
        ).fetchone()
    return row is not None
