"""Books -> Computation: net capital under Rule 15c3-1, line by line, in FOCUS Part IIA order.

The computation runs in stages, each adding its lines: capital (lines 1-5), deductions
(6-8), haircuts (9-10), the requirement (11-14 or 22-25) and the early-warning levels.
Every line's caption, FOCUS line and box come from the concept table
(``finop/model/data/concepts.yaml``); the formulas of the requirement from
``engine.requirement``; the rule values from the dated rules data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from finop import rules
from finop.books import Books, BooksError
from finop.books.chart import SUBORDINATED_ALLOWABLE
from finop.books.firm import BUSINESS_MINIMUM_RULE
from finop.engine import requirement as req
from finop.engine.haircuts import HaircutResult, compute_haircuts
from finop.engine.reserve import compute_reserve
from finop.engine.undue import undue_concentration
from finop.model.computation import CompLine, Computation
from finop.model.concepts import concept
from finop.model.reserve import ReserveComputation
from finop.money import whole
from finop.rules import RuleValue, RuleView

ZERO = Decimal(0)
RULE = "17 CFR 240.15c3-1"


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


@dataclass
class _Lines:
    """The computation's lines as they are added, worded and boxed by the concept table for the firm's method."""

    method: str
    lines: list[CompLine] = field(default_factory=list)

    def add(self, key: str, amount: Decimal | None, cites: tuple[str, ...] = (), *, caption: str = "",
            **kw) -> Decimal | None:  # type: ignore[no-untyped-def]  # fmt: skip
        c = concept(key)
        box = c.focus_box("net_capital", self.method)
        self.lines.append(CompLine(key, caption or c.caption, amount, box.line if box else "", box.box if box else "",
                                   cites, **kw))  # fmt: skip
        return amount


@dataclass
class _Stage:
    """What one stage hands the next."""

    books: Books
    when: dt.date
    view: RuleView
    out: _Lines
    values: dict[str, Decimal] = field(default_factory=dict)


def _capital(s: _Stage) -> None:
    """Lines 1-5: ownership equity, what of it is allowable, subordinated liabilities, total capital."""
    tb, adj = s.books.trial_balance, s.books.firm.adjustment
    equity = whole(tb.total(kind="equity") + tb.net_income)
    s.out.add("total_ownership_equity", equity, (f"{RULE}(c)(2)(i)",),
              inputs={"equity_accounts": str(tb.total(kind="equity")), "current_net_income": str(tb.net_income)})  # fmt: skip
    not_allowable = whole(adj("equity_not_allowable"))
    s.out.add("equity_not_allowable", not_allowable, (f"{RULE}(c)(2)(i)(G)",), indent=1)
    qualified = equity - not_allowable
    s.out.add("equity_qualified", qualified, (f"{RULE}(c)(2)(i)",))
    sub = whole(sum((tb.line_total(line) for line in SUBORDINATED_ALLOWABLE), ZERO))
    s.out.add("allowable_subordinated_liabilities", sub, (f"{RULE}(c)(2)(ii)", f"{RULE}d"), indent=1)
    other_credits = whole(adj("other_allowable_credits"))
    s.out.add("other_allowable_credits", other_credits, (f"{RULE}(c)(2)(i)(C)-(E)",), indent=1)
    total_capital = qualified + sub + other_credits
    s.out.add("total_capital", total_capital, (f"{RULE}(c)(2)(i)-(ii)",))
    s.values.update(equity=equity, sub=sub, total_capital=total_capital)


def _deductions(s: _Stage) -> None:
    """Lines 6-8: nonallowable assets and other deductions, net capital before haircuts."""
    tb, adj = s.books.trial_balance, s.books.firm.adjustment
    nonallowable = whole(tb.total(kind="asset", column="nonallowable"))
    by_line = {a.line: ZERO for a in tb.accounts if a.column == "nonallowable"}
    for a in tb.accounts:
        if a.column == "nonallowable":
            by_line[a.line] += a.amount
    s.out.add("nonallowable_assets", nonallowable, (f"{RULE}(c)(2)(iv)", f"{RULE}(c)(2)(vii)"),
              inputs={k: str(v) for k, v in by_line.items()}, indent=1)  # fmt: skip
    sdn = whole(adj("secured_demand_note_deficiency"))
    s.out.add("secured_demand_note_deficiency", sdn, (f"{RULE}d",), indent=1)
    commodity = whole(adj("commodity_charges"))
    s.out.add("commodity_charges", commodity, (f"{RULE}b",), indent=1)
    other_ded = whole(adj("other_deductions"))
    s.out.add("other_deductions", other_ded, (f"{RULE}(c)(2)",), indent=1)
    other_add = whole(adj("other_additions"))
    s.out.add("other_additions", other_add, (f"{RULE}(c)(2)(i)",), indent=1)
    before = s.values["total_capital"] - nonallowable - sdn - commodity - other_ded + other_add
    s.out.add("net_capital_before_haircuts", before, (f"{RULE}(c)(15)",))
    s.values.update(nonallowable=nonallowable, other_deductions=sdn + commodity + other_ded, before=before)


_DEFAULT_CITES = {
    "exempted": (f"{RULE}(c)(2)(vi)(A)", f"{RULE}(c)(2)(vi)(B)"),
    "debt": (f"{RULE}(c)(2)(vi)(C)", f"{RULE}(c)(2)(vi)(E)", f"{RULE}(c)(2)(vi)(F)", f"{RULE}(c)(2)(vi)(G)"),
    "other": (f"{RULE}(c)(2)(vi)(D)", f"{RULE}(c)(2)(vi)(H)", f"{RULE}(c)(2)(vi)(J)", f"{RULE}(c)(2)(vi)(K)",
              f"{RULE}(c)(2)(vii)"),
}  # fmt: skip


def _haircuts(s: _Stage) -> HaircutResult:
    """Lines 9-10: haircuts on securities positions by FOCUS group, undue concentration, net capital."""
    books, adj = s.books, s.books.firm.adjustment
    excluded = _nonallowable_lines(books)
    result = compute_haircuts(books.positions, s.when, s.view, exclude_lines=excluded)
    commitments = whole(adj("contractual_commitments"))
    s.out.add("contractual_commitments", commitments, (f"{RULE}(c)(2)(viii)",), indent=1)
    sub_borrowings = whole(adj("subordinated_securities_borrowings"))
    s.out.add("subordinated_securities_borrowings", sub_borrowings, (f"{RULE}d",), indent=1)

    def group(name: str) -> tuple[Decimal, tuple[str, ...], dict[str, object]]:
        used = sorted({g.citation.split(";")[0] for g in result.groups if g.focus_group == name})
        detail = [f"{g.asset_class} {g.bracket}".strip() + f": {g.amount}" for g in result.groups
                  if g.focus_group == name]  # fmt: skip
        return whole(result.total(name)), tuple(used) or _DEFAULT_CITES[name], {"groups": detail}

    exempted, exempted_cites, exempted_detail = group("exempted")
    s.out.add("haircuts_exempted", exempted, exempted_cites, indent=2, inputs=exempted_detail)
    debt, debt_cites, debt_detail = group("debt")
    s.out.add("haircuts_debt", debt, debt_cites, indent=2, inputs=debt_detail)
    options = whole(adj("options_haircuts"))
    s.out.add("haircuts_options", options, (f"{RULE}a",), indent=2)
    other, other_cites, other_detail = group("other")
    s.out.add("haircuts_other_securities", other, other_cites, indent=2, inputs=other_detail)
    undue = undue_concentration(books.positions, result, s.values["before"], s.when, s.view, exclude_lines=excluded)
    undue_amount = whole(undue.total)
    s.out.add("undue_concentration", undue_amount, (f"{RULE}(c)(2)(vi)(M)",), indent=1,
              inputs={"issuers": [c.describe() for c in undue.charges]}, rule_values=undue.rule_values)  # fmt: skip
    other_haircuts = whole(adj("other_haircuts"))
    s.out.add("other_haircuts", other_haircuts, (f"{RULE}(c)(2)(vi)",), indent=1)
    haircuts = commitments + sub_borrowings + exempted + debt + options + other + undue_amount + other_haircuts
    s.out.add("haircuts", haircuts, (f"{RULE}(c)(2)(vi)",))
    net_capital = s.values["before"] - haircuts
    s.out.add("net_capital", net_capital, (f"{RULE}(c)(2)",))
    s.values.update(haircuts=haircuts, undue=undue_amount, net_capital=net_capital)
    return result


def _requirement(s: _Stage) -> None:
    """Lines 11-14 (basic) or 22-25 (alternative): the ratio and dollar requirements, the greater, the excess."""
    firm, tb, view = s.books.firm, s.books.trial_balance, s.view
    ai_sfc = whole(tb.total(kind="liability", column="ai"))
    ai_other = whole(firm.adjustment("ai_other"))
    ai = ai_sfc + ai_other
    minimums: dict[str, RuleValue] = {b: view[BUSINESS_MINIMUM_RULE[b]] for b in firm.business}
    dollar_rv = max(minimums.values(), key=lambda rv: rv.value)  # type: ignore[arg-type,return-value]
    dollar_min = dollar_rv.value
    assert isinstance(dollar_min, Decimal)
    mm_cites: tuple[str, ...] = ()
    mm_req = ZERO
    if firm.markets_above_5 + firm.markets_at_or_below_5:
        per, low, cap = (view["market_maker_per_security"], view["market_maker_per_low_priced_security"],
                         view["market_maker_cap"])  # fmt: skip
        mm_req = min(cap.value, per.value * firm.markets_above_5 + low.value * firm.markets_at_or_below_5)  # type: ignore[operator,type-var]
        mm_cites = (per.citation,)
    dollar_req = max(dollar_min, mm_req)
    rv_used = {k: v for rv in minimums.values() for k, v in _rv(rv).items()}
    if firm.method == "basic":
        ratio_rv = view["basic_max_ai_ratio_first_year" if firm.first_year else "basic_max_ai_ratio"]
        ratio_req = req.basic_ratio_requirement(ai, ratio_rv)
        s.out.add("minimum_ratio_requirement", ratio_req, (ratio_rv.citation,),
                  caption=f"Minimum net capital required ({req.basic_ratio_percent(ratio_rv):.2f}% of total aggregate indebtedness)",
                  section="requirement", rule_values=_rv(ratio_rv), inputs={"aggregate_indebtedness": str(ai)})  # fmt: skip
    else:
        pct_rv, floor_rv = view["alternative_pct_debits"], view["alternative_min_dollar"]
        adi = s.values["adi"]
        assert isinstance(floor_rv.value, Decimal)
        ratio_req = req.alternative_ratio_requirement(adi, pct_rv)
        source = ("the customer reserve computation (reserve.csv), before the Note E(3) reduction"
                  if s.books.reserve is not None and s.books.reserve.has("customer") else "firm.yaml")  # fmt: skip
        s.out.add("aggregate_debit_items", whole(adi), (f"{RULE}(a)(1)(ii)", "17 CFR 240.15c3-3a"),
                  section="requirement", inputs={"from": source})  # fmt: skip
        s.out.add("minimum_ratio_requirement", ratio_req, (pct_rv.citation,),
                  caption=f"{pct_rv.value * 100}% of combined aggregate debit items", section="requirement",
                  rule_values=_rv(pct_rv))  # fmt: skip
        dollar_req = max(dollar_req, floor_rv.value)
        rv_used.update(_rv(floor_rv))
    floor_cites = (view["alternative_min_dollar"].citation,) if firm.method == "alternative" else ()
    s.out.add("minimum_dollar_requirement", dollar_req, (dollar_rv.citation, *mm_cites, *floor_cites),
              section="requirement", rule_values=rv_used,
              inputs={"business": list(firm.business), "market_maker_requirement": str(mm_req)})  # fmt: skip
    minimum = max(ratio_req, dollar_req)
    s.out.add("minimum_net_capital", minimum, (f"{RULE}(a)",), section="requirement")
    excess = s.values["net_capital"] - minimum
    s.out.add("excess_net_capital", excess, (f"{RULE}(e)(4)(i)",), section="requirement")
    s.values.update(ai_sfc=ai_sfc, ai_other=ai_other, ai=ai, ratio_req=ratio_req, dollar_req=dollar_req,
                    minimum=minimum, excess=excess)  # fmt: skip


def _early_warning(s: _Stage) -> Decimal | None:
    """The Rule 17a-11 levels: excess at 1000% (basic, with the AI lines and ratio) or at 5% of debits
    (alternative); the early-warning level, 120% of the requirement (basic) or the greater of that and 5% of
    aggregate debit items (alternative, 17a-11(c)(2)). Returns the AI ratio (basic method)."""
    firm, view, v = s.books.firm, s.view, s.values
    warn = view["early_warning_pct_minimum"]
    early = req.early_warning_level(v["minimum"], warn)
    net_capital = v["net_capital"]
    ratio_pct: Decimal | None = None
    if firm.method == "basic":
        s.out.add("excess_net_capital_1000", req.excess_at_1000(net_capital, v["ai"], early), (warn.citation,),
                  section="requirement")  # fmt: skip
        s.out.add("total_ai_liabilities", v["ai_sfc"], (f"{RULE}(c)(1)",), section="aggregate_indebtedness")
        s.out.add("ai_other", v["ai_other"], (f"{RULE}(c)(1)",), section="aggregate_indebtedness")
        s.out.add("aggregate_indebtedness", v["ai"], (f"{RULE}(c)(1)",), section="aggregate_indebtedness")
        ratio_pct = req.ai_ratio_percent(v["ai"], net_capital)
        s.out.add("ai_ratio_percent", ratio_pct, (f"{RULE}(a)(1)(i)",), section="aggregate_indebtedness")
        s.out.add("early_warning_level", early, (warn.citation,), section="early_warning", rule_values=_rv(warn))
    else:
        alt = view["early_warning_alt_debits"]
        adi = v["adi"]
        ex5 = req.excess_at_5pct(net_capital, adi, alt, early)
        s.out.add("excess_net_capital_5pct", ex5, (alt.citation, warn.citation), section="requirement")
        early = req.early_warning_level_alternative(v["minimum"], warn, adi, alt)
        s.out.add("early_warning_level", early, (alt.citation, warn.citation), section="early_warning",
                  caption=f"Early-warning level: the greater of {alt.value * 100:.0f}% of aggregate debit items and "
                  f"{warn.value * 100:.0f}% of the requirement",
                  rule_values={**_rv(alt), **_rv(warn)},
                  inputs={"pct_of_aggregate_debit_items": str(req.percent_of(adi, alt)),
                          "pct_of_minimum": str(req.early_warning_level(v["minimum"], warn))})  # fmt: skip
    v["early"] = early
    return ratio_pct


def _aggregate_debit_items(books: Books, reserve: ReserveComputation | None) -> Decimal:
    """Aggregate debit items for the alternative method: the customer reserve computation's (before the Note
    E(3) reduction: 15c3-1(a)(1)(ii), FOCUS Part II line 18 'Aggregate debit items' above line 19's 3%), else
    firm.yaml's. Both given and different is a conflict in the books (BooksError)."""
    firm = books.firm
    computed = reserve.facts.get("aggregate_debit_items") if reserve is not None else None
    if computed is None:
        return firm.aggregate_debit_items or ZERO
    if firm.aggregate_debit_items is not None and firm.aggregate_debit_items != computed:
        raise BooksError(
            f"{books.path}/firm.yaml",
            f"aggregate_debit_items {firm.aggregate_debit_items:,} differs from the {computed:,} of the customer "
            "reserve computation in reserve.csv: remove it from firm.yaml (finop takes it from reserve.csv) or make "
            "the two agree",
        )
    assert isinstance(computed, Decimal)
    return computed


def compute(books: Books, as_of: dt.date | None = None) -> Computation:
    """Compute net capital and the requirement for a books folder, with the rules in force on ``as_of``."""
    firm = books.firm
    when = as_of or firm.as_of
    stage = _Stage(books, when, rules.at(when), _Lines(firm.method))
    reserve = compute_reserve(books, when) if books.reserve is not None else None
    stage.values["adi"] = _aggregate_debit_items(books, reserve)
    _capital(stage)
    _deductions(stage)
    haircut_result = _haircuts(stage)
    _requirement(stage)
    ratio_pct = _early_warning(stage)
    v = stage.values
    facts: dict[str, object] = {
        "total_ownership_equity": v["equity"],
        "allowable_subordinated_liabilities": v["sub"],
        "total_capital": v["total_capital"],
        "nonallowable_assets": v["nonallowable"],
        "other_deductions": v["other_deductions"],
        "net_capital_before_haircuts": v["before"],
        "haircuts": v["haircuts"],
        "undue_concentration": v["undue"],
        "net_capital": v["net_capital"],
        "aggregate_indebtedness": v["ai"],
        "ai_ratio_percent": ratio_pct,
        "minimum_ratio_requirement": v["ratio_req"],
        "minimum_dollar_requirement": v["dollar_req"],
        "minimum_net_capital": v["minimum"],
        "excess_net_capital": v["excess"],
        "early_warning_level": v["early"],
        "below_early_warning": v["net_capital"] < v["early"],
        "below_minimum": v["net_capital"] < v["minimum"],
    }
    if reserve is not None:
        facts.update(reserve.facts)
    return Computation(
        firm=firm.name,
        as_of=when.isoformat(),
        method=firm.method,
        lines=tuple(stage.out.lines),
        haircut_groups=tuple(haircut_result.groups),
        facts=facts,
        positions=len(books.positions),
        positions_excluded=haircut_result.excluded,
        reserve=reserve,
    )
