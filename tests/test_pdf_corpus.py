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
    assert result.filing.fact("total_assets") == result.filing.fact("total_liabilities_and_equity") == Decimal(9_580_535_000)
    assert "total_assets" in facts and not [f for f in result.errors if f.code.startswith("TIE-SFC")]


@needs_ocr
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
    assert result.filing.fact("total_assets") == result.filing.fact("total_liabilities_and_equity") == Decimal(11_724_897)


@needs_ocr
def test_ocr_rn_for_m_in_a_statement_title() -> None:
    # 890203-2004 page 5: OCR reads the title as "Consolidated Staternent of Financial Condition"
    result = check_file(PDF / "890203-2004-05-03.pdf", pages=[5])
    assert not [f.message for f in result.errors if f.code.startswith("TIE-SFC")]
    assert result.filing.fact("total_assets") == result.filing.fact("total_liabilities_and_equity") == Decimal(11_625_224)
    assert result.filing.fact("total_liabilities") == Decimal(344_602)


@needs_ocr
def test_ocr_dash_line_and_a_total_over_a_subtotal() -> None:
    # 890203-2007 page 5: the dash in "Not readily marketable, at estimated fair value - Corporate debt
    # securities" split the line, and "Total securities owned" then summed only the line before it
    result = check_file(PDF / "890203-2007-05-30.pdf", pages=[5])
    assert not [f.message for f in result.errors if f.code.startswith("TIE-SFC")]
    assert result.filing.fact("total_assets") == result.filing.fact("total_liabilities_and_equity") == Decimal(12_382_376)
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
    assert result.filing.fact("total_assets") == result.filing.fact("total_liabilities_and_equity") == Decimal(8_676_028_952)
