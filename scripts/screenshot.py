"""Screenshots of a reproduction's pages with headless Chromium (to look at them without a browser).

    python scripts/screenshot.py outputs/晋城市应急管理局-2026 [--out shots/] [--width 1280] [--height 2400]

Writes <page>.png for index.html and every NN_*.html page of the folder.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars"]


def browser() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        if shutil.which(name):
            return shutil.which(name)
    raise SystemExit("screenshot: chromium not found (apt-get install chromium)")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="a reproduction folder (holding index.html)")
    parser.add_argument("--out", type=Path, help="where the PNGs go (default: FOLDER/screenshots)")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=2400)
    args = parser.parse_args(argv)
    pages = [args.folder / "index.html", *sorted(args.folder.glob("[0-9][0-9]_*.html"))]
    pages = [p for p in pages if p.exists()]
    if not pages:
        print(f"screenshot: no index.html or NN_*.html in {args.folder}", file=sys.stderr)
        return 2
    out = args.out or args.folder / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    command = browser()
    with tempfile.TemporaryDirectory(prefix="chromium-") as profile:
        for page in pages:
            target = out / f"{page.stem}.png"
            subprocess.run(
                [command, *FLAGS, f"--user-data-dir={profile}", f"--window-size={args.width},{args.height}",
                 f"--screenshot={target}", page.resolve().as_uri()],
                check=True, capture_output=True, timeout=120,
            )
            print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
