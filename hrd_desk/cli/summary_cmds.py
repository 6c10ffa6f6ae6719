"""``summary``: the encrypted case summary for headquarters, headless."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from hrd_desk.cli.common import EXIT_OK, EXIT_USAGE, add_vault_args, fail, open_vault_from_args
from hrd_desk.i18n import _


def _read_password(path: Path) -> str:
    from hrd_desk.crypto.errors import HrdDeskError

    try:
        with path.open(encoding="utf-8") as fh:
            return fh.readline().rstrip("\r\n")
    except (OSError, UnicodeDecodeError) as exc:
        raise HrdDeskError(_("Cannot read the password file {path}.").format(path=path)) from exc


def _recipients(store, wanted: list[str]) -> list[str]:
    """age recipients for ``--recipient`` values (an ``age1…`` key or a verified contact), plus
    this vault's own, so the officer can reopen what they sent."""
    from hrd_desk.exchange.contacts import resolve_contact
    from hrd_desk.exchange.errors import ContactNotVerified
    from hrd_desk.exchange.identity import canonical_recipient, ensure_identity

    out: list[str] = []
    for text in wanted:
        key = canonical_recipient(text)
        if key is None:
            contact = resolve_contact(store.conn, text)
            if not contact.verified:
                raise ContactNotVerified()
            key = contact.age_recipient
        out.append(key)
    own = ensure_identity(store).age_recipient
    if own not in out:
        out.append(own)
    return out


def cmd_summary(args: argparse.Namespace) -> int:
    from hrd_desk.cases.sharing import RedactionLevel
    from hrd_desk.cases.store import Store
    from hrd_desk.summaries.service import SummaryRequest, export_summary

    if bool(args.password_file) == bool(args.recipient):
        return fail(_("Give either --password-file or --recipient."), EXIT_USAGE)
    password = _read_password(args.password_file) if args.password_file else None
    request = SummaryRequest(
        defender_id=args.defender_id,
        lang=args.lang or "en",
        redaction=RedactionLevel(args.redact),
        recipient_label=args.recipient_label or "",
    )
    with open_vault_from_args(args) as vault:
        store = Store.open(vault)
        recipients = _recipients(store, args.recipient) if args.recipient else ()
        result = export_summary(store, request, args.out, password=password, recipients=recipients)
    for warning in result.warnings:
        print(_("Warning: {hint}").format(hint=warning), file=sys.stderr)
    print(_("Wrote the encrypted summary to {path}.").format(path=result.path))
    return EXIT_OK


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "summary", parents=[common], help=_("write a defender's encrypted case summary (PDF)")
    )
    add_vault_args(p)
    p.add_argument("defender_id", metavar="DEFENDER_ID")
    p.add_argument("--out", required=True, type=Path, metavar="FILE")
    p.add_argument(
        "--password-file", type=Path, metavar="F", help=_("first line: the PDF password (AES-256)")
    )
    p.add_argument(
        "--recipient",
        action="append",
        default=[],
        metavar="KEY",
        help=_("an age public key (age1…) or a verified contact; repeatable"),
    )
    p.add_argument("--redact", choices=["none", "pseudonymise"], default="pseudonymise")
    p.add_argument(
        "--recipient-label",
        metavar="TEXT",
        help=_("who it is for, shown on the cover (default: Headquarters)"),
    )
    p.set_defaults(func=cmd_summary)
