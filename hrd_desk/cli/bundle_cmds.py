"""``identity``, ``contacts``, ``export-bundle``, ``import-bundle``: exchange between vaults."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, date, datetime
from pathlib import Path

from hrd_desk.cli.common import EXIT_OK, add_vault_args, open_vault_from_args
from hrd_desk.i18n import _, ngettext


def _store(vault):
    from hrd_desk.cases.store import Store

    return Store.open(vault)


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(_("Enter a date as YYYY-MM-DD.")) from exc


def _read_file(path: Path) -> bytes:
    from hrd_desk.crypto.errors import HrdDeskError

    try:
        return path.read_bytes()
    except OSError as exc:
        raise HrdDeskError(
            _("The file {path} does not exist or cannot be read.").format(path=path)
        ) from exc


def _print_card(identity) -> None:
    print(_("Fingerprint: {fp}").format(fp=identity.fingerprint))
    print(_("Contact card (give it to the vaults and headquarters you exchange with):"))
    sys.stdout.write(identity.card().to_text())


# --- identity and contacts -----------------------------------------------------------------------


def cmd_identity(args: argparse.Namespace) -> int:
    from hrd_desk.crypto.atomic import write_atomic
    from hrd_desk.crypto.errors import OutputExists
    from hrd_desk.exchange.identity import ensure_identity

    if args.card_out is not None and args.card_out.exists():
        raise OutputExists()
    with open_vault_from_args(args) as vault:
        identity = ensure_identity(_store(vault), label=args.label)
    _print_card(identity)
    if args.card_out is not None:
        write_atomic(args.card_out, identity.card().to_text().encode("utf-8"), mode=0o644)
        print(_("Wrote the contact card to {path}.").format(path=args.card_out))
    return EXIT_OK


def _contact_line(contact) -> str:
    state = _("verified") if contact.verified else _("NOT verified")
    label = " ".join(contact.label.split())
    return f"{contact.id}\t{contact.fingerprint}\t{state}\t{label}"


def cmd_contacts(args: argparse.Namespace) -> int:
    from hrd_desk.exchange import contacts
    from hrd_desk.exchange.identity import ContactCard

    card = None
    if args.action == "add":
        # A bad card is refused before the passphrase is asked.
        card = ContactCard.parse(_read_file(args.card))
    with open_vault_from_args(args) as vault:
        store = _store(vault)
        if args.action == "add":
            contact = contacts.add_contact(store, card, label=args.label)
            print(_contact_line(contact))
            if not contact.verified:
                print(
                    _(
                        "Compare the fingerprint {fp} with the contact's owner (by phone or in "
                        "person), then run: hrd-desk contacts DIR verify {id} FINGERPRINT"
                    ).format(fp=contact.fingerprint, id=contact.id)
                )
        elif args.action == "verify":
            found = contacts.resolve_contact(store.conn, args.contact)
            contact = contacts.mark_verified(store, found.id, args.fingerprint)
            print(_contact_line(contact))
        else:
            for contact in contacts.list_contacts(store.conn):
                print(_contact_line(contact))
    return EXIT_OK


# --- bundles -------------------------------------------------------------------------------------


def _bundle_path(out: Path) -> Path:
    from hrd_desk.crypto.errors import HrdDeskError, OutputExists
    from hrd_desk.exchange.framing import SUFFIX

    if out.is_dir():
        # The time only: no contact or defender names in file names.
        out = out / f"hrd-desk-bundle-{datetime.now(UTC):%Y%m%d-%H%M%S}Z{SUFFIX}"
    elif not out.parent.is_dir():
        raise HrdDeskError(
            _("The folder {path} does not exist; nothing was written.").format(path=out.parent)
        )
    if out.exists():
        raise OutputExists(
            _("{path} already exists; choose a new name or a folder. Nothing was written.").format(
                path=out
            )
        )
    return out


def cmd_export_bundle(args: argparse.Namespace) -> int:
    from hrd_desk.crypto.atomic import write_atomic
    from hrd_desk.exchange.bundles import build_bundle
    from hrd_desk.exchange.contacts import resolve_contact
    from hrd_desk.exchange.errors import NothingToExport

    out = _bundle_path(args.out)
    kinds = [k.strip() for k in args.kinds.split(",") if k.strip()] if args.kinds else None
    with open_vault_from_args(args) as vault:
        store = _store(vault)
        ids = [resolve_contact(store.conn, name).id for name in args.to]
        try:
            made = build_bundle(
                store,
                ids,
                defender_id=args.defender,
                since=args.since,
                kinds=kinds,
                allow_unverified=args.allow_unverified,
            )
        except NothingToExport as exc:
            print(exc.message)
            return EXIT_OK
    write_atomic(out, made.data)
    total = sum(made.counts.values())
    print(
        ngettext(
            "Wrote a bundle of {n} record to {path}.",
            "Wrote a bundle of {n} records to {path}.",
            total,
        ).format(n=total, path=out)
    )
    for kind, n in sorted(made.counts.items()):
        print(f"  {kind}: {n}")
    for contact in made.recipients:
        print(
            _("For: “{label}” ({fp})").format(
                label=" ".join(contact.label.split()), fp=contact.fingerprint
            )
        )
    return EXIT_OK


def _print_preview(prepared) -> None:
    from hrd_desk.exchange.merge import STATUS_LABELS, STATUSES

    opened = prepared.bundle
    if opened.from_self:
        sender = _("this vault")
    elif opened.contact is not None:
        sender = "“{}”".format(" ".join(opened.contact.label.split()))
    else:
        sender = "“{}”".format(" ".join(opened.sender.label.split()))
    if opened.sender_verified:
        state = _("verified")
    elif opened.contact is not None:
        state = _("NOT verified")
    else:
        state = _("NEW contact, not verified")
    print(
        _("Bundle {id} from {sender} ({fp}, {state}), made {when}").format(
            id=opened.bundle_id,
            sender=sender,
            fp=opened.sender.fingerprint,
            state=state,
            when=opened.created_at,
        )
    )
    for status in STATUSES:
        items = prepared.with_status(status)
        if not items:
            continue
        kinds: dict[str, int] = {}
        for item in items:
            kinds[item.kind] = kinds.get(item.kind, 0) + 1
        detail = ", ".join(f"{k}: {n}" for k, n in sorted(kinds.items()))
        print(f"  {_(STATUS_LABELS[status])}: {len(items)} ({detail})")
    for item in prepared.conflicts:
        print(f"    {item.kind}\t{item.record_id}\t" + ", ".join(item.fields))


def cmd_import_bundle(args: argparse.Namespace) -> int:
    from hrd_desk.exchange.bundles import open_bundle
    from hrd_desk.exchange.errors import AlreadyImported
    from hrd_desk.exchange.merge import apply, preview

    data = _read_file(args.bundle)
    with open_vault_from_args(args) as vault:
        store = _store(vault)
        try:
            opened = open_bundle(store, data, accept_unknown_sender=args.accept_unknown_sender)
        except AlreadyImported as exc:
            print(exc.message)
            return EXIT_OK
        prepared = preview(store, opened)
        _print_preview(prepared)
        if args.preview:
            print(_("Preview only: nothing was imported."))
            return EXIT_OK
        report = apply(store, prepared, resolve_all=args.resolve)
    print(report.summary())
    if report.contact_added:
        print(
            _(
                "The sender was added as a contact, NOT verified. Compare its fingerprint {fp} "
                "with its owner, then: hrd-desk contacts DIR verify {fp} FINGERPRINT"
            ).format(fp=opened.sender.fingerprint)
        )
    return EXIT_OK


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "identity",
        parents=[common],
        help=_("print this vault's exchange fingerprint and contact card (made on first use)"),
    )
    add_vault_args(p)
    p.add_argument("--label", help=_("the name on this vault's contact card"))
    p.add_argument(
        "--card-out", metavar="FILE", type=Path, help=_("also write the contact card to FILE")
    )
    p.set_defaults(func=cmd_identity)

    p = sub.add_parser(
        "contacts", parents=[common], help=_("add, verify or list exchange contacts")
    )
    add_vault_args(p)
    stdin = argparse.ArgumentParser(add_help=False)
    stdin.add_argument(
        "--passphrase-stdin",
        action="store_true",
        default=argparse.SUPPRESS,
        help=_("read secrets from the lines of standard input instead of a hidden prompt"),
    )
    actions = p.add_subparsers(dest="action", metavar=_("ACTION"), required=True)
    a = actions.add_parser(
        "add", parents=[common, stdin], help=_("add a contact from its card (unverified)")
    )
    a.add_argument("card", metavar="CARDFILE", type=Path)
    a.add_argument("--label", help=_("your own name for this contact"))
    a = actions.add_parser(
        "verify",
        parents=[common, stdin],
        help=_("mark a contact verified after comparing its fingerprint with its owner"),
    )
    a.add_argument("contact", metavar="CONTACT", help=_("contact id, label or fingerprint"))
    a.add_argument("fingerprint", metavar="FINGERPRINT", help=_("the fingerprint as compared"))
    actions.add_parser("list", parents=[common, stdin], help=_("list contacts"))
    p.set_defaults(func=cmd_contacts)

    p = sub.add_parser(
        "export-bundle",
        parents=[common],
        help=_("write records to a bundle signed by this vault and encrypted to contacts"),
    )
    add_vault_args(p)
    p.add_argument(
        "--to",
        metavar="CONTACT",
        action="append",
        required=True,
        help=_("contact id, label or fingerprint (repeat for several)"),
    )
    which = p.add_mutually_exclusive_group()
    which.add_argument(
        "--defender", metavar="ID", help=_("a defender and every record linked to it")
    )
    which.add_argument(
        "--since",
        metavar="DATE",
        type=_iso_date,
        help=_("records created or changed on or after DATE (default: since the last exchange)"),
    )
    p.add_argument(
        "--kinds",
        metavar="KINDS",
        help=_("comma-separated record kinds (default: hearing,prison_visit,court_case)"),
    )
    p.add_argument(
        "--allow-unverified",
        action="store_true",
        help=_("also send to contacts whose fingerprint was not verified"),
    )
    p.add_argument("out", metavar="OUT", type=Path, help=_("new bundle file, or a folder"))
    p.set_defaults(func=cmd_export_bundle)

    p = sub.add_parser(
        "import-bundle",
        parents=[common],
        help=_("check a bundle, show what it changes, and merge it (all or nothing)"),
    )
    add_vault_args(p)
    p.add_argument("bundle", metavar="BUNDLE", type=Path)
    p.add_argument(
        "--accept-unknown-sender",
        action="store_true",
        help=_("import from a sender that is not a contact yet (adds it, unverified)"),
    )
    p.add_argument(
        "--resolve",
        choices=("mine", "theirs"),
        help=_("keep this vault's version (mine) or the sender's (theirs) of every conflict"),
    )
    p.add_argument(
        "--preview", action="store_true", help=_("show what would change; import nothing")
    )
    p.set_defaults(func=cmd_import_bundle)
