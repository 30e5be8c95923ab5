"""The computation of net capital: arithmetic, ties to the statements and notes, rule tests."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from rapidfuzz import fuzz, utils

from finop import rules
from finop.checks.registry import check, money, period_end, refs, tolerance
from finop.engine import requirement as req
from finop.model.concepts import wholly_nonallowable
from finop.model.filing import Filing, LineItem, Role, Statement, StatementKind
from finop.model.findings import Finding, Severity
from finop.model.text import norm
from finop.money import whole

K = StatementKind
_ANCHORS = ("total_capital", "net_capital_before_haircuts", "net_capital")


def _top_level(st: Statement) -> list[LineItem]:
    inside = {c for i in st.items for c in i.components}
    return [i for i in st.items if i.id not in inside and i.role is not Role.HEADER]


def check_arithmetic(filing: Filing, st: Statement) -> Iterator[Finding]:
    col = st.primary_column
    running: Decimal | None = None
    terms: list[LineItem] = []
    for item in _top_level(st):
        v = item.value(col)
        if v is None:
            continue
        c = item.concept
        if c == "total_ownership_equity":
            running, terms = v, [item]
            continue
        if running is None:
            continue
        if c in _ANCHORS:
            if abs(running - v) > tolerance(len(terms), st.scale):
                yield Finding(
                    code="TIE-NC-ARITHMETIC",
                    severity=Severity.ERROR,
                    message=f"computation of net capital: '{item.label}' is {money(v)} but the lines above it give {money(running)}",
                    expected=running,
                    actual=v,
                    sources=refs(item.source(col), *(t.source(col) for t in terms)),
                    citations=("17 CFR 240.15c3-1(c)(2)",),
                    statement=K.NET_CAPITAL.value,
                    concept=c,
                )
            running, terms = v, [item]
            if c == "net_capital":
                return
        elif c == "equity_not_allowable":
            running -= abs(v)
            terms.append(item)
        elif c == "allowable_subordinated_liabilities" or item.section == "capital":
            running += v
            terms.append(item)
        elif item.section in ("deductions", "haircuts"):
            running -= abs(v)
            terms.append(item)


check(
    "TIE-NC-ARITHMETIC", "equity less deductions and haircuts equals net capital, line by line", needs=(K.NET_CAPITAL,)
)(check_arithmetic)


def check_excess(filing: Filing, st: Statement) -> Iterator[Finding]:
    col = st.primary_column

    def get(concept: str) -> tuple[LineItem | None, Decimal | None]:
        item = st.find(concept)  # type: ignore[union-attr]
        return item, (item.value(col) if item else None)

    nc_item, nc = get("net_capital")
    min_item, minimum = get("minimum_net_capital")
    ai_item, ai = get("aggregate_indebtedness")
    adi_item, adi = get("aggregate_debit_items")
    if nc is None or nc_item is None:
        return
    view = rules.at(period_end(filing))
    level = view.get("early_warning_pct_minimum")
    alt_level = view.get("early_warning_alt_debits")
    checks: list[tuple[str, str, Decimal | None, list[LineItem | None]]] = []
    if minimum is not None:
        checks.append(("excess_net_capital", "net capital less the requirement", nc - minimum, [nc_item, min_item]))
    if minimum is not None and ai is not None and level is not None:
        expected = req.excess_at_1000(nc, ai, req.early_warning_level(minimum, level))
        checks.append(
            (
                "excess_net_capital_1000",
                "net capital less the greater of 10% of aggregate indebtedness and 120% of the requirement",
                expected,
                [nc_item, ai_item, min_item],
            )
        )
    if adi is not None and alt_level is not None:
        label = st.find("excess_net_capital_5pct")
        floor = req.percent_of(adi, alt_level)
        if label is not None and "120%" in label.label and minimum is not None and level is not None:
            floor = max(floor, req.early_warning_level(minimum, level))
        checks.append(
            (
                "excess_net_capital_5pct",
                "net capital less 5% of aggregate debit items",
                nc - floor,
                [nc_item, adi_item, min_item],
            )
        )
    for concept, words, expected, inputs in checks:
        item, actual = get(concept)
        if item is None or actual is None or expected is None:
            continue
        if abs(expected - actual) > tolerance(len(inputs), st.scale):
            yield Finding(
                code="TIE-NC-EXCESS",
                severity=Severity.ERROR,
                message=f"'{item.label}' is {money(actual)} but {words} is {money(whole(expected))}",
                expected=whole(expected),
                actual=actual,
                sources=refs(item.source(col), *(i.source(col) for i in inputs if i is not None)),
                citations=("17 CFR 240.15c3-1(a)", "17 CFR 240.17a-11(c)"),
            )


check("TIE-NC-EXCESS", "excess net capital lines equal net capital less what each one names", needs=(K.NET_CAPITAL,))(
    check_excess
)


def check_requirement_lines(filing: Filing, st: Statement) -> Iterator[Finding]:
    col = st.primary_column
    ratio_item, dollar_item, min_item = (
        st.find(c) for c in ("minimum_ratio_requirement", "minimum_dollar_requirement", "minimum_net_capital")
    )
    adi_item = st.find("aggregate_debit_items")
    view = rules.at(period_end(filing))
    pct = view.get("alternative_pct_debits")
    if ratio_item is not None and adi_item is not None and pct is not None and "debit" in norm(ratio_item.label):
        ratio, adi = ratio_item.value(col), adi_item.value(col)
        if ratio is not None and adi is not None:
            expected = req.alternative_ratio_requirement(adi, pct)
            if abs(expected - ratio) > tolerance(2, st.scale):
                yield Finding(
                    code="TIE-NC-REQUIREMENT",
                    severity=Severity.ERROR,
                    message=f"'{ratio_item.label}' is {money(ratio)} but {pct.value * 100}% of aggregate debit items {money(adi)} is {money(expected)}",
                    expected=expected,
                    actual=ratio,
                    sources=refs(ratio_item.source(col), adi_item.source(col)),
                    citations=(pct.citation,),
                )
    if ratio_item is None or dollar_item is None or min_item is None:
        return
    ratio, dollar, minimum = ratio_item.value(col), dollar_item.value(col), min_item.value(col)
    if ratio is None or dollar is None or minimum is None:
        return
    expected = max(ratio, dollar)
    if abs(expected - minimum) > tolerance(1, st.scale):
        yield Finding(
            code="TIE-NC-REQUIREMENT",
            severity=Severity.ERROR,
            message=f"'{min_item.label}' is {money(minimum)} but the greater of {money(ratio)} and {money(dollar)} is {money(expected)}",
            expected=expected,
            actual=minimum,
            sources=refs(min_item.source(col), ratio_item.source(col), dollar_item.source(col)),
            citations=("17 CFR 240.15c3-1(a)",),
        )


check(
    "TIE-NC-REQUIREMENT",
    "the stated requirement lines agree: ratio leg, dollar leg, greater of the two",
    needs=(K.NET_CAPITAL,),
)(check_requirement_lines)


def check_equity(filing: Filing, st: Statement, sfc: Statement) -> Iterator[Finding]:
    eq_item, sfc_item = st.find("total_ownership_equity"), sfc.find("total_equity")
    if eq_item is None or sfc_item is None:
        return
    a, b = eq_item.value(st.primary_column), sfc_item.value(sfc.primary_column)
    if a is None or b is None:
        return
    if abs(a - b) > tolerance(1, max(st.scale, sfc.scale)):
        yield Finding(
            code="TIE-NC-EQUITY",
            severity=Severity.ERROR,
            message=f"the computation of net capital starts from equity of {money(a)} but the statement of financial condition shows {money(b)}",
            expected=b,
            actual=a,
            sources=refs(eq_item.source(st.primary_column), sfc_item.source(sfc.primary_column)),
        )


check(
    "TIE-NC-EQUITY",
    "the computation starts from the balance sheet's equity",
    needs=(
        K.NET_CAPITAL,
        K.FINANCIAL_CONDITION,
    ),
)(check_equity)


def check_deductions_to_sfc(filing: Filing, st: Statement, sfc: Statement) -> Iterator[Finding]:
    assets = [i for i in sfc.items if i.section == "assets" and i.role is Role.ITEM]
    tol = tolerance(1, max(st.scale, sfc.scale))
    for item in st.items:
        if item.section != "deductions" or item.role is not Role.ITEM or not _names_something(item.label):
            continue
        best, score = None, 0.0
        for a in assets:
            s = fuzz.token_set_ratio(item.label, a.label, processor=utils.default_process)
            if s > score:
                best, score = a, s
        if best is None or score < 90:
            continue
        dv, av = item.value(st.primary_column), best.value(sfc.primary_column)
        if dv is None or av is None:
            continue
        deducted = abs(dv)
        if deducted > av + tol:
            yield Finding(
                code="TIE-NC-SFC-DEDUCTION",
                severity=Severity.WARNING,
                message=f"'{item.label}' is deducted as {money(deducted)} but the statement of financial condition "
                f"carries '{best.label}' at {money(av)}: {money(deducted - av)} more than the asset (net capital understated)",
                expected=av,
                actual=deducted,
                sources=refs(item.source(st.primary_column), best.source(sfc.primary_column)),
                citations=("17 CFR 240.15c3-1(c)(2)(iv)",),
            )
        elif deducted + tol < av and _same_asset(item.label, best.label):
            whole_kind = _wholly_nonallowable(best.label)
            yield Finding(
                code="TIE-NC-SFC-DEDUCTION-UNDER",
                severity=Severity.ERROR if whole_kind else Severity.WARNING,
                message=f"'{item.label}' is deducted as {money(deducted)} but the statement of financial condition "
                f"carries '{best.label}' at {money(av)}: {money(av - deducted)} "
                + (
                    "of an asset nonallowable in full not deducted (net capital overstated)"
                    if whole_kind
                    else "not deducted; net capital is overstated by it unless that part of the line is allowable"
                ),
                expected=av,
                actual=deducted,
                sources=refs(item.source(st.primary_column), best.source(sfc.primary_column)),
                citations=("17 CFR 240.15c3-1(c)(2)(iv)(B)" if whole_kind else "17 CFR 240.15c3-1(c)(2)(iv)",),
                statement=K.NET_CAPITAL.value,
                concept=item.concept,
            )


check(
    "TIE-NC-SFC-DEDUCTION",
    "each nonallowable asset deducted equals its balance sheet line: less overstates net capital, more understates it",
    needs=(
        K.NET_CAPITAL,
        K.FINANCIAL_CONDITION,
    ),
)(check_deductions_to_sfc)


_GENERIC = {"net", "other", "others", "total", "less", "and", "of", "the", "for", "in", "to", "from", "at", "by"}


def _names_something(caption: str) -> bool:
    """A caption that names an asset: a word besides 'net', 'other', 'total' ('net' or 'Other' alone, the
    fragments of a wrapped caption, match any line)."""
    return any(len(w) >= 3 and w not in _GENERIC for w in re.findall(r"[a-z]+", norm(caption)))


def _wholly_nonallowable(caption: str) -> bool:
    """A balance-sheet line of a kind nonallowable in full (fixed assets, prepaid expenses, goodwill, ...)."""
    text = norm(caption)
    return any(p.search(text) for p in wholly_nonallowable())


# a deduction worded as a part of its asset ("nonallowable portion of other assets", "aged receivables over 30
# days") may rightly be less than the balance-sheet line
_PART_OF = re.compile(r"\b(portion|part|parts|excess|unsecured|aged|over|older|exceeding|percent|%|haircuts?)\b")


def _same_asset(deduction: str, asset: str) -> bool:
    """The deduction names the balance-sheet line itself (not a part of it): the whole line is nonallowable."""
    if _PART_OF.search(norm(deduction)):
        return False
    return fuzz.token_sort_ratio(deduction, asset, processor=utils.default_process) >= 90


def check_notes(filing: Filing, st: Statement) -> Iterator[Finding]:
    col = st.primary_column
    for note_concept, concept, words in (
        ("note_net_capital", "net_capital", "net capital"),
        ("note_minimum_net_capital", "minimum_net_capital", "the net capital requirement"),
        ("note_excess_net_capital", "excess_net_capital", "excess net capital"),
    ):
        note = next((n for n in filing.notes if n.concept == note_concept), None)
        item = st.find(concept)
        if note is None or item is None or item.value(col) is None:
            continue
        v = item.value(col)
        assert v is not None
        # notes round ("$12.3 million", "$1.7 billion"): allow the rounding the note's own figure shows
        tol = max(tolerance(1, st.scale), note.rounding)
        if abs(note.value - v) > tol:
            yield Finding(
                code="TIE-NOTE-NETCAP",
                severity=Severity.ERROR,
                message=f"the notes state {words} of {money(note.value)} but the computation of net capital shows {money(v)}",
                expected=v,
                actual=note.value,
                sources=refs(note.source, item.source(col)),
            )
    note = next((n for n in filing.notes if n.concept == "note_ai_ratio"), None)
    ai, nc = st.amount("aggregate_indebtedness"), st.amount("net_capital")
    if note is not None and ai is not None and nc:
        ratio = req.ai_ratio_to_one(ai, nc)
        if abs(ratio - note.value) > Decimal("0.015"):
            yield Finding(
                code="TIE-NOTE-AI-RATIO",
                severity=Severity.WARNING,
                message=f"the notes state a ratio of aggregate indebtedness to net capital of {note.value} to 1 but the schedule gives {ratio} to 1",
                expected=ratio,
                actual=note.value,
                sources=refs(note.source, st.find("aggregate_indebtedness").source(col)),  # type: ignore[union-attr]
            )


check("TIE-NOTE-NETCAP", "the net capital figures stated in the notes equal the schedule's", needs=(K.NET_CAPITAL,))(
    check_notes
)


def check_minimum(filing: Filing) -> Iterator[Finding]:
    st = filing.statement(K.NET_CAPITAL)
    minimum = filing.amount("minimum_net_capital")
    if minimum is None:
        return
    view = rules.at(period_end(filing))
    scale = st.scale if st else 1
    min_src = filing.facts["minimum_net_capital"].source
    ai = filing.amount("aggregate_indebtedness")
    adi = filing.amount("aggregate_debit_items")
    method = filing.method or ("alternative" if adi is not None else "basic" if ai is not None else None)
    if method == "alternative":
        floor = view.get("alternative_min_dollar")
        pct = view.get("alternative_pct_debits")
        if floor is None or pct is None:
            return
        required = floor.value
        cites = [floor.citation]
        if adi is not None:
            required = max(required, req.alternative_ratio_requirement(adi, pct))
            cites.append(pct.citation)
        if minimum + tolerance(1, scale) < required:
            yield Finding(
                code="RULE-NC-MINIMUM",
                severity=Severity.ERROR,
                message=(
                    f"the report uses the alternative method, whose requirement is the greater of {money(floor.value)} and "
                    f"{pct.value * 100}% of aggregate debit items ({money(required)}), but it states {money(minimum)}"
                ),
                expected=required,
                actual=minimum,
                sources=refs(min_src, filing.method_source),
                citations=tuple(cites),
            )
    elif method == "basic" and ai is not None:
        ratio = view.get("basic_max_ai_ratio")
        if ratio is None:
            return
        ratio_req = req.basic_ratio_requirement(ai, ratio)
        stated_ratio = filing.amount("minimum_ratio_requirement")
        if stated_ratio is not None and abs(stated_ratio - ratio_req) > tolerance(2, scale):
            first_year = view.get("basic_max_ai_ratio_first_year")
            fy_req = req.basic_ratio_requirement(ai, first_year) if first_year else None
            if fy_req is None or abs(stated_ratio - fy_req) > tolerance(2, scale):
                yield Finding(
                    code="RULE-NC-MINIMUM",
                    severity=Severity.ERROR,
                    message=f"the ratio requirement should be {req.basic_ratio_words(ratio)} of aggregate indebtedness {money(ai)}, i.e. {money(ratio_req)}, but the schedule states {money(stated_ratio)}",
                    expected=ratio_req,
                    actual=stated_ratio,
                    sources=refs(filing.facts["minimum_ratio_requirement"].source),
                    citations=(ratio.citation,),
                )
        dollar = filing.amount("minimum_dollar_requirement")
        expected = max(ratio_req, dollar) if dollar is not None else None
        if expected is not None and abs(minimum - expected) > tolerance(2, scale):
            yield Finding(
                code="RULE-NC-MINIMUM",
                severity=Severity.ERROR,
                message=f"the requirement is the greater of the ratio requirement {money(ratio_req)} and the dollar minimum {money(dollar)}, i.e. {money(expected)}, but the schedule states {money(minimum)}",
                expected=expected,
                actual=minimum,
                sources=refs(min_src),
                citations=(ratio.citation, "17 CFR 240.15c3-1(a)"),
            )
        elif minimum + tolerance(1, scale) < ratio_req:
            yield Finding(
                code="RULE-NC-MINIMUM",
                severity=Severity.ERROR,
                message=f"the requirement {money(minimum)} is below {req.basic_ratio_words(ratio)} of aggregate indebtedness ({money(ratio_req)})",
                expected=ratio_req,
                actual=minimum,
                sources=refs(min_src),
                citations=(ratio.citation,),
            )


check("RULE-NC-MINIMUM", "the requirement follows the method the report states (basic or alternative)")(check_minimum)


def check_levels(filing: Filing) -> Iterator[Finding]:
    nc = filing.amount("net_capital")
    minimum = filing.amount("minimum_net_capital")
    if nc is None or minimum is None:
        return
    view = rules.at(period_end(filing))
    src = filing.facts["net_capital"].source
    if nc < minimum:
        yield Finding(
            code="RULE-NC-BELOW-MINIMUM",
            severity=Severity.ERROR,
            message=f"net capital {money(nc)} is below the required minimum {money(minimum)}",
            expected=minimum,
            actual=nc,
            sources=refs(src),
            citations=("17 CFR 240.15c3-1(a)", "17 CFR 240.17a-11(b)(1)"),
        )
        return
    level = view.get("early_warning_pct_minimum")
    early = req.early_warning_level(minimum, level) if level is not None else None
    if level is not None and early is not None and nc < early:
        yield Finding(
            code="RULE-NC-EARLY-WARNING",
            severity=Severity.WARNING,
            message=f"net capital {money(nc)} is below {level.value * 100:.0f}% of the required minimum ({money(early)}): a Rule 17a-11 notice level",
            expected=early,
            actual=nc,
            sources=refs(src),
            citations=(level.citation,),
        )
    adi = filing.amount("aggregate_debit_items")
    adi_level = view.get("early_warning_alt_debits")
    if adi is not None and adi_level is not None and early is not None and early <= nc < req.percent_of(adi, adi_level):
        yield Finding(
            code="RULE-NC-EARLY-WARNING",
            severity=Severity.WARNING,
            message=f"net capital {money(nc)} is below {adi_level.value * 100:.0f}% of aggregate debit items ({money(req.percent_of(adi, adi_level))}): a Rule 17a-11 notice level for the alternative method",
            expected=req.percent_of(adi, adi_level),
            actual=nc,
            sources=refs(src, filing.facts["aggregate_debit_items"].source),
            citations=(adi_level.citation,),
        )
    ai = filing.amount("aggregate_indebtedness")
    ai_level = view.get("early_warning_ai_ratio")
    if ai is not None and ai_level is not None and nc > 0 and ai > nc * ai_level.value:
        yield Finding(
            code="RULE-AI-EARLY-WARNING",
            severity=Severity.WARNING,
            message=f"aggregate indebtedness {money(ai)} exceeds {ai_level.value * 100:.0f}% of net capital: a Rule 17a-11 notice level",
            expected=nc * ai_level.value,
            actual=ai,
            sources=refs(filing.facts["aggregate_indebtedness"].source),
            citations=(ai_level.citation,),
        )


check("RULE-NC-LEVELS", "net capital against the requirement and the Rule 17a-11 early-warning levels")(check_levels)


def check_reconciliation(filing: Filing) -> Iterator[Finding]:
    rec = filing.reconciliation
    if rec is None or rec.statement is None:
        return
    from finop.checks.footing import foot_statement

    yield from foot_statement(rec.statement, "TIE-REC-FOOT")
    final = rec.statement.find("reconciled_net_capital")
    nc = filing.amount("net_capital")
    if final is None or nc is None or final.value(0) is None:
        return
    v = final.value(0)
    assert v is not None
    if abs(v - nc) > tolerance(1, rec.statement.scale):
        yield Finding(
            code="TIE-REC-NETCAP",
            severity=Severity.ERROR,
            message=f"the reconciliation ends at net capital {money(v)} but the computation shows {money(nc)}",
            expected=nc,
            actual=v,
            sources=refs(final.source(0), filing.facts["net_capital"].source),
            citations=("17 CFR 240.17a-5(d)(4)",),
        )


check("TIE-REC", "the (d)(4) reconciliation adds up and ends at the schedule's net capital")(check_reconciliation)
