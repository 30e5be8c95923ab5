"""The net capital requirement, the early-warning levels and the ratios: one formula each.

Used by the engine (computing from the books) and by the checks (testing a filed
report), so a computed and a checked figure can never disagree by formula. Rule
values come in as ``RuleValue`` (dated, cited); amounts are ``Decimal`` dollars.
"""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from fractions import Fraction

from finop.money import ONE, whole
from finop.rules import RuleValue

HUNDRED = Decimal(100)


def basic_ratio_requirement(ai: Decimal, max_ratio: RuleValue) -> Decimal:
    """Basic method, Rule 15c3-1(a)(1)(i): aggregate indebtedness may not exceed ``max_ratio`` (15) times net
    capital, so the requirement is AI / 15 (6-2/3%), rounded up to the dollar: a minimum must not fall short."""
    return (ai / _rate(max_ratio)).quantize(ONE, rounding=ROUND_CEILING)


def basic_ratio_percent(max_ratio: RuleValue) -> Decimal:
    """The basic method's requirement as a percentage of AI (100 / 15 = 6.67)."""
    return HUNDRED / _rate(max_ratio)


def basic_ratio_words(max_ratio: RuleValue) -> str:
    """The basic method's rate as the rule words it: "6-2/3%" for a ratio of 15, "12.5%" for 8."""
    pct = Fraction(100) / Fraction(_rate(max_ratio))  # exact: 100/15 is 20/3
    whole_part, rest = divmod(pct, 1)
    if rest == 0:
        return f"{whole_part}%"
    if rest.denominator == 3:
        return f"{whole_part}-{rest.numerator}/3%"
    return f"{Decimal(pct.numerator) / Decimal(pct.denominator):f}%"


def percent_of(amount: Decimal, pct: RuleValue) -> Decimal:
    """``pct`` of an amount, in whole dollars."""
    return whole(amount * _rate(pct))


def alternative_ratio_requirement(debits: Decimal, pct: RuleValue) -> Decimal:
    """Alternative method, Rule 15c3-1(a)(1)(ii): ``pct`` (2%) of combined aggregate debit items, whole dollars."""
    return percent_of(debits, pct)


def early_warning_level(minimum: Decimal, pct_minimum: RuleValue) -> Decimal:
    """Rule 17a-11(c)(3): net capital below ``pct_minimum`` (120%) of the requirement is a notice level."""
    return whole(minimum * _rate(pct_minimum))


def early_warning_level_alternative(
    minimum: Decimal, pct_minimum: RuleValue, debits: Decimal, pct_debits: RuleValue
) -> Decimal:
    """Alternative method, Rule 17a-11(c)(2) and (c)(3): notice is due below 5% of aggregate debit items or below
    120% of the requirement, so the early-warning level is the greater of the two."""
    return max(percent_of(debits, pct_debits), early_warning_level(minimum, pct_minimum))


def excess_at_1000(net_capital: Decimal, ai: Decimal, early_warning: Decimal) -> Decimal:
    """FOCUS line 15: net capital less the greater of 10% of AI and the early-warning level."""
    return net_capital - max(whole(ai / 10), early_warning)


def excess_at_5pct(net_capital: Decimal, debits: Decimal, pct_debits: RuleValue, early_warning: Decimal) -> Decimal:
    """FOCUS line 26: net capital less the greater of 5% of aggregate debit items and the early-warning level."""
    return net_capital - max(percent_of(debits, pct_debits), early_warning)


def ai_ratio_percent(ai: Decimal, net_capital: Decimal) -> Decimal | None:
    """Aggregate indebtedness as a percentage of net capital, to the hundredth (None when net capital is not positive)."""
    if net_capital <= 0:
        return None
    return (ai / net_capital * HUNDRED).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def ai_ratio_to_one(ai: Decimal, net_capital: Decimal) -> Decimal:
    """Aggregate indebtedness to net capital "to 1", to the hundredth (0.42 to 1), as notes state it."""
    return (ai / net_capital).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _rate(rv: RuleValue) -> Decimal:
    if not isinstance(rv.value, Decimal):
        raise TypeError(f"rule value {rv.name} is not a number")
    return rv.value
