"""Shared fixtures. Qt runs offscreen; every test gets its own HOME, config and temp folders."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# No OS keyring daemon in tests: the default backend is the "fail" one (= unavailable).
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"

from collections.abc import Iterator
from pathlib import Path

import pytest

from hrd_desk import i18n
from tests.support import fastkdf

PASSPHRASE = "correct horse battery staple"


@pytest.fixture(autouse=True)
def fast_kdf() -> Iterator[None]:
    fastkdf.install()
    yield
    fastkdf.uninstall()


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    home = tmp_path_factory.mktemp("home")
    for var, sub in (
        ("HOME", ""),
        ("XDG_CONFIG_HOME", ".config"),
        ("XDG_DATA_HOME", ".local/share"),
        ("XDG_CACHE_HOME", ".cache"),
        ("XDG_STATE_HOME", ".local/state"),
    ):
        path = home / sub
        path.mkdir(parents=True, exist_ok=True)
        monkeypatch.setenv(var, str(path))
    return home


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    i18n.set_language("en")
    yield
    i18n.set_language("en")


@pytest.fixture
def vault_dir(tmp_path: Path) -> Path:
    return tmp_path / "vault"


@pytest.fixture
def vault(vault_dir: Path):
    from hrd_desk.crypto.vault import create_vault

    v, _recovery = create_vault(vault_dir, PASSPHRASE)
    yield v
    v.lock()
