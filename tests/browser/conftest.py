"""A real browser for the dashboard: Playwright driving Debian's Chromium, installed on demand.

Chromium comes from apt (`/usr/bin/chromium`), never from `playwright install`. Where it is missing and
cannot be installed (not root, no apt) the browser tests are skipped with the reason, except under
CI=true, where that is a failure.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn

CHROMIUM = Path("/usr/bin/chromium")
# Where the walks leave a screenshot of each screen for a reviewer (git-ignored; BROWSER_SCREENSHOTS=dir
# puts them elsewhere).
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
_install_lock = threading.Lock()
# ReDoc's attribution logo is an image on its CDN: the reference pages' policy refuses it (nothing is
# loaded from elsewhere) and ReDoc hides it, so that one refusal is meant.
REFUSED_ON_PURPOSE = "https://cdn.redoc.ly/redoc/logo-mini.svg"


def _run(command: list[str]) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=900, check=False)


def install_chromium() -> str | None:
    """Make sure /usr/bin/chromium exists; the reason it cannot, or None when it is there."""
    with _install_lock:
        if CHROMIUM.exists():
            return None
        if os.geteuid() != 0:
            return "Chromium is not installed and installing it needs root: run `apt-get install chromium`."
        if shutil.which("apt-get") is None:
            return "Chromium is not installed and there is no apt-get to install it with."
        update = _run(["apt-get", "update"])
        install = _run(["apt-get", "install", "-y", "chromium"])
        if CHROMIUM.exists():
            return None
        output = (update.stderr + install.stdout + install.stderr).strip().splitlines()[-5:]
        return "`apt-get install -y chromium` did not install /usr/bin/chromium: " + " | ".join(output)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    reason = install_chromium()
    if reason is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason} (the browser tests are mandatory under CI=true)")
        pytest.skip(reason)
    return str(CHROMIUM)


@pytest.fixture
def browser_page(chromium_path: str, tmp_path: Path) -> Iterator[Any]:
    """A fresh headless Chromium profile and one page in it."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path / "chromium-profile"),
            executable_path=chromium_path,
            headless=True,
            args=CHROMIUM_FLAGS,
            viewport={"width": 1280, "height": 900},
        )
        try:
            page = context.pages[0] if context.pages else context.new_page()
            page.set_default_timeout(15_000)
            # A page the Content-Security-Policy broke (a blocked script or style) fails the test.
            blocked: list[str] = []
            page.on(
                "console",
                lambda message: (
                    blocked.append(message.text)
                    if "Content Security Policy" in message.text and REFUSED_ON_PURPOSE not in message.text
                    else None
                ),
            )
            yield page
            assert not blocked, f"the Content-Security-Policy blocked part of a page: {blocked}"
        finally:
            context.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    folder = Path(os.environ.get("BROWSER_SCREENSHOTS") or SCREENSHOTS)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def only_loopback(page: Any) -> list[str]:
    """Refuse every request the page makes off this machine (as on a machine without internet);
    the list fills with the addresses it tried."""
    tried: list[str] = []

    def route(request_route: Any) -> None:
        url = request_route.request.url
        if url.startswith(("http://127.0.0.1", "http://localhost", "data:", "blob:")):
            request_route.continue_()
        else:
            tried.append(url)
            request_route.abort()

    page.route("**/*", route)
    return tried


class BackgroundServer:
    """uvicorn serving an app in a thread on a free loopback port (known before the app is built, so
    the app's settings can carry its public URL)."""

    def __init__(self) -> None:
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._socket.bind(("127.0.0.1", 0))
        self.port = self._socket.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    def start(self, app: Any) -> BackgroundServer:
        self._server = uvicorn.Server(uvicorn.Config(app, log_config=None, lifespan="off"))
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [self._socket]}, name="uvicorn", daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + 15
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        if self._server is not None and self._thread is not None:
            self._server.should_exit = True
            self._thread.join(timeout=10)
        self._socket.close()
