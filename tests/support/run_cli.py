"""``python tests/support/run_cli.py ARGS…`` = ``hrd-desk ARGS…`` with the fast test KDF."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.support import fastkdf

fastkdf.install()

from hrd_desk.cli import main  # noqa: E402

raise SystemExit(main(sys.argv[1:]))
