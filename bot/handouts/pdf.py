"""Handout pages printed to PDF by headless Chromium, cached by content.

Why Chromium's own print and not a PDF library: the PDF is then the very page practitioners
see, laid out by the same print CSS (A4, the one-page briefing), so there is one layout to keep
right, and Debian's `chromium` is already installed for the browser tests. It runs as a
separate process per PDF (about 0.8 s, measured in the README), started with a timeout and
killed when it runs over, so a stuck browser cannot hold a server thread; the server calls it
in a worker thread, never on the event loop. The page is written with its two stylesheets into
a private temporary folder and opened from there; it loads nothing else (the pages run no
script and name no other resource).

`PdfCache` keys each PDF on a hash of the HTML it prints, which holds everything the handout
says (content, resolved links, workshop results): a repeated download is served from memory,
and a knowledge reload that changes a handout makes a new PDF on its next download.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import pwd
import shutil
import signal
import subprocess
import tempfile
from collections import OrderedDict
from pathlib import Path

from bot.handouts.pages import STYLESHEET
from bot.settings import ENV_CHROMIUM, chromium_path
from bot.web.html import STATIC_DIR as TRAINER_STATIC
from bot.web.html import STYLESHEET as TRAINER_STYLESHEET

STATIC_DIR = Path(__file__).parent / "static"
UNPRIVILEGED_USER = "nobody"
TIMEOUT_SECONDS = 30.0
CACHE_ENTRIES = 64
"""About 26 cases, audits and themes and their briefings at 50-150 kB each: a few MB."""


class PdfFailed(RuntimeError):
    """The PDF could not be made; the message says why, in words for the reader."""


def chromium_command(chromium: str, page: Path, out: Path, profile: Path) -> list[str]:
    command = [
        chromium,
        "--headless",
        "--disable-gpu",
        "--disable-extensions",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-background-networking",
        f"--user-data-dir={profile}",
        "--no-pdf-header-footer",
        f"--print-to-pdf={out}",
    ]
    return [*unprivileged(profile.parent), *command, page.as_uri()]


def running_as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def unprivileged(home: Path) -> list[str]:
    """What runs Chromium as UNPRIVILEGED_USER when the server is root: Chromium refuses its
    sandbox to root, and printing without the sandbox (--no-sandbox, as this once did) would
    let a Chromium bug run as root. setpriv is util-linux's, on every Debian machine."""
    if not running_as_root():
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        raise PdfFailed(
            "The server runs as root and setpriv (util-linux) is missing, so the PDF printer "
            "cannot run as an unprivileged user; run the server as its own user (deploy/)."
        )
    user = pwd.getpwnam(UNPRIVILEGED_USER)
    return [
        setpriv,
        f"--reuid={user.pw_uid}",
        f"--regid={user.pw_gid}",
        "--clear-groups",
        "--",
        "env",
        f"HOME={home}",
    ]


def hand_over(folder: Path) -> None:
    """Gives the private print folder to the unprivileged user when the server is root (the
    folder stays 0700, so no one else can read the page or the PDF)."""
    if running_as_root():
        user = pwd.getpwnam(UNPRIVILEGED_USER)
        for path in (folder, *folder.iterdir()):
            os.chown(path, user.pw_uid, user.pw_gid)


def copy_stylesheets(folder: Path) -> None:
    """The handout's stylesheet and the trainer one it imports, for a page in `folder`."""
    shutil.copy(STATIC_DIR / STYLESHEET, folder / STYLESHEET)
    shutil.copy(TRAINER_STATIC / TRAINER_STYLESHEET, folder / TRAINER_STYLESHEET)


def print_pdf(html: str, *, timeout: float = TIMEOUT_SECONDS, chromium: str | None = None) -> bytes:
    """The page as a PDF. `html` must name its stylesheet relatively (`handouts.css`), as
    `render_handout(..., stylesheet="handouts.css")` does. Blocks: call it off the event loop."""
    executable = chromium or chromium_path()
    if shutil.which(executable) is None:
        raise PdfFailed(
            f"The PDF printer ({executable}) is not installed on the server: "
            f"run `make browser-deps` there, or set {ENV_CHROMIUM}."
        )
    with tempfile.TemporaryDirectory(prefix="rpa-handout-") as folder:
        root = Path(folder)
        page, out = root / "handout.html", root / "handout.pdf"
        page.write_text(html, encoding="utf-8")
        copy_stylesheets(root)
        hand_over(root)
        # In a session of its own, so a timeout kills the browser and every process it started.
        with subprocess.Popen(
            chromium_command(executable, page, out, root / "profile"),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        ) as browser:
            try:
                status = browser.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(browser.pid, signal.SIGKILL)
                browser.wait()
                raise PdfFailed(
                    f"Printing the PDF took longer than {timeout:.0f} seconds and was stopped."
                ) from None
        if status != 0 or not out.exists() or out.stat().st_size == 0:
            raise PdfFailed(f"The PDF printer stopped with status {status} and made no PDF.")
        return out.read_bytes()


def content_key(html: str) -> str:
    return hashlib.sha256(html.encode("utf-8")).hexdigest()


class PdfCache:
    """PDFs by the hash of their HTML, the most recent `entries` kept. Concurrent requests for
    the same PDF share one print, and at most `concurrency` prints run at once (each is a
    browser process: on a small server two would already take both cores)."""

    def __init__(
        self,
        entries: int = CACHE_ENTRIES,
        timeout: float = TIMEOUT_SECONDS,
        concurrency: int = 1,
        chromium: str | None = None,
    ) -> None:
        self.entries = entries
        self.timeout = timeout
        self.chromium = chromium
        self._pdfs: OrderedDict[str, bytes] = OrderedDict()
        self._printing: dict[str, asyncio.Future[bytes]] = {}
        """The prints under way, by content key."""
        self._concurrency = concurrency
        self._slots: asyncio.Semaphore | None = None
        self.prints = 0
        """How many PDFs were actually printed (the tests check repeats are not)."""

    def cached(self, key: str) -> bytes | None:
        pdf = self._pdfs.get(key)
        if pdf is not None:
            self._pdfs.move_to_end(key)
        return pdf

    def _keep(self, key: str, pdf: bytes) -> None:
        self._pdfs[key] = pdf
        self._pdfs.move_to_end(key)
        while len(self._pdfs) > self.entries:
            self._pdfs.popitem(last=False)

    async def get(self, html: str) -> tuple[str, bytes]:
        """(content key, PDF) for this HTML; PdfFailed when it cannot be printed. The print is
        a task of its own, shared by every request for the same PDF, so a client that goes
        away does not stop the print the others wait for."""
        key = content_key(html)
        pdf = self.cached(key)
        if pdf is not None:
            return key, pdf
        printing = self._printing.get(key)
        if printing is None:
            printing = asyncio.ensure_future(self._print(key, html))
            self._printing[key] = printing
            printing.add_done_callback(lambda done: self._finished(key, done))
        return key, await asyncio.shield(printing)

    def _finished(self, key: str, done: asyncio.Future[bytes]) -> None:
        self._printing.pop(key, None)
        if not done.cancelled():
            done.exception()  # retrieved: no "never retrieved" warning when nobody waits

    async def _print(self, key: str, html: str) -> bytes:
        if self._slots is None:  # made on the server's own loop, at first use
            self._slots = asyncio.Semaphore(self._concurrency)
        async with self._slots:
            pdf = await asyncio.to_thread(
                print_pdf, html, timeout=self.timeout, chromium=self.chromium
            )
        self.prints += 1
        self._keep(key, pdf)
        return pdf

    def print_now(self, html: str) -> bytes:
        """Without the server's loop (the CLI): print, cached all the same."""
        key = content_key(html)
        pdf = self.cached(key)
        if pdf is None:
            pdf = print_pdf(html, timeout=self.timeout, chromium=self.chromium)
            self.prints += 1
            self._keep(key, pdf)
        return pdf
