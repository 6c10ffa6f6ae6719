"""Child process for kill tests: writes committed rows and reports each commit on stdout."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.support import fastkdf

fastkdf.install()

from hrd_desk.crypto.vault import open_vault, transaction  # noqa: E402

folder, passphrase, start = sys.argv[1], sys.argv[2], int(sys.argv[3])
vault = open_vault(folder, passphrase)
conn = vault.connection
print("ready", flush=True)
n = start
while True:
    with transaction(conn):
        conn.execute("INSERT INTO rows(n, payload) VALUES (?, ?)", (n, "x" * (n % 3000)))
    # Printed only after COMMIT returned: the parent may rely on every printed row.
    print(n, flush=True)
    n += 1
