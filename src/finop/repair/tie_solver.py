"""Which reading of each doubtful amount makes the failed footings hold: the arithmetic of choosing, nothing else.

A degraded scan may misread several amounts of one footing at once, each wrong in most versions of its box and
right in one. Repair then has, for each doubtful cell, a few readings OCR gave it (the first, the second, the other
versions); a footing that fails is one equation over them: the changes of its components less the change of its
total must make up what it is short by. This module finds the choices of one reading per cell that satisfy every
such equation; repair checks each choice on the whole document and uses one only when it is the only one that
reads best. No figure is ever made up to fit: every value chosen is one OCR read in that cell's box.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

MAX_CHANGED = 3  # cells read otherwise in one choice, at most (more misread at once is no reading to trust)
MAX_COMBINATIONS = 100_000  # choices weighed by their arithmetic, at most


@dataclass(frozen=True)
class Equation:
    """A failed footing: ``signs[k]`` is +1 when cell k is one of its lines, -1 when it is its total, 0 when it
    has no part in it; the signed changes must come to ``short`` (its total less the sum of its lines, as read),
    within ``tolerance`` (a printed unit a line where the statement rounds)."""

    signs: tuple[int, ...]
    short: Decimal
    tolerance: Decimal = Decimal(0)

    def off(self, changes: dict[int, Decimal]) -> Decimal:
        """How far the footing stays from exact after ``changes`` (cell index: new reading less the first)."""
        moved = sum((self.signs[k] * c for k, c in changes.items()), Decimal(0))
        return abs(moved - self.short)

    def holds(self, changes: dict[int, Decimal]) -> bool:
        return self.off(changes) <= self.tolerance


def choices(readings: Sequence[Sequence[Decimal]], equations: Sequence[Equation]) -> Iterator[tuple[int, ...]]:
    """Every choice of one reading per cell (by index; index 0 is the cell as first read) that changes one to
    ``MAX_CHANGED`` cells, each involved in some equation, and satisfies every equation that involves a changed
    cell; those changing the fewest cells first. It stops after ``MAX_COMBINATIONS`` choices weighed."""
    involved = [k for k in range(len(readings)) if any(e.signs[k] for e in equations) and len(readings[k]) > 1]
    weighed = 0
    for size in range(1, MAX_CHANGED + 1):
        for cells in itertools.combinations(involved, size):
            for alternatives in itertools.product(*(range(1, len(readings[k])) for k in cells)):
                weighed += 1
                if weighed > MAX_COMBINATIONS:
                    return
                changes = {k: readings[k][i] - readings[k][0] for k, i in zip(cells, alternatives, strict=True)}
                touched = [e for e in equations if any(e.signs[k] for k in cells)]
                if all(e.holds(changes) for e in touched):
                    pick = [0] * len(readings)
                    for k, i in zip(cells, alternatives, strict=True):
                        pick[k] = i
                    yield tuple(pick)
