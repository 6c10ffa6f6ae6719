"""What every sub-command shares: secrets from a hidden prompt or stdin, errors, exit codes."""

from __future__ import annotations

import argparse
import getpass
import sys
import traceback
from pathlib import Path

from hrd_desk.crypto import errors
from hrd_desk.crypto.passphrase_policy import assess
from hrd_desk.crypto.sqlerrors import classify
from hrd_desk.i18n import _

EXIT_OK = 0
EXIT_PROBLEM = 1
EXIT_USAGE = 2
EXIT_WRONG_KEY = 3


class SecretReader:
    """Hidden prompts on a terminal; with ``--passphrase-stdin``, successive lines of stdin.

    Never from an argument or the environment: those end up in shell history and ``ps``.
    """

    def __init__(self, from_stdin: bool) -> None:
        self.from_stdin = from_stdin

    def read(self, prompt: str) -> str:
        if self.from_stdin:
            line = sys.stdin.readline()
            if not line:
                raise errors.HrdDeskError(_("Expected another line on standard input."))
            return line.rstrip("\r\n")
        return getpass.getpass(prompt)

    def new_passphrase(self) -> str:
        """A new passphrase: asked twice on a terminal; checked against the policy."""
        first = self.read(_("New passphrase: "))
        if not self.from_stdin and first != self.read(_("Repeat the new passphrase: ")):
            raise errors.HrdDeskError(_("The two passphrases differ. Nothing was changed."))
        verdict = assess(first)
        if not verdict.acceptable:
            raise errors.HrdDeskError(" ".join(verdict.problems))
        for hint in verdict.hints:
            print(_("Warning: {hint}").format(hint=hint), file=sys.stderr)
        return first


def secret_reader(args: argparse.Namespace) -> SecretReader:
    return SecretReader(getattr(args, "passphrase_stdin", False))


def add_vault_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("dir", metavar="DIR", type=Path, help=_("vault folder"))
    parser.add_argument(
        "--passphrase-stdin",
        action="store_true",
        help=_("read secrets from the lines of standard input instead of a hidden prompt"),
    )


def open_vault_from_args(args: argparse.Namespace):
    """Open the vault named by ``args.dir`` with a prompted passphrase."""
    from hrd_desk.crypto.vault import open_vault

    reader = secret_reader(args)
    return open_vault(args.dir, reader.read(_("Passphrase: ")))


def fail(message: str, code: int = EXIT_PROBLEM) -> int:
    print(message, file=sys.stderr)
    return code


def run_command(args: argparse.Namespace) -> int:
    debug = getattr(args, "debug", False)
    if getattr(args, "lang", None):
        from hrd_desk.i18n import set_language

        set_language(args.lang)
    try:
        return int(args.func(args) or 0)
    except errors.HrdDeskError as exc:
        if debug:
            traceback.print_exc()
        return fail(exc.message, exc.exit_code)
    except KeyboardInterrupt:
        return fail(_("Interrupted. Nothing more was written."), 130)
    except Exception as exc:  # the user gets a sentence, the developer the trace with --debug
        known = classify(exc)
        if debug:
            traceback.print_exc()
        if known is not None:
            return fail(known.message, known.exit_code)
        return fail(
            _(
                "Unexpected error ({kind}); this is a bug. Run again with --debug for details."
            ).format(kind=type(exc).__name__)
        )
