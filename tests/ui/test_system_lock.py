"""The OS says the screen locks or the machine sleeps (D-Bus): the app locks.

Runs a private D-Bus daemon on a Unix socket in tmp (no system or session bus is touched).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtDBus import QDBusConnection, QDBusMessage

from hrd_desk.ui.locking import SystemLockMonitor
from tests.conftest import PASSPHRASE
from tests.ui.helpers import unlock
from tests.ui.test_unlock import make_vault


@pytest.fixture
def private_bus(tmp_path: Path) -> Iterator[str]:
    daemon = shutil.which("dbus-daemon")
    if daemon is None:
        pytest.skip("dbus-daemon is not installed")
    # A Unix socket path must stay under ~100 bytes: pytest's tmp_path can be longer.
    socket_dir = Path(tempfile.mkdtemp(prefix="hrdbus"))
    config = tmp_path / "bus.conf"
    config.write_text(
        "<!DOCTYPE busconfig PUBLIC '-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN'"
        " 'http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd'>\n"
        "<busconfig><type>session</type>"
        f"<listen>unix:dir={socket_dir}</listen>"
        "<policy context='default'><allow send_destination='*' eavesdrop='true'/>"
        "<allow eavesdrop='true'/><allow own='*'/></policy></busconfig>\n"
    )
    proc = subprocess.Popen(
        [daemon, f"--config-file={config}", "--nofork", "--print-address=1", "--nopidfile"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        address = proc.stdout.readline().strip()
        if not address:
            pytest.skip("dbus-daemon did not start")
        yield address
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        proc.stdout.close()
        shutil.rmtree(socket_dir, ignore_errors=True)


def _emit(address: str, name: str, path: str, interface: str, member: str, *args: object) -> None:
    sender = QDBusConnection.connectToBus(address, f"sender-{uuid.uuid4()}")
    assert sender.isConnected()
    if name:
        assert sender.registerService(name)
    message = QDBusMessage.createSignal(path, interface, member)
    message.setArguments(list(args))
    assert sender.send(message)


@pytest.mark.parametrize(
    ("name", "path", "interface", "member", "reason"),
    [
        (
            "",
            "/org/freedesktop/ScreenSaver",
            "org.freedesktop.ScreenSaver",
            "ActiveChanged",
            "screensaver",
        ),
        ("", "/org/gnome/ScreenSaver", "org.gnome.ScreenSaver", "ActiveChanged", "screensaver"),
        (
            "org.freedesktop.login1",
            "/org/freedesktop/login1",
            "org.freedesktop.login1.Manager",
            "PrepareForSleep",
            "suspend",
        ),
    ],
)
def test_dbus_signal_locks_the_app(
    qtbot, make_shell, vault_dir, private_bus, name, path, interface, member, reason
) -> None:
    # Connection names are process-wide: a reused name would return a dead connection.
    bus = QDBusConnection.connectToBus(private_bus, f"monitor-{uuid.uuid4()}")
    monitor = SystemLockMonitor(session_bus=bus, system_bus=bus)
    make_vault(vault_dir)
    shell = make_shell(vault_path=vault_dir, lock_monitor=monitor, watch_system=True)
    assert "login1.PrepareForSleep" in monitor.sources
    unlock(qtbot, shell, PASSPHRASE)
    with qtbot.waitSignal(shell.locked, timeout=10_000) as blocker:
        _emit(private_bus, name, path, interface, member, True)
    assert blocker.args == [reason]
    assert shell.is_locked


def test_no_bus_is_fine(qtbot) -> None:
    missing = QDBusConnection.connectToBus("unix:path=/nonexistent/bus", "missing-bus")
    monitor = SystemLockMonitor(session_bus=missing, system_bus=missing)
    assert monitor.start() == []
