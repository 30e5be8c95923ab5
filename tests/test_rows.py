import pytest

from finop.extract.rows import split_captions, split_line
from finop.readers.text import parse_text


def _raw(text: str):
    return split_line(next(parse_text(text + "\n", "x.txt").lines()))


@pytest.mark.parametrize(
    ("label", "n", "labels", "context"),
    [
        (
            "REVENUE: Commissions Underwriting fees Investment income",
            3,
            ["Commissions", "Underwriting fees", "Investment income"],
            "REVENUE",
        ),
        (
            "EXPENSES: Commissions and selling expenses General and administrative",
            2,
            ["Commissions and selling expenses", "General and administrative"],
            "EXPENSES",
        ),
        (
            "MEMBERS' EQUITY: Members' equity Accumulated deficit",
            2,
            ["Members' equity", "Accumulated deficit"],
            "MEMBERS' EQUITY",
        ),
        ("LIABILITIES—Accounts payable", 1, ["Accounts payable"], "LIABILITIES"),
        ("Cash segregated under Federal Regulations", 1, ["Cash segregated under Federal Regulations"], ""),
        ("Payable to Parent Company Accrued expenses", 2, ["Payable to Parent Company", "Accrued expenses"], ""),
    ],
)
def test_merged_captions_split(label: str, n: int, labels: list[str], context: str) -> None:
    result = split_captions(label, n)
    assert result is not None
    captions, _ = result
    assert [c.label for c in captions] == labels
    assert all(c.context == context for c in captions)


def test_trailing_header_is_split_off() -> None:
    label = "CASH FLOWS FROM OPERATING ACTIVITIES: Net loss Adjustments to reconcile net loss to net cash— changes in assets:"
    captions, trailing = split_captions(label, 1)  # type: ignore[misc]
    assert [c.label for c in captions] == ["Net loss"]
    assert trailing == ["Adjustments to reconcile net loss to net cash", "changes in assets"]


def test_unsplittable_caption_is_none() -> None:
    assert split_captions("DUE FROM AFFILIATES", 2) is None


def test_amount_in_caption_stays_in_caption() -> None:
    raw = _raw("INVESTMENTS, At estimated fair value (cost, \\$85,100)\t85,100")
    assert [a.value for a in raw.amounts] == [85100]
    assert raw.label.endswith("(cost, $85,100)")


def test_years_in_headings_are_not_amounts() -> None:
    assert _raw("STATEMENT OF FINANCIAL CONDITION DECEMBER 31, 2003").amounts == []
    assert _raw("\t2021\t2020").year_header == ["2021", "2020"]


def test_amounts_without_tabs() -> None:
    raw = _raw("Total revenue $ 91,734,323")
    assert raw.label == "Total revenue"
    assert [a.value for a in raw.amounts] == [91734323]


def test_the_accompanying_notes_footer_ends_a_statement() -> None:
    # a notes heading OCR misspells ("CONDITON") must not let the notes' tables run into the statement
    from finop.extract.sections import find_sections
    from finop.model.filing import StatementKind

    text = "\n".join(
        [
            "STATEMENT OF FINANCIAL CONDITION",
            "Cash\t$61",
            "Total assets\t$61",
            "Member's equity\t61",
            "Total liabilities and member's equity\t$61",
            "The accompanying notes are an integral part of the statement of financial condition.",
            "NOTES TO STATEMENT OF FINANCIAL CONDITON",
            "Mutual fund companies\t$637",
            "Total\t$637",
        ]
    )
    best, _ = find_sections(parse_text(text + "\n", "x.txt"))
    body = [line.text for line in best[StatementKind.FINANCIAL_CONDITION].lines]
    assert body[-1] == "Total liabilities and member's equity\t$61"


def test_a_wrapped_checklist_phrase_is_not_a_title() -> None:
    # the oath page's checklist: "(j) A Reconciliation ... of the Computation of Net Capital ... and the" /
    # "Computation for Determination of the Reserve Requirements ..." continues a sentence; it is no heading
    from finop.extract.sections import find_sections
    from finop.model.filing import StatementKind

    text = "\n".join(
        [
            "(j) A Reconciliation, including appropriate explanation of the Computation of Net Capital and the",
            "Computation for Determination of the Reserve Requirements Under Exhibit A of Rule 15c3-3.",
            "Ernst & Young LLP\t(212)\t773",
            "+1\t3000",
        ]
    )
    best, _ = find_sections(parse_text(text + "\n", "x.txt"))
    assert StatementKind.RESERVE not in best or best[StatementKind.RESERVE].score == 0


def test_a_singular_liability_caption_is_the_grand_total() -> None:
    # a firm with one liability prints "Liability:" and "Total liability and stockholder's equity"
    from decimal import Decimal

    from finop.api import check_document

    text = "\n".join(
        [
            "STATEMENT OF FINANCIAL CONDITION",
            "December 31, 2015",
            "Assets",
            "Cash\t$3,381,733",
            "Other assets\t171,441",
            "Total assets\t$3,553,174",
            "Liability and Stockholder's Equity",
            "Liability:",
            "Accrued expenses and other liabilities\t$407,331",
            "Stockholder's equity:",
            "Additional paid-in capital\t3,145,843",
            "Total stockholder's equity\t3,145,843",
            "Total liability and stockholder's equity\t$3,553,174",
        ]
    )
    result = check_document(parse_text(text + "\n", "x.txt"))
    assert not [f.message for f in result.errors if f.code.startswith("TIE-SFC")]
    assert result.filing.fact("total_liabilities_and_equity") == Decimal(3_553_174)


def test_an_amount_ocr_garbled_keeps_its_column_and_the_line_its_other_amounts() -> None:
    """'Total liabilities and partners’ capital  255,033,153  >.=193/333;124': the second amount OCR could not read;
    the line is still a total with its first amount, the garbled column empty, not a caption holding both."""
    from dataclasses import replace

    from finop.model.document import Cell

    line = next(parse_text("Total liabilities and partners' capital\t255,033,153\t>.=193/333;124\n", "x.txt").lines())
    ocr = replace(line, confidence=0.9, cells=tuple(replace(c, confidence=0.9) for c in line.cells))
    raw = split_line(ocr)
    assert raw.label == "Total liabilities and partners' capital"
    assert [[a.value for a in g] for g in raw.groups] == [[255033153], []]
    # a text layer's cell is as printed: no amount is assumed there
    assert split_line(line).groups == [] and ">.=193" in split_line(line).label
    # words are no garbled amount
    words = replace(ocr, cells=(*ocr.cells[:2], Cell("See note 4", 2, None, 0.9)))
    assert split_line(words).groups == [] and split_line(words).label.endswith("See note 4")


def test_a_caption_wrapped_over_three_lines_is_one_caption() -> None:
    """Exhibit A's item captions wrap over three lines in a narrow column; each line after the first starts in
    lower case, and only the last carries the amount."""
    from finop.extract.table import join_wrapped_captions

    doc = parse_text(
        "Securities borrowed to effectuate short sales by customers and\n"
        "securities borrowed to make delivery on customers' securities failed\n"
        "to deliver\t800,000\n"
        "Total debits\t800,000\n",
        "r.txt",
    )
    raws = join_wrapped_captions([split_line(line) for line in doc.lines()])
    assert [r.label for r in raws] == [
        "Securities borrowed to effectuate short sales by customers and securities borrowed to make delivery on "
        "customers' securities failed to deliver",
        "Total debits",
    ]


def test_a_heading_above_a_caption_is_not_joined_to_it() -> None:
    from finop.extract.table import join_wrapped_captions

    doc = parse_text("Receivables\nfrom customers\t100\nfrom brokers\t200\n", "r.txt")
    raws = join_wrapped_captions([split_line(line) for line in doc.lines()])
    assert [r.label for r in raws][-1] == "from brokers"


def test_a_dash_inside_parentheses_is_part_of_the_caption() -> None:
    """FOCUS words the reduction "Less 3% (for alternative method only - see Rule 15c3-1(a)(1)(ii)(A))": the dash
    is inside the parentheses, so no heading ends there. A dash outside them still does ("Cash - end of year")."""
    from finop.extract.rows import segments

    caption = "Less 3% (for alternative method only - see Rule 15c3-1(a)(1)(ii)(A))"
    assert [s.text for s in segments(caption)] == [caption]
    assert [(s.text, s.header) for s in segments("Cash - end of year")] == [("Cash—", True), ("end of year", False)]
