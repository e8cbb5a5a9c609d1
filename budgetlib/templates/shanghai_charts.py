"""The figures of the Shanghai nine-table disclosures (unit and department), drawn from their tables:
income by source, expenditure by functional class (basic/project), the 一般公共预算 classes, 基本支出
by economic class, the 三公 items, and the changes the text states against the prior year."""
from __future__ import annotations

from .charts import STATED_CHANGES, ColumnBars, Composition, GroupedBars, RowBars, StackedBars

CHARTS = (
    Composition(name="income_composition", title="收入预算", table="t02",
                parts=("appropriation", "business", "operating", "other"), centre="收入合计",
                subtitle="（表{numeral} 合计行：收入按来源）"),
    StackedBars(name="basic_project", title="基本支出与项目支出", table="t03", level="类", label=("code", "name"),
                parts=("basic", "project"), subtitle="（表{numeral} 按类；支出合计 {total}{unit}）"),
    RowBars(name="expenditure_structure", title="一般公共预算支出功能分类", table="t05", level="类",
            label=("code", "name"), subtitle="（表{numeral} 按类；合计 {total}{unit}）"),
    GroupedBars(name="economic_classification", title="一般公共预算基本支出经济分类", table="t08", group_level="类",
                level="款", label="name", key="code", subtitle="（表{numeral}，{unit}）"),
    ColumnBars(name="three_public", title="“三公”经费", table="t09",
               bars=("overseas", "reception", "vehicle_purchase", "vehicle_running"),
               subtitle="（表{numeral}；合计 {total}{unit}；公务用车 = 购置费 + 运行费）"),
    STATED_CHANGES,
)
