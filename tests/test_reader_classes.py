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
from finop.model.findings import Severity
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


def test_without_a_facing_page_or_balance_sheet_the_period_end_is_the_period_the_prose_covers() -> None:
    """A supplemental report (a SIPC-7 agreed-upon procedures report) whose facing page dates are handwritten:
    the accountant's report names the period it covers."""
    from finop.api import check_document
    from finop.readers.text import parse_text

    text = (
        "KPMG LLP\nReport of Independent Registered Public Accounting Firm\n\nMember of Firm Securities LLC\n"
        "In accordance with Rule 17a-5(e)(4) we have performed the procedures enumerated below with respect to\n"
        "the Schedule of Assessment and Payments to the Securities Investor Protection Corporation for the period\n"
        "from April 1, 2009 to December 31 2009, which were agreed to by the Company.\n"
        "The report is dated as of February 26, 2010.\n"
    )
    facts = check_document(parse_text(text, "sipc.txt")).filing.facts
    assert facts["period_end"].value == "2009-12-31" and facts["period_end"].origin == "body"
    for phrase in ("as of November 30, 2004", "for the year ended December 31, 2020", "years then ended June 30, 2019"):
        got = check_document(parse_text(f"Notes\nThe statements {phrase} are true.\n", "x.txt")).filing.facts
        assert got["period_end"].value[:4] in phrase, phrase


def _income_text(title: str, taxes: str, interest: bool) -> str:
    revenues = (
        "Interest revenue\t623\nInterest expense\t(12)\nNet interest revenue\t611\n" if interest else "Interest\t611\n"
    )
    return (
        f"FIRM INC.\n{title}\nFor the year ended December 31, 2011\n(In millions)\nNet Revenues\n"
        f"Asset management fees\t$ 1,562\n{revenues}Trading revenue\t873\nOther\t6\nTotal net revenues\t3,052\n"
        "Expenses\nCompensation and benefits\t2,000\nOther\t734\nTotal expenses\t2,734\n"
        f"Income before taxes on income\t318\nTaxes on income\t{taxes}\nNet income\t$ 195\n"
    )


def test_a_scoped_title_names_the_statement_and_the_statements_own_arithmetic_groups_its_lines() -> None:
    """'Consolidated Statement of Income' is the income statement; a line equal to the two above it is their
    subtotal though its caption does not say so; a tax printed in parentheses is a deduction already signed."""
    from finop.api import check_document
    from finop.model.filing import StatementKind
    from finop.readers.text import parse_text

    for title in ("CONSOLIDATED STATEMENT OF INCOME", "Unconsolidated Statement of Income", "Statement of Income"):
        for taxes in ("(123)", "123"):
            for interest in (True, False):
                result = check_document(parse_text(_income_text(title, taxes, interest), "is.txt"))
                income = result.filing.statement(StatementKind.INCOME)
                assert income is not None, title
                assert result.filing.fact("net_income") == 195_000_000
                assert not [f for f in result.findings if f.code.startswith("TIE-IS")], (title, taxes, interest)
    # a line that is not the sum of the lines above stays a line, and a total that does not foot is reported
    wrong = _income_text("Statement of Income", "123", True).replace("Net interest revenue\t611", "Net interest\t600")
    codes = [f.code for f in check_document(parse_text(wrong, "is.txt")).findings]
    assert "TIE-IS-FOOT" in codes


def test_a_caption_with_nothing_to_report_does_not_end_a_group() -> None:
    """'Failed to deliver ...' printed with no amount inside the debits of a reserve computation: the total foots
    over every debit line, across it."""
    from finop.api import check_document
    from finop.model.filing import StatementKind
    from finop.readers.text import parse_text

    text = (
        "FIRM INC.\nComputation for Determination of Reserve Requirements\nDecember 31, 2011\n(In millions)\n"
        "CREDIT BALANCES\nFree credit balances\t$ 34,843\nOther\t1,165\nTotal credits\t36,008\n"
        "DEBIT BALANCES\nDebit balances in customers' cash and margin accounts\t10,783\nSecurities borrowed\t41\n"
        "Failed to deliver of customers' securities not older than 30 calendar days\n"
        "Margin required and on deposit with the Options Clearing Corporation\t1,165\n"
        "Aggregate debit items\t11,989\n"
    )
    result = check_document(parse_text(text, "res.txt"))
    assert result.filing.statement(StatementKind.RESERVE) is not None
    assert not [f for f in result.findings if f.code == "TIE-RES-FOOT"]


def test_a_schedule_that_starts_from_the_balance_sheets_equity_as_printed_is_in_its_unit() -> None:
    """The computation of net capital states no unit; its equity line prints the balance sheet's equity
    ('$2,274' under a statement in millions): it is in millions too, and its figures tie to the notes."""
    from finop.api import check_document
    from finop.readers.text import parse_text

    text = (
        "FIRM INC.\nStatement of Financial Condition\nDecember 31, 2011\n(In millions)\nAssets\nCash\t$ 1,000\n"
        "Receivables\t4,000\nTotal assets\t$ 5,000\nLiabilities\nPayables\t2,726\nTotal liabilities\t2,726\n"
        "Stockholder's equity\t2,274\nTotal liabilities and stockholder's equity\t$ 5,000\n"
        "Notes to Statement of Financial Condition\nAt December 31, 2011, the Company had net capital of $1,188 "
        "million, which was $948 million in excess of its required net capital of $240 million.\n"
        "COMPUTATION OF NET CAPITAL\nStockholder's equity\t$ 2,274\nNonallowable assets\t(1,048)\n"
        "Net capital before haircuts on securities positions\t1,226\nHaircuts on securities positions\t(38)\n"
        "Net capital\t$ 1,188\n"
    )
    result = check_document(parse_text(text, "nc.txt"))
    assert result.filing.fact("net_capital") == 1_188_000_000
    assert not [f for f in result.findings if f.code in ("TIE-NC-EQUITY", "TIE-NOTE-NETCAP")]


def test_an_ocr_line_with_no_amount_in_one_column_leaves_that_columns_tie_unclaimed() -> None:
    """A scanned equity matrix whose beginning balance row has its first amounts folded into the caption
    ('Balance, March 30, 2013 $21,389 S 2A17,516' and only the total read): the component columns do not foot
    as read, but that is an amount not read, not a report that does not add up. A text layer's blank is a blank."""
    from finop.checks.footing import foot_statement
    from finop.model.filing import LineItem, Role, Statement, StatementKind
    from finop.model.source import SourceRef

    def row(i: int, label: str, values: list, role: Role = Role.ITEM, comps: tuple = (), conf: float = 0.9):  # type: ignore[no-untyped-def]
        src = SourceRef(file="s.pdf", page=4, line=i, text=label, reader="pdf+ocr", confidence=conf)
        vals = tuple(None if v is None else Decimal(v) for v in values)
        return LineItem.of(id=f"eq.{i}", label=label, values=vals, sources=tuple(src if v is not None else None for v in values),
                           role=role, section="balance", components=comps)  # fmt: skip

    def statement(conf: float) -> Statement:
        items = (
            row(1, "Balance, March 30, 2013 $21,389 S 2A17,516", [None, None, 2138905], Role.TOTAL, conf=conf),
            row(2, "Net income", [1173, 116165, 117338], conf=conf),
            row(3, "Balance, March 30, 2014", [22562, 2233681, 2256243], Role.TOTAL, ("eq.1", "eq.2"), conf=conf),
        )
        return Statement(kind=StatementKind.CHANGES_IN_EQUITY, title="Statement of Changes in Partners' Capital",
                         items=items, columns=("General partner", "Limited partners", "Total"))  # fmt: skip

    scanned = list(foot_statement(statement(0.9), "TIE-EQ-FOOT"))
    assert {f.code for f in scanned} == {"TIE-EQ-FOOT", "INCOMPLETE-AMBIGUOUS"}
    assert all(f.severity is Severity.WARNING for f in scanned)
    text = list(foot_statement(statement(1.0), "TIE-EQ-FOOT"))
    assert text and all(f.code == "TIE-EQ-FOOT" and f.severity is Severity.ERROR for f in text)


def test_a_short_row_with_an_unreadable_amount_is_placed_in_no_column_and_its_footings_are_not_claimed() -> None:
    """A scanned equity matrix (general partner, limited partners, total) whose beginning balance reads
    '$15,237' and then one garbled cell where the two other figures stand: which columns the readable figure and
    the unread ones belong to is not known, so none is taken (right-aligning it put the general partner's 15,237
    under the limited partners and made a false error). Every column's footing is then unjudged, not failed."""
    from finop.model.result import status_of

    lines = []
    rows = [
        ("Statement of Changes in Partners' Capital", []),
        ("For the year ended December 31, 2015", []),
        ("", ["General partner", "Limited partners", "Total"]),
        ("Balance, December 31, 2014", ["$15,237", "—-$'17508,524 5) $:1,523;761."]),
        ("Net income", ["4,053", "401,332", "405,385"]),
        ("Balance, December 31, 2015", ["$19,290", "$1,909,856", "$1,929,146"]),
    ]
    for n, (caption, cells_text) in enumerate(rows, start=1):
        cells = [Cell(caption, 0, Box(50, n * 12, 250, n * 12 + 9), 0.9)] if caption else []
        for i, text in enumerate(cells_text):
            x0, x1 = (330 + 80 * i, 370 + 80 * i) if len(cells_text) == 3 or i == 0 else (410, 530)
            cells.append(Cell(text, len(cells), Box(x0, n * 12, x1, n * 12 + 9), 0.6))
        lines.append(Line(n, 4, "\t".join(c.text for c in cells), tuple(cells), confidence=0.6))
    from finop.model.document import Document, Page
    from finop.pipeline import _extract_and_check

    doc = Document(path="scan.pdf", reader="ocr", pages=(Page(4, tuple(lines)),))
    _filing, findings = _extract_and_check(doc)
    assert not [f for f in findings if f.severity is Severity.ERROR]
    assert any(f.code == "INCOMPLETE-AMBIGUOUS" and "Balance, December 31, 2014" in f.message for f in findings)
    assert status_of(findings) == "incomplete"


def test_an_amount_after_a_dollar_sign_and_a_speck_is_read_and_a_total_with_a_garbled_amount_stays_out() -> None:
    """922792-2012 (a scanner's hidden OCR): "Payable to customers  $ = 17,221,540,968" is an amount with a speck
    after its dollar sign, not an unread cell (taking it for one lost 17 billion from the liabilities and made a
    false FAIL). 68136-2010: "Total liabilitics  395,237.55}" is a total whose amount OCR garbled; its lines are
    read, so it is left out and the totals over it foot across them (repair may read it again as a stray cell)."""
    lines = [
        Line(1, 5, "", (Cell("Payable to customers", 0, Box(50, 10, 156, 19), 0.19),
                        Cell("$ = 17,221,540,968", 1, Box(440, 10, 520, 19), 0.19)), confidence=0.19),
        Line(2, 5, "", (Cell("Total liabilitics", 0, Box(50, 22, 121, 31), 0.43),
                        Cell("395,237.55}", 1, Box(488, 22, 531, 31), 0.43)), confidence=0.43),
    ]  # fmt: skip
    assert [a.value for a in split_line(lines[0]).amounts] == [Decimal(17221540968)]
    from finop.extract.table import _unread_amount

    assert not _unread_amount(split_line(lines[1]), [520.0, 531.0])
    net_income = Line(3, 5, "", (Cell("Net income", 0, Box(50, 34, 100, 43), 0.5),
                                 Cell("S75", 1, Box(515, 34, 531, 43), 0.5)), confidence=0.5)  # fmt: skip
    assert _unread_amount(split_line(net_income), [520.0, 531.0])


def test_column_headings_stacked_over_a_wrapped_first_caption_name_every_column() -> None:
    """An equity matrix's headings over three lines ("Additional" / "Common  paid-in  Retained" / "stock  capital
    earnings  Total") and a first caption wrapped above its amounts, which OCR garbled ("Balance, December 31," /
    "2023  rd  226  B20  562"): four columns, not three (with three, the ending balance's four amounts lost one and
    a false cross-foot error followed on a generated scan)."""
    from finop.extract.sections import Section
    from finop.extract.table import TableBuilder

    def line(n: int, cells: list[tuple[str, float, float]]) -> Line:
        return Line(n, 5, "\t".join(t for t, _, _ in cells),
                    tuple(Cell(t, k, Box(x0, n * 12, x1, n * 12 + 9), 0.9) for k, (t, x0, x1) in enumerate(cells)),
                    confidence=0.9)  # fmt: skip

    cols = [(330, 360), (400, 430), (470, 500), (540, 570)]

    def amounts(n: int, caption: str, values: list[str]) -> Line:
        return line(
            n, [(caption, 50, 150), *((v, x1 - 6 * len(v), x1) for v, (_, x1) in zip(values, cols, strict=True))]
        )

    lines = [
        line(1, [("Additional", 380, 430)]),
        line(2, [("Common", 320, 360), ("paid-in", 395, 430), ("Retained", 455, 500)]),
        line(3, [("stock", 335, 360), ("capital", 395, 430), ("earnings", 455, 500), ("Total", 545, 570)]),
        line(4, [("Balance, December 31,", 50, 160)]),
        amounts(5, "2023", ["rd", "226", "B20", "562"]),  # OCR garbled two of the opening balance's figures
        amounts(6, "Net income", ["-", "-", "87", "87"]),
        line(7, [("Balance, December 31,", 50, 160)]),
        amounts(8, "2024", ["11", "226", "412", "649"]),
    ]
    section = Section(kind=None, heading=line(0, [("Statement of Changes in Stockholder's Equity", 200, 400)]),
                      lines=lines, score=1)  # fmt: skip
    table = TableBuilder(section, "scan.pdf", "ocr").build()
    assert table.columns == ["Common stock", "Additional paid-in capital", "Retained earnings", "Total"]
    opening = next(r for r in table.rows if r.line.number == 5)
    # the row's cells fill the four columns: the figure OCR read is taken, the garbled ones are kept unread
    assert opening.values == [None, Decimal(226), None, Decimal(562)]
    assert opening.label.startswith("Balance, December 31") and "226" not in opening.label


def test_a_dollar_sign_opening_a_figure_after_a_figure_starts_the_next_cell_past_a_speck() -> None:
    """A scan's two year columns read as one group of words ("$539,258:" "—" "$.1°2:78;823"): a word opening with
    a dollar sign after a figure begins the next amount however narrow the gap, even past a speck between them; a
    caption's own figure after a word ("net of allowance of $735") stays in the caption."""
    words = [Word("$539,258:", 431, 0, 478, 10), Word("—", 482, 0, 490, 10), Word("$.1°2:78;823", 494, 0, 553, 10)]
    assert [" ".join(w.text for w in c) for c in split_cells(words)] == ["$539,258: —", "$.1°2:78;823"]
    caption = [Word("net", 50, 0, 62, 10), Word("of", 64, 0, 72, 10), Word("allowance", 74, 0, 110, 10),
               Word("of", 112, 0, 120, 10), Word("$735)", 122, 0, 145, 10)]  # fmt: skip
    assert len(split_cells(caption)) == 1
    year = [Word("Balance,", 50, 0, 80, 10), Word("December", 82, 0, 120, 10), Word("31,", 122, 0, 133, 10),
            Word("2014", 135, 0, 152, 10), Word("$15,237", 156, 0, 190, 10)]  # fmt: skip
    assert [" ".join(w.text for w in c) for c in split_cells(year)][-1] == "$15,237"


def test_a_row_filling_the_columns_with_a_garbled_cell_keeps_each_columns_amount() -> None:
    """An OCR'd matrix row whose total OCR split in two garbled pieces ("... 36,088,318  DLA  27S5"), or whose
    figure runs a speck past its column's edge ("—-$'17508,524 5)"): each cell belongs to the column whose stretch
    it overlaps most, and the columns' readable figures are read (before, the whole row went to the caption and its
    three good figures with it). A row that leaves a column empty is not taken this way."""
    from finop.extract.table import reclaim_column_cells

    columns = [328.0, 403.0, 478.0, 553.0]
    row = _line(("Balance, December 31, 2009", 59, 197), ("1,023,145", 282, 328), ("14,045,810", 351, 403),
                ("36,088,318", 425, 478), ("DLA", 500, 525), ("27S5", 535, 553))  # fmt: skip
    row = Line(1, 3, row.text, row.cells, confidence=0.4)
    raw = split_line(row)
    assert raw.amounts == []  # read from the right, the garbled total stops it
    reclaim_column_cells(raw, columns)
    assert raw.label == "Balance, December 31, 2009"
    assert [[a.value for a in g] for g in raw.groups] == [[1023145], [14045810], [36088318], []]
    spill = Line(2, 5, "", (Cell("2014", 0, Box(59, 0, 82, 10)), Cell("$15,237", 1, Box(362, 0, 403, 10)),
                            Cell("—-$'17508,524 5)", 2, Box(422, 0, 491, 10)), Cell("$:1,523;761.", 3, Box(497, 0, 552, 10))),
                 confidence=0.3)  # fmt: skip
    raw = split_line(spill)
    reclaim_column_cells(raw, [403.0, 478.0, 553.0])
    assert [[a.value for a in g] for g in raw.groups] == [[15237], [], []]
    short = Line(3, 5, "", (Cell("Net income", 0, Box(59, 0, 110, 10)), Cell("B20", 1, Box(460, 0, 478, 10)),
                            Cell("87", 2, Box(540, 0, 553, 10))), confidence=0.5)  # fmt: skip
    raw = split_line(short)
    reclaim_column_cells(raw, [403.0, 478.0, 553.0])
    assert raw.label == "Net income B20" and [a.value for a in raw.amounts] == [87]  # a column empty: left alone


def test_a_few_letters_where_a_columns_amounts_end_are_an_unread_amount_but_not_after_a_group_heading() -> None:
    """'Affiliates  LO': two letters ending where three of the table's amounts end are a figure OCR misread (757);
    'Payables to:  LO' is a group's heading, and letters standing apart from the column are a caption's words."""
    from finop.extract.table import _unread_amount

    column = [553.0, 553.5, 552.0]

    def row(caption: str, text: str, x1: float) -> Line:
        return Line(1, 3, "", (Cell(caption, 0, Box(69, 0, 112, 10), 0.4), Cell(text, 1, Box(x1 - 17, 0, x1, 10), 0.4)),
                    confidence=0.4)  # fmt: skip

    assert _unread_amount(split_line(row("Affiliates", "LO", 553)), column)
    assert not _unread_amount(split_line(row("Payables to:", "LO", 553)), column)
    assert not _unread_amount(split_line(row("Affiliates", "LO", 500)), column)
    assert not _unread_amount(split_line(row("Affiliates", "LO", 553)), column[:2])  # no column of three


def test_a_negative_figure_with_its_dollar_sign_outside_the_parenthesis_split_at_its_comma_is_joined() -> None:
    """'$(23' ',026)' where $(23,026) is printed (a net loss; OCR cut it at the thousands comma): one amount, as
    '(415' ',381)' is; a '$' before the parenthesis is as good as one inside it."""
    words = [Word("NET", 57, 0, 70, 10), Word("LOSS", 72, 0, 91, 10), Word("$(23", 373, 0, 389, 10),
             Word(",026)", 392, 0, 411, 10)]  # fmt: skip
    assert [" ".join(w.text for w in c) for c in split_cells(words)] == ["NET LOSS", "$(23,026)"]
