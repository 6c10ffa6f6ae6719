"""Argon2id parameters for the passphrase slot: calibrated at creation, never below the floor.

There is deliberately no switch, flag or environment variable for a faster profile. The test
suite swaps :data:`FLOOR` and :func:`calibrate` from ``tests/`` (which is never shipped), so a
fast profile cannot be selected by anyone running the app; and because the floor is also
enforced when a slot is *opened*, a vault created with the test profile does not open in the
shipped app.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass

from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

from hrd_desk.crypto import errors
from hrd_desk.i18n import _

KEY_BYTES = 32
SALT_BYTES = 16


@dataclass(frozen=True)
class KdfParams:
    memory_kib: int
    iterations: int
    lanes: int = 4

    def meets(self, floor: KdfParams) -> bool:
        return self.memory_kib >= floor.memory_kib and self.iterations >= floor.iterations

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


#: Never below this (threat-model.md): 64 MiB, t ≥ 2.
FLOOR = KdfParams(memory_kib=64 * 1024, iterations=2)
#: Memory we ask for: memory hardness is what hurts GPU farms. 256 MiB/t=3 ≈ 0.47 s measured.
DEFAULT_MEMORY_KIB = 256 * 1024
#: KeePassXC's default target is 1 s; an officer unlocks many times a day, so a little less.
TARGET_SECONDS = 0.8
MAX_ITERATIONS = 64


def derive(passphrase: bytes, salt: bytes, params: KdfParams) -> bytes:
    return Argon2id(
        salt=salt,
        length=KEY_BYTES,
        iterations=params.iterations,
        lanes=params.lanes,
        memory_cost=params.memory_kib,
    ).derive(passphrase)


def calibrate(target_seconds: float = TARGET_SECONDS) -> KdfParams:
    """Iterations at :data:`DEFAULT_MEMORY_KIB` that take about *target_seconds* here.

    Time is not linear in t at small t (allocating and first-touching 256 MiB dominates, and
    lanes run in parallel), so we measure, scale and measure again rather than extrapolate once.
    """
    iterations = max(FLOOR.iterations, 3)
    # The first derivation of a process pays for mapping the memory; keep it out of the measure.
    derive(b"warm-up", b"\0" * SALT_BYTES, KdfParams(DEFAULT_MEMORY_KIB, 1))
    for _attempt in range(3):
        probe = KdfParams(memory_kib=DEFAULT_MEMORY_KIB, iterations=iterations)
        start = time.perf_counter()
        derive(b"calibration", b"\0" * SALT_BYTES, probe)
        elapsed = max(time.perf_counter() - start, 1e-3)
        if elapsed >= 0.85 * target_seconds or iterations >= MAX_ITERATIONS:
            break
        iterations = min(
            MAX_ITERATIONS, max(iterations + 1, int(iterations * target_seconds / elapsed))
        )
    return KdfParams(memory_kib=DEFAULT_MEMORY_KIB, iterations=iterations)


def check_floor(params: KdfParams) -> None:
    if not params.meets(FLOOR):
        raise errors.HeaderCorrupt(
            _("The vault's key-derivation parameters are below the safe minimum; refusing it.")
        )
