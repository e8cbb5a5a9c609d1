"""The narrative vocabulary of the 山西/晋城 municipal template (interpreted by budgetlib.claims).

Part 3 has twelve numbered sections. Sections 一 … 八 state budget figures the tables print:
their phrases bind a label to a cell. The other sections hold content a phrase cannot explain,
declared as section roles: 七 follows every amount with 与上年预算数相同, 九 states procurement
(in no table), 十 the projects under performance management and the appended goal tables, 十一
vehicles and assets, 十二 purchase of services; 四/五 name functional classes, 六 lists items.
"""
from __future__ import annotations

from decimal import Decimal

from .claims import (Assets, ClaimVocabulary, FunctionalRows, Grammar, ItemLists, Phrase, Procurement, Projects,
                     PurchaseOfServices, Ref, Rows, SameAsPrior, Thresholds)

_INCOME, _EXPENSE = "收入", "支出"


def _t01(item: str, column: str = "total", side: str | None = None, group: str | None = None) -> Ref:
    return Ref(table="t01", item=item, column=column, side=side, group=group)


def _t04(item: str, column: str = "total", side: str = _INCOME) -> Ref:
    return Ref(table="t04", item=item, column=column, side=side)


def _total_row(table: str, column: str = "total") -> Ref:
    return Ref(table=table, column=column, level="合计")


def _t10(item: str) -> Ref:
    return Ref(table="t10", item=item)


PHRASES: tuple[Phrase, ...] = (
    # 一、收支总表
    Phrase("预算收入总计|预算收入$", "income_total", _t01("收入总计", side=_INCOME), ("一", "二"), True),
    Phrase("(单位)?预算支出总计", "expense_total", _t01("支出总计", side=_EXPENSE), ("一",), True),
    Phrase("本年收入$", "income_current", _t01("本年收入合计", side=_INCOME), ("一",)),
    Phrase("本年预算安排$", "expense_current", _t01("本年支出合计", "current_year", _EXPENSE), ("一",)),
    # 二、收入 by source
    Phrase("一般公共预算拨款收入", "income_general", _t01("一般公共预算", side=_INCOME, group=""), ("二",)),
    Phrase("政府性基金预算拨款收入", "income_fund", _t01("政府性基金预算", side=_INCOME, group=""), ("二",)),
    Phrase("国有资本经营预算拨款收入", "income_state_capital",
           _t01("国有资本经营预算", side=_INCOME, group=""), ("二",)),
    Phrase("财政专户管理资金收入", "income_special_account",
           _t01("财政专户管理资金", side=_INCOME, group=""), ("二",)),
    Phrase("单位资金$", "income_unit_funds", _t01("单位资金", side=_INCOME, group=""), ("二",)),
    # 上年结转 after an expenditure total is the carried-over column of 本年支出合计.
    Phrase("上年结转$", "expense_carried_over", _t01("本年支出合计", "carried_over", _EXPENSE), ("一",),
           after=("expense_total",)),
    Phrase("上年结转$", "income_carried_over", _t01("上年结转", side=_INCOME), ("一", "二")),
    # 三、支出
    Phrase("支出预算$", "expense_total_t03", _total_row("t03"), ("三",), True),
    Phrase("^基本支出$", "expense_basic", _total_row("t03", "basic"), ("三",)),
    Phrase("^项目支出$", "expense_project", _total_row("t03", "project"), ("三",)),
    # 四、财政拨款
    Phrase("财政拨款收支总预算", "appropriation_total", _t04("收入总计"), ("四",), True),
    Phrase("一般公共预算拨款$", "appropriation_general", _t04("支出总计", "general", _EXPENSE), ("四",)),
    Phrase("政府性基金预算拨款$", "appropriation_fund", _t04("支出总计", "fund", _EXPENSE), ("四",)),
    Phrase("国有资本经营预算拨款$", "appropriation_state_capital",
           _t04("支出总计", "state_capital", _EXPENSE), ("四",)),
    Phrase("当年拨款收入", "appropriation_current", _t04("本年收入合计"), ("四",)),
    Phrase("上年结转收入", "appropriation_carried_over", _t04("上年财政拨款结转"), ("四",)),
    # 五、一般公共预算
    Phrase("一般公共预算当年支出", "general_budget_expense", _total_row("t05"), ("五",), True),
    # 六、基本支出
    Phrase("安排基本支出", "basic_expense", _total_row("t06"), ("六",), True),
    Phrase("^人员经费", "personnel", _total_row("t06", "personnel"), ("六",)),
    Phrase("^公用经费", "public", _total_row("t06", "public"), ("六",)),
    # 七、三公
    Phrase('"?三公"?经费预算', "three_public", _total_row("t10"), ("七",), True),
    Phrase("因公出国[（(]境[）)]费", "overseas", _t10("因公出国（境）费"), ("七",)),
    Phrase("公务接待费", "reception", _t10("公务接待费"), ("七",)),
    Phrase("公务用车购置及运行费", "vehicles", _t10("公务用车购置及运行费"), ("七",)),
    Phrase("公务用车运行维护费", "vehicle_running", _t10("公务用车运行维护费"), ("七",)),
    Phrase("公务用车购置费", "vehicle_purchase", _t10("公务用车购置费"), ("七",)),
    # 八、机关运行经费
    Phrase("机关运行经费(财政拨款)?预算", "office_operation", _total_row("t11"), ("八",), True),
)

_BY_FUNCTION = "（按功能分类）"

ROLES = {
    # 四/五 name functional classes (教育支出 …): 表四 支出 rows, 表五 类 rows.
    "四": (FunctionalRows(Ref(table="t04", side=_EXPENSE, group=""), by="item", suffix=_BY_FUNCTION),),
    "五": (FunctionalRows(Ref(table="t05", level="类"), by="name", suffix=_BY_FUNCTION),),
    # 六 lists the items of 人员经费 and 公用经费: 表六's 款 rows with a value in that column.
    "六": (ItemLists(
        pattern=r"(人员经费|公用经费)[\d.,]*万元，?主要包括[:：](.+?)等?[；;。]?$",
        lists=(("人员经费", Rows(table="t06", column="dept_item", level="款", nonzero="personnel",
                                 label="表六 人员经费 rows")),
               ("公用经费", Rows(table="t06", column="dept_item", level="款", nonzero="public",
                                 label="表六 公用经费 rows"))),
        description="{which}所列科目 vs 表六 {column}非零的款级科目",
        missing_note="in 表六 but not listed: ",
        extra_note="listed but not in 表六: ",
    ),),
    "七": (SameAsPrior(),),
    "九": (Procurement(
        total="总额",
        description="政府采购预算总额 = 货物 + 工程 + 服务（所述各项之和）",
        note="internal consistency only: procurement is not in the tables",
        part_note="no table lists government procurement by type",
    ),),
    "十": (Projects(
        count_rows=Rows(table="t12", column="item", level="项目", label="表十二 项目 rows"),
        total=Ref(table="t12", position=0),
        category=r"(其他运转类|特定目标类)项目$",
        disclosed="公开项目绩效目标",
        share="项目支出总额",
        count_description="纳入绩效目标管理的项目个数（表十二项目行）",
        total_description="项目支出金额（表十二 合计）",
        category_count="{category}项目个数",
        category_amount="{category}项目金额",
        category_note="table 12 does not state each project's category",
        tables_description="公开的项目绩效目标表个数（附件）",
        tables_formula="count of '{title}' tables appended to {place}",
        disclosed_description="公开项目绩效目标涉及金额（附件 年度资金总额）",
        disclosed_label="Σ 年度资金总额 of the appended tables (万元)",
        disclosed_fallback_label="Σ 年度资金总额 of the appended tables (万元; blank for {blank}, 表十二's amount used)",
        share_description="公开项目绩效目标金额占项目支出总额（表十二）",
        share_missing="公开项目金额占项目支出总额",
        count_unit="个",
    ),),
    "十一": (Thresholds(  # '占有使用价值50万元（原值）以上的通用设备…价值100万元（原值）以上的…设备'
        pattern=r"价值(\d+)万元[（(]原值[）)]以上",
        values=(Decimal("50"), Decimal("100")),
        description="资产价值门槛 {text}万元",
        note="a constant of the template's wording, not a budget figure: the disclosure rules' thresholds "
             "of the asset classes, 50万元 then 100万元 (原值); a different figure contradicts the template",
    ), Assets(
        vehicle_unit="辆",
        held="实有",
        establishment="编制",
        running_cost=_t10("公务用车运行维护费"),
        held_description="实有公务用车 vs 表十 公务用车运行维护费",
        category_description="{label}（分类）",
        category_note="no table lists vehicles by category",
        establishment_note="vehicle establishment is not in a table",
    )),
    "十二": (PurchaseOfServices(
        count="政府购买服务项目",
        subset_label="政府购买服务",
        count_description="政府购买服务项目个数",
        amount_description="政府购买服务项目金额",
        note="the tables do not mark purchase-of-service projects",
    ),),
}

GRAMMAR = Grammar(label_prefix=r"^(其中|主要包括|支出包括|主要用于以下方面|本单位|截至)[:：]?")

CLAIMS = ClaimVocabulary(phrases=PHRASES, roles=ROLES, grammar=GRAMMAR, place="第三部分 {section}")
