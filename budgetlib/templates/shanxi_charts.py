"""The figures of the 山西 13-table disclosure: the three charts it prints without data (收入预算图,
一般公共预算当年支出结构图, 三公经费分布图), redrawn from its tables, and four more."""
from __future__ import annotations

from .charts import Composition, GroupedBars, ItemParts, PriorYearChanges, RowBars, StackedBars

PRIOR_YEAR_CHANGES = PriorYearChanges(
    name="prior_year_change", title="上年→本年变动（隐含）", heading="{prior_year}→{year} 变动（由“比上年”表述推算）",
    subtitle="；上年数 = 本年数 − 所述增减额（{unit}），给定 prior_year 时用给定数",
    bar="{rate}%  {prior} → {current}{unit}（上年数{basis}）", bar_from_zero="上年为 0 → {current}{unit}",
    given="给定", implied="隐含", axis="比上年变动 %（同一刻度）", empty="说明中没有“比上年”的表述",
)

CHARTS = (
    Composition(name="income_composition", title="收入预算图", table="t02", printed=True,
                parts=("general", "fund", "state_capital", "special_account", "unit_funds", "carried_over"),
                centre="收入合计", subtitle="（表{numeral} 合计行：本年收入按来源 + 上年结转）"),
    StackedBars(name="basic_project", title="基本支出与项目支出", table="t03", level="类", label=("code", "name"),
                parts=("basic", "project"), subtitle="（表{numeral} 按类；支出合计 {total}{unit}）"),
    RowBars(name="expenditure_structure", title="一般公共预算当年支出结构图", table="t05", printed=True, level="类",
            label=("code", "name"), subtitle="（表{numeral} 按类；合计 {total}{unit}）"),
    GroupedBars(name="economic_classification", title="基本支出经济分类", table="t06", group_level="类", level="款",
                label="dept_item", key="dept_item", subtitle="（表{numeral}；基本支出合计 {total}{unit}）"),
    ItemParts(name="three_public", title="三公经费分布图", table="t10", printed=True, level="项目", part_level="明细",
              subtitle="（表{numeral}；合计 {total}{unit}；分项之和见括注）"),
    RowBars(name="projects", title="项目支出预算", table="t12", level="项目", label=("item",), largest_first=True,
            one_colour=True, compact=True, heading="项目支出预算（表{numeral}，{count} 个项目）",
            subtitle="（本年预算；合计 {total}{unit}）"),
    PRIOR_YEAR_CHANGES,
)
