"""The arithmetic of choosing one OCR reading per doubtful cell so that failed footings hold (finop.tie_solver)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from finop.repair import tie_solver
from finop.repair.tie_solver import Equation, choices

D = Decimal


def test_the_choice_under_which_the_footing_holds_is_found_and_no_other() -> None:
    # Total 15,084,422 over lines read 3,316,107 (3,316,157 printed) and 25,721 (251,721 printed): 226,050 short
    readings = [[D(3316107), D(3316157)], [D(25721), D(254721), D(251721), D(201721)], [D(15084422)]]
    short = D(15084422) - D(14858372)
    found = list(choices(readings, [Equation((1, 1, -1), short)]))
    assert found == [(1, 2, 0)]


def test_fewest_changes_first_and_uninvolved_cells_are_never_changed() -> None:
    readings = [[D(100), D(130)], [D(50), D(80), D(20)], [D(7), D(9)]]
    eq = Equation((1, 1, 0), D(30))  # the third cell has no part in the failed footing
    found = list(choices(readings, [eq]))
    assert found[0] == (1, 0, 0) and (0, 1, 0) in found  # one change first, each alone; then pairs
    assert all(pick[2] == 0 for pick in found)
    assert (1, 2, 0) not in found  # +30 - 30 = 0: not what the footing is short by


def test_a_subtotal_counts_in_both_of_its_footings() -> None:
    # the group's subtotal read 700 (750 printed): its own footing (lines 300 + 450) and the total's (subtotal +
    # cash 1,200 = 1,950) both fail; the subtotal's other reading settles both, the line's settles only the group's
    # (repair then checks each on the whole document and takes the one that reads best, when it alone does)
    readings = [[D(700), D(750), D(760)], [D(450), D(400)]]
    group = Equation((-1, 1), D(700) - D(750))
    total = Equation((1, 0), D(1950) - D(1900))
    found = list(choices(readings, [group, total]))
    assert set(found) == {(1, 0), (0, 1)}
    assert list(choices(readings, [total])) == [(1, 0)]  # the total's footing alone: the 760 reading does not do


def test_too_many_choices_are_not_weighed(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(tie_solver, "MAX_COMBINATIONS", 5)
    readings = [[D(0), *(D(k) for k in range(1, 10))] for _ in range(3)]
    assert len(list(choices(readings, [Equation((1, 1, 1), D(1))]))) <= 5


@settings(max_examples=200, deadline=None)
@given(
    printed=st.lists(st.integers(1, 10**7), min_size=2, max_size=8),
    misread=st.data(),
)
def test_the_printed_figures_are_always_among_the_choices(printed: list[int], misread: st.DataObject) -> None:
    """Whatever one to three lines OCR misread, when each one's printed figure is among its readings, the choice
    of the printed figures satisfies the footing (the solver never loses the truth to its pruning)."""
    n = len(printed)
    wrong = misread.draw(st.sets(st.integers(0, n - 1), min_size=1, max_size=min(3, n)))
    readings: list[list[Decimal]] = []
    truth = []
    for k, value in enumerate(printed):
        if k in wrong:
            first = misread.draw(st.integers(0, 10**7).filter(lambda v, value=value: v != value))
            others = misread.draw(st.lists(st.integers(0, 10**7), max_size=3))
            options = list(dict.fromkeys([D(first), *map(D, others), D(value)]))
            truth.append(options.index(D(value)))
        else:
            options = [D(value)]
            truth.append(0)
        readings.append(options)
    total = sum(printed)
    read_sum = sum(r[0] for r in readings)
    eq = Equation(tuple([1] * n + [-1]), D(total) - read_sum)
    readings.append([D(total)])
    assert (*truth, 0) in set(choices(readings, [eq]))
