"""Fail when packaging/requirements-build.lock does not cover what the build needs.

Every runtime dependency in pyproject.toml and every line of packaging/requirements-build.in
must be pinned in the lock (to a version the specifier allows), and every pin must carry
hashes. `make package` runs this before freezing; tests/test_packaging.py runs it too. After
changing dependencies: `make lock`.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "packaging" / "requirements-build.lock"
BUILD_IN = ROOT / "packaging" / "requirements-build.in"

_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")


def read_lock(path: Path = LOCK) -> dict[str, tuple[str, int]]:
    """canonical name → (pinned version, number of hashes)."""
    pins: dict[str, tuple[str, int]] = {}
    current = None
    for line in path.read_text(encoding="utf-8").splitlines():
        match = _PIN.match(line)
        if match:
            current = canonicalize_name(match[1])
            pins[current] = (match[2], 0)
        elif current and line.strip().startswith("--hash=sha256:"):
            version, hashes = pins[current]
            pins[current] = (version, hashes + 1)
        elif not line.startswith((" ", "#")) and line.strip():
            raise ValueError(f"{path.name}: not a pinned requirement: {line!r}")
    return pins


def required(
    pyproject: Path = ROOT / "pyproject.toml", build_in: Path = BUILD_IN
) -> list[tuple[str, Requirement]]:
    """(where it comes from, requirement) for everything the lock must pin."""
    with pyproject.open("rb") as fh:
        project = tomllib.load(fh)["project"]
    reqs = [(pyproject.name, Requirement(r)) for r in project["dependencies"]]
    for line in build_in.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            reqs.append((build_in.name, Requirement(line)))
    return reqs


def problems(
    lock: Path = LOCK, pyproject: Path = ROOT / "pyproject.toml", build_in: Path = BUILD_IN
) -> list[str]:
    pins = read_lock(lock)
    found = []
    for origin, req in required(pyproject, build_in):
        pin = pins.get(canonicalize_name(req.name))
        if pin is None:
            found.append(f"{req.name} ({origin}) is not in {lock.name}")
        elif not req.specifier.contains(pin[0], prereleases=True):
            found.append(f"{req.name}=={pin[0]} in {lock.name} does not satisfy {req} ({origin})")
    found += [f"{name}=={v} has no --hash in {lock.name}" for name, (v, n) in pins.items() if not n]
    return found


def main() -> int:
    found = problems()
    for problem in found:
        print(f"check_lock: {problem}", file=sys.stderr)
    if found:
        print("check_lock: regenerate the lock with `make lock`", file=sys.stderr)
        return 1
    print(f"check_lock: {LOCK.name} pins every build and runtime dependency, with hashes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
