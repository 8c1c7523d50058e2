"""A virtual screen (Xvfb) with the real application process on it, driven by xdotool.

The keys reach the application as they would from a keyboard: through the X server, the
window that has the focus and Qt's real event loop — no slot of the program is called. This is
what catches a window that closes the application when it hands over to the next one.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

TOOLS = ("Xvfb", "xdotool")


def require_tools() -> None:
    if not sys.platform.startswith("linux"):
        pytest.skip("the real-process tests drive an X server (Linux only)")
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:  # the test command installs them; a run without them must not pass quietly
        pytest.fail(f"missing {', '.join(missing)}: run the tests with "
                    "'python3 scripts/dev.py test', which installs them")


@dataclass(frozen=True)
class Window:
    id: str
    title: str
    width: int
    height: int


class Screen:
    """One Xvfb display of 1366×768, the most common front-desk screen."""

    def __init__(self, tmp: Path, size: str = "1366x768x24") -> None:
        require_tools()
        read, write = os.pipe()
        self.xvfb = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write), "-screen", "0", size, "-nolisten", "tcp"],
            pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(write)
        with os.fdopen(read) as fh:
            number = fh.readline().strip()
        if not number:
            raise RuntimeError("Xvfb did not start")
        self.display = f":{number}"
        self.tmp = tmp
        self.app: subprocess.Popen | None = None

    # -- the application ---------------------------------------------------------------------

    def start_app(self, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen:
        home = self.tmp / "home"
        full_env = {k: v for k, v in os.environ.items()
                    if not k.startswith(("NEIGHBORCENTER_", "QT_QPA"))}
        full_env.update({
            "DISPLAY": self.display, "QT_QPA_PLATFORM": "xcb",
            "XDG_DATA_HOME": str(home / "data"), "XDG_STATE_HOME": str(home / "state"),
            "XDG_CONFIG_HOME": str(home / "config"), "XDG_CACHE_HOME": str(home / "cache"),
        })
        full_env.update(env or {})
        self.log = (self.tmp / "app-output.txt").open("w")
        self.app = subprocess.Popen([sys.executable, "-m", "neighborcenter", "gui", *args],
                                    env=full_env, stdout=self.log, stderr=subprocess.STDOUT)
        return self.app

    def app_alive(self) -> bool:
        return self.app is not None and self.app.poll() is None

    def app_output(self) -> str:
        self.log.flush()
        return (self.tmp / "app-output.txt").read_text(errors="replace")

    def wait_exit(self, timeout: float = 15) -> int:
        assert self.app is not None
        return self.app.wait(timeout)

    # -- windows and keys -----------------------------------------------------------------------

    def _xdotool(self, *args: str) -> str:
        result = subprocess.run(["xdotool", *args], capture_output=True, text=True,
                                env=dict(os.environ, DISPLAY=self.display), timeout=20)
        return result.stdout

    def windows(self) -> list[Window]:
        """The visible top-level windows with a title."""
        found = []
        for wid in self._xdotool("search", "--onlyvisible", "--name", ".").split():
            title = self._xdotool("getwindowname", wid).strip()
            shell = dict(line.split("=", 1) for line in
                         self._xdotool("getwindowgeometry", "--shell", wid).split() if "=" in line)
            if title and "WIDTH" in shell:
                found.append(Window(wid, title, int(shell["WIDTH"]), int(shell["HEIGHT"])))
        return found

    def wait_window(self, title: str, *, min_width: int = 0, max_width: int = 100_000,
                    timeout: float = 30) -> Window:
        """The visible window of that exact title and a width in range; it gets the focus."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.app_alive():
                raise AssertionError(f"the application quit (exit {self.app.returncode}) while "
                                     f"waiting for '{title}':\n{self.app_output()}")
            for window in self.windows():
                if window.title == title and min_width <= window.width <= max_width:
                    self._xdotool("windowfocus", "--sync", window.id)
                    time.sleep(0.8)  # let Qt take the focus in
                    return window
            time.sleep(0.2)
        shot = self.tmp / "timeout.png"
        self.screenshot(shot)
        raise AssertionError(f"no window '{title}' within {timeout} s; visible: {self.windows()}"
                             f"; the screen is in {shot}")

    def type(self, text: str) -> None:
        # Characters outside the keyboard map (Chinese) are typed by remapping a spare key for
        # each; Qt must see the new keyboard map before the key comes, so give them time
        delay = "25" if text.isascii() else "150"
        self._xdotool("type", "--delay", delay, text)

    def key(self, *keys: str, pause: float = 0.15) -> None:
        for key in keys:
            self._xdotool("key", key)
            time.sleep(pause)

    def screenshot(self, path: Path) -> None:
        """For a person to look at (imagemagick's ``import``, where it is installed)."""
        if shutil.which("import"):
            subprocess.run(["import", "-window", "root", str(path)],
                           env=dict(os.environ, DISPLAY=self.display), timeout=30, check=False)

    def close(self) -> None:
        if self.app is not None and self.app.poll() is None:
            self.app.send_signal(signal.SIGTERM)
            try:
                self.app.wait(10)
            except subprocess.TimeoutExpired:
                self.app.kill()
        if self.app is not None:
            self.log.close()
        self.xvfb.terminate()
        self.xvfb.wait(10)
