"""Synthetic documents for testing and measuring batches: distinct text reports, and the bad files a
batch over all of EDGAR meets (empty, encrypted, far too long, a decompression bomb). All generated here."""

from __future__ import annotations

import random
import zlib
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "mml-distributors-2003" / "annual-report.txt"


def text_reports(folder: Path, count: int, seed: int = 7, template: Path = EXAMPLE) -> list[Path]:
    """``count`` distinct text reports: the bundled example under other firm names and file numbers."""
    folder.mkdir(parents=True, exist_ok=True)
    text = template.read_text(encoding="utf-8")
    rng = random.Random(seed)
    out = []
    for i in range(count):
        number = f"8-{rng.randint(10000, 69999)}"
        name = f"Sample Distributors {i:04d}, LLC"
        doc = text.replace("MML Distributors, LLC", name).replace("8-48203", number).replace("8-038030", number)
        path = folder / f"{9000000 + i}-2004-02-{1 + i % 28:02d}.txt"
        path.write_text(doc, encoding="utf-8")
        out.append(path)
    return out


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF file from numbered objects (1 is the catalog), with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def decompression_bomb(path: Path, side: int = 16000) -> Path:
    """A one-page PDF whose image inflates from a quarter of a megabyte to ``side``² bytes (256 MB by default)."""
    zeros = zlib.compressobj(9)
    chunk = bytes(side)
    data = b"".join(zeros.compress(chunk) for _ in range(side)) + zeros.flush()
    image = (
        (
            f"<< /Type /XObject /Subtype /Image /Width {side} /Height {side} /ColorSpace /DeviceGray "
            f"/BitsPerComponent 8 /Filter /FlateDecode /Length {len(data)} >>\nstream\n"
        ).encode()
        + data
        + b"\nendstream"
    )
    content = b"q 612 0 0 792 0 0 cm /Im0 Do Q"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /XObject << /Im0 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        image,
        f"<< /Length {len(content)} >>\nstream\n".encode() + content + b"\nendstream",
    ]
    path.write_bytes(_pdf(objects))
    return path


def long_pdf(path: Path, pages: int = 500) -> Path:
    """A PDF of ``pages`` blank pages."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument.new()
    for _ in range(pages):
        pdf.new_page(612, 792)
    pdf.save(str(path))
    pdf.close()
    return path


def encrypted_pdf(path: Path, source: Path) -> Path:
    """``source`` (a PDF) encrypted with a user password (needs pypdf, a development dependency)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(str(source)).pages:
        writer.add_page(page)
    writer.encrypt("secret")
    with path.open("wb") as fh:
        writer.write(fh)
    return path


def one_page_pdf(path: Path, width: float, height: float, content: bytes = b"", compress: bool = False) -> Path:
    """A one-page PDF with a MediaBox of ``width`` x ``height`` points and ``content`` as its page's stream
    (Flate-compressed if ``compress``): a page larger than any report, or a stream that inflates far."""
    data = zlib.compress(content, 9) if compress else content
    flate = " /Filter /FlateDecode" if compress else ""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {width:g} {height:g}] /Resources << >> "
        f"/Contents 4 0 R >>".encode(),
        f"<< /Length {len(data)}{flate} >>\nstream\n".encode() + data + b"\nendstream",
    ]
    path.write_bytes(_pdf(objects))
    return path


def one_line_pdf(path: Path, words: int = 16_000) -> Path:
    """A PDF whose one page holds ``words`` amounts on a single line (Helvetica, 0.3 pt, a page 14,000 points
    wide): the line grouping that was quadratic in the words of a line."""
    content = f"BT /F1 0.3 Tf 10 100 Td ({' '.join(['1,234'] * words)}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 14000 200] /Resources << /Font << /F1 5 0 R >> >> "
        b"/Contents 4 0 R >>",
        f"<< /Length {len(content)} >>\nstream\n".encode() + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    path.write_bytes(_pdf(objects))
    return path
