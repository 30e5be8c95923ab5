"""Undue concentration, Rule 15c3-1(c)(2)(vi)(M): an extra charge on large single-issue positions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np

from finop.books.positions import EPOCH, Positions
from finop.engine.haircuts import (
    FLAT_CLASSES,
    NEEDS_CREDIT_ASSESSMENT,
    SCHEDULE_CLASSES,
    HaircutResult,
    maturity_in,
    months_between,
)
from finop.model.assets import ASSET_CLASSES
from finop.rules import RuleView, Schedule

ZERO = Decimal(0)
CENT = Decimal("0.01")
# exempted securities and redeemable fund shares are outside (M); no-ready-market is already deducted in full
EXCLUDED = {
    "us_government",
    "municipal",
    "municipal_short",
    "money_market_fund",
    "fund_government_debt",
    "fund_debt",
    "no_ready_market",
}
DEBT = {
    "canadian_government",
    "commercial_paper",
    "bankers_acceptance",
    "certificate_of_deposit",
    "corporate_debt",
    "convertible_debt",
}
J_TREATED = {"equity"}


@dataclass(frozen=True)
class UndueCharge:
    issuer: str
    asset_class: str
    side: str
    market_value: Decimal
    threshold: Decimal
    excess: Decimal
    rate: Decimal
    amount: Decimal

    def describe(self) -> str:
        return (
            f"{self.issuer} {self.asset_class} {self.side} {self.market_value:,} above {self.threshold:,}: "
            f"{self.rate} x {self.excess:,} = {self.amount:,.2f}"
        )


@dataclass
class UndueResult:
    charges: list[UndueCharge] = field(default_factory=list)
    rule_values: dict[str, str] = field(default_factory=dict)

    @property
    def total(self) -> Decimal:
        return sum((c.amount for c in self.charges), ZERO)


def _position_rate(i: int, name: str, positions: Positions, as_of: dt.date, view: RuleView) -> Decimal:
    """The haircut rate one position otherwise takes."""
    if name in FLAT_CLASSES:
        rate = view[FLAT_CLASSES[name]].value
    elif name in SCHEDULE_CLASSES:
        schedule = view[SCHEDULE_CLASSES[name]].value
        assert isinstance(schedule, Schedule)
        days = int(positions.maturity[i]) - (as_of - EPOCH).days
        months = int(months_between(as_of, positions.maturity[i : i + 1])[0])
        rate = schedule.lookup(maturity_in(schedule, days, months)).rate
    else:
        rate = view["haircut_other_securities"].value
    assert isinstance(rate, Decimal)
    return rate


def _extra_rate(
    members: np.ndarray, name: str, positions: Positions, as_of: dt.date, view: RuleView, at_par: np.ndarray
) -> Decimal:
    """The additional (M) rate: 15% for what is haircut under (J), else 50% of the position's own rate
    (market-value weighted when the group mixes the two)."""
    j_extra, factor = (
        view["undue_concentration_j_additional"].value,
        view["undue_concentration_additional_factor"].value,
    )
    assert isinstance(j_extra, Decimal) and isinstance(factor, Decimal)
    weighted = total = ZERO
    for i in members:
        mv = abs(Decimal(int(positions.cents[i])) * CENT)
        under_j = (
            name in J_TREATED
            or (name in NEEDS_CREDIT_ASSESSMENT and not positions.minimal_credit_risk[i])
            or (name == "convertible_debt" and at_par[i])
        )
        weighted += mv * (j_extra if under_j else factor * _position_rate(int(i), name, positions, as_of, view))
        total += mv
    return weighted / total if total else ZERO


def undue_concentration(
    positions: Positions,
    haircuts: HaircutResult,
    tentative_net_capital: Decimal,
    as_of: dt.date,
    view: RuleView,
    exclude_lines: set[str] | None = None,
) -> UndueResult:
    """Charges for single-issue positions above 10% of net capital before haircuts (and the dollar floors)."""
    pct, extra, j_extra = (
        view[n]
        for n in (
            "undue_concentration_pct_tentative",
            "undue_concentration_additional_factor",
            "undue_concentration_j_additional",
        )
    )
    floor_eq, floor_sh, floor_debt = (
        view[n]
        for n in (
            "undue_concentration_floor_equity",
            "undue_concentration_floor_equity_shares",
            "undue_concentration_floor_debt",
        )
    )
    result = UndueResult(
        rule_values={rv.name: str(rv.value) for rv in (pct, extra, j_extra, floor_eq, floor_sh, floor_debt)}
    )
    if len(positions) == 0:
        return result
    assert all(isinstance(rv.value, Decimal) for rv in (pct, extra, j_extra, floor_eq, floor_sh, floor_debt))
    ten_pct = max(pct.value * tentative_net_capital, ZERO)  # type: ignore[operator]
    keep = ~np.isin(positions.asset_class, [ASSET_CLASSES.index(c) for c in EXCLUDED])
    if exclude_lines:
        for code, line in enumerate(positions.lines):
            if line in exclude_lines:
                keep &= positions.line != code
    if not keep.any():
        return result
    n_classes = len(ASSET_CLASSES)
    series = positions.series_codes()
    key = ((positions.issuer.astype(np.int64) * n_classes + positions.asset_class.astype(np.int64)) << 21) + series
    uniq, inverse = np.unique(key[keep], return_inverse=True)
    at_par = positions.at_or_above_par()
    vals = positions.cents[keep]
    longs = np.zeros(uniq.shape[0], np.int64)
    shorts = np.zeros(uniq.shape[0], np.int64)
    np.add.at(longs, inverse, np.where(vals > 0, vals, 0))
    np.add.at(shorts, inverse, np.where(vals < 0, -vals, 0))
    smallest_floor = min(floor_eq.value, floor_debt.value)  # type: ignore[type-var]
    cut = int(max(ten_pct, smallest_floor) * 100)  # type: ignore[call-overload]
    kept_index = np.flatnonzero(keep)
    for g in np.flatnonzero((longs > cut) | (shorts > cut)):
        issuer_code, cls_code = divmod(int(uniq[g]) >> 21, n_classes)
        name = ASSET_CLASSES[cls_code]
        members = kept_index[inverse == g]
        if name in DEBT:
            floor = floor_debt.value
        else:
            price = next((p for p in (positions.price(int(i)) for i in members) if p is not None), None)
            floor = max(floor_eq.value, floor_sh.value * price) if price is not None else floor_eq.value  # type: ignore[operator,type-var]
        threshold = max(ten_pct, floor)  # type: ignore[type-var]
        for side, total in (("long", longs[g]), ("short", shorts[g])):
            mv = Decimal(int(total)) * CENT
            if mv > threshold:
                side_members = (
                    members[positions.cents[members] > 0] if side == "long" else members[positions.cents[members] < 0]
                )
                rate = _extra_rate(side_members, name, positions, as_of, view, at_par)
                excess = mv - threshold
                result.charges.append(
                    UndueCharge(positions.issuers[issuer_code], name, side, mv, threshold, excess, rate, rate * excess)  # type: ignore[arg-type]
                )
    return result
