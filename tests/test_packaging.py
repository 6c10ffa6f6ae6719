"""Packaging files agree with each other and with the app (cheap: nothing is frozen here).

The frozen build itself is checked by ``make package && make package-test``
(packaging/smoke_test.py), which is not part of ``make test``.
"""

from __future__ import annotations

import ast
import configparser
import importlib.util
import re
import shutil
import struct
import subprocess
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType

import pytest
import yaml

from tests.support.cli import run_cli

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
WORKFLOWS = ROOT / ".github" / "workflows"


def _load(name: str) -> ModuleType:
    # packaging/ is not a Python package (and must not shadow the `packaging` library).
    spec = importlib.util.spec_from_file_location(f"_pkg_{name}", PACKAGING / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


check_lock = _load("check_lock")


# -- the lock -------------------------------------------------------------------------------------
def test_lock_pins_every_runtime_and_build_dependency_with_hashes():
    assert check_lock.problems() == []


def test_lock_check_reports_a_missing_an_unhashed_and_a_too_old_pin(tmp_path):
    lock = tmp_path / "requirements-build.lock"
    lock.write_text(
        "pyinstaller==6.0.0 \\\n    --hash=sha256:" + "0" * 64 + "\n"
        "reportlab==5.1.0\n"
        "    # via hrd-desk (pyproject.toml)\n",
        encoding="utf-8",
    )
    found = "\n".join(check_lock.problems(lock))
    assert "sqlcipher3 (pyproject.toml) is not in requirements-build.lock" in found
    assert "reportlab==5.1.0 has no --hash" in found
    assert "pyinstaller==6.0.0 in requirements-build.lock does not satisfy pyinstaller>=" in found


def test_the_build_installs_from_the_lock_with_hashes_only():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"pip install .*--require-hashes .*-r \$\(BUILD_LOCK\)", makefile)
    assert "packaging/check_lock.py" in makefile
    for target in ("package", "package-test"):
        assert re.search(rf"^{target}:.*## ", makefile, re.MULTILINE), f"{target} not in make help"
    windows = (WORKFLOWS / "build-windows.yml").read_text(encoding="utf-8")
    assert "--require-hashes" in windows and "check_lock.py" in windows


# -- the PyInstaller spec -------------------------------------------------------------------------
def _spec_literal(name: str):
    tree = ast.parse((PACKAGING / "hrd-desk.spec").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == name for t in node.targets
        ):
            return ast.literal_eval(node.value)
    raise AssertionError(f"{name} not found in the spec")


def test_spec_keeps_the_platform_plugins_and_no_platform_theme():
    plugins = _spec_literal("QT_PLUGINS")
    for platform in ("qxcb", "qwayland", "qoffscreen", "qcocoa", "qwindows"):
        assert platform in plugins["platforms"]
    # GTK/portal themes bring native file dialogs that write recently-used.xbel.
    assert "platformthemes" not in plugins
    excludes = _spec_literal("EXCLUDES")
    for dev in ("pytest", "hypothesis", "pypdf", "PyInstaller", "hrd_desk.i18n_build"):
        assert dev in excludes


def test_spec_refers_to_files_that_exist():
    spec = (PACKAGING / "hrd-desk.spec").read_text(encoding="utf-8")
    for rel in re.findall(r'ROOT / "packaging" / "([^"]+)" / "([^"]+)"', spec):
        assert (PACKAGING / rel[0] / rel[1]).is_file(), rel
    assert 'ROOT / "packaging" / "launcher.py"' in spec and (PACKAGING / "launcher.py").is_file()
    compile(spec, "hrd-desk.spec", "exec")  # at least valid Python


# -- Linux desktop integration ----------------------------------------------------------------------
def _desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(PACKAGING / "linux" / "hrd-desk.desktop", encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_entry_has_the_required_keys_and_no_document_hooks():
    entry = _desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Name"] == "HRD Desk"
    assert entry["Terminal"] == "false"
    assert entry["Categories"].endswith(";")
    # No MimeType and no file field codes: no file manager offers vault files to the app,
    # and no desktop records them in a "recent documents" list on its behalf.
    assert "MimeType" not in entry
    assert not re.search(r"%[fFuU]", entry["Exec"])
    # The icon name, the Wayland app id (setDesktopFileName) and the X11 class all match.
    assert entry["Icon"] == entry["StartupWMClass"] == "hrd-desk"
    app_py = (ROOT / "hrd_desk" / "ui" / "app.py").read_text(encoding="utf-8")
    assert 'setDesktopFileName("hrd-desk")' in app_py


def test_desktop_entry_passes_desktop_file_validate():
    tool = shutil.which("desktop-file-validate")
    if tool is None:
        pytest.skip("desktop-file-validate not installed (Debian: desktop-file-utils)")
    proc = subprocess.run(
        [tool, str(PACKAGING / "linux" / "hrd-desk.desktop")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0 and not proc.stdout.strip(), proc.stdout + proc.stderr


def test_icons_are_square_pngs_of_their_named_size_and_the_svg_has_no_text():
    pngs = sorted((ROOT / "resources" / "icons").glob("hrd-desk-*.png"))
    assert {16, 32, 48, 128, 256} <= {int(p.stem.rsplit("-", 1)[1]) for p in pngs}
    for png in pngs:
        data = png.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = struct.unpack(">II", data[16:24])
        assert width == height == int(png.stem.rsplit("-", 1)[1]), png.name
    svg = ET.parse(ROOT / "resources" / "icons" / "hrd-desk.svg").getroot()  # noqa: S314 - our file
    assert not [el for el in svg.iter() if el.tag.endswith("}text")]


# -- other platforms ------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["build-linux.yml", "build-windows.yml", "build-macos.yml"])
def test_workflow_parses_builds_and_runs_the_smoke_test(name):
    workflow = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    steps = workflow["jobs"]["package"]["steps"]
    runs = "\n".join(step.get("run", "") for step in steps)
    assert "package-test" in runs or "packaging/smoke_test.py" in runs
    assert "hrd-desk.spec" in runs or "make package" in runs
    assert workflow["permissions"] == {"contents": "read"}
    for step in steps:
        if "uses" in step:  # third-party code runs with our token: pinned to a commit
            assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", step["uses"]), step["uses"]


def test_inno_setup_script_installs_the_bundle_and_registers_no_file_types():
    iss = (PACKAGING / "windows" / "hrd-desk.iss").read_text(encoding="utf-8")
    assert 'Source: "dist\\hrd-desk\\*"' in iss
    assert "AppId={{" in iss
    assert "[Registry]" not in iss and "ChangesAssociations" not in iss


def test_version_has_one_source():
    with (ROOT / "pyproject.toml").open("rb") as fh:
        project = tomllib.load(fh)["project"]
    assert "version" in project and "version" not in project.get("dynamic", [])
    init = (ROOT / "hrd_desk" / "__init__.py").read_text(encoding="utf-8")
    assert 'metadata.version("hrd-desk")' in init
    spec = (PACKAGING / "hrd-desk.spec").read_text(encoding="utf-8")
    assert "copy_metadata(DIST_NAME)" in spec


# -- the GUI's smoke-test hook (used on the frozen build) --------------------------------------------
def test_gui_smoke_hook_quits_cleanly_and_pictures_the_unlock_window(vault, tmp_path):
    shot = tmp_path / "unlock.png"
    proc = run_cli(
        "--vault",
        vault.folder,
        env={
            "QT_QPA_PLATFORM": "offscreen",
            "HRD_DESK_SMOKE_QUIT_MS": "200",
            "HRD_DESK_SMOKE_SHOT": str(shot),
        },
    )
    assert proc.returncode == 0, proc.stderr
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
