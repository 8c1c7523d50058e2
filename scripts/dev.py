#!/usr/bin/env python3
"""The two set-up commands of the README, for a fresh machine (Linux or Windows):

    python3 scripts/dev.py run     # start NeighborCenter (extra arguments go to the app)
    python3 scripts/dev.py test    # run the whole test suite (extra arguments go to pytest)

Both make a virtual environment in .venv, install the project into it (again only when
pyproject.toml changed), compile the translation catalogs, and on Debian/Ubuntu install the
system packages Qt and the tests need (a Simplified Chinese TrueType font, poppler, Qt's X
libraries) when they are missing and this user may (root, or sudo without a password).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
WINDOWS = os.name == "nt"

# What Qt (offscreen or on a screen) and the tests need on Debian/Ubuntu.
DEBIAN_RUNTIME = [
    "fonts-wqy-microhei",  # Simplified Chinese TrueType font (screens and PDFs)
    "libegl1", "libgl1", "libfontconfig1", "libglib2.0-0", "libdbus-1-3", "libxkbcommon0",
    "libxkbcommon-x11-0", "libxcb-cursor0", "libxcb-icccm4", "libxcb-keysyms1",
    "libxcb-image0", "libxcb-render-util0", "libxcb-randr0", "libxcb-shape0",
    "libxcb-xinerama0", "libxcb-xkb1",
]
# poppler reads the PDFs back; zbar decodes the volunteer cards' barcodes; Xvfb and xdotool run
# the real application on a virtual screen and type into it (tests/e2e); imagemagick's import
# takes the screenshots people look at
DEBIAN_TEST = DEBIAN_RUNTIME + ["poppler-utils", "zbar-tools", "xvfb", "xauth", "xdotool",
                                 "imagemagick"]
APT_WAIT_SECONDS = 15 * 60


def say(message: str) -> None:
    print(f"[dev] {message}", flush=True)


def venv_bin(name: str) -> Path:
    if WINDOWS:
        return VENV / "Scripts" / (name + ".exe")
    return VENV / "bin" / name


def ensure_debian_packages(packages: list[str]) -> None:
    if sys.platform != "linux" or not shutil.which("dpkg-query") or not shutil.which("apt-get"):
        return
    missing = []
    for pkg in packages:
        out = subprocess.run(["dpkg-query", "-W", "-f=${Status}", pkg], capture_output=True,
                             text=True)
        if "install ok installed" not in out.stdout:
            missing.append(pkg)
    if not missing:
        return
    if os.geteuid() == 0:
        prefix: list[str] = []
    elif shutil.which("sudo") and subprocess.run(["sudo", "-n", "true"],
                                                 capture_output=True).returncode == 0:
        prefix = ["sudo", "-n"]
    else:
        say("these Debian packages are missing; install them with "
            f"'sudo apt-get install {' '.join(missing)}': {', '.join(missing)}")
        return
    say(f"installing Debian packages: {' '.join(missing)}")
    apt(prefix + ["apt-get", "update", "-qq"])
    apt(prefix + ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing])


def apt(command: list[str]) -> None:
    """Run apt-get; while another apt or dpkg (an update running in the background, a
    software centre) holds its lock, wait for it with a message instead of failing."""
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    deadline = time.monotonic() + APT_WAIT_SECONDS
    said = False
    while True:
        result = subprocess.run(command, env=env, capture_output=True, text=True)
        if result.returncode == 0:
            return
        locked = "Could not get lock" in result.stderr or "is locked" in result.stderr
        if not locked or time.monotonic() > deadline:
            sys.stderr.write(result.stdout + result.stderr)
            raise SystemExit(f"[dev] '{' '.join(command)}' failed (exit {result.returncode})")
        if not said:
            say("another program is installing packages (apt or dpkg); waiting for it to "
                "finish…")
            said = True
        time.sleep(5)


def ensure_venv(extra: str | None) -> None:
    """Install the project (with the test extra for ``test``) when pyproject.toml changed.
    What ``test`` installed also serves ``run``, so the two do not reinstall each other."""
    if not venv_bin("python").exists():
        say("creating the virtual environment .venv")
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    project = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    stamp = VENV / ".neighborcenter-installed"
    installed = stamp.read_text().split() if stamp.exists() else []
    if installed[:1] == [project] and (extra is None or extra in installed[1:]):
        return
    extras = sorted({*installed[1:], extra} - {None}) if installed[:1] == [project] else (
        [extra] if extra else [])
    spec = f".[{','.join(extras)}]" if extras else "."
    say(f"installing NeighborCenter and its dependencies ({spec})")
    subprocess.run([str(venv_bin("python")), "-m", "pip", "install", "--quiet",
                    "--disable-pip-version-check", "-e", spec], check=True, cwd=ROOT)
    stamp.write_text(" ".join([project, *extras]))


def compile_catalogs() -> None:
    subprocess.run([str(venv_bin("python")), str(ROOT / "scripts" / "i18n.py"), "compile"],
                   check=True, cwd=ROOT)


def compile_bytecode() -> None:
    """Compile the package ahead (only what changed): start-up then reads bytecode even
    where PYTHONDONTWRITEBYTECODE is set, as it is on some machines; compiling the ~70
    modules of the first window at every start took a quarter of a second."""
    subprocess.run([str(venv_bin("python")), "-m", "compileall", "-q", "neighborcenter"],
                   check=True, cwd=ROOT, stdout=subprocess.DEVNULL)


def run(args: list[str]) -> int:
    ensure_debian_packages(DEBIAN_RUNTIME)
    ensure_venv(None)
    compile_catalogs()
    compile_bytecode()
    return subprocess.call([str(venv_bin("neighborcenter")), *args])


def test(args: list[str]) -> int:
    ensure_debian_packages(DEBIAN_TEST)
    ensure_venv("test")
    compile_catalogs()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.call([str(venv_bin("python")), "-m", "pytest", *args], cwd=ROOT, env=env)


def main() -> int:
    if len(sys.argv) < 2 or sys.argv[1] not in ("run", "test"):
        print(__doc__)
        return 2
    command, rest = sys.argv[1], sys.argv[2:]
    return run(rest) if command == "run" else test(rest)


if __name__ == "__main__":
    raise SystemExit(main())
