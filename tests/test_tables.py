from decimal import Decimal

import pandas as pd

import budgetlib


def test_document_identity_is_read_from_the_text(d):
    assert d.unit == "晋城市应急管理局"
    assert d.year == 2026
    assert d.amount_unit == "万元"
    assert len(d.sha256) == 64


def test_part_one_facts(d):
    o = d.overview
    assert (o.facts["staffing"], o.facts["internal_bodies"], o.facts["affiliated_units"]) == (39, 20, 6)
    listed = o.listings["internal_bodies"]
    assert len(listed) == 20
    assert listed[0] == "综合办公室" and listed[-1] == "安委会工作科"


def test_all_thirteen_tables_with_titles_and_printed_labels(d):
    assert list(d.tables) == [f"t{i:02d}" for i in range(1, 14)]
    assert [t.numeral for t in d.tables.values()][:3] == ["一", "二", "三"]
    assert d.tables["t05"].title == "2026年一般公共预算支出预算表（不含上年结转）"
    assert d.tables["t01"].columns["total"] == "2026年合计"
    assert d.tables["t06"].columns["gov_item"] == "政府预算支出经济科目名称"
    assert len(d.template.schemas) == 13 and d.template.id == "shanxi-municipal"


def test_codes_are_strings_with_level_and_parent(d):
    frame = d.tables["t02"].frame
    row = frame[frame["code"] == "2240106"].iloc[0]
    assert row["name"] == "安全监管"
    assert (row["level"], row["parent"]) == ("项", "22401")
    assert frame[frame["code"] == "224"].iloc[0]["level"] == "类"
    assert frame[frame["code"] == "22401"].iloc[0]["parent"] == "224"
    assert all(isinstance(c, str) for c in frame["code"])
    assert frame.iloc[0]["name"] == "合计" and frame.iloc[0]["code"] == ""


def test_amounts_are_exact_decimals_and_blank_is_none(d):
    t05 = d.tables["t05"].frame
    total = t05[t05["level"] == "合计"].iloc[0]
    assert total["total"] == Decimal("3257.54") and isinstance(total["total"], Decimal)
    edu = t05[t05["code"] == "205"].iloc[0]
    assert edu["basic"] is None and edu["project"] == Decimal("1.80")


def test_tables_continue_across_page_breaks(d):
    t02 = d.tables["t02"].frame
    assert "2210201" in set(t02["code"])  # the row after the page break
    t12 = d.tables["t12"].frame
    assert "森林消防高压水带采购" in set(t12["item"])  # after a page break
    assert len(t12[t12["level"] == "项目"]) == 33


def test_empty_tables_load_as_empty_frames_with_columns(d):
    for tid in ("t07", "t08", "t09"):
        table = d.tables[tid]
        assert table.no_data and table.frame.empty
        assert "total" in table.frame.columns
    assert d.tables["t09"].columns["income_total"] == "国有资本经营收入预算"


def test_table_six_keeps_both_economic_classifications_and_split(d):
    t06 = d.tables["t06"].frame
    row = t06[t06["dept_item"] == "职业年金缴费"].iloc[0]
    assert row["gov_item"] == "社会保障缴费"
    assert row["personnel"] == Decimal("35.39") and row["public"] is None
    assert row["parent"] == "工资福利支出"
    reception = t06[t06["dept_item"] == "公务接待费"].iloc[0]
    assert reception["public"] == Decimal("0.50")


def test_two_sided_tables_are_tidy(d):
    t04 = d.tables["t04"].frame
    carried = t04[(t04["side"] == "收入") & (t04["group"] == "上年财政拨款结转")]
    assert list(carried["item"])[0] == "一、一般公共预算"
    assert carried.iloc[0]["total"] == Decimal("49.27")
    t01 = d.tables["t01"].frame
    assert set(t01["side"]) == {"收入", "支出"}


def test_project_names_exactly_as_printed(d):
    names = list(d.tables["t12"].frame["item"])
    assert "煤矿“体检式”精查工作经费" in names
    assert "全省森林草原防灭火应急演练（后调整为全省防汛演练）" in names
    t13 = d.tables["t13"].frame
    assert list(t13["level"]) == ["合计", "单位", "项目"]


def test_printed_frame_uses_chinese_labels(d):
    printed = d.tables["t03"].printed()
    assert {"科目编码", "科目名称", "合计", "基本支出", "项目支出"} <= set(printed.columns)


def test_sections(d):
    assert list(d.sections) == ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"]
    assert "42.50%" in d.sections["一"].text
    assert d.sections["十"].appendix and "绩效目标表" in d.sections["十"].appendix[0].text
    assert "政府购买服务项目5个" in d.sections["十二"].text
    assert "晋城市财政局文件" not in d.sections["十二"].text


def test_page_furniture_between_tables_is_ignored(text, variant):
    noisy = text.replace("2026年预算收入总表\n", "预算公开表2\n\n— 4 —\n\n2026年预算收入总表\n", 1)
    d = budgetlib.load(variant(noisy))
    assert len(d.tables["t01"].frame) == len(budgetlib.load().tables["t01"].frame)
