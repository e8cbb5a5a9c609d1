"""The figures of the Shanghai 部门决算 (shanghai_final), drawn from its nine tables: income by source
(表2's 合计 row), expenditure by functional class split by use (表3), the 一般公共预算财政拨款 classes
(表5), 基本支出 by economic class (表6), the 三公 items' 决算数 (表7), and the changes the text states
against the prior year."""
from __future__ import annotations

from .charts import STATED_CHANGES, ColumnBars, Composition, GroupedBars, RowBars, StackedBars

CHARTS = (
    Composition(name="income_composition", title="收入决算", table="t02",
                parts=("appropriation", "upper_subsidy", "business", "operating", "affiliate_income", "other"),
                centre="本年收入合计", subtitle="（表{numeral} 合计行：收入按来源）"),
    StackedBars(name="basic_project", title="支出决算：基本支出与项目支出", table="t03", level="类", label=("code", "name"),
                parts=("basic", "project", "to_upper", "operating_expense", "to_affiliates"),
                subtitle="（表{numeral} 按类；本年支出合计 {total}{unit}）"),
    RowBars(name="expenditure_structure", title="一般公共预算财政拨款支出功能分类", table="t05", level="类",
            label=("code", "name"), subtitle="（表{numeral} 按类；合计 {total}{unit}）"),
    # 表6 closes each of its two blocks (人员经费, 公用经费) with its own 合计: no one total to take shares of
    GroupedBars(name="economic_classification", title="一般公共预算财政拨款基本支出经济分类", table="t06",
                group_level="类", level="款", label="name", key="code", total_level="",
                subtitle="（表{numeral}，{unit}）"),
    ColumnBars(name="three_public", title="财政拨款“三公”经费决算数", table="t07",
               bars=("overseas", "vehicle_purchase", "vehicle_running", "reception"),
               subtitle="（表{numeral}；决算数合计 {total}{unit}；公务用车 = 购置费 + 运行费）"),
    STATED_CHANGES,
)
