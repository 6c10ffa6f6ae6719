"""The test-only KDF profile: 8 MiB, t=1 — about 10 ms instead of ~0.7 s per unlock.

The app has no switch for this (see hrd_desk/crypto/kdf.py). Tests replace the floor and the
calibration in-process; subprocess tests start the CLI through ``tests/support/run_cli.py``,
which does the same before calling ``main``. Production parameters are proven against the real
floor in tests/test_kdf_floor.py.
"""

from __future__ import annotations

from hrd_desk.crypto import kdf

PRODUCTION_FLOOR = kdf.FLOOR
PRODUCTION_CALIBRATE = kdf.calibrate
FAST = kdf.KdfParams(memory_kib=8 * 1024, iterations=1, lanes=1)


def install() -> None:
    kdf.FLOOR = FAST
    kdf.calibrate = lambda target_seconds=0.0: FAST


def uninstall() -> None:
    kdf.FLOOR = PRODUCTION_FLOOR
    kdf.calibrate = PRODUCTION_CALIBRATE
