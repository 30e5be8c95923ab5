"""The check registry: stable codes, a crashing check becomes a finding, tolerances."""

from __future__ import annotations

from decimal import Decimal

from conftest import REPORTS, SEED, check_text, needs_shared
from finop.checks import registry
from finop.checks.captions import expected_sign
from finop.model.findings import Severity


def test_a_code_registered_twice_is_refused_and_every_check_is_described() -> None:
    import pytest

    first = next(iter(registry.REGISTRY))
    with pytest.raises(ValueError, match=f"check code {first} registered twice"):
        registry.check(first, "a second check under a taken code")(lambda filing: ())
    assert registry.REGISTRY[first].description != "a second check under a taken code"
    descriptions = [chk.description for chk in registry.REGISTRY.values()]
    assert all(d.strip() for d in descriptions) and len(set(descriptions)) == len(descriptions)


@needs_shared
def test_crashing_check_becomes_an_error_finding(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def boom(filing):  # type: ignore[no-untyped-def]
        raise ZeroDivisionError("division by zero")

    monkeypatch.setitem(registry.REGISTRY, "BOOM", registry.Check("BOOM", "always fails", boom))
    result = check_text(SEED.read_text(encoding="utf-8"))
    crashed = [f for f in result.findings if f.code == "CHECK-CRASHED"]
    assert len(crashed) == 1 and crashed[0].severity is Severity.ERROR
    assert "BOOM" in crashed[0].message and "ZeroDivisionError" in crashed[0].message


def test_tolerance_is_a_dollar_per_line_scaled() -> None:
    assert registry.tolerance(3, 1) == Decimal(3)
    assert registry.tolerance(3, 1000) == Decimal(3000)


@needs_shared
def test_rounding_within_tolerance_is_not_an_error() -> None:
    text = SEED.read_text(encoding="utf-8").replace("Total revenue\t91,734,323", "Total revenue\t91,734,324")
    result = check_text(text)
    assert not [f for f in result.errors if f.code == "TIE-IS-FOOT"]


def test_caption_sign_expectations() -> None:
    assert expected_sign("Increase in accounts payable") == 1
    assert expected_sign("Decrease in accounts payable") == -1
    assert expected_sign("Increase in due from affiliates") == -1
    assert expected_sign("Decrease in receivable from clearing broker") == 1
    assert expected_sign("Depreciation") is None


@needs_shared
def test_below_minimum_and_early_warning() -> None:
    seed = SEED.read_text(encoding="utf-8")
    low = seed.replace(
        "MINIMUM NET CAPITAL REQUIRED TO BE MAINTAINED\t250,000",
        "MINIMUM NET CAPITAL REQUIRED TO BE MAINTAINED\t1,100,000",
    )
    low = low.replace("\\$1,018,650", "\\$168,650").replace(
        "the minimum net capital required is \\$250,000", "the minimum net capital required is \\$1,100,000"
    )
    low = low.replace("which was \\$1,018,650", "which was \\$168,650")
    codes = {f.code: f.severity for f in check_text(low).findings}
    assert codes.get("RULE-NC-EARLY-WARNING") is Severity.WARNING
    assert "RULE-NC-BELOW-MINIMUM" not in codes


def test_deductions_short_of_and_above_their_balance_sheet_lines() -> None:
    """A schedule that deducts less for a nonallowable asset than the statement carries overstates net capital
    (an error, with the difference); more than the statement carries understates it (a warning). The statement
    is edited so that it still foots: 18,000 moves from other assets to prepaid expenses."""
    text = REPORTS["harbor"].read_text(encoding="utf-8")
    edited = text.replace("Prepaid expenses\t97,518\n", "Prepaid expenses\t115,518\n").replace(
        "Other assets\t64,281\n", "Other assets\t46,281\n"
    )
    assert edited != text and edited.count("115,518") == 1 and edited.count("46,281") == 1
    clean = [f for f in check_text(text).findings if f.code.startswith("TIE-NC-SFC-DEDUCTION")]
    assert clean == []
    found = {f.code: f for f in check_text(edited).findings if f.code.startswith("TIE-NC-SFC-DEDUCTION")}
    under, over = found["TIE-NC-SFC-DEDUCTION-UNDER"], found["TIE-NC-SFC-DEDUCTION"]
    assert under.severity is Severity.ERROR and (under.expected, under.actual) == (Decimal(115518), Decimal(97518))
    assert "18,000" in under.message and "overstated" in under.message
    assert over.severity is Severity.WARNING and (over.expected, over.actual) == (Decimal(46281), Decimal(64281))
    assert "18,000" in over.message and "understated" in over.message
    assert not [f for f in check_text(edited).errors if f.code.startswith("TIE-SFC")]


def test_a_mixed_line_deducted_in_part_is_a_warning_not_an_error() -> None:
    """'Other assets' may hold allowable assets too: deducting less than the line is worth a look (a warning
    with the difference), not a claim that the report is wrong. Found on a real filing (922792-2002: other
    assets 6,628,520 on the statement, 6,168,709 deducted)."""
    text = REPORTS["harbor"].read_text(encoding="utf-8")
    edited = text.replace("Prepaid expenses\t97,518\n", "Prepaid expenses\t79,518\n").replace(
        "Other assets\t64,281\n", "Other assets\t82,281\n"
    )
    found = {f.code: f for f in check_text(edited).findings if f.code.startswith("TIE-NC-SFC-DEDUCTION")}
    under = found["TIE-NC-SFC-DEDUCTION-UNDER"]
    assert under.severity is Severity.WARNING and (under.expected, under.actual) == (Decimal(82281), Decimal(64281))
    assert "18,000" in under.message and "unless that part of the line is allowable" in under.message


def test_a_deduction_of_part_of_an_asset_is_not_short() -> None:
    """'Nonallowable portion of other assets' may rightly be less than the other assets on the statement."""
    from finop.checks.net_capital import _same_asset

    assert _same_asset("Prepaid expenses", "Prepaid expenses")
    assert _same_asset(
        "Furniture, equipment and leasehold improvements, net", "Furniture, equipment and leasehold improvements, net"
    )
    assert not _same_asset("Nonallowable portion of other assets", "Other assets")
    assert not _same_asset("Receivables aged over 30 days", "Receivables from customers")
    assert not _same_asset("Prepaid expenses", "Receivable from affiliate")


def test_the_check_and_the_engine_round_the_requirement_alike() -> None:
    """One formula (engine.requirement) for the computed and the checked requirement: AI of 2,360,116 gives
    157,341.07, which the rule's minimum rounds up to 157,342 (a requirement must not fall short), where
    rounding half-up, as the checks once did, gives 157,341."""
    import datetime as dt

    from finop import rules
    from finop.engine import requirement as req

    text = REPORTS["harbor"].read_text(encoding="utf-8")
    edited = text.replace("TOTAL AGGREGATE INDEBTEDNESS\t$ 2,360,112", "TOTAL AGGREGATE INDEBTEDNESS\t$ 2,360,116")
    edited = edited.replace(
        "Minimum net capital required (6-2/3% of total aggregate indebtedness)\t$ 157,341",
        "Minimum net capital required (6-2/3% of total aggregate indebtedness)\t$ 167,341",
    )
    found = [f for f in check_text(edited).findings if f.code == "RULE-NC-MINIMUM"]
    engine = req.basic_ratio_requirement(Decimal(2_360_116), rules.at(dt.date(2019, 12, 31))["basic_max_ai_ratio"])
    assert engine == Decimal(157_342)
    assert found and found[0].expected == engine


def test_a_caption_fragment_names_no_asset() -> None:
    """'net' and 'Other', the fragments a wrapped caption leaves, match any balance-sheet line: no tie is made on
    them (a scanned filing of a large dealer once tied 'net' to 'Receivables ..., net')."""
    from finop.checks.net_capital import _names_something

    assert not _names_something("net") and not _names_something("Other") and not _names_something("Total")
    assert _names_something("Other assets") and _names_something("Goodwill") and _names_something("Prepaid expenses")


def test_checks_run_counts_the_checks_that_ran() -> None:
    """``summary.checks_run`` is the number of checks whose statements the filing has, not the registry's size:
    a report with a reserve computation runs the reserve checks, one without does not, and a lone balance
    sheet runs only what needs nothing more."""
    from conftest import REPORTS, check_text
    from finop.checks.registry import REGISTRY

    needs_reserve = sum(1 for c in REGISTRY.values() if "reserve" in c.needs)
    assert needs_reserve >= 2
    harbor = check_text(REPORTS["harbor"].read_text(encoding="utf-8")).summary.checks_run
    northgate = check_text(REPORTS["northgate"].read_text(encoding="utf-8")).summary.checks_run
    lone = check_text("STATEMENT OF FINANCIAL CONDITION\nCash\t100\nTotal assets\t100\n").summary.checks_run
    assert lone < harbor < len(REGISTRY)
    assert lone == sum(1 for c in REGISTRY.values() if not c.needs or c.needs == ("financial_condition",))
    assert (
        northgate - harbor >= needs_reserve - 1
    )  # harbor has no reserve computation (northgate's statements differ by one)
