"""The figures of the national set of department budget tables (standard_tables), drawn by table role:
expenditure by use (基本 / 项目 / 单位预留机动经费, the 支出预算总表's one row), 一般公共预算支出 by
functional class, its 基本支出 by economic class, the 三公 items with 会议费 and 培训费, 机关运行经费 by
item, and the changes the text states against the prior year. A family declared from the national set
(Jiangsu) inherits them; a chart whose table a document lacks is left out (budgetlib.charts.drawable)."""
from __future__ import annotations

from .charts import STATED_CHANGES, ColumnBars, GroupedBars, RowBars

CHARTS = (
    ColumnBars(name="expenditure_by_use", title="支出预算按用途", table="expense",
               bars=("basic", "project", "reserve", "carry_out"), subtitle="（表{numeral}；合计 {total}{unit}）"),
    RowBars(name="expenditure_structure", title="一般公共预算支出功能分类", table="general_functional", level="类",
            label=("code", "name"), subtitle="（表{numeral} 按类；合计 {total}{unit}）"),
    GroupedBars(name="economic_classification", title="一般公共预算基本支出经济分类", table="general_basic_economic",
                group_level="类", level="款", label="name", key="code", whole="basic", value="basic",
                subtitle="（表{numeral}；基本支出合计 {total}{unit}）"),
    ColumnBars(name="three_public", title="“三公”经费、会议费、培训费", table="three_public",
               bars=("overseas", "vehicle_purchase", "vehicle_running", "reception", "meetings", "training"),
               whole="grand_total", subtitle="（表{numeral}；合计 {total}{unit}）"),  # 合计: 三公 + 会议费 + 培训费
    RowBars(name="office_operation", title="机关运行经费", table="office_operation", level="款", label=("name",),
            value="office_operation", whole="office_operation", largest_first=True,
            subtitle="（表{numeral} 按款；合计 {total}{unit}）"),
    STATED_CHANGES,
)
