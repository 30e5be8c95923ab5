"""The check registry: stable codes, a crashing check becomes a finding, tolerances."""

from __future__ import annotations

from decimal import Decimal

from conftest import SEED, check_text, needs_shared
from finop.checks import registry
from finop.checks.captions import expected_sign
from finop.model.findings import Severity


def test_codes_are_unique_and_described() -> None:
    assert len(registry.REGISTRY) >= 15
    for code, chk in registry.REGISTRY.items():
        assert code == chk.code and chk.description


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
