"""budgetlib.pdf: the seven real Shanghai disclosures, and small PDFs made here for the refusals."""
from __future__ import annotations

import io
from pathlib import Path

import pytest

from budgetlib import pdf
from budgetlib.errors import DisclosureError
from budgetlib.cli import main
from budgetlib.pdf import Table, extract, is_pdf, pdf_to_lines
from conftest import SHANGHAI, real_file

REAL = SHANGHAI
REAL_FILES = sorted(REAL.glob("*.pdf"))
SIFAJU_UNIT = real_file(REAL / "shpt-sifaju-2026-unit.pdf")

_cache: dict[Path, list[str]] = {}


def lines_of(path: Path) -> list[str]:
    if path not in _cache:
        _cache[path] = pdf_to_lines(path)
    return _cache[path]


def table_blocks(lines: list[str]) -> list[list[list[str]]]:
    """Runs of consecutive tab-separated lines (one per printed table), split into cells."""
    blocks, current = [], []
    for line in lines:
        if "\t" in line:
            current.append(line.split("\t"))
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def refusal(path) -> DisclosureError:
    with pytest.raises(DisclosureError) as caught:
        pdf_to_lines(path)
    error = caught.value
    assert "\n" not in str(error) and "Traceback" not in str(error)
    return error


# ---------------------------------------------------------------- small PDFs made here

@pytest.fixture(scope="module")
def made(tmp_path_factory) -> dict[str, Path]:
    """A ruled table drawn with matplotlib, its encrypted and truncated copies, an image-only PDF."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from PIL import Image

    folder = tmp_path_factory.mktemp("pdfs")
    # a fixed Latin font: other tests set a CJK family globally, whose spacing would change the text read back
    with matplotlib.rc_context({"pdf.fonttype": 42, "font.family": "DejaVu Sans"}):
        fig = plt.figure(figsize=(6, 3))
        fig.text(0.05, 0.9, "Budget 2026 cover line")
        xs, ys = [0.1, 0.4, 0.7, 0.95], [0.75, 0.6, 0.45, 0.2]
        for x in xs:
            fig.add_artist(plt.Line2D([x, x], [ys[-1], ys[0]], color="black", lw=0.8))
        for y in ys:
            fig.add_artist(plt.Line2D([xs[0], xs[-1]], [y, y], color="black", lw=0.8))
        cells = [["item", "amount", "note"], ["income", "1,234.50", ""], ["total", "1,234.50", "two\nlines"]]
        for r, row in enumerate(cells):
            for c, text in enumerate(row):
                fig.text(xs[c] + 0.02, (ys[r] + ys[r + 1]) / 2, text, va="center", fontsize=9)
        fig.text(0.05, 0.08, "after the table")
        fig.savefig(folder / "table.pdf")
        plt.close(fig)
    raw = (folder / "table.pdf").read_bytes()
    (folder / "truncated.pdf").write_bytes(raw[: len(raw) // 2])
    Image.new("L", (60, 40), 200).save(folder / "scanned.pdf")
    (folder / "not-a-pdf.pdf").write_bytes(b"PK\x03\x04 a zip, not a PDF")
    return {name: folder / f"{name}.pdf" for name in ("table", "truncated", "scanned", "not-a-pdf")}


@pytest.fixture(scope="module")
def pypdf():
    return pytest.importorskip("pypdf", reason="pypdf (test dependency) writes the encrypted fixtures")


def test_is_pdf():
    assert is_pdf(b"%PDF-1.7\n...")
    assert not is_pdf(b"") and not is_pdf(b"\n%PDF-1.7") and not is_pdf(b"PK\x03\x04")


def test_made_table_rows_and_surrounding_lines(made):
    assert pdf_to_lines(made["table"]) == [
        "Budget 2026 cover line",
        "item\tamount\tnote",
        "income\t1,234.50\t",
        "total\t1,234.50\ttwo lines",  # a Latin cell wrapped over two lines gets its space back
        "after the table",
    ]


def test_cell_text_joins_wrapped_cjk_without_space():
    assert pdf._cell_text("事业单位\n经营收入") == "事业单位经营收入"
    assert pdf._cell_text("机关运行经费预算\n数") == "机关运行经费预算数"
    assert pdf._cell_text("two\nlines") == "two lines"
    assert pdf._cell_text(None) == "" and pdf._cell_text("a\tb") == "a b"


def test_continued_table_is_laid_on_the_previous_columns():
    first = Table(top=70, x1=783, columns=[57, 100, 140, 180, 400], rows=[["212", "01", "01", "行政运行", "1"]])
    total = Table(top=70, x1=783.5, columns=[57, 400], rows=[["合计", "5"]])
    assert pdf._stitch([[(70, first)], [(70, total)]])[-1] == "合计\t\t\t\t5"
    # a title between the two parts: a new table, left as it is
    assert pdf._stitch([[(70, first)], [(50, "2024年部门支出预算总表"), (70, total)]])[-1] == "合计\t5"


def test_extract_writes_utf8_text_and_cli_exit_codes(made, tmp_path, capsys):
    out = tmp_path / "table.txt"
    text = extract(made["table"], out)
    assert out.read_bytes() == text.encode("utf-8") and text.endswith("after the table\n") and "\r" not in text
    assert main(["extract", str(made["table"]), "-o", str(tmp_path / "again.txt")]) == 0
    assert main(["extract", str(made["scanned"])]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no text layer" in err


# ---------------------------------------------------------------- refusals, one line each

def test_refuses_encrypted_pdf(made, tmp_path, pypdf):
    writer = pypdf.PdfWriter(clone_from=made["table"])
    writer.encrypt("secret", algorithm="AES-128")
    writer.write(tmp_path / "locked.pdf")
    error = refusal(tmp_path / "locked.pdf")
    assert (error.part, error.line) == ("file", None)
    assert error.message == "encrypted PDF: it needs a password to open; save an unencrypted copy first"


def test_reads_pdf_encrypted_with_owner_password_only(made, tmp_path, pypdf):
    writer = pypdf.PdfWriter(clone_from=made["table"])
    writer.encrypt("", owner_password="owner", algorithm="AES-128")  # opens without a password
    writer.write(tmp_path / "permissions.pdf")
    assert pdf_to_lines(tmp_path / "permissions.pdf") == pdf_to_lines(made["table"])


def test_refuses_truncated_pdf(made):
    error = refusal(made["truncated"])
    assert error.part == "file"
    assert error.message == "corrupt or truncated PDF: its structure (cross-reference table, page tree) cannot be read"


def test_refuses_real_pdf_cut_in_half(tmp_path):
    raw = SIFAJU_UNIT.read_bytes()
    (tmp_path / "half.pdf").write_bytes(raw[: len(raw) // 2])
    assert refusal(tmp_path / "half.pdf").message.startswith("corrupt or truncated PDF")


def test_refuses_scanned_pdf_without_text_layer(made):
    error = refusal(made["scanned"])
    assert error.part == "file"
    assert error.message == "no text layer: 1 page(s) but no characters (a scanned image?); run OCR first"


def test_refuses_file_that_is_not_a_pdf(made):
    assert refusal(made["not-a-pdf"]).message == "not a PDF (the file does not start with %PDF-)"
    assert refusal(made["table"].with_name("missing.pdf")).message == "cannot read the file (No such file or directory)"


def test_refuses_oversize_file_before_reading_it(tmp_path):
    big = tmp_path / "big.pdf"
    with open(big, "wb") as handle:  # sparse: no 50 MiB written to disk
        handle.write(b"%PDF-1.7\n")
        handle.truncate(pdf.MAX_FILE_BYTES + 1)
    assert refusal(big).message == "file is 50.0 MiB; refusing PDFs over 50 MiB"


def test_refuses_too_many_pages(tmp_path, pypdf):
    writer = pypdf.PdfWriter()
    for _ in range(pdf.MAX_PAGES + 1):
        writer.add_blank_page(100, 100)
    writer.write(tmp_path / "many.pdf")
    assert refusal(tmp_path / "many.pdf").message == "501 pages; refusing PDFs over 500 pages"


def test_refuses_too_much_text_and_too_slow(made, monkeypatch):
    monkeypatch.setattr(pdf, "MAX_CHARS", 10)
    error = refusal(made["table"])
    assert (error.part, error.message) == ("page 1", "more than 10 characters of text; refusing so large a document")
    monkeypatch.setattr(pdf, "MAX_CHARS", 10**9)
    monkeypatch.setattr(pdf, "MAX_SECONDS", -1.0)
    assert refusal(made["table"]).message.startswith("reading took 0 s; refusing PDFs that take over -1 s")


def test_corrupt_page_content_is_one_line(made, monkeypatch):
    from pdfplumber.utils.exceptions import PdfminerException

    def broken(page):
        raise PdfminerException(ValueError("bad operand\nsecond line"))

    monkeypatch.setattr(pdf, "_plumber_items", broken)
    error = refusal(made["table"])
    assert (error.part, error.message) == ("page 1", "corrupt page content (ValueError: bad operand)")


def _with_streams(path: Path, *bodies: bytes) -> Path:
    """A file that starts like a PDF and holds the given stream bodies (the bound is checked before
    any reader parses the file, so nothing else of a PDF is needed)."""
    parts = [b"%PDF-1.4\n"]
    for number, body in enumerate(bodies, start=1):
        parts.append(b"%d 0 obj\n<< /Length %d /Filter /FlateDecode >>\nstream\n" % (number, len(body))
                     + body + b"\nendstream\nendobj\n")
    path.write_bytes(b"".join(parts) + b"%%EOF\n")
    return path


def test_refuses_a_decompression_bomb_before_reading_it(tmp_path, monkeypatch):
    import zlib

    monkeypatch.setattr(pdf, "MAX_STREAM_BYTES", 1024 * 1024)
    bomb = zlib.compress(b"\0" * (4 * 1024 * 1024), 9)  # 4 KB inflating to 4 MiB
    assert len(bomb) < 8192
    error = refusal(_with_streams(tmp_path / "bomb.pdf", b"not zlib data", bomb))
    assert (error.part, error.line) == ("file", 11)  # the second body starts on line 11 of the file
    assert error.message == "a compressed stream inflates to over 1 MiB (a decompression bomb?); refusing it"
    monkeypatch.setattr(pdf, "MAX_STREAM_BYTES", 8 * 1024 * 1024)
    monkeypatch.setattr(pdf, "MAX_INFLATED_BYTES", 6 * 1024 * 1024)
    error = refusal(_with_streams(tmp_path / "two.pdf", bomb, bomb))
    assert error.message == "its compressed streams inflate to over 6 MiB together; refusing so large a document"


def test_real_and_made_pdfs_pass_the_stream_bound(made):
    for path in [made["table"], *REAL_FILES]:
        pdf._check_streams(path, path.read_bytes())  # no refusal


def test_objects_nested_too_deeply_are_one_line(made, monkeypatch):
    def nested(page):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(pdf, "_plumber_items", nested)
    error = refusal(made["table"])
    assert (error.part, error.message) == ("page 1", "corrupt page content (objects nested too deeply)")


# ---------------------------------------------------------------- the real disclosures

def test_sifaju_unit_cover_narrative_and_table_1():
    lines = lines_of(SIFAJU_UNIT)
    assert lines[:3] == ["上海市普陀区2026年区级单位预算", "预算单位：上海市普陀区司法局", "目 录"]
    assert any(line.startswith("2026年，上海市普陀区司法局收入预算8695.94万元，其中：财政拨款收入8695.94万元，")
               for line in lines)
    start = lines.index("2026年预算单位财务收支预算总表")
    assert lines[start + 1] == "编制单位：上海市普陀区司法局 单位：元"
    assert lines[start + 2:start + 7] == [
        "本年收入\t\t本年支出\t\t\t\t",
        "项目\t预算数\t项目\t预算数\t\t\t",
        "\t\t\t合计\t基本支出\t\t项目支出",
        "\t\t\t\t人员经费\t公用经费\t",
        "一、财政拨款收入\t86,959,408.34\t一、公共安全支出\t79,189,400.34\t12,604,173\t1,744,680\t64,840,547",
    ]
    assert "收入总计\t86,959,408.34\t支出总计\t86,959,408.34\t20,374,181\t1,744,680\t64,840,547" in lines


def test_sifaju_unit_tables_2_4_9():
    lines = lines_of(SIFAJU_UNIT)
    # wrapped header cell joined; 类/款/项 codes in their own cells, blanks for parent rows
    assert "功能分类科目编码\t\t\t功能分类科目名称\t合计\t财政拨款收入\t事业收入\t事业单位经营收入\t其他收入" in lines
    assert "204\t\t\t公共安全支出\t79,189,400.34\t79,189,400.34\t0.00\t0.00\t0.00" in lines
    assert "204\t06\t01\t行政运行\t14,348,853.34\t14,348,853.34\t0.00\t0.00\t0.00" in lines
    # table 4: WPS paints white cell rectangles behind its title; they must not make a table
    title = lines.index("2026年预算单位财政拨款收支预算总表")
    assert lines[title + 1] == "编制单位：上海市普陀区司法局 单位：元"
    assert lines[title + 2] == "财政拨款收入\t\t财政拨款支出\t\t\t\t"
    assert "\t\t四、住房保障支出\t3,861,459.00\t3,861,459.00\t0.00\t0.00" in lines
    # table 9, in 万元
    assert "“三公”经费预算数\t\t\t\t\t\t机关运行经费预算数" in lines
    assert "10.71\t0.00\t0.73\t9.98\t0.00\t9.98\t184.59" in lines
    assert not any(line.strip("\t") == "" for line in lines)  # blank padding rows dropped


@pytest.mark.parametrize("path", REAL_FILES, ids=[p.stem for p in REAL_FILES])
def test_nine_tables_each_with_a_constant_cell_count(path):
    blocks = table_blocks(lines_of(path))
    widths = [sorted({len(row) for row in block}) for block in blocks]
    first = [7] if "unit" in path.stem else [4]  # table 1: unit budgets split 本年支出 by 基本/项目支出
    assert widths == [first, [9], [7], [7], [7], [7], [7], [6], [7]]
    for block in blocks[1:3] + blocks[4:5]:  # tables 2, 3, 5 end with their total row
        assert block[-1][0] == "合计"


def test_wanli_2024_orphan_total_rows_keep_the_table_columns():
    lines = lines_of(REAL / "shpt-wanli-2024-dept.pdf")
    # pages 15 and 20 hold only the 合计 row; its label cell spans 类/款/项/名称
    assert "合计\t\t\t\t156,211,123\t156,211,123\t0\t0\t0" in lines
    assert "合计\t\t\t\t156,211,123\t99,706,020\t56,505,103" in lines


@pytest.mark.parametrize("name", ["shpt-sifaju-2026-dept.pdf", "shpt-wanli-2025-dept.pdf"])
def test_both_readers_give_the_same_lines_on_pages_without_ruling(name):
    """pypdfium2 reads pages without ruling; pdfplumber would give the same lines there. These two
    files hold the boundary cases measured: typed 3 pt blanks and a 3.0 pt gap with no blank."""
    import pdfplumber
    import pypdfium2

    raw = (REAL / name).read_bytes()
    doc = pypdfium2.PdfDocument(raw)
    compared = 0
    with pdfplumber.open(io.BytesIO(raw)) as plumber:
        for index in range(len(doc)):
            page = doc[index]
            if pdf._has_ruling(page):
                continue
            by_pdfium = [text for _, text in pdf._chars_to_lines(pdf._pdfium_chars(page))]
            items, _ = pdf._plumber_items(plumber.pages[index])
            assert not any(isinstance(item, Table) for _, item in items)
            assert by_pdfium == [item for _, item in items], f"page {index + 1}"
            compared += 1
    doc.close()
    assert compared >= 9
