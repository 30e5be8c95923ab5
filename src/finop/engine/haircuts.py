"""Securities haircuts of Rule 15c3-1(c)(2)(vi) and (vii), computed exactly and in bulk.

Market values arrive as integer cents in NumPy arrays. Haircuts are linear within
a group (class × maturity bracket × side), so positions are summed per group in
exact integer arithmetic first and the rates (Decimal) are applied to the group
sums: exact results at dataframe speed. The tests and the benchmark compare it with an independent
per-position reference written from the rule's text (tests/haircut_reference.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np

from finop.books.positions import EPOCH, Positions
from finop.model.assets import ASSET_CLASSES, asset_classes
from finop.model.computation import HaircutGroup
from finop.rules import RuleView, Schedule

ZERO = Decimal(0)
CENT = Decimal("0.01")

# how each class is haircut: data in finop/model/data/asset_classes.yaml
SCHEDULE_CLASSES = {c.name: c.rule for c in asset_classes() if c.maturity}
FLAT_CLASSES = {c.name: c.rule for c in asset_classes() if not c.maturity and c.sides != "j"}
# classes whose haircut falls to (J) without a minimal-credit-risk assessment ((c)(2)(vi)(I); (G) for convertibles)
NEEDS_CREDIT_ASSESSMENT = {c.name for c in asset_classes() if c.credit_assessment}
GOVERNMENT = {c.name for c in asset_classes() if c.sides == "net"}
BOTH_SIDES = {c.name for c in asset_classes() if c.sides == "both"}  # charged on longs and shorts alike


@dataclass
class HaircutResult:
    groups: list[HaircutGroup] = field(default_factory=list)
    excluded: int = 0  # positions on nonallowable lines (already deducted in full)

    def total(self, focus_group: str | None = None) -> Decimal:
        return sum((g.amount for g in self.groups if focus_group is None or g.focus_group == focus_group), ZERO)


def _cents(value: int | np.integer) -> Decimal:
    return Decimal(int(value)) * CENT


def months_between(as_of: dt.date, maturity_days: np.ndarray) -> np.ndarray:
    """Whole calendar months from as_of to each maturity, for days-since-epoch arrays: the most months n
    with as_of + n months on or before the maturity, where adding months keeps the day of the month or
    stops at the month's last day (31 December + 6 months is 30 June: a maturity on 30 June is six months
    out, not five)."""
    mat = maturity_days.astype("datetime64[D]")
    mat_month = mat.astype("datetime64[M]")
    day_of_month = (mat - mat_month.astype("datetime64[D]")).astype(np.int64) + 1
    days_in_month = ((mat_month + 1).astype("datetime64[D]") - mat_month.astype("datetime64[D]")).astype(np.int64)
    asof_month = np.datetime64(as_of, "M")
    months = (mat_month - asof_month).astype(np.int64)
    return months - (day_of_month < np.minimum(as_of.day, days_in_month)).astype(np.int64)


def _measure(schedule: Schedule, as_of: dt.date, maturity: np.ndarray) -> tuple[np.ndarray, list[int]]:
    """Time to maturity in the schedule's unit, and the bracket starts in the same integer unit."""
    if schedule.measure == "days":
        x = maturity.astype(np.int64) - (as_of - EPOCH).days
        starts = [int(b.start) for b in schedule.brackets]
    else:
        x = months_between(as_of, maturity)
        factor = 12 if schedule.measure == "years" else 1
        starts = []
        for b in schedule.brackets:
            m = b.start * factor
            if m != m.to_integral_value():  # pragma: no cover - data check
                raise ValueError(f"bracket start {b.start} {schedule.measure} is not a whole number of months")
            starts.append(int(m))
    return np.maximum(x, 0), starts


def maturity_in(schedule: Schedule, days: int, months: int) -> Decimal:
    """One position's time to maturity in a schedule's unit (negative counts as zero)."""
    if schedule.measure == "days":
        return Decimal(max(days, 0))
    return Decimal(max(months, 0)) / (12 if schedule.measure == "years" else 1)


def _bracket_label(schedule: Schedule, i: int) -> str:
    b = schedule.brackets[i]
    unit = schedule.measure
    return f"{b.start} to < {b.end} {unit}" if b.end is not None else f"{b.start} {unit} or more"


def _sum_by(keys: np.ndarray, values: np.ndarray, size: int) -> np.ndarray:
    out = np.zeros(size, dtype=np.int64)
    np.add.at(out, keys, values)
    return out


def compute_haircuts(
    positions: Positions, as_of: dt.date, view: RuleView, exclude_lines: set[str] | None = None
) -> HaircutResult:
    """Haircuts of every position group, exact, vectorised."""
    result = HaircutResult()
    if len(positions) == 0:
        return result
    keep = np.ones(len(positions), bool)
    if exclude_lines:
        for code, line in enumerate(positions.lines):
            if line in exclude_lines:
                keep &= positions.line != code
    result.excluded = int((~keep).sum())
    cls = positions.asset_class
    cents = positions.cents
    j_rule = view["haircut_other_securities"]
    j_long = j_short = 0
    j_count = 0
    j_classes: set[str] = set()
    for code, name in enumerate(ASSET_CLASSES):
        mask = keep & (cls == code)
        if not mask.any():
            continue
        if name in NEEDS_CREDIT_ASSESSMENT:
            fallback = mask & ~positions.minimal_credit_risk
            if fallback.any():
                v = cents[fallback]
                j_long += int(v[v > 0].sum())
                j_short += int(-v[v < 0].sum())
                j_count += int(fallback.sum())
                j_classes.add(f"{name} without a minimal-credit-risk assessment")
                mask &= positions.minimal_credit_risk
                if not mask.any():
                    continue
        if name == "equity":
            v = cents[mask]
            j_long += int(v[v > 0].sum())
            j_short += int(-v[v < 0].sum())
            j_count += int(mask.sum())
            j_classes.add("equity")
            continue
        if name == "convertible_debt":
            at_or_above_par = mask & positions.at_or_above_par()
            if at_or_above_par.any():
                v = cents[at_or_above_par]
                j_long += int(v[v > 0].sum())
                j_short += int(-v[v < 0].sum())
                j_count += int(at_or_above_par.sum())
                j_classes.add("convertible debt at or above par")
                mask &= ~at_or_above_par
                if not mask.any():
                    continue
        if name in FLAT_CLASSES:
            result.groups.append(_flat_group(name, cents[mask], view))
        else:
            result.groups.extend(_schedule_groups(name, mask, positions, as_of, view))
    if j_count:
        L, S = _cents(j_long), _cents(j_short)
        rate = j_rule.value
        threshold = view["haircut_j_offset_threshold"].value
        greater, smaller = max(L, S), min(L, S)
        amount = rate * greater + rate * max(ZERO, smaller - threshold * greater)
        result.groups.append(
            HaircutGroup(
                asset_class="equity", treatment="equity", bracket="", long=L, short=S, base=greater, rate=rate,
                amount=amount, positions=j_count, rule=j_rule.name, citation=j_rule.citation,
                note="15% of the greater side + 15% of the smaller side above 25% of the greater; includes " + ", ".join(sorted(j_classes)),
            )
        )  # fmt: skip
    return result


def _flat_group(name: str, values: np.ndarray, view: RuleView) -> HaircutGroup:
    rv = view[FLAT_CLASSES[name]]
    L = _cents(values[values > 0].sum())
    S = _cents(-values[values < 0].sum())
    base = L + S if name in BOTH_SIDES else max(L, S)
    rate = rv.value
    assert isinstance(rate, Decimal)
    return HaircutGroup(name, name, "", L, S, base, rate, rate * base, int(values.shape[0]), rv.name, rv.citation,
                        "on longs and shorts" if name in BOTH_SIDES else "on the greater of longs or shorts")  # fmt: skip


def _schedule_groups(
    name: str, mask: np.ndarray, positions: Positions, as_of: dt.date, view: RuleView
) -> list[HaircutGroup]:
    rv = view[SCHEDULE_CLASSES[name]]
    schedule = rv.value
    assert isinstance(schedule, Schedule)
    values = positions.cents[mask]
    x, starts = _measure(schedule, as_of, positions.maturity[mask])
    bracket = np.searchsorted(np.asarray(starts), x, side="right") - 1
    groups: list[HaircutGroup] = []
    if name in ("bankers_acceptance", "certificate_of_deposit"):
        # a CD or BA with a year or more to maturity takes the government schedule ((c)(2)(vi)(E))
        long_dated = months_between(as_of, positions.maturity[mask]) >= 12  # a year or more, by the calendar
        if long_dated.any():
            gov = view["haircut_us_government"]
            gsched = gov.value
            assert isinstance(gsched, Schedule)
            gx, gstarts = _measure(gsched, as_of, positions.maturity[mask][long_dated])
            gb = np.searchsorted(np.asarray(gstarts), gx, side="right") - 1
            groups += _greater_of(name, values[long_dated], gb, gsched, gov.name, gov.citation)
            values, bracket = values[~long_dated], bracket[~long_dated]
    if name in GOVERNMENT:
        return groups + _government(name, values, bracket, schedule, rv.name, rv.citation, view)
    return groups + _greater_of(name, values, bracket, schedule, rv.name, rv.citation)


def _greater_of(
    name: str, values: np.ndarray, bracket: np.ndarray, schedule: Schedule, rule: str, citation: str
) -> list[HaircutGroup]:
    size = len(schedule.brackets)
    longs = _sum_by(bracket, np.where(values > 0, values, 0), size)
    shorts = _sum_by(bracket, np.where(values < 0, -values, 0), size)
    counts = np.bincount(bracket, minlength=size)
    out = []
    for i in np.flatnonzero(counts):
        L, S = _cents(longs[i]), _cents(shorts[i])
        rate = schedule.brackets[i].rate
        base = max(L, S)
        out.append(HaircutGroup(name, name, _bracket_label(schedule, i), L, S, base, rate, rate * base, int(counts[i]), rule, citation,
                                "on the greater of longs or shorts in the maturity category"))  # fmt: skip
    return out


def _government(
    name: str, values: np.ndarray, bracket: np.ndarray, schedule: Schedule, rule: str, citation: str, view: RuleView
) -> list[HaircutGroup]:
    """(A)(1): net each subcategory; within a category offset long and short deductions, less 50% of the smaller."""
    size = len(schedule.brackets)
    net = _sum_by(bracket, values, size)
    longs = _sum_by(bracket, np.where(values > 0, values, 0), size)
    shorts = _sum_by(bracket, np.where(values < 0, -values, 0), size)
    counts = np.bincount(bracket, minlength=size)
    netting = view["haircut_government_netting_pct"]
    assert isinstance(netting.value, Decimal)
    out = []
    categories: dict[str, list[int]] = {}
    for i in np.flatnonzero(counts):
        categories.setdefault(schedule.brackets[i].category, []).append(int(i))
    for category, members in categories.items():
        long_ded = sum((schedule.brackets[i].rate * _cents(net[i]) for i in members if net[i] > 0), ZERO)
        short_ded = sum((schedule.brackets[i].rate * _cents(-net[i]) for i in members if net[i] < 0), ZERO)
        amount = abs(long_ded - short_ded) + netting.value * min(long_ded, short_ded)
        L = sum((_cents(longs[i]) for i in members), ZERO)
        S = sum((_cents(shorts[i]) for i in members), ZERO)
        labels = ", ".join(_bracket_label(schedule, i) for i in members)
        out.append(
            HaircutGroup(
                name, name, f"category {category} ({labels})", L, S, abs(_cents(sum(int(net[i]) for i in members))),
                ZERO if amount == 0 else (amount / max(L, S) if max(L, S) else ZERO), amount, int(sum(counts[i] for i in members)),
                rule, citation if netting.citation == citation else f"{citation}; {netting.citation}",
                f"long-side deductions {long_ded}, short-side {short_ded}: |L − S| + {netting.value} × min(L, S)",
            )
        )  # fmt: skip
    return out
