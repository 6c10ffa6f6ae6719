"""``demo``, ``search``, ``import-records``, ``export-records``: the case store from a script."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from hrd_desk.cli.common import EXIT_OK, EXIT_USAGE, add_vault_args, fail, open_vault_from_args
from hrd_desk.i18n import _, ngettext

DEMO_PASSPHRASE = "demo"  # noqa: S105 - the documented passphrase of fictional demo vaults


def _store(vault):
    from hrd_desk.cases.store import Store

    return Store.open(vault)


def cmd_demo(args: argparse.Namespace) -> int:
    from hrd_desk.cases.demo import build_demo
    from hrd_desk.cases.schema import migrate
    from hrd_desk.cases.store import Store
    from hrd_desk.cli.common import secret_reader
    from hrd_desk.crypto.errors import VaultExists
    from hrd_desk.crypto.fsperm import is_empty_or_missing
    from hrd_desk.crypto.vault import create_vault

    if not is_empty_or_missing(args.dir):
        raise VaultExists()
    if args.cases < 0:
        return fail(_("--cases must be zero or more."), EXIT_USAGE)
    passphrase = DEMO_PASSPHRASE
    if args.passphrase_stdin:
        passphrase = secret_reader(args).read("")
    vault, recovery_key = create_vault(args.dir, passphrase, demo=True)
    with vault:
        migrate(vault.connection)
        store = Store(vault.connection, actor="demo")

        def progress(done: int, total: int) -> None:
            print(_("{done} of {total} defenders…").format(done=done, total=total), file=sys.stderr)

        report = build_demo(store, cases=args.cases, seed=args.seed, progress=progress)
    print(
        ngettext(
            "Created a demo vault in {path} with {n} fictional defender and {m} records.",
            "Created a demo vault in {path} with {n} fictional defenders and {m} records.",
            report.defenders,
        ).format(path=args.dir, n=report.defenders, m=report.records)
    )
    if not args.passphrase_stdin:
        print(_("Its passphrase is “{p}”. The data is fictional.").format(p=DEMO_PASSPHRASE))
    print(f"Recovery key: {recovery_key}")
    return EXIT_OK


def cmd_search(args: argparse.Namespace) -> int:
    with open_vault_from_args(args) as vault:
        store = _store(vault)
        hits = store.search(args.query, limit=args.limit)
        for hit in hits:
            if hit.kind == "defender":
                label = (
                    hit.record.full_name
                    if args.show_names and hit.record.full_name
                    else hit.pseudonym or hit.record.pseudonym
                )
            else:
                label = f"{hit.pseudonym}: {hit.title}" if hit.pseudonym else hit.title
            label = " ".join(label.split())  # one line per hit, whatever the record holds
            print(f"{hit.record_id}\t{hit.kind}\t{label}")
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from hrd_desk.cases.csv_import import import_defenders_csv
    from hrd_desk.cases.records_json import ImportProblem, ImportRefused, import_records

    path: Path = args.file
    try:
        content = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return fail(_("Cannot read {path}: {error}").format(path=path, error=exc))
    with open_vault_from_args(args) as vault:
        store = _store(vault)
        if path.suffix.lower() == ".csv":
            report = import_defenders_csv(store, content)
        else:
            try:
                data = json.loads(content)
            except json.JSONDecodeError as exc:
                raise ImportRefused(
                    [
                        ImportProblem(
                            _("line {n}").format(n=exc.lineno),
                            None,
                            "",
                            _("Not valid JSON: {error}").format(error=exc.msg),
                        )
                    ]
                ) from exc
            report = import_records(store, data)
    print(report.summary())
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from hrd_desk.cases.records_json import export_records
    from hrd_desk.crypto.atomic import write_atomic

    if not args.plaintext:
        return fail(
            _("export-records writes every record in clear text; add --plaintext to confirm."),
            EXIT_USAGE,
        )
    print(
        _(
            "Warning: {path} will hold every record UNENCRYPTED, names included. Keep it off "
            "shared drives and delete it when done."
        ).format(path=args.out),
        file=sys.stderr,
    )
    with open_vault_from_args(args) as vault:
        store = _store(vault)
        data = export_records(store)
        counts = {k: len(v) for k, v in data.items() if isinstance(v, list)}
        text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
        write_atomic(Path(args.out), text.encode("utf-8"))
        store.record_export(
            "records", None, what="records-json", detail={"plaintext": True, "counts": counts}
        )
    total = sum(counts.values())
    print(
        ngettext("Wrote {n} record to {path}.", "Wrote {n} records to {path}.", total).format(
            n=total, path=args.out
        )
    )
    return EXIT_OK


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("demo", parents=[common], help=_("create a vault with fictional demo data"))
    add_vault_args(p)
    p.add_argument("--cases", type=int, default=200, metavar="N", help=_("number of defenders"))
    p.add_argument("--seed", type=int, default=1, metavar="S", help=_("random seed"))
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("search", parents=[common], help=_("full-text search"))
    add_vault_args(p)
    p.add_argument("query", metavar="QUERY")
    p.add_argument("--limit", type=int, default=50, metavar="N")
    p.add_argument(
        "--show-names", action="store_true", help=_("print full names instead of pseudonyms")
    )
    p.set_defaults(func=cmd_search)

    p = sub.add_parser(
        "import-records",
        parents=[common],
        help=_("import records from JSON or defenders from CSV (all or nothing)"),
    )
    add_vault_args(p)
    p.add_argument("file", metavar="FILE", type=Path)
    p.set_defaults(func=cmd_import)

    p = sub.add_parser(
        "export-records", parents=[common], help=_("write every record as plaintext JSON")
    )
    add_vault_args(p)
    p.add_argument("out", metavar="OUT", type=Path)
    p.add_argument(
        "--plaintext", action="store_true", help=_("confirm that the output is unencrypted")
    )
    p.set_defaults(func=cmd_export)
