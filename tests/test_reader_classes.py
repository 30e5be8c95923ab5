"""Reader rules the layout generator showed, each a rule of layout that holds beyond the page that showed it,
tested on the smallest input that needs it (the generated layouts in test_generated_layouts.py test them whole)."""

from __future__ import annotations

from decimal import Decimal

from conftest import check_text
from finop.extract.interest import PAGE_INTEREST
from finop.extract.rows import split_line
from finop.extract.table import promote_column_amount
from finop.model.document import Cell, Line
from finop.model.filing import NoteFigure
from finop.model.source import Box
from finop.readers.layout import Word, split_cells
from finop.readers.pdf import PageTriage, is_table_page
from finop.readers.text import CHAR_WIDTH, parse_text, split_spaced


def _line(*cells: tuple[str, float, float]) -> Line:
    return Line(
        1, 1, " ".join(t for t, _, _ in cells), tuple(Cell(t, i, Box(a, 0, b, 10)) for i, (t, a, b) in enumerate(cells))
    )


def test_space_aligned_text_is_cut_into_positioned_cells() -> None:
    cells = split_spaced("Cash and cash equivalents ........ $ 3,744,400         563,975")
    assert [c.text for c in cells] == ["Cash and cash equivalents", "$ 3,744,400", "563,975"]
    assert (
        cells[2].box is not None
        and cells[2].box.x1 == len("Cash and cash equivalents ........ $ 3,744,400         563,975") * CHAR_WIDTH
    )
    alone = split_spaced(" " * 40 + "$ 9,891     $ 575")  # an amount alone far right: no caption
    assert [c.text for c in alone] == ["", "$ 9,891", "$ 575"]
    assert [c.text for c in split_spaced("Prepaid. . . . . . . 1,234")] == ["Prepaid", "1,234"]
    assert [c.text for c in split_spaced("Cash  $       1,234")] == ["Cash", "$ 1,234"]  # "$" at the column's left


def test_a_tab_page_keeps_tab_cells_and_a_tabless_page_gets_positions() -> None:
    doc = parse_text("Cash\t1,234\n\fCash         1,234\n", "x.txt")
    tabbed, spaced = doc.pages[0].lines[0].cells, doc.pages[1].lines[0].cells
    assert [c.box for c in tabbed] == [None, None] and all(c.box is not None for c in spaced)


SPACED = """Example Securities LLC
Statements of Financial Condition
December 31, 2020 and 2019
(In thousands)                                                  2020            2019
Assets
Cash ............................................ $      1,200    $        900
Receivables from:
  Customers                                              700             300
  Brokers and dealers                                    100             400
                                                         800             700
Total assets                                      $      2,000    $      1,600
Liabilities and Member's Equity
Accounts payable                                  $        500    $        400
Total liabilities                                          500             400
Member's equity                                          1,500           1,200
Total liabilities and member's equity             $      2,000    $      1,600
"""


def test_a_space_aligned_two_year_statement_reads_both_columns() -> None:
    result = check_text(SPACED)
    assert result.filing.fact("total_assets") == Decimal(2_000_000)
    assert result.filing.fact("total_equity") == Decimal(1_500_000)
    assert not result.errors


def test_years_alone_over_the_columns_are_a_heading() -> None:
    raw = split_line(_line(("2011", 455, 479), ("2010", 529, 554)))
    assert raw.year_header == ["2011", "2010"] and not raw.groups
    unit = split_line(
        Line(1, 1, "(In millions)\t2021\t2020", (Cell("(In millions)", 0), Cell("2021", 1), Cell("2020", 2)))
    )
    assert unit.year_header == ["2021", "2020"]


def test_a_captions_own_figure_after_a_preposition_stays_in_the_caption() -> None:
    caption = "Furniture and equipment, net of accumulated depreciation of $1,241"
    raw = split_line(Line(1, 1, f"{caption}\t1,818", (Cell(caption, 0), Cell("1,818", 1))))
    assert raw.label == caption and [a.value for a in raw.amounts] == [Decimal(1818)]
    plain = split_line(Line(1, 1, "Balance, June 30, 2022 $ 636", (Cell("Balance, June 30, 2022 $ 636", 0),)))
    assert [a.value for a in plain.amounts] == [Decimal(636)]  # a "$" before it marks a short figure as money


def test_a_bare_number_in_an_amount_column_is_an_amount() -> None:
    raw = split_line(_line(("89", 467, 479), ("1,401", 526, 554)))
    assert raw.label == "89"  # alone, a line cannot tell
    promote_column_amount(raw, [479.0, 554.0])
    assert raw.label == "" and [a.value for a in raw.amounts] == [Decimal(89), Decimal(1401)]
    note = split_line(_line(("3", 58, 64), ("Fair value", 70, 120)))
    promote_column_amount(note, [479.0, 554.0])  # a note's number at the left margin stays text
    assert note.label.startswith("3")


def test_a_dollar_sign_after_an_amount_starts_the_next_cell() -> None:
    words = [Word("$", 358, 0, 364, 10), Word("4,407,339", 367, 0, 416, 10), Word("$", 427, 0, 433, 10),
             Word("4,716,065", 436, 0, 485, 10)]  # fmt: skip
    assert [" ".join(w.text for w in c) for c in split_cells(words)] == ["$ 4,407,339", "$ 4,716,065"]


def test_a_short_titled_statement_is_read_word_by_word() -> None:
    text = "Statement of Changes in Partners' Capital\nBalance, June 30, 2022 $ 636\nNet income 50\nDistributions (38)\nBalance, June 30, 2023 $ 648\n"
    assert is_table_page(PageTriage(3, text, len(text), 1.0, False, 0.0), PAGE_INTEREST)
    prose = "Notes to Financial Statements\nThe Company had net capital of $462,000.\n"
    assert not is_table_page(PageTriage(4, prose, len(prose), 1.0, False, 0.0), PAGE_INTEREST)


def test_a_notes_rounding_is_half_its_last_printed_digit() -> None:
    def rounding(printed: str) -> Decimal:
        return NoteFigure("note_net_capital", Decimal(0), printed, printed=printed).rounding

    assert rounding("1.7 billion") == Decimal(50_000_000)
    assert rounding("12 million") == Decimal(500_000)
    assert rounding("12.35 million") == Decimal(5_000)
    assert rounding("1,268,650") == 0


def test_a_statement_in_millions_with_short_figures_is_read_word_by_word() -> None:
    text = ("Statement of Operations\nFor the year ended December 31, 2019\n(In millions)\nRevenues:\n"
            "Investment banking 8\nInterest and dividends 18\nTOTAL REVENUES 26\nExpenses:\nClearing fees 18\n"
            "Communications 70\nTOTAL EXPENSES 88\nNET LOSS -62\n")  # fmt: skip
    assert is_table_page(PageTriage(4, text, len(text), 1.0, False, 0.0), PAGE_INTEREST)


def test_statement_of_financial_position_is_the_balance_sheet() -> None:
    text = SPACED.replace("Statements of Financial Condition", "Statements of Financial Position")
    assert check_text(text).filing.fact("total_assets") == Decimal(2_000_000)
