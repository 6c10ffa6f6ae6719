"""``init``, ``check``, ``passwd``, ``recover``: the vault's life cycle."""

from __future__ import annotations

import argparse

from hrd_desk.cli.common import (
    EXIT_OK,
    EXIT_PROBLEM,
    add_vault_args,
    open_vault_from_args,
    secret_reader,
)
from hrd_desk.i18n import _


def cmd_init(args: argparse.Namespace) -> int:
    from hrd_desk.cases.schema import migrate
    from hrd_desk.crypto.errors import VaultExists
    from hrd_desk.crypto.fsperm import is_empty_or_missing
    from hrd_desk.crypto.vault import create_vault

    if not is_empty_or_missing(args.dir):
        raise VaultExists()
    passphrase = secret_reader(args).new_passphrase()
    vault, recovery_key = create_vault(args.dir, passphrase)
    with vault:
        migrate(vault.connection)
    print(_("Created the vault in {path}.").format(path=args.dir))
    print(
        _(
            "Write the recovery key down now and keep it apart from this computer; it is "
            "shown only this once and opens the vault if the passphrase is lost."
        )
    )
    # The prefix is part of the CLI contract (docs/cli.md): scripts look for it; not translated.
    print(f"Recovery key: {recovery_key}")
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from hrd_desk.cases.health import check_vault

    with open_vault_from_args(args) as vault:
        report = check_vault(vault)
    print(report.verdict())
    return EXIT_OK if report.ok else EXIT_PROBLEM


def cmd_passwd(args: argparse.Namespace) -> int:
    from hrd_desk.crypto.vault import change_passphrase, unlock_with_passphrase, wipe

    reader = secret_reader(args)
    current = reader.read(_("Current passphrase: "))
    # Prove the current passphrase before asking for a new one (exit 3 at once if wrong).
    _header, key = unlock_with_passphrase(args.dir, current)
    wipe(key)
    new = reader.new_passphrase()
    change_passphrase(args.dir, current, new)
    print(_("The passphrase was changed. The recovery key stays the same."))
    return EXIT_OK


def cmd_recover(args: argparse.Namespace) -> int:
    from hrd_desk.crypto.vault import recover, unlock_with_recovery_key, wipe

    reader = secret_reader(args)
    text = reader.read(_("Recovery key: "))
    _header, key = unlock_with_recovery_key(args.dir, text)
    wipe(key)
    new = reader.new_passphrase()
    recover(args.dir, text, new)
    print(_("A new passphrase is set. The recovery key stays the same; keep it safe."))
    return EXIT_OK


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("init", parents=[common], help=_("create a new vault"))
    add_vault_args(p)
    p.set_defaults(func=cmd_init)

    p = sub.add_parser(
        "check", parents=[common], help=_("verify integrity, schema version and audit chain")
    )
    add_vault_args(p)
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("passwd", parents=[common], help=_("change the passphrase"))
    add_vault_args(p)
    p.set_defaults(func=cmd_passwd)

    p = sub.add_parser(
        "recover", parents=[common], help=_("set a new passphrase using the recovery key")
    )
    add_vault_args(p)
    p.set_defaults(func=cmd_recover)
