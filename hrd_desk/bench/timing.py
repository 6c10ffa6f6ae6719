"""Repetitions, warm-up and the figures we quote (median and p95, in milliseconds)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


def percentile(values: list[float], q: float) -> float:
    """Linear-interpolated percentile (q in 0..100) of *values*."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


@dataclass
class Stats:
    samples_ms: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.samples_ms) if self.samples_ms else float("nan")

    @property
    def p95(self) -> float:
        return percentile(self.samples_ms, 95)

    def as_dict(self) -> dict[str, Any]:
        return {
            "median_ms": round(self.median, 3),
            "p95_ms": round(self.p95, 3),
            "min_ms": round(min(self.samples_ms), 3) if self.samples_ms else None,
            "max_ms": round(max(self.samples_ms), 3) if self.samples_ms else None,
            "n": len(self.samples_ms),
        }


def measure(
    fn: Callable[[], Any],
    *,
    reps: int,
    warmup: int = 1,
    setup: Callable[[], Any] | None = None,
) -> Stats:
    """Run *fn* ``warmup`` times uncounted, then *reps* times counted (``setup`` runs before
    each call, outside the clock)."""
    stats = Stats()
    for i in range(warmup + reps):
        if setup is not None:
            setup()
        started = time.perf_counter()
        fn()
        elapsed = (time.perf_counter() - started) * 1000
        if i >= warmup:
            stats.samples_ms.append(elapsed)
    return stats


def once_ms(fn: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = fn()
    return (time.perf_counter() - started) * 1000, result
