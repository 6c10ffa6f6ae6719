"""``backup`` and ``restore``: one encrypted, verified file holding the whole vault."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from hrd_desk.cli.common import EXIT_OK, add_vault_args, open_vault_from_args, secret_reader
from hrd_desk.i18n import _, ngettext


def cmd_backup(args: argparse.Namespace) -> int:
    from hrd_desk.crypto.backup import create_backup, resolve_output

    # A bad OUT is refused before the passphrase is asked (and the KDF run).
    resolve_output(args.out)
    with open_vault_from_args(args) as vault:
        report = create_backup(vault, args.out)
    print(
        _("Wrote the backup to {path} and verified it by reading it back.").format(path=report.path)
    )
    print(_("It opens with this vault's passphrase or its recovery key."))
    if not report.recorded:
        print(
            _("Warning: the time of this backup could not be recorded in the vault."),
            file=sys.stderr,
        )
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from hrd_desk.cases.health import check_vault
    from hrd_desk.crypto import errors
    from hrd_desk.crypto.backup import restore_backup
    from hrd_desk.crypto.fsperm import is_empty_or_missing

    # Refuse what we can before asking for a secret.
    if not is_empty_or_missing(args.dir):
        raise errors.VaultExists()
    if not args.backup.is_file():
        raise errors.HrdDeskError(
            _("The backup file {path} does not exist or cannot be read.").format(path=args.backup)
        )
    reader = secret_reader(args)
    if args.recovery_key:
        secret = {"recovery_key": reader.read(_("Recovery key: "))}
    else:
        secret = {"passphrase": reader.read(_("Passphrase: "))}
    report = restore_backup(args.backup, args.dir, check=check_vault, **secret)
    print(
        _("Restored the vault into {path} from the backup taken at {when}.").format(
            path=report.folder, when=report.backup_created_at
        )
    )
    print(_("Schema version {n}.").format(n=report.schema_version))
    for table, rows in report.tables.items():
        print(
            "  "
            + ngettext("{table}: {n} row", "{table}: {n} rows", rows).format(table=table, n=rows)
        )
    if report.check is not None:
        print(report.check.verdict())
    return EXIT_OK


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "backup",
        parents=[common],
        help=_("write one encrypted, verified file holding the whole vault"),
    )
    add_vault_args(p)
    p.add_argument(
        "out",
        metavar="OUT",
        type=Path,
        help=_("new backup file, or a folder to put a time-named backup in"),
    )
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser(
        "restore",
        parents=[common],
        help=_("restore a backup into a new, empty folder after verifying all of it"),
    )
    p.add_argument("backup", metavar="BACKUP", type=Path, help=_("backup file"))
    p.add_argument("dir", metavar="DIR", type=Path, help=_("new or empty folder for the vault"))
    p.add_argument(
        "--recovery-key",
        action="store_true",
        help=_("open the backup with the recovery key instead of the passphrase"),
    )
    p.add_argument(
        "--passphrase-stdin",
        action="store_true",
        help=_("read secrets from the lines of standard input instead of a hidden prompt"),
    )
    p.set_defaults(func=cmd_restore)
