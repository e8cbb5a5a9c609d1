"""The real disclosures travel with the project: every file the tests read is in data/real/, its bytes
are those its SOURCES.md names, and nothing in the project reads a folder outside the repository."""
from __future__ import annotations

import hashlib
import re

import pytest

from conftest import REAL, ROOT

FOLDERS = sorted(p for p in REAL.iterdir() if p.is_dir())
DOCUMENTS = sorted(REAL.glob("*/*.pdf"))


def sources(folder) -> dict[str, str]:
    """File name -> sha256 from a folder's SOURCES.md table rows."""
    rows = {}
    for line in (folder / "SOURCES.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        digests = [c for c in cells if re.fullmatch(r"[0-9a-f]{64}", c)]
        if digests and cells[0].endswith(".pdf"):
            rows[cells[0]] = digests[0]
    return rows


def test_every_family_folder_says_where_its_documents_come_from():
    assert {p.name for p in FOLDERS} >= {"shanghai", "jiangsu", "shanghai-final"}
    for folder in FOLDERS:
        listed, present = sources(folder), {p.name for p in folder.glob("*.pdf")}
        assert listed and set(listed) == present, folder.name
        text = (folder / "SOURCES.md").read_text(encoding="utf-8")
        assert " @ " in text and "sha256" in text  # repository, path and commit; digests


@pytest.mark.parametrize("pdf", DOCUMENTS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_each_document_is_the_published_bytes(pdf):
    assert hashlib.sha256(pdf.read_bytes()).hexdigest() == sources(pdf.parent)[pdf.name]


def test_nothing_reads_a_folder_outside_the_repository():
    outside = re.compile("|".join([
        re.escape("shared" + "/"),                # a path through the steering folder
        r"""["']shared["']\s*/""",               # ... built with pathlib
        r"""\.\./\.\./""",                        # two levels up from a notebook or test
        r"""parents\[2\]""",                      # the folder that holds the clone
        r"""ROOT\.parent\b""",
    ]))
    places = [p for top in ("budgetlib", "tests", "notebooks", "benchmarks", "scripts", ".ci")
              for p in (ROOT / top).rglob("*") if p.is_file() and p.suffix in {".py", ".ipynb", ".cfg", ".sh", ""}
              and ".ipynb_checkpoints" not in p.parts and "__pycache__" not in p.parts]
    places += [ROOT / "Makefile"]
    hits = [f"{p.relative_to(ROOT)}:{n}: {line.strip()[:80]}"
            for p in places for n, line in enumerate(p.read_text(encoding="utf-8", errors="replace").splitlines(), 1)
            if outside.search(line) and p.name != "test_real_data.py"]
    assert not hits, "\n".join(hits)
