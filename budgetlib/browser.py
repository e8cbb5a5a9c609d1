"""Headless Chromium, for the project's own looks at its pages (scripts/screenshot.py, the browser tests).

Chromium refuses to start as root with its sandbox on ("Running as root without --no-sandbox is not
supported"), and containers run as root: `--no-sandbox` is passed then, and only then (an unprivileged
user keeps the sandbox). No Chromium is not a fault of budgetlib: the callers say so in one line
(`MISSING`) and skip what needs it.
"""
from __future__ import annotations

import os
import shutil

NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = ("--headless", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run")
MISSING = "no Chromium on this machine: nothing is opened in a browser (as root: apt-get install chromium)"


def find() -> str | None:
    """The path of the first Chromium (or Chrome) on PATH, or None."""
    for name in NAMES:
        path = shutil.which(name)
        if path:
            return path
    return None


def as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def command(browser: str, profile: os.PathLike | str, *options: str) -> list[str]:
    """The command line of a headless run of `browser` with a throw-away profile folder, then `options`."""
    sandbox = ["--no-sandbox"] if as_root() else []
    return [browser, *FLAGS, *sandbox, f"--user-data-dir={profile}", *options]
