"""Smoke test of the frozen app (``make package-test``; CI on every platform).

Run it with the build venv's Python (it reads PyInstaller's archive and checks PDFs with
pikepdf), never with the frozen app's. Every run of the frozen program gets a private, empty
HOME, XDG folders and TMPDIR, so the test also shows what the app leaves behind (nothing, is the
goal). Each check prints one line: ``ok``, ``SKIPPED`` with the reason, or ``FAIL``; the last
line counts them. Exit status 1 if anything failed.

    .venv-build/bin/python packaging/smoke_test.py [--dist dist] [--shot FILE.png]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSPHRASE = "demo"  # noqa: S105 - the demo vault's, documented in docs/cli.md
SUMMARY_PASSWORD = "smoke-test summary password 7f3a"  # noqa: S105 - test data
GUI_QUIT_MS = 2500
TIMEOUT_S = 180

#: Path parts that must not appear anywhere in the bundle.
FORBIDDEN_PARTS = {
    "tests",
    "test",
    "conftest.py",
    ".venv",
    ".venv-build",
    ".git",
    ".pytest_cache",
    ".hypothesis",
    ".ruff_cache",
    "pyproject.toml",
    "Makefile",
    "direct_url.json",
}
FORBIDDEN_SUFFIXES = {".po", ".pot", ".spec"}
#: Module prefixes that must not be in the frozen Python archive.
FORBIDDEN_MODULES = (
    "tests",
    "test",
    "pytest",
    "_pytest",
    "pytestqt",
    "hypothesis",
    "pypdf",
    "pdfminer",
    "ruff",
    "PyInstaller",
    "pip",
    "setuptools",
    "pkg_resources",
    "tkinter",
    "hrd_desk.i18n_build",
    "PySide6.QtNetwork",
)


# -- the bundle's layout on each platform -------------------------------------------------------
@dataclass
class Bundle:
    top: Path  # what a user gets: dist/hrd-desk or dist/HRD Desk.app
    internal: Path  # sys._MEIPASS
    cli: Path  # the program for the command line
    gui: Path  # the program for the GUI

    @classmethod
    def find(cls, dist: Path) -> Bundle:
        if sys.platform == "darwin":
            top = dist / "HRD Desk.app"
            exe = top / "Contents" / "MacOS" / "hrd-desk"
            return cls(top, top / "Contents" / "Frameworks", exe, exe)
        top = dist / "hrd-desk"
        if sys.platform == "win32":
            return cls(top, top / "_internal", top / "hrd-desk-cli.exe", top / "hrd-desk.exe")
        return cls(top, top / "_internal", top / "hrd-desk", top / "hrd-desk")


# -- reporting ----------------------------------------------------------------------------------
@dataclass
class Report:
    passed: int = 0
    failed: int = 0
    skipped: int = 0
    notes: list[str] = field(default_factory=list)

    def ok(self, what: str) -> None:
        self.passed += 1
        print(f"ok       {what}", flush=True)

    def fail(self, what: str) -> None:
        self.failed += 1
        print(f"FAIL     {what}", flush=True)

    def skip(self, what: str) -> None:
        self.skipped += 1
        print(f"SKIPPED  {what}", flush=True)

    def check(self, condition: bool, what: str, detail: str = "") -> bool:
        if condition:
            self.ok(what)
        else:
            self.fail(f"{what}{': ' + detail if detail else ''}")
        return condition


class Sandbox:
    """Private HOME/XDG/TMPDIR for the frozen program, and a way to run it."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self.home = base / "home"
        self.tmp = base / "tmp"
        self.runtime = base / "run"
        for d in (self.home, self.tmp, self.runtime):
            d.mkdir(mode=0o700, parents=True)

    def env(self, **extra: str) -> dict[str, str]:
        # No Qt settings, smoke hooks or display of the caller's session leak in.
        drop = ("QT_", "HRD_DESK_", "DISPLAY", "WAYLAND_DISPLAY", "XAUTHORITY")
        env = {k: v for k, v in os.environ.items() if not k.startswith(drop)}
        env.update(
            HOME=str(self.home),
            USERPROFILE=str(self.home),
            APPDATA=str(self.home / "AppData" / "Roaming"),
            LOCALAPPDATA=str(self.home / "AppData" / "Local"),
            XDG_CONFIG_HOME=str(self.home / ".config"),
            XDG_DATA_HOME=str(self.home / ".local" / "share"),
            XDG_CACHE_HOME=str(self.home / ".cache"),
            XDG_STATE_HOME=str(self.home / ".local" / "state"),
            XDG_RUNTIME_DIR=str(self.runtime),
            TMPDIR=str(self.tmp),
            TEMP=str(self.tmp),
            TMP=str(self.tmp),
            LANG="C.UTF-8",
            LC_ALL="C.UTF-8",
        )
        env.update(extra)
        return env

    def run(
        self,
        exe: Path,
        args: Sequence[str],
        stdin: str | None = None,
        env: dict[str, str] | None = None,
        prefix: Sequence[str] = (),
    ) -> subprocess.CompletedProcess[str]:
        cmd = [*prefix, str(exe), *args]
        try:
            return subprocess.run(
                cmd,
                input=stdin,
                capture_output=True,
                text=True,
                encoding="utf-8",
                errors="replace",
                env=env or self.env(),
                timeout=TIMEOUT_S,
                check=False,
                cwd=self.base,
            )
        except subprocess.TimeoutExpired:
            # e.g. a windowed Windows build showing an error dialog nobody will close
            return subprocess.CompletedProcess(cmd, -1, "", f"no exit within {TIMEOUT_S} s")


def _shown(proc: subprocess.CompletedProcess[str]) -> str:
    text = (proc.stdout + proc.stderr).strip().replace("\n", " | ")
    return f"exit {proc.returncode}: {text[:600]}"


# -- checks -------------------------------------------------------------------------------------
def check_contents(r: Report, b: Bundle, version: str) -> None:
    files = [p for p in b.top.rglob("*")]
    bad = [
        p.relative_to(b.top)
        for p in files
        if FORBIDDEN_PARTS & set(p.relative_to(b.top).parts) or p.suffix in FORBIDDEN_SUFFIXES
    ]
    r.check(
        not bad, "no tests, venvs, sources of the build or dev files in the bundle", str(bad[:10])
    )

    modules = frozen_modules(b.cli)
    banned = sorted(
        m for m in modules if any(m == p or m.startswith(p + ".") for p in FORBIDDEN_MODULES)
    )
    r.check(
        not banned, "no test, dev or build-tool modules in the frozen archive", str(banned[:10])
    )
    source_cli = {f"hrd_desk.cli.{p.stem}" for p in (ROOT / "hrd_desk" / "cli").glob("*_cmds.py")}
    r.check(
        source_cli <= modules,
        "every CLI command module of the source tree is frozen",
        str(sorted(source_cli - modules)),
    )

    meta = b.internal / f"hrd_desk-{version}.dist-info" / "METADATA"
    r.check(meta.is_file(), f"hrd-desk {version} metadata bundled (importlib.metadata)")

    need = [
        ("resources/fonts", "*.ttf"),
        ("resources/icons", "hrd-desk-*.png"),
        ("licenses", "THIRD-PARTY.txt"),
        ("hrd_desk/cases/migrations", "*.sql"),
    ]
    missing = [f"{d}/{g}" for d, g in need if not list((b.internal / d).glob(g))]
    r.check(not missing, "resources (fonts, icons), licences and migrations bundled", str(missing))
    source_sql = {p.name for p in (ROOT / "hrd_desk" / "cases" / "migrations").glob("*.sql")}
    frozen_sql = {p.name for p in (b.internal / "hrd_desk" / "cases" / "migrations").glob("*.sql")}
    r.check(source_sql == frozen_sql, "the bundle has the source tree's migrations, no more")

    pos = sorted((ROOT / "translations").glob("*/LC_MESSAGES/*.po"))
    mos = [b.internal / p.relative_to(ROOT).with_suffix(".mo") for p in pos]
    absent = [str(m.relative_to(b.internal)) for m in mos if not m.is_file()]
    if pos:
        r.check(not absent, f"compiled translations bundled ({len(mos)} catalogs)", str(absent))
    else:
        r.skip("compiled translations: the source tree has no translations/*/LC_MESSAGES/*.po yet")

    plugins = b.internal / "PySide6" / "Qt" / "plugins"
    if sys.platform == "win32":
        plugins = b.internal / "PySide6" / "plugins"
    wanted = {
        "linux": ["platforms/libqoffscreen.so", "platforms/libqxcb.so", "platforms/libqwayland*"],
        "darwin": ["platforms/libqcocoa.dylib", "platforms/libqoffscreen.dylib"],
        "win32": ["platforms/qwindows.dll", "platforms/qoffscreen.dll"],
    }.get(sys.platform if sys.platform in ("darwin", "win32") else "linux", [])
    lacking = [w for w in wanted if not list(plugins.glob(w))]
    r.check(not lacking, "Qt platform plugins bundled: " + ", ".join(wanted), str(lacking))
    themes = list(plugins.glob("platformthemes/*"))
    r.check(
        not themes,
        "no Qt platform themes (native GTK/portal file dialogs write recently-used.xbel)",
        str(themes),
    )

    ext = sorted(b.internal.glob("sqlcipher3/_sqlite3*"))
    ok = bool(ext) and b"sqlcipher" in ext[0].read_bytes().lower()
    r.check(ok, "sqlcipher3's SQLCipher library is in the bundle", str(ext))
    if ok and sys.platform.startswith("linux") and shutil.which("ldd"):
        deps = subprocess.run(["ldd", str(ext[0])], capture_output=True, text=True, check=False)
        outside = [
            line.strip()
            for line in deps.stdout.splitlines()
            if "not found" in line or re.search(r"libsq(lite|lcipher)", line)
        ]
        r.check(not outside, "SQLCipher needs no system libsqlite3/libsqlcipher", str(outside))


def frozen_modules(exe: Path) -> set[str]:
    """Module names in the frozen app's Python archive (PYZ), read with PyInstaller's reader."""
    from PyInstaller.archive.readers import CArchiveReader, ZlibArchiveReader

    pkg = CArchiveReader(str(exe))
    names: set[str] = set()
    for name in pkg.toc:
        if name.startswith("PYZ") and name.endswith(".pyz"):
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / name
                path.write_bytes(pkg.extract(name))
                names |= set(ZlibArchiveReader(str(path)).toc)
    if not names:  # Windows/macOS keep the PYZ beside the executable in onedir builds
        for path in exe.parent.rglob("*.pyz"):
            names |= set(ZlibArchiveReader(str(path)).toc)
    return names


def check_version(r: Report, sb: Sandbox, b: Bundle, version: str) -> None:
    proc = sb.run(b.cli, ["--version"])
    r.check(
        proc.returncode == 0 and proc.stdout.strip() == f"hrd-desk {version}",
        f"--version reports {version} (pyproject.toml)",
        _shown(proc),
    )


def make_demo_vault(r: Report, sb: Sandbox, b: Bundle, vault: Path) -> bool:
    started = time.monotonic()
    proc = sb.run(b.cli, ["demo", str(vault), "--cases", "20"])
    ok = proc.returncode == 0 and (vault / "vault.db").is_file()
    r.check(ok, f"demo vault with 20 defenders ({time.monotonic() - started:.1f} s)", _shown(proc))
    if ok:
        head = (vault / "vault.db").read_bytes()[:16]
        r.check(
            head != b"SQLite format 3\x00",
            "vault.db is encrypted (no plain SQLite header): SQLCipher loaded and keyed",
        )
    return ok


def check_vault(r: Report, sb: Sandbox, b: Bundle, vault: Path) -> None:
    proc = sb.run(b.cli, ["check", str(vault), "--passphrase-stdin"], stdin=PASSPHRASE + "\n")
    r.check(
        proc.returncode == 0 and proc.stdout.startswith("OK"),
        "check: integrity, schema and audit chain verified",
        _shown(proc),
    )
    proc = sb.run(b.cli, ["check", str(vault), "--passphrase-stdin"], stdin="not the passphrase\n")
    r.check(proc.returncode == 3, "check with a wrong passphrase exits 3", _shown(proc))


def run_gui(
    r: Report,
    sb: Sandbox,
    b: Bundle,
    vault: Path,
    shot: Path,
    platform: str,
    prefix: Sequence[str] = (),
    **extra_env: str,
) -> None:
    """Qt aborts when an explicitly named platform plugin cannot load: no silent fallback."""
    env = sb.env(
        QT_QPA_PLATFORM=platform,
        HRD_DESK_SMOKE_QUIT_MS=str(GUI_QUIT_MS),
        HRD_DESK_SMOKE_SHOT=str(shot),
        **extra_env,
    )
    shot.unlink(missing_ok=True)
    started = time.monotonic()
    proc = sb.run(b.gui, ["--vault", str(vault)], env=env, prefix=prefix)
    took = time.monotonic() - started
    problems = [
        line
        for line in proc.stderr.splitlines()
        if re.search(r"Traceback|Could not (load|find) the Qt platform|Cannot load library", line)
    ]
    r.check(
        proc.returncode == 0 and not problems,
        f"GUI ({platform}) starts on the vault and quits cleanly ({took:.1f} s)",
        _shown(proc),
    )
    r.check(shot.is_file() and shot.stat().st_size > 1000, f"GUI ({platform}) screenshot: {shot}")


def linux_displays(r: Report, sb: Sandbox, b: Bundle, vault: Path, shot: Path) -> None:
    """The GUI on a real X server (Xvfb) and a real Wayland compositor (headless Weston)."""
    x11 = shot.with_name(shot.name.replace("offscreen", "x11"))
    if shutil.which("xvfb-run"):
        run_gui(r, sb, b, vault, x11, "xcb", prefix=("xvfb-run", "-a"))
    else:
        r.skip("GUI on X11: xvfb-run is not installed (Debian: apt-get install xvfb xauth)")
    if not shutil.which("weston"):
        r.skip("GUI on Wayland: weston is not installed (Debian: apt-get install weston)")
        return
    socket = "wayland-hrd-smoke"
    env = sb.env()
    compositor = subprocess.Popen(
        ["weston", "--backend=headless-backend.so", f"--socket={socket}", "--idle-time=0"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 20
        while not (sb.runtime / socket).exists() and time.monotonic() < deadline:
            if compositor.poll() is not None:
                break
            time.sleep(0.1)
        if not (sb.runtime / socket).exists():
            r.fail("GUI on Wayland: headless weston did not start")
            return
        wayland = shot.with_name(shot.name.replace("offscreen", "wayland"))
        run_gui(r, sb, b, vault, wayland, "wayland", WAYLAND_DISPLAY=socket)
    finally:
        compositor.terminate()
        compositor.wait(timeout=10)


def check_summary(r: Report, sb: Sandbox, b: Bundle, vault: Path, work: Path) -> None:
    help_text = sb.run(b.cli, ["--help"]).stdout
    if not re.search(r"^\s+summary\b", help_text, re.MULTILINE):
        r.skip(
            "encrypted summary: `hrd-desk --help` lists no `summary` command yet, so no summary "
            "was built and nothing was decrypted (runs by itself once the command exists)"
        )
        return
    import pikepdf
    import pyrage

    export = work / "records.json"
    proc = sb.run(
        b.cli,
        ["export-records", str(vault), str(export), "--plaintext", "--passphrase-stdin"],
        stdin=PASSPHRASE + "\n",
    )
    if not r.check(proc.returncode == 0, "export-records (to pick defenders)", _shown(proc)):
        return
    defenders = [d["id"] for d in json.loads(export.read_text(encoding="utf-8"))["defenders"]]
    export.unlink()
    password_file = work / "summary-password.txt"
    password_file.write_text(SUMMARY_PASSWORD + "\n", encoding="utf-8")

    def summary(defender: str, out: Path, *how: str) -> subprocess.CompletedProcess[str]:
        args = ["summary", str(vault), defender, "--out", str(out), *how, "--passphrase-stdin"]
        return sb.run(b.cli, args, stdin=PASSPHRASE + "\n")

    # Some demo defenders' consent forbids summaries (exit 1): take the first one it allows.
    out = work / "summary.pdf"
    for refused, defender in enumerate(defenders):  # noqa: B007 - reported below
        proc = summary(defender, out, "--password-file", str(password_file))
        if proc.returncode != 1:
            break
    else:
        r.fail(f"summary refused for all {len(defenders)} demo defenders")
        return
    if not r.check(
        proc.returncode == 0 and out.is_file(),
        f"summary with a password file written ({refused} defenders refused first)",
        _shown(proc),
    ):
        return
    try:
        pikepdf.open(out).close()
        r.fail("the summary PDF opens WITHOUT its password")
    except pikepdf.PasswordError:
        r.ok("the summary PDF does not open without its password")
    with pikepdf.open(out, password=SUMMARY_PASSWORD) as pdf:
        enc = pdf.encryption
        pages = len(pdf.pages)
        fonts = {
            str(font.get("/BaseFont"))
            for page in pdf.pages
            for font in page.obj.get("/Resources", {}).get("/Font", {}).values()
        }
        r.check(
            pdf.is_encrypted and enc.R >= 6 and enc.stream_method.name == "aesv3" and pages >= 1,
            f"it decrypts with the password (R{enc.R} {enc.stream_method.name}, {pages} pages)",
        )
    r.check(
        any("NotoSans" in f for f in fonts),
        "it embeds the bundled Noto fonts (resources/ found in the frozen app)",
        str(sorted(fonts)),
    )

    identity = pyrage.x25519.Identity.generate()
    age_out = work / "summary-age.pdf.age"
    proc = summary(defender, age_out, "--recipient", str(identity.to_public()))
    written = sorted(work.glob("summary-age*"))
    if r.check(
        proc.returncode == 0 and written, "summary for an age recipient written", _shown(proc)
    ):
        try:
            plain = pyrage.decrypt(written[0].read_bytes(), [identity])
        except pyrage.DecryptError as exc:
            plain = f"DecryptError {exc}".encode()
        r.check(
            plain.startswith(b"%PDF"),
            "it decrypts to a PDF with the recipient's age identity",
            repr(plain[:40]),
        )


def xbel_state() -> str | None:
    path = Path.home() / ".local" / "share" / "recently-used.xbel"
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None


def check_traces(r: Report, sb: Sandbox, vault: Path, xbel_before: str | None) -> None:
    xbel = list(sb.home.rglob("recently-used.xbel"))
    r.check(not xbel, "no recently-used.xbel written (sandbox HOME)", str(xbel))
    r.check(xbel_state() == xbel_before, "the real ~/.local/share/recently-used.xbel is unchanged")
    leftovers = [p for p in sb.tmp.rglob("*")]
    r.check(not leftovers, "nothing left in TMPDIR", str(leftovers[:10]))
    needle = str(vault).encode()
    naming = [p for p in sb.home.rglob("*") if p.is_file() and needle in p.read_bytes()]
    r.check(not naming, "no file in HOME names the vault (no recent lists)", str(naming))
    written = sorted(str(p.relative_to(sb.home)) for p in sb.home.rglob("*") if p.is_file())
    print(f"         files the app wrote in HOME: {written or 'none'}")


def bundle_size(b: Bundle) -> tuple[int, int]:
    files = [p for p in b.top.rglob("*") if p.is_file() and not p.is_symlink()]
    return sum(p.stat().st_size for p in files), len(files)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    parser.add_argument("--shot", type=Path, default=ROOT / "dist" / "smoke-gui-offscreen.png")
    parser.add_argument("--keep", action="store_true", help="keep the sandbox folder")
    args = parser.parse_args(argv)

    with (ROOT / "pyproject.toml").open("rb") as fh:
        version = tomllib.load(fh)["project"]["version"]
    b = Bundle.find(args.dist)
    r = Report()
    if not b.cli.is_file():
        r.fail(f"no frozen program at {b.cli}: run `make package` first")
        return 1
    xbel_before = xbel_state()
    base = Path(tempfile.mkdtemp(prefix="hrd-desk-smoke-"))
    try:
        sb = Sandbox(base)
        vault = base / "vault"
        check_contents(r, b, version)
        check_version(r, sb, b, version)
        if make_demo_vault(r, sb, b, vault):
            check_vault(r, sb, b, vault)
            run_gui(r, sb, b, vault, args.shot.resolve(), "offscreen")
            if sys.platform.startswith("linux"):
                linux_displays(r, sb, b, vault, args.shot.resolve())
            check_summary(r, sb, b, vault, base)
        check_traces(r, sb, vault, xbel_before)
    finally:
        if args.keep:
            print(f"         sandbox kept: {base}")
        else:
            shutil.rmtree(base, ignore_errors=True)
    size, count = bundle_size(b)
    print(f"         bundle: {b.top} — {size / 2**20:.0f} MiB in {count} files")
    print(f"smoke: {r.passed} passed, {r.failed} failed, {r.skipped} skipped")
    return 1 if r.failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
