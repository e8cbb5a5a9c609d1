"""budgetlib.pdf on the Jiangsu budgets and the Shanghai 决算: the extraction faults of
docs/jiangsu-template.md (points 2, 5, 6, 7, 8) and docs/shanghai-final-template.md (the detached
narrative figures), each asserted on the repaired lines of a real file."""
from __future__ import annotations

import pdfplumber
import pytest

from budgetlib import pdf
from budgetlib.pdf import Table, pdf_to_lines
from budgetlib.pdf_lines import Char, chars_to_lines, detached, overlap_lines
from conftest import REAL, SHANGHAI, real_file

JIANGSU = REAL / "jiangsu"
_cache: dict[str, list[str]] = {}


def lines_of(path) -> list[str]:
    if str(path) not in _cache:
        _cache[str(path)] = pdf_to_lines(real_file(path))
    return _cache[str(path)]


def jiangsu(stem: str) -> list[str]:
    return lines_of(JIANGSU / f"{stem}.pdf")


# ---------------------------------------------------------------- point 5: the frame around a table

def test_sw17_title_band_is_lines_and_the_frame_holds_no_copy_of_the_rows():
    lines = jiangsu("js-sw-2017-dept-tables")
    assert lines[:2] == ["收支预算总表", "部门：中国共产党江苏省委员会办公厅 单位：万元"]
    start = lines.index("支出预算总表")  # 表三: its frame overlapped its rows
    assert lines[start + 1:start + 4] == ["部门：中国共产党江苏省委员会办公厅 单位：万元",
                                          "\t合计\t基本支出\t项目支出\t单位预留机动经费\t结转下年资金",
                                          "\t20,849.45\t9,964.07\t10,688.66\t196.72\t"]
    # no title or unit line carries the rows' text any more (the frame's copy glued them all)
    assert not any("单位：万元" in line and ("合计" in line or any(ch.isdigit() for ch in line)) for line in lines)


def test_zx18_and_rd19_titles_are_their_own_lines():
    zx18 = jiangsu("js-zx-2018-dept-tables")
    start = zx18.index("公开03表")
    assert zx18[start + 1:start + 4] == ["支出预算总表", "部门：江苏省政协办公厅 单位：万元",
                                         "合计\t基本支出\t项目支出\t单位预留机动经费\t结转下年资金"]
    rd19 = jiangsu("js-rd-2019-dept-tables")
    assert rd19[:3] == ["收支预算总表", "公开表一", "部门： 江苏省人大常委会办公厅 单位：万元"]
    start = rd19.index("一般公共预算机关运行经费支出预算表")  # 表十一, whose frame overlapped its rows
    assert rd19[start + 1:start + 4] == ["公开表十一", "部门： 江苏省人大常委会办公厅 单位：万元",
                                         "\t科目编码\t科目名称\t机关运行经费支出"]


# ---------------------------------------------------------------- point 6: text outside the page

def test_rd17_text_below_the_page_edge_is_not_read():
    lines = jiangsu("js-rd-2017-dept")
    assert "科目名称 金额" not in lines and "7,666.68" not in lines  # the invisible copy of 表六
    assert "\t合计\t7,666.68" in lines  # the printed 表六
    with pdfplumber.open(real_file(JIANGSU / "js-rd-2017-dept.pdf")) as document:
        page = document.pages[10]
        items, _ = pdf._plumber_items(page)
        assert all(top <= page.height for top, _ in items)


def test_shanghai_paragraphs_above_the_page_edge_are_read_once():
    czj = lines_of(SHANGHAI / "shpt-czj-2025-dept.pdf")
    assert sum(line.startswith("2025年，上海市普陀区财政局收入预算3,121.42万元") for line in czj) == 1
    swh = lines_of(SHANGHAI / "shpt-swh-2025-dept.pdf")
    assert sum(line.startswith("上海市普陀区商务委员会是主管全区产业经济") for line in swh) == 1


# ---------------------------------------------------------------- point 2: a row cut by a partial rule

def test_gy19_rows_cut_in_two_are_one_row():
    lines = jiangsu("js-gy-2019-dept")
    assert "204\t\t\t公共安全支出\t\t\t27,488.23\t" in lines  # 表七
    assert "\t合计\t\t\t\t37,188.34\t\t" in lines  # 表五: the amount half came first
    assert "\t\t\t\t\t\t27,488.23\t" not in lines and "\t合计\t\t\t\t\t\t" not in lines


def test_jcy18_class_rows_hold_their_amounts():
    lines = jiangsu("js-jcy-2018-dept")
    assert "301\t\t\t工资福利支出\t\t\t\t10,204.52\t" in lines
    assert "\t\t合计\t\t21,940.96\t" in lines


def test_rows_merge_only_on_a_shared_baseline_and_disjoint_cells():
    from budgetlib.pdf_tables import _merge_cut_rows

    assert _merge_cut_rows([(["204", "名", ""], [207.7]), (["", "", "1.00"], [207.7])]) == [["204", "名", "1.00"]]
    assert _merge_cut_rows([(["204", "名", ""], [207.7]), (["", "", "1.00"], [221.0])]) == [
        ["204", "名", ""], ["", "", "1.00"]]
    assert _merge_cut_rows([(["204", "名", ""], [207.7]), (["", "名", "1.00"], [207.7])]) == [
        ["204", "名", ""], ["", "名", "1.00"]]


# ---------------------------------------------------------------- point 7: tables over page breaks

def test_gy18_continuation_rows_keep_the_first_part_columns():
    lines = jiangsu("js-gy-2018-dept")
    assert "30108 机关事业单位基本养老保险缴费 1,326.81" not in lines  # p12: the row without a top rule
    assert "30108\t\t\t机关事业单位基本养老保险缴费\t\t\t\t1,326.81\t" in lines
    assert "30109\t\t\t职业年金缴费\t\t\t530.72\t\t" in lines  # laid on p11's nine columns
    # p16: the row without a top rule wraps its 品目 cell over two lines
    assert "\t\t\t\t\t\t\t\t\t计算机设备维修和保养服务\t\t\t分散自行组织\t\t\t2.00\t\t" in lines


def test_a_page_number_under_the_first_part_does_not_stop_the_continuation():
    jcy18 = jiangsu("js-jcy-2018-dept")
    assert "2040402\t\t一般行政管理事务\t\t3,666.00\t" in jcy18  # p16 after `15` closing p15
    gy19 = jiangsu("js-gy-2019-dept")
    assert "会议费 110.05" not in gy19
    assert "\t\t\t\t\t\t会议费\t\t\t\t\t\t\t\t\t110.05\t\t" in gy19
    first = Table(top=70, x1=500, columns=[50, 100, 300], rows=[["204", "公共安全支出", "1.00"]])
    part = Table(top=70, x1=500, columns=[50, 300], rows=[["合计", "5.00"]])
    assert pdf._stitch([[(70, first), (800, "- 7 -")], [(70, part)]])[-1] == "合计\t\t5.00"
    assert pdf._stitch([[(70, first), (800, "一段正文")], [(70, part)]])[-1] == "合计\t5.00"


def test_a_title_above_a_table_is_not_taken_for_its_first_row():
    lines = jiangsu("js-gy-2019-dept")  # p8 opens with 表二's title after 表一 closed p7
    start = lines.index("公开 02表")
    assert lines[start + 1:start + 3] == ["收入预算总表", "部门名称：江苏省高级人民法院 单位：万元"]


# ---------------------------------------------------------------- detached glyphs: overlap lines

def test_final_account_narrative_keeps_its_figures_in_the_sentence():
    lines = lines_of(REAL / "shanghai-final" / "shpt-czj-2024-final-dept.pdf")
    assert "上海市普陀区财政局2024年度收入支出总计2995.39万元。与2023年度相比，收入" in lines
    assert "支出总计减少56.95万元，下降1.87%。主要原因：基本支出中人员进出及退休变化，" in lines
    assert "第三部分上海市普陀区财政局2024年度部门决算情况" in lines
    assert "财政拨款“三公”经费支出决算表" in lines
    assert "2024 2995.39 2023" not in lines and "“ ”" not in lines


def test_wps_quotes_rejoin_their_title():
    lines = jiangsu("js-jcy-2017-dept")
    assert "十一、一般公共预算“三公”经费、会议费、培训费支出预" in lines
    assert "“ ”" not in lines


def test_overlap_lines_join_a_lower_digit_and_keep_the_next_line():
    cjk = [Char(183.05, 60 + 12 * i, 72 + 12 * i, "收", 195.05) for i in range(3)]
    digits = [Char(187.93, 96 + 6 * i, 102 + 6 * i, "2", 199.93) for i in range(2)]
    below = [Char(197.02, 60, 72, "支", 209.02)]
    assert [text for _, text in chars_to_lines(cjk + digits + below)] == ["收收收", "22", "支"]
    assert detached(cjk + digits + below) and not detached(cjk + below)
    assert [text for _, text in overlap_lines(cjk + digits + below)] == ["收收收22", "支"]


@pytest.mark.parametrize("path", sorted(SHANGHAI.glob("*.pdf")), ids=lambda p: p.stem)
def test_no_shanghai_budget_page_reads_as_detached(path):
    """The overlap path is taken only where lines overlap: never on the seven budgets, whose
    audits the reference pins."""
    import pypdfium2

    doc = pypdfium2.PdfDocument(real_file(path))
    try:
        for index in range(len(doc)):
            page = doc[index]
            if not pdf._has_ruling(page):
                assert not detached(pdf._pdfium_chars(page)), f"page {index + 1}"
            page.close()
    finally:
        doc.close()
