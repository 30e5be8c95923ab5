"""What each total of a statement sums, from captions and layout only."""

from __future__ import annotations

from decimal import Decimal

from finop.extract.structure import structure_sfc
from finop.extract.table import Row
from finop.model.document import Line


def _row(label: str, value: int | None = None, context: str = "") -> Row:
    line = Line(number=1, page=1, text=label, cells=(), confidence=1.0)
    if value is None:
        return Row(label=label, context="", values=[], sources=[], printed=[], line=line, header=True)
    return Row(label=label, context=context, values=[Decimal(value)], sources=[None], printed=[str(value)], line=line)


def test_a_total_after_an_uncaptioned_subtotal_and_a_prefixed_line_sums_both() -> None:
    # Securities owned: / Marketable: A, B, (subtotal) / Not readily marketable - Corporate debt / Total securities owned
    rows = [
        _row("ASSETS"),
        _row("Cash", 545_023),
        _row("Securities owned"),
        _row("Marketable, at market value"),
        _row("Obligations of U.S. government agencies", 3_008_700),
        _row("Money market funds", 2_617_198),
        _row("", 5_625_898),
        _row("Corporate debt securities", 5_195_751, context="Not readily marketable, at estimated fair value"),
        _row("Total securities owned", 10_821_649),
        _row("Other assets", 780_752),
        _row("TOTAL ASSETS", 12_147_424),
    ]
    items = {i.label: i for i in structure_sfc(rows).items}
    by_id = {i.id: i for i in items.values()}
    assert [by_id[c].values[0] for c in items["Total securities owned"].components] == [5_625_898, 5_195_751]
    assert [by_id[c].label for c in items["TOTAL ASSETS"].components] == [
        "Cash",
        "Total securities owned",
        "Other assets",
    ]


def test_the_two_percent_line_is_the_ratio_requirement_however_the_percentage_is_printed() -> None:
    from finop.extract.structure import _netcap_concept

    for caption in ("2% of combined aggregate debit items", "2.00% of combined aggregate debit items"):
        assert _netcap_concept(caption.lower(), caption.lower(), "requirement")[0] == "minimum_ratio_requirement"
    assert _netcap_concept("5.00% of combined aggregate debit items", "", "requirement")[0] == "excess_net_capital_5pct"
    assert _netcap_concept("aggregate debit items", "", "requirement")[0] == "aggregate_debit_items"
