"""Fault-injection suite (issue 10). Every test here is marked ``faults``.

``HRD_FAULT_ROUNDS`` sets the rounds of each kill test: ``make test-faults`` runs 100; the normal
suite runs the reduced default (10). Each test reports one summary line per fault class, printed
at the end of the run: rounds, survived, lost records (must be 0).
"""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

ROUNDS = int(os.environ.get("HRD_FAULT_ROUNDS", "10"))
_LINES: list[str] = []


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    here = os.path.dirname(__file__)
    for item in items:
        if str(item.path).startswith(here):
            item.add_marker(pytest.mark.faults)


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    if _LINES:
        terminalreporter.section("fault injection")
        for line in _LINES:
            terminalreporter.write_line(line)


@pytest.fixture
def fault_report():
    def report(fault: str, rounds: int, survived: int, lost: int, extra: str = "") -> None:
        tail = f" ({extra})" if extra else ""
        _LINES.append(
            f"{fault:<40} rounds={rounds:<4} survived={survived:<4} lost_records={lost}{tail}"
        )

    return report


def unshare_works() -> bool:
    if not shutil.which("unshare"):
        return False
    probe = subprocess.run(
        ["unshare", "--user", "--map-root-user", "--mount", "true"],
        capture_output=True,
        check=False,
    )
    return probe.returncode == 0
