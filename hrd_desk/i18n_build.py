"""Compile gettext catalogs (``translations/<lang>/LC_MESSAGES/hrd_desk.po`` → ``.mo``).

Run by ``make run``/``make test``/the packaging build: the .po files are the source of truth,
the .mo files are build output and are not committed.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from hrd_desk.i18n import DOMAIN
from hrd_desk.paths import translations_dir


def compile_all(root: Path | None = None) -> list[Path]:
    root = root or translations_dir()
    written = []
    for po_path in sorted(root.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as fh:
            catalog = read_po(fh, locale=po_path.parts[-3])
        with mo_path.open("wb") as fh:
            write_mo(fh, catalog, use_fuzzy=False)
        written.append(mo_path)
    return written


def main(argv: list[str]) -> int:
    if argv[:1] == ["compile"]:
        for path in compile_all():
            print(f"compiled {path}")
        return 0
    print("usage: python -m hrd_desk.i18n_build compile", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
