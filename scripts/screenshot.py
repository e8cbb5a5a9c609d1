"""Screenshots of a reproduction's pages with headless Chromium (to look at them without a browser).

    python scripts/screenshot.py outputs/<unit>-<year> [--out shots/] [--width 1280] [--height 2400]
    python scripts/screenshot.py --readme        # reproduce the bundled disclosure, then docs/screenshots/*.png

Writes <page>.png for index.html and every NN_*.html page of the folder. --readme makes the two small
PNGs the README shows (the index and the page holding the goal tables), so they are never edited by hand.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from budgetlib import browser

README_SHOTS = Path(__file__).resolve().parents[1] / "docs" / "screenshots"
README_WIDTH = 720  # pixels of the PNGs in the README (taken at 1280, scaled down)


def readme_shots(chromium: str) -> int:
    """Reproduce the bundled disclosure into a temporary folder; shoot its index and its longest section."""
    from PIL import Image

    from budgetlib.reproduce import reproduce

    with tempfile.TemporaryDirectory(prefix="budgetlib-shots-") as folder:
        run = reproduce(out=folder, progress=False)
        sections = sorted(run.out_dir.glob("[0-9][0-9]_section.html"), key=lambda p: p.stat().st_size)
        README_SHOTS.mkdir(parents=True, exist_ok=True)
        for name, page in (("index", run.out_dir / "index.html"), ("section", sections[-1])):
            raw = Path(folder) / f"{name}.png"
            shoot(chromium, page, raw, 1280, 1400)
            image = Image.open(raw)
            image = image.resize((README_WIDTH, round(image.height * README_WIDTH / image.width)))
            image.convert("P", palette=Image.ADAPTIVE, colors=128).save(README_SHOTS / f"{name}.png", optimize=True)
            print(f"wrote {README_SHOTS / f'{name}.png'}")
    return 0


def shoot(chromium: str, page: Path, target: Path, width: int, height: int) -> None:
    with tempfile.TemporaryDirectory(prefix="chromium-") as profile:
        subprocess.run(
            browser.command(chromium, profile, "--hide-scrollbars", f"--window-size={width},{height}",
                            f"--screenshot={target}", page.resolve().as_uri()),
            check=True, capture_output=True, timeout=120,
        )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, nargs="?", help="a reproduction folder (holding index.html)")
    parser.add_argument("--readme", action="store_true", help="the README's two PNGs in docs/screenshots/")
    parser.add_argument("--out", type=Path, help="where the PNGs go (default: FOLDER/screenshots)")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=2400)
    args = parser.parse_args(argv)
    if args.readme == (args.folder is not None):
        parser.error("give a reproduction folder or --readme")
    chromium = browser.find()
    if chromium is None:  # a machine without a browser (no root, no apt): skipped, not failed
        print(f"screenshot: skipped, {browser.MISSING}", file=sys.stderr)
        return 0
    if args.readme:
        return readme_shots(chromium)
    pages = [args.folder / "index.html", *sorted(args.folder.glob("[0-9][0-9]_*.html"))]
    pages = [p for p in pages if p.exists()]
    if not pages:
        print(f"screenshot: no index.html or NN_*.html in {args.folder}", file=sys.stderr)
        return 2
    out = args.out or args.folder / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    for page in pages:
        target = out / f"{page.stem}.png"
        shoot(chromium, page, target, args.width, args.height)
        print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
