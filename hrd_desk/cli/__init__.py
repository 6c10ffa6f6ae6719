"""Command line: the GUI by default, sub-commands for scripted work (../docs/cli.md).

Each command module has ``register(subparsers, common)``; the command functions are thin shells
over the same services the GUI uses. Errors reach the user as one translated sentence on stderr,
with the exit code of cli.md; a traceback only with ``--debug``.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from hrd_desk import __version__
from hrd_desk.hardening import harden_process
from hrd_desk.i18n import _, set_language, system_language

#: Modules defining sub-commands, in the order ``--help`` lists them.
COMMAND_MODULES = (
    "hrd_desk.cli.vault_cmds",
    "hrd_desk.cli.records_cmds",
    "hrd_desk.cli.backup_cmds",
    "hrd_desk.cli.bundle_cmds",
    "hrd_desk.cli.summary_cmds",
)


def _common_options(suppress: bool) -> argparse.ArgumentParser:
    default = argparse.SUPPRESS if suppress else None
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--lang", metavar="LL", default=default, help=_("interface language"))
    common.add_argument(
        "--debug",
        action="store_true",
        default=argparse.SUPPRESS if suppress else False,
        help=_("show tracebacks of unexpected errors"),
    )
    return common


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hrd-desk",
        description=_("Offline, encrypted case management for human rights defenders."),
        parents=[_common_options(suppress=False)],
    )
    parser.add_argument("--version", action="version", version=f"hrd-desk {__version__}")
    parser.add_argument("--vault", metavar="DIR", help=_("vault folder to open in the GUI"))
    sub = parser.add_subparsers(dest="command", metavar=_("COMMAND"))
    sub_common = _common_options(suppress=True)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub, sub_common)
    return parser


def _pre_language(argv: Sequence[str]) -> str | None:
    """--lang must apply before argparse builds its (translated) help texts."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def main(argv: Sequence[str] | None = None) -> int:
    harden_process()
    argv = list(sys.argv[1:] if argv is None else argv)
    set_language(_pre_language(argv) or system_language())
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        from hrd_desk.ui.app import run_gui

        return run_gui(vault=args.vault, lang=args.lang)
    from hrd_desk.cli.common import run_command

    return run_command(args)
