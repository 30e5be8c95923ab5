from pathlib import Path

import pytest

from finop.errors import InputError
from finop.readers import read_document
from finop.readers.text import parse_text


def test_cells_keep_column_positions() -> None:
    doc = parse_text("Net loss\t\t(171,097)\t(171,097)\n", "x.txt")
    line = next(doc.lines())
    assert [c.text for c in line.cells] == ["Net loss", "", "(171,097)", "(171,097)"]
    assert [c.slot for c in line.cells] == [0, 1, 2, 3]


def test_markdown_escapes_and_tags_are_undone() -> None:
    doc = parse_text("PERIOD <u>01/01/03</u> cost \\$85,100\n", "x.txt")
    assert next(doc.lines()).text == "PERIOD 01/01/03 cost $85,100"


def test_form_feeds_make_pages_and_line_numbers_count_the_file() -> None:
    doc = parse_text("a\n\nb\fc\n", "x.txt")
    lines = list(doc.lines())
    assert [(ln.page, ln.number, ln.text) for ln in lines] == [(1, 1, "a"), (1, 3, "b"), (2, 4, "c")]


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (b"\x00\x01\x02garbage\xff" * 50, "binary"),
        (bytes(range(1, 9)) * 200, "control characters"),
    ],
)
def test_unreadable_files_name_the_file_and_problem(tmp_path: Path, content: bytes, problem: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(InputError) as info:
        read_document(path)
    assert str(path) in str(info.value)
    assert problem in str(info.value)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_document(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="directory"):
        read_document(tmp_path)


def test_windows_1252_text_is_read(tmp_path: Path) -> None:
    path = tmp_path / "cp.txt"
    path.write_bytes("MEMBERS\x92 EQUITY\t1,000\n".encode("latin-1"))
    doc = read_document(path)
    assert "EQUITY" in next(doc.lines()).text


@pytest.mark.parametrize(
    ("read", "name"),
    [
        ("Charles Schwab & Co., Inc. | sao", "Charles Schwab & Co., Inc."),  # specks after the name
        ("Wells Fargo Securities, LLC 2%. ws : S", "Wells Fargo Securities, LLC"),
        ("“ Barclays Capital Inc.", "Barclays Capital Inc."),
        ("BDO USA, LLP", "BDO USA, LLP"),
        ("KPMG", "KPMG"),
        ("P ROCESSED", None),  # mail-room stamps
        ("| MAR 29 2004", None),
        ("S SCEIVED eh", None),
        ("EXCHANGE COMMISSION", None),  # the form's own heading
        ("(Name ~ if individual, state last, first, middle name)", None),
        (">*S", None),
        # real firms whose names hold words of the form or of stamps (issue 12): each filter must be as
        # narrow as what it removes, the form's address ("Washington, D.C. 20549"), the mail room's stamps
        ("Washington Square Securities, Inc.", "Washington Square Securities, Inc."),
        ("Ort Capital Markets, Inc.", "Ort Capital Markets, Inc."),
        ("Michele G. Lattanzio ORT", "Michele G. Lattanzio"),  # "... this REP|ORT" split by OCR (the seed)
        ("Mailhot & Co. Securities LLC", "Mailhot & Co. Securities LLC"),
        ("March Capital Partners 2 LLC", "March Capital Partners 2 LLC"),
        ("Washington, D.C. 20549", None),
        ("Mail Processing Section", None),
        ("Mail processl'y", None),  # the same stamp as OCR read it (1224385-2008)
        ("RECEIVED MAR 29 2004", None),
        ("name and telephone number of person to contact in regard to this report", None),
    ],
)
def test_facing_page_names_are_plausible(read: str, name: str | None) -> None:
    from finop.extract.facing import _strip_captions, plausible_name

    assert plausible_name(_strip_captions(read) or read) == name


def test_accountant_name_below_the_forms_caption() -> None:
    """Scanned facing pages (877559-2002, 1224385-2004): OCR gives the form's "(Name - if individual ...)"
    caption before the accountant's name; the name is the next plausible line, not the caption."""
    from finop.extract.facing import read_facing
    from finop.readers.text import parse_text

    text = (
        "ANNUAL AUDITED REPORT FORM X-17A-5 PART III FACING PAGE\n"
        "B. ACCOUNTANT IDENTIFICATION\n"
        "INDEPENDENT PUBLIC ACCOUNTANT whose opinion is contained in this Report*\n"
        "(Name ~ if individual, state last, first, middle name)\n"
        "KPMG LLP\n"
        "757 Third Avenue\tNew York\tNY\t10017\n"
        "Certified Public Accountant\n"
    )
    lines = list(parse_text(text, "facing.txt").lines())
    facing = read_facing(lines, "facing.txt", "text", None).facing
    assert facing.accountant_name == "KPMG LLP"
    assert facing.accountant_address is not None and facing.accountant_address.zip == "10017"
