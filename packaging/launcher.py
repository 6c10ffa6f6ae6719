"""Entry script of the frozen app (PyInstaller needs a file): the same start as ``hrd-desk``."""

from hrd_desk.cli import main

raise SystemExit(main())
