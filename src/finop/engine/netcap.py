"""Books -> Computation: net capital under Rule 15c3-1, line by line, in FOCUS Part IIA order."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from finop import rules
from finop.books import Books
from finop.books.firm import BUSINESS_MINIMUM_RULE
from finop.books.lines import SUBORDINATED_ALLOWABLE
from finop.engine.haircuts import HaircutResult, compute_haircuts
from finop.engine.undue import undue_concentration
from finop.model.computation import CompLine, Computation
from finop.rules import RuleValue

ZERO = Decimal(0)
ONE = Decimal(1)
RULE = "17 CFR 240.15c3-1"


def whole(value: Decimal) -> Decimal:
    """Round to whole dollars as FOCUS reports them (half up)."""
    return value.quantize(ONE, rounding=ROUND_HALF_UP)


def _rv(rv: RuleValue) -> dict[str, str]:
    return {rv.name: f"{rv.value} from {rv.effective.isoformat()}"}


def _nonallowable_lines(books: Books) -> set[str]:
    """Lines every trial balance row of which is nonallowable: their positions are deducted in full already."""
    tb = books.trial_balance
    out = set()
    for line in tb.lines_present():
        rows = [a for a in tb.accounts if a.line == line]
        if rows and all(a.column == "nonallowable" for a in rows):
            out.add(line)
    return out


def compute(books: Books, as_of: dt.date | None = None) -> Computation:
    """Compute net capital and the requirement for a books folder."""
    firm, tb = books.firm, books.trial_balance
    when = as_of or firm.as_of
    view = rules.at(when)
    adj = firm.adjustment
    lines: list[CompLine] = []

    def add(
        key: str,
        caption: str,
        amount: Decimal | None,
        focus: str = "",
        box: str = "",
        cites: tuple[str, ...] = (),
        **kw,
    ) -> Decimal | None:  # type: ignore[no-untyped-def]
        lines.append(CompLine(key, caption, amount, focus, box, cites, **kw))
        return amount

    equity = whole(tb.total(kind="equity") + tb.net_income)
    add("total_ownership_equity", "Total ownership equity from the statement of financial condition", equity, "1", "3480",
        (f"{RULE}(c)(2)(i)",), inputs={"equity_accounts": str(tb.total(kind="equity")), "current_net_income": str(tb.net_income)})  # fmt: skip
    not_allowable = whole(adj("equity_not_allowable"))
    add(
        "equity_not_allowable",
        "Deduct ownership equity not allowable for net capital",
        not_allowable,
        "2",
        "3490",
        (f"{RULE}(c)(2)(i)(G)",),
        indent=1,
    )
    qualified = equity - not_allowable
    add(
        "equity_qualified",
        "Total ownership equity qualified for net capital",
        qualified,
        "3",
        "3500",
        (f"{RULE}(c)(2)(i)",),
    )
    sub = whole(sum((tb.line_total(line) for line in SUBORDINATED_ALLOWABLE), ZERO))
    add("allowable_subordinated_liabilities", "Add: liabilities subordinated to claims of general creditors allowable in computation of net capital",
        sub, "4A", "3520", (f"{RULE}(c)(2)(ii)", f"{RULE}d"), indent=1)  # fmt: skip
    other_credits = whole(adj("other_allowable_credits"))
    add(
        "other_allowable_credits",
        "Other (deductions) or allowable credits",
        other_credits,
        "4B",
        "3525",
        (f"{RULE}(c)(2)(i)(C)-(E)",),
        indent=1,
    )
    total_capital = qualified + sub + other_credits
    add(
        "total_capital",
        "Total capital and allowable subordinated liabilities",
        total_capital,
        "5",
        "3530",
        (f"{RULE}(c)(2)(i)-(ii)",),
    )
    nonallowable = whole(tb.total(kind="asset", column="nonallowable"))
    by_line = {a.line: ZERO for a in tb.accounts if a.column == "nonallowable"}
    for a in tb.accounts:
        if a.column == "nonallowable":
            by_line[a.line] += a.amount
    add("nonallowable_assets", "Deductions: total nonallowable assets from the statement of financial condition", nonallowable, "6A", "3540",
        (f"{RULE}(c)(2)(iv)", f"{RULE}(c)(2)(vii)"), inputs={k: str(v) for k, v in by_line.items()}, indent=1)  # fmt: skip
    sdn = whole(adj("secured_demand_note_deficiency"))
    add("secured_demand_note_deficiency", "Secured demand note deficiency", sdn, "6B", "3590", (f"{RULE}d",), indent=1)
    commodity = whole(adj("commodity_charges"))
    add(
        "commodity_charges",
        "Commodity futures contracts and spot commodities, proprietary capital charges",
        commodity,
        "6C",
        "3600",
        (f"{RULE}b",),
        indent=1,
    )
    other_ded = whole(adj("other_deductions"))
    add("other_deductions", "Other deductions and/or charges", other_ded, "6D", "3610", (f"{RULE}(c)(2)",), indent=1)
    other_add = whole(adj("other_additions"))
    add(
        "other_additions",
        "Other additions and/or allowable credits",
        other_add,
        "7",
        "3630",
        (f"{RULE}(c)(2)(i)",),
        indent=1,
    )
    before = total_capital - nonallowable - sdn - commodity - other_ded + other_add
    add(
        "net_capital_before_haircuts",
        "Net capital before haircuts on securities positions",
        before,
        "8",
        "3640",
        (f"{RULE}(c)(15)",),
    )

    haircut_result: HaircutResult = compute_haircuts(
        books.positions, when, view, exclude_lines=_nonallowable_lines(books)
    )
    commitments = whole(adj("contractual_commitments"))
    add(
        "contractual_commitments",
        "Haircuts: contractual securities commitments",
        commitments,
        "9A",
        "3660",
        (f"{RULE}(c)(2)(viii)",),
        indent=1,
    )
    sub_borrowings = whole(adj("subordinated_securities_borrowings"))
    add(
        "subordinated_securities_borrowings",
        "Subordinated securities borrowings",
        sub_borrowings,
        "9B",
        "3670",
        (f"{RULE}d",),
        indent=1,
    )
    exempted = whole(haircut_result.total("exempted"))
    debt = whole(haircut_result.total("debt"))
    options = whole(adj("options_haircuts"))
    other = whole(haircut_result.total("other"))
    default_cites = {
        "exempted": (f"{RULE}(c)(2)(vi)(A)", f"{RULE}(c)(2)(vi)(B)"),
        "debt": (f"{RULE}(c)(2)(vi)(C)", f"{RULE}(c)(2)(vi)(E)", f"{RULE}(c)(2)(vi)(F)", f"{RULE}(c)(2)(vi)(G)"),
        "other": (
            f"{RULE}(c)(2)(vi)(D)",
            f"{RULE}(c)(2)(vi)(H)",
            f"{RULE}(c)(2)(vi)(J)",
            f"{RULE}(c)(2)(vi)(K)",
            f"{RULE}(c)(2)(vii)",
        ),
    }

    def group_cites(group: str) -> tuple[str, ...]:
        used = sorted({g.citation.split(";")[0] for g in haircut_result.groups if g.focus_group == group})
        return tuple(used) or default_cites[group]

    def group_detail(group: str) -> dict[str, object]:
        return {
            "groups": [
                f"{g.asset_class} {g.bracket}".strip() + f": {g.amount}"
                for g in haircut_result.groups
                if g.focus_group == group
            ]
        }

    add(
        "haircuts_exempted",
        "Trading and investment securities: exempted securities",
        exempted,
        "9C",
        "3735",
        group_cites("exempted"),
        indent=2,
        inputs=group_detail("exempted"),
    )
    add(
        "haircuts_debt",
        "Debt securities",
        debt,
        "9C",
        "3733",
        group_cites("debt"),
        indent=2,
        inputs=group_detail("debt"),
    )
    add("haircuts_options", "Options", options, "9C", "3730", (f"{RULE}a",), indent=2)
    add(
        "haircuts_other_securities",
        "Other securities",
        other,
        "9C",
        "3734",
        group_cites("other"),
        indent=2,
        inputs=group_detail("other"),
    )
    undue = undue_concentration(
        books.positions, haircut_result, before, when, view, exclude_lines=_nonallowable_lines(books)
    )
    undue_amount = whole(undue.total)
    add("undue_concentration", "Undue concentration", undue_amount, "9D", "3650", (f"{RULE}(c)(2)(vi)(M)",), indent=1,
        inputs={"issuers": [c.describe() for c in undue.charges]}, rule_values=undue.rule_values)  # fmt: skip
    other_haircuts = whole(adj("other_haircuts"))
    add("other_haircuts", "Other (haircuts)", other_haircuts, "9E", "3736", (f"{RULE}(c)(2)(vi)",), indent=1)
    haircuts = commitments + sub_borrowings + exempted + debt + options + other + undue_amount + other_haircuts
    add("haircuts", "Total haircuts", haircuts, "9", "3740", (f"{RULE}(c)(2)(vi)",))
    net_capital = before - haircuts
    add("net_capital", "Net capital", net_capital, "10", "3750", (f"{RULE}(c)(2)",))

    # aggregate indebtedness (15c3-1(c)(1))
    ai_sfc = whole(tb.total(kind="liability", column="ai"))
    ai_other = whole(adj("ai_other"))
    ai = ai_sfc + ai_other

    # requirement
    minimums: dict[str, RuleValue] = {b: view[BUSINESS_MINIMUM_RULE[b]] for b in firm.business}
    dollar_rv = max(minimums.values(), key=lambda rv: rv.value)  # type: ignore[arg-type,return-value]
    dollar_min = dollar_rv.value
    assert isinstance(dollar_min, Decimal)
    mm_cites: tuple[str, ...] = ()
    markets = firm.markets_above_5 + firm.markets_at_or_below_5
    mm_req = ZERO
    if markets:
        per, low, cap = (
            view["market_maker_per_security"],
            view["market_maker_per_low_priced_security"],
            view["market_maker_cap"],
        )
        mm_req = min(cap.value, per.value * firm.markets_above_5 + low.value * firm.markets_at_or_below_5)  # type: ignore[operator,type-var]
        mm_cites = (per.citation,)
    dollar_req = max(dollar_min, mm_req)
    rv_used = {k: v for rv in minimums.values() for k, v in _rv(rv).items()}
    if firm.method == "basic":
        ratio_rv = view["basic_max_ai_ratio_first_year" if firm.first_year else "basic_max_ai_ratio"]
        assert isinstance(ratio_rv.value, Decimal)
        ratio_req = (ai / ratio_rv.value).quantize(ONE, rounding=ROUND_CEILING)
        add("minimum_ratio_requirement", f"Minimum net capital required ({Decimal(100) / ratio_rv.value:.2f}% of total aggregate indebtedness)",
            ratio_req, "11", "3756", (ratio_rv.citation,), section="requirement", rule_values=_rv(ratio_rv), inputs={"aggregate_indebtedness": str(ai)})  # fmt: skip
    else:
        pct_rv, floor_rv = view["alternative_pct_debits"], view["alternative_min_dollar"]
        adi = firm.aggregate_debit_items or ZERO
        assert isinstance(pct_rv.value, Decimal) and isinstance(floor_rv.value, Decimal)
        ratio_req = whole(adi * pct_rv.value)
        add(
            "aggregate_debit_items",
            "Combined aggregate debit items (Exhibit A of Rule 15c3-3)",
            whole(adi),
            "",
            "",
            ("17 CFR 240.15c3-3a",),
            section="requirement",
        )
        add("minimum_ratio_requirement", f"{pct_rv.value * 100}% of combined aggregate debit items", ratio_req, "22", "3870",
            (pct_rv.citation,), section="requirement", rule_values=_rv(pct_rv))  # fmt: skip
        dollar_req = max(dollar_req, floor_rv.value)
        rv_used.update(_rv(floor_rv))
    add("minimum_dollar_requirement", "Minimum dollar net capital requirement", dollar_req, "12" if firm.method == "basic" else "23",
        "3758" if firm.method == "basic" else "3880", (dollar_rv.citation, *mm_cites) + ((view["alternative_min_dollar"].citation,) if firm.method == "alternative" else ()),
        section="requirement", rule_values=rv_used, inputs={"business": list(firm.business), "market_maker_requirement": str(mm_req)})  # fmt: skip
    minimum = max(ratio_req, dollar_req)
    add("minimum_net_capital", "Net capital requirement (greater of the two lines above)", minimum, "13" if firm.method == "basic" else "24",
        "3760", (f"{RULE}(a)",), section="requirement")  # fmt: skip
    excess = net_capital - minimum
    add("excess_net_capital", "Excess net capital", excess, "14" if firm.method == "basic" else "25", "3770" if firm.method == "basic" else "3910",
        (f"{RULE}(e)(4)(i)",), section="requirement")  # fmt: skip
    warn = view["early_warning_pct_minimum"]
    assert isinstance(warn.value, Decimal)
    early = whole(minimum * warn.value)
    if firm.method == "basic":
        ex1000 = net_capital - max(whole(ai / 10), early)
        add("excess_net_capital_1000", "Net capital less the greater of 10% of total aggregate indebtedness or 120% of the requirement",
            ex1000, "15", "3780", (warn.citation,), section="requirement")  # fmt: skip
        add("total_ai_liabilities", "Total aggregate indebtedness liabilities from the statement of financial condition", ai_sfc, "16", "3790",
            (f"{RULE}(c)(1)",), section="aggregate_indebtedness")  # fmt: skip
        add("ai_other", "Add: other aggregate indebtedness not on the statement of financial condition", ai_other, "17", "3820",
            (f"{RULE}(c)(1)",), section="aggregate_indebtedness")  # fmt: skip
        add(
            "aggregate_indebtedness",
            "Total aggregate indebtedness",
            ai,
            "19",
            "3840",
            (f"{RULE}(c)(1)",),
            section="aggregate_indebtedness",
        )
        ratio_pct = (
            (ai / net_capital * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) if net_capital > 0 else None
        )
        add("ai_ratio_percent", "Percentage of aggregate indebtedness to net capital", ratio_pct, "20", "3850",
            (f"{RULE}(a)(1)(i)",), section="aggregate_indebtedness")  # fmt: skip
    else:
        alt = view["early_warning_alt_debits"]
        assert isinstance(alt.value, Decimal)
        adi = firm.aggregate_debit_items or ZERO
        ex5 = net_capital - max(whole(adi * alt.value), early)
        add("excess_net_capital_5pct", "Net capital in excess of the greater of 5% of aggregate debit items or 120% of the requirement",
            ex5, "26", "3920", (alt.citation, warn.citation), section="requirement")  # fmt: skip
        ratio_pct = None
    add(
        "early_warning_level",
        "Early-warning level: 120% of the requirement",
        early,
        "",
        "",
        (warn.citation,),
        section="early_warning",
        rule_values=_rv(warn),
    )

    facts: dict[str, object] = {
        "total_ownership_equity": equity,
        "allowable_subordinated_liabilities": sub,
        "total_capital": total_capital,
        "nonallowable_assets": nonallowable,
        "other_deductions": sdn + commodity + other_ded,
        "net_capital_before_haircuts": before,
        "haircuts": haircuts,
        "undue_concentration": undue_amount,
        "net_capital": net_capital,
        "aggregate_indebtedness": ai,
        "ai_ratio_percent": ratio_pct,
        "minimum_ratio_requirement": ratio_req,
        "minimum_dollar_requirement": dollar_req,
        "minimum_net_capital": minimum,
        "excess_net_capital": excess,
        "early_warning_level": early,
        "below_early_warning": net_capital < early,
        "below_minimum": net_capital < minimum,
    }
    return Computation(
        firm=firm.name,
        as_of=when.isoformat(),
        method=firm.method,
        lines=tuple(lines),
        haircut_groups=tuple(haircut_result.groups),
        facts=facts,
        positions=len(books.positions),
        positions_excluded=haircut_result.excluded,
    )
