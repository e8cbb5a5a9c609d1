"""The figures of the Shanghai nine-table disclosures (unit and department), drawn from their tables:
income by source, expenditure by functional class (basic/project), the 一般公共预算 classes, 基本支出
by economic class, the 三公 items, and the changes the text states against the prior year."""
from __future__ import annotations

from .charts import ColumnBars, Composition, GroupedBars, PriorYearChanges, RowBars, StackedBars

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
    PriorYearChanges(
        name="prior_year_change", title="与上年比较的变动", heading="{prior_year}→{year} 变动（由说明中的增减表述推算）",
        subtitle="；上年数 = 本年数 − 所述增减额（{unit}）", bar="{rate}%  {prior} → {current}{unit}（上年数{basis}）",
        bar_from_zero="上年为 0 → {current}{unit}", given="给定", implied="隐含", axis="变动 %（同一刻度）",
        empty="说明中没有与上年比较的表述"),
)
