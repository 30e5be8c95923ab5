"""A representative slice of the real corpus (../shared/corpus): one filing of each layer.

The whole corpus runs with `scripts/corpus_eval.py` (see docs/corpus.md); these
cases run in CI. Expected figures were read off the filings' pages.
"""

from __future__ import annotations

import shutil
from decimal import Decimal

import pytest

from conftest import SHARED
from finop.api import check_file
from finop.errors import InputError
from finop.model.filing import StatementKind

PDF = SHARED / "corpus" / "pdf"
needs_ocr = pytest.mark.skipif(
    shutil.which("tesseract") is None, reason="tesseract-ocr is not installed (scripts/setup.sh installs it)"
)


def _facts(name: str) -> dict[str, object]:
    result = check_file(PDF / name)
    assert not [f.message for f in result.errors if f.code.startswith("TIE-SFC")], "the balance sheet must tie"
    return {k: result.filing.fact(k) for k in result.filing.facts}


def test_text_layer_schwab_2019() -> None:
    facts = _facts("87634-2020-02-27.pdf")
    assert facts["registrant_name"] == "Charles Schwab & Co., Inc."
    assert facts["sec_file_number"] == "8-16514"
    assert facts["period_end"] == "2019-12-31"
    assert facts["total_assets"] == facts["total_liabilities_and_equity"] == Decimal(50_434_000_000)  # "(In millions)"
    assert facts["total_equity"] == Decimal(6_546_000_000)
    assert facts["net_capital"] == Decimal(3_700_000_000)  # the note: "net capital was $3.7 billion"


def test_hidden_ocr_layer_wells_fargo_2018() -> None:
    facts = _facts("1224385-2019-02-28.pdf")
    assert facts["period_end"] == "2018-12-31"
    assert facts["total_assets"] == facts["total_liabilities_and_equity"]
    assert facts["net_capital"] == Decimal(8_499_995_000)  # the note, in thousands: "$8,499,995"


@needs_ocr
def test_scanned_wachovia_2004() -> None:
    facts = _facts("1224385-2005-03-01.pdf")
    assert facts["period_end"] == "2004-12-31"
    assert facts["total_assets"] == facts["total_liabilities_and_equity"] == Decimal(35_611_655_000)


@pytest.mark.parametrize("name", ["356628-1997-03-03.pdf", "356628-1998-02-23.pdf"])
def test_broken_pdf_is_a_clear_error(name: str) -> None:
    with pytest.raises(InputError) as info:
        check_file(PDF / name)
    assert name in str(info.value) and "PDF" in str(info.value)


@needs_ocr
def test_ocr_digit_repair_on_a_real_scan() -> None:
    """Regression: OCR reads 'Securities loaned 525,901' as '$25,901'; the failed footing finds the
    one reading that makes it hold, a 600 dpi re-read of the box confirms it, and an info finding says so."""
    result = check_file(PDF / "356628-2003-02-24.pdf")
    assert result.ok, [f.message for f in result.errors]
    repaired = [f for f in result.findings if f.code == "OCR-DIGIT-REPAIRED"]
    assert [(f.actual, f.expected) for f in repaired] == [("$25,901", "525,901")]
    assert result.filing.fact("total_liabilities") == Decimal(13_249_876_000)
    # the net capital note starts below the top of page 6, which the headline pass does not see: a
    # whole-page skim finds it ("NFS had net capital of $836,439 ... exceeded ... by $738,265", in thousands)
    assert result.filing.fact("net_capital") == Decimal(836_439_000)
    assert result.filing.fact("excess_net_capital") == Decimal(738_265_000)


@needs_ocr
def test_ocr_cache_gives_the_same_words(tmp_path, monkeypatch) -> None:
    from finop.readers.ocr import headlines, ocr_pages

    scan = PDF / "1224385-2005-03-01.pdf"
    plain = ocr_pages(scan, [1], dpi=110)
    monkeypatch.setenv("FINOP_OCR_CACHE", str(tmp_path))
    first = ocr_pages(scan, [1], dpi=110)
    kept = list(tmp_path.rglob("page1-110dpi-psm6.json"))
    assert len(kept) == 1
    assert ocr_pages(scan, [1], dpi=110) == first == plain  # the second read comes from the cache
    kept[0].write_text("{torn")  # a damaged cache file is read again, not trusted
    assert ocr_pages(scan, [1], dpi=110) == plain
    assert headlines(scan, [1])[1] == headlines(scan, [1])[1]


@needs_ocr
def test_skewed_scan_keeps_captions_and_amounts_together() -> None:
    # 1224385-2009 page 4 slopes 0.65 degree: read as it was, every amount fell to the line below its caption
    result = check_file(PDF / "1224385-2009-03-02.pdf", pages=[4])
    facts = result.filing.facts
    assert (
        result.filing.fact("total_assets")
        == result.filing.fact("total_liabilities_and_equity")
        == Decimal(9_580_535_000)
    )
    assert "total_assets" in facts and not [f for f in result.errors if f.code.startswith("TIE-SFC")]


@needs_ocr
def test_em_dash_in_a_caption_keeps_the_amount_on_its_line() -> None:
    # 87634-2013 page 6: "Receivables from brokerage clients — net 13,378"; the dash's thin box split the line
    result = check_file(PDF / "87634-2013-02-26.pdf", pages=[6])
    assert not [f.message for f in result.errors if f.code.startswith("TIE-SFC")]
    assert (
        result.filing.fact("total_assets")
        == result.filing.fact("total_liabilities_and_equity")
        == Decimal(44_159_000_000)
    )
    assert result.filing.fact("total_liabilities") == Decimal(41_427_000_000)


@needs_ocr
def test_underlined_seven_read_as_three_is_repaired() -> None:
    # 87634-2016 page 18: "Finance lease obligation 75" sits on the column's underline and OCR reads "35"
    result = check_file(PDF / "87634-2016-02-25.pdf", pages=[18])
    assert not [f.message for f in result.errors if f.code.startswith("TIE-SFC")]
    repaired = [f for f in result.findings if f.code == "OCR-DIGIT-REPAIRED"]
    assert [(f.actual, f.expected) for f in repaired] == [("35", "75")]
    assert result.filing.fact("total_liabilities") == Decimal(36_704_000_000)


@needs_ocr
def test_colon_speck_after_an_amount() -> None:
    # 356628-2010 page 4: OCR reads member's equity as "2,456,528:"; the amount was lost
    result = check_file(PDF / "356628-2010-06-11.pdf", pages=[4])
    assert not [f.message for f in result.errors if f.code.startswith("TIE-SFC")]
    assert (
        result.filing.fact("total_assets")
        == result.filing.fact("total_liabilities_and_equity")
        == Decimal(34_306_797_000)
    )
    assert result.filing.fact("total_liabilities") == Decimal(31_850_269_000)


@needs_ocr
def test_statement_ends_at_the_accompanying_notes_footer() -> None:
    # 356628-2015: the notes heading is misspelt; the notes' tables on pages 7 and 9 ran into the statement
    result = check_file(PDF / "356628-2015-02-26.pdf", pages=[5, 6, 7])
    assert not [f.message for f in result.errors if f.code.startswith("TIE-SFC")]
    assert (
        result.filing.fact("total_assets")
        == result.filing.fact("total_liabilities_and_equity")
        == Decimal(86_919_000_000)
    )
    assert result.filing.fact("total_liabilities") == Decimal(83_687_000_000)


@needs_ocr
def test_one_read_as_four_is_repaired() -> None:
    # 851376-2009 page 5: segregated cash "10,314,722" is read "40,314,722"; a 600 dpi re-read confirms the 1
    result = check_file(PDF / "851376-2009-03-02.pdf", pages=[5])
    assert not [f.message for f in result.errors if f.code.startswith("TIE-SFC")]
    repaired = [f for f in result.findings if f.code == "OCR-DIGIT-REPAIRED"]
    assert [(f.actual, f.expected) for f in repaired] == [("40,314,722", "10,314,722")]
    assert result.filing.fact("total_assets") == Decimal(240_429_127_000)


@needs_ocr
def test_scanner_edge_noise_is_not_read_into_captions() -> None:
    # 877559-2016 page 4: a dark left edge reads as 'Ne', 'Co', 'oN' before the captions, so no total was recognised
    result = check_file(PDF / "877559-2016-04-25.pdf", pages=[4])
    assert not [f.message for f in result.errors if f.code.startswith("TIE-SFC")]
    assert (
        result.filing.fact("total_assets")
        == result.filing.fact("total_liabilities_and_equity")
        == Decimal(33_707_317_000)
    )
    assert result.filing.fact("total_liabilities") == Decimal(32_471_009_000)


@needs_ocr
def test_oath_checklist_line_is_not_a_reserve_computation() -> None:
    # 877559-2016 page 2: the checklist's wrapped "Computation for Determination of the Reserve Requirements"
    # was taken for a schedule whose "amounts" were the auditors' telephone number on page 3
    result = check_file(PDF / "877559-2016-04-25.pdf", pages=[2, 3])
    assert not [f.message for f in result.errors if f.code.startswith("TIE-RES")]


@needs_ocr
def test_singular_total_liability_and_equity() -> None:
    # 890203-2016 page 3: one liability, "Total liability and stockholder's equity $8,258,303"
    result = check_file(PDF / "890203-2016-02-26.pdf", pages=[3])
    assert not [f.message for f in result.errors if f.code.startswith("TIE-SFC")]
    assert (
        result.filing.fact("total_assets") == result.filing.fact("total_liabilities_and_equity") == Decimal(8_258_303)
    )
    assert result.filing.fact("total_equity") == Decimal(7_850_972)


@pytest.mark.parametrize(
    ("name", "page", "total"),
    [
        ("356628-2002-02-25.pdf", 4, 16_547_927_000),  # a margin speck "r)" before the title
        ("851376-2005-03-02.pdf", 6, 174_937_091_000),  # the title read "Financia! Condition"
        ("851376-2007-03-14.pdf", 6, 236_022_658_000),  # "5,554,993" read "§,§54,993"
        ("87634-2004-02-27.pdf", 6, 32_304_000_000),  # specks after amounts ("745  .", "2,661:"), "“Total"
        ("877559-2002-03-01.pdf", 4, 8_137_085_000),  # the total's box ran along its double rule
        ("877559-2004-03-01.pdf", 5, 11_507_401_000),  # "326" read "826" with the rule in its box; "Tota]"
    ],
)
def test_scanned_statements_that_ocr_noise_broke(name: str, page: int, total: int) -> None:
    result = check_file(PDF / name, pages=[page])
    assert not [f.message for f in result.errors if f.code.startswith("TIE-SFC")]
    assert result.filing.fact("total_assets") == result.filing.fact("total_liabilities_and_equity") == Decimal(total)


@needs_ocr
def test_an_unreadable_amount_on_a_double_rule_is_read_again() -> None:
    # 356628-2012 page 4: "Fees 84" sits on the receivables' double rule and OCR gives "en: a" (confidence 0.11)
    result = check_file(PDF / "356628-2012-02-27.pdf", pages=[4])
    reread = [f for f in result.findings if f.code == "OCR-AMOUNT-REREAD"]
    assert len(reread) == 1 and reread[0].expected == "84" and reread[0].actual == "en: a"
    assert result.filing.fact("total_assets") == Decimal(54_948_000_000)
    assert not [f for f in result.errors if f.code.startswith("TIE-SFC")]


def test_net_capital_note_after_continued_notes_headings_mirae_2020() -> None:
    """The notes run under one '(continued)' heading a page; net capital is in thousands, '(in $000s ...)'."""
    result = check_file(PDF / "890203-2021-03-01.pdf", pages=[6])
    filing = result.filing
    assert filing.fact("total_assets") == Decimal(41_256_852_000)
    assert filing.fact("net_capital") == Decimal(241_047_000)  # "net capital of $241,047"
    assert filing.fact("minimum_net_capital") == Decimal(1_500_000)
    assert filing.fact("excess_net_capital") == Decimal(239_547_000)


def test_ocr_repair_of_a_nine_read_for_a_five() -> None:
    """Regression: the garbled page's OCR reads 'Total stockholder's equity 7,512' as '7,912'; both failed
    ties point to the 5, the 600 dpi re-read gives 7,512, and the statement then ties."""
    result = check_file(PDF / "851376-2018-02-28.pdf", pages=[4])
    assert not [f.message for f in result.errors if f.code.startswith("TIE-SFC")]
    repaired = [f for f in result.findings if f.code == "OCR-DIGIT-REPAIRED"]
    assert [(f.actual, f.expected) for f in repaired] == [("7,912", "7,512")]
    assert result.filing.fact("total_equity") == Decimal(7_512_000_000)  # "(in millions)"
    assert result.filing.fact("total_assets") == Decimal(106_460_000_000)


@needs_ocr
def test_ocr_bracket_in_a_total_caption() -> None:
    # 890203-2003 page 5: OCR reads "Total liabilities" as "Tota] liabilities"; read as a line item it was
    # counted twice in the liabilities and the grand total did not foot
    result = check_file(PDF / "890203-2003-02-28.pdf", pages=[5])
    assert not [f.message for f in result.errors if f.code.startswith("TIE-SFC")]
    assert result.filing.fact("total_liabilities") == Decimal(176_877)
    assert (
        result.filing.fact("total_assets") == result.filing.fact("total_liabilities_and_equity") == Decimal(11_724_897)
    )


@needs_ocr
def test_ocr_rn_for_m_in_a_statement_title() -> None:
    # 890203-2004 page 5: OCR reads the title as "Consolidated Staternent of Financial Condition"
    result = check_file(PDF / "890203-2004-05-03.pdf", pages=[5])
    assert not [f.message for f in result.errors if f.code.startswith("TIE-SFC")]
    assert (
        result.filing.fact("total_assets") == result.filing.fact("total_liabilities_and_equity") == Decimal(11_625_224)
    )
    assert result.filing.fact("total_liabilities") == Decimal(344_602)


@needs_ocr
def test_ocr_dash_line_and_a_total_over_a_subtotal() -> None:
    # 890203-2007 page 5: the dash in "Not readily marketable, at estimated fair value - Corporate debt
    # securities" split the line, and "Total securities owned" then summed only the line before it
    result = check_file(PDF / "890203-2007-05-30.pdf", pages=[5])
    assert not [f.message for f in result.errors if f.code.startswith("TIE-SFC")]
    assert (
        result.filing.fact("total_assets") == result.filing.fact("total_liabilities_and_equity") == Decimal(12_382_376)
    )
    items = {i.label: i for i in result.filing.statements[StatementKind.FINANCIAL_CONDITION].items}
    assert items["Total securities owned"].values == (Decimal(10_830_472),)
    assert items["Corporate debt securities"].values == (Decimal(5_195_751),)


@needs_ocr
def test_ocr_comma_read_as_a_space_in_a_long_amount() -> None:
    # 922792-2006 page 5: a scanner's vertical line crosses "31,277,527"; OCR reads "31" and "277,527"
    result = check_file(PDF / "922792-2006-03-01.pdf", pages=[5])
    assert not [f.message for f in result.errors if f.code.startswith("TIE-SFC")]
    items = {i.label: i for i in result.filing.statements[StatementKind.FINANCIAL_CONDITION].items}
    assert items["Payable to brokers, dealers and clearing organizations"].values == (Decimal(31_277_527),)
    assert result.filing.fact("total_assets") == Decimal(2_759_809_118)


@needs_ocr
def test_ocr_h_for_li_in_the_grand_total_caption() -> None:
    # 922792-2007 page 5: OCR reads "Total liabilities and members' capital" as "Total Habilities and ..."
    result = check_file(PDF / "922792-2007-03-01.pdf", pages=[5])
    assert not [f.message for f in result.errors if f.code.startswith("TIE-SFC")]
    assert result.filing.fact("total_liabilities_and_equity") == Decimal(4_536_097_237)
    assert result.filing.fact("total_liabilities") == Decimal(4_191_913_624)


@needs_ocr
def test_ocr_speck_at_the_page_edge_before_a_total() -> None:
    # 922792-2008 page 4: OCR reads "e@" in the scanner's shadow before "Total assets"
    result = check_file(PDF / "922792-2008-02-29.pdf", pages=[4])
    assert not [f.message for f in result.errors if f.code.startswith("TIE-SFC")]
    assert (
        result.filing.fact("total_assets")
        == result.filing.fact("total_liabilities_and_equity")
        == Decimal(8_676_028_952)
    )
