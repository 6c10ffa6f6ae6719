"""Translators' and builders' pipeline: extract → update → compile → check, plus a pseudo-locale.

``make translations`` runs all four. The .po files are the source of truth; .mo files are
build output (compiled by ``make run``, ``make test`` and the package build) and not committed.

    python -m hrd_desk.i18n_build extract   # hrd_desk/**.py → translations/hrd_desk.pot
    python -m hrd_desk.i18n_build update [--lang fr]  # .pot → translations/<lang>/.../*.po
    python -m hrd_desk.i18n_build compile   # .po → .mo (fuzzy entries skipped)
    python -m hrd_desk.i18n_build check [--lang fr]   # complete, no fuzzy, placeholders match
"""

from __future__ import annotations

import gettext
import io
import re
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from hrd_desk.i18n import DOMAIN, LANGUAGES
from hrd_desk.paths import app_root, translations_dir

KEYWORDS = {
    "_": None,
    "N_": None,
    "NP_": ((1, "c"), 2),
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
}
COMMENT_TAGS = ["Translators:"]
TARGET_LANGUAGES = [lang for lang in LANGUAGES if lang != "en"]
PLACEHOLDER = re.compile(r"\{[a-zA-Z_][a-zA-Z0-9_]*\}")


def pot_path(root: Path | None = None) -> Path:
    return (root or translations_dir()) / f"{DOMAIN}.pot"


def po_path(lang: str, root: Path | None = None) -> Path:
    return (root or translations_dir()) / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def extract_catalog() -> Catalog:
    """Every translatable string in hrd_desk/, with translator comments and locations."""
    catalog = Catalog(
        project="hrd-desk", domain=DOMAIN, charset="utf-8", copyright_holder="HRD Desk team"
    )
    base = app_root()
    method_map = [("hrd_desk/**.py", "python")]
    for filename, lineno, message, comments, context in extract_from_dir(
        str(base),
        method_map=method_map,
        keywords=KEYWORDS,
        comment_tags=COMMENT_TAGS,
        strip_comment_tags=True,
    ):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def message_keys(catalog: Catalog) -> set[tuple[str | None, str]]:
    keys = set()
    for message in catalog:
        if not message.id:
            continue
        msgid = message.id[0] if isinstance(message.id, tuple) else message.id
        keys.add((message.context, msgid))
    return keys


def extract(root: Path | None = None) -> Path:
    catalog = extract_catalog()
    path = pot_path(root)
    path.parent.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    write_po(buf, catalog, width=0, sort_by_file=True, omit_header=False, no_location=False)
    # The creation date would make every run a diff; translators' tools do not need it.
    text = re.sub(rb'"POT-Creation-Date: [^"]*"\n', b"", buf.getvalue())
    path.write_bytes(text)
    return path


def update(root: Path | None = None, languages: list[str] | None = None) -> list[Path]:
    with pot_path(root).open("rb") as fh:
        template = read_po(fh)
    written = []
    for lang in languages or TARGET_LANGUAGES:
        path = po_path(lang, root)
        if path.exists():
            with path.open("rb") as fh:
                catalog = read_po(fh, locale=lang)
        else:
            catalog = Catalog(locale=lang, domain=DOMAIN, project="hrd-desk", charset="utf-8")
        catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
        catalog.obsolete.clear()
        path.parent.mkdir(parents=True, exist_ok=True)
        buf = io.BytesIO()
        write_po(buf, catalog, width=0, sort_by_file=True, include_previous=True)
        text = re.sub(rb'"POT-Creation-Date: [^"]*"\n', b"", buf.getvalue())
        text = re.sub(rb'"PO-Revision-Date: [^"]*"\n', b"", text)
        path.write_bytes(text)
        written.append(path)
    return written


def compile_all(root: Path | None = None, *, force: bool = False) -> list[Path]:
    root = root or translations_dir()
    written = []
    for po in sorted(root.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        mo = po.with_suffix(".mo")
        if not force and mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        with po.open("rb") as fh:
            catalog = read_po(fh, locale=po.parts[-3])
        with mo.open("wb") as fh:
            write_mo(fh, catalog, use_fuzzy=False)
        written.append(mo)
    return written


def catalog_problems(lang: str, root: Path | None = None) -> list[str]:
    """Everything that keeps a catalog from being complete and safe to ship."""
    path = po_path(lang, root)
    if not path.exists():
        return [f"{lang}: {path} is missing"]
    with path.open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    problems = []
    template = pot_path(root)
    if template.exists():
        with template.open("rb") as fh:
            wanted = message_keys(read_po(fh))
        missing = sorted(str(k[1])[:50] for k in wanted - message_keys(catalog))
        if missing:
            problems.append(
                f"{lang}: {len(missing)} strings of the template are missing (run update): "
                f"{missing[:5]}"
            )
    nplurals = catalog.num_plurals
    for message in catalog:
        if not message.id:
            continue
        where = f"{lang}: {message.id!r}" + (f" [{message.context}]" if message.context else "")
        if message.fuzzy:
            problems.append(f"{where}: fuzzy")
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.pluralizable and len(strings) != nplurals:
            problems.append(f"{where}: {len(strings)} plural forms, {nplurals} needed")
        if not all(s for s in strings):
            problems.append(f"{where}: untranslated")
            continue
        wanted = set(PLACEHOLDER.findall(" ".join(ids)))
        for s in strings:
            got = set(PLACEHOLDER.findall(s))
            if got - wanted:
                problems.append(f"{where}: unknown placeholders {sorted(got - wanted)}")
            if not message.pluralizable and wanted - got:
                problems.append(f"{where}: missing placeholders {sorted(wanted - got)}")
    return problems


def check(root: Path | None = None, languages: list[str] | None = None) -> list[str]:
    problems = []
    with pot_path(root).open("rb") as fh:
        committed = message_keys(read_po(fh))
    fresh = message_keys(extract_catalog())
    if committed != fresh:
        missing = sorted(str(k[1])[:60] for k in fresh - committed)[:10]
        stale = sorted(str(k[1])[:60] for k in committed - fresh)[:10]
        problems.append(
            f"translations/{DOMAIN}.pot is stale (run `make translations`): "
            f"new {missing}, gone {stale}"
        )
    for lang in languages or TARGET_LANGUAGES:
        problems.extend(catalog_problems(lang, root))
    return problems


# --- pseudo-locale -------------------------------------------------------------------------
_ACCENTED = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "àƀçđéƒĝĥíĵķĺɱñóƥʠŕšţúṽŵẋýžÀƁÇĐÉƑĜĤÍĴĶĹṀÑÓƤɊŔŠŢÚṼŴẊÝŽ",
)
PSEUDO_OPEN, PSEUDO_CLOSE = "⟦", "⟧"


def pseudo(text: str) -> str:
    """'Save {n} cases' → '⟦Šàṽé {n} çàšéš⟧' (placeholders and markup kept)."""
    parts = re.split(r"(\{[^{}]*\}|<[^<>]*>|&[a-z]+;|%\([a-z_]+\)[sd]|%[sd])", text)
    out = [p if i % 2 else p.translate(_ACCENTED) for i, p in enumerate(parts)]
    return PSEUDO_OPEN + "".join(out) + PSEUDO_CLOSE


class PseudoTranslations(gettext.NullTranslations):
    """Every string of the app, transformed: shows which visible text escaped translation."""

    def gettext(self, message: str) -> str:
        return pseudo(message) if message else message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return pseudo(singular if n == 1 else plural)

    def pgettext(self, context: str, message: str) -> str:
        return pseudo(message)

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> str:
        return pseudo(singular if n == 1 else plural)


def _languages(argv: list[str]) -> list[str] | None:
    """``--lang fr`` (repeatable): work on those catalogs only (one translator, one file)."""
    langs = [argv[i + 1] for i, arg in enumerate(argv[:-1]) if arg == "--lang"]
    return langs or None


def main(argv: list[str]) -> int:
    command = argv[0] if argv else ""
    if command == "extract":
        print(f"wrote {extract()}")
    elif command == "update":
        for path in update(languages=_languages(argv)):
            print(f"updated {path}")
    elif command == "compile":
        for path in compile_all(force="--force" in argv):
            print(f"compiled {path}")
    elif command == "check":
        problems = check(languages=_languages(argv))
        for problem in problems[:200]:
            print(problem, file=sys.stderr)
        if problems:
            print(f"{len(problems)} problems", file=sys.stderr)
            return 1
        print("catalogs complete")
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
