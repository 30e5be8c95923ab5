"""Where a value came from: file, page, line, box, reader and confidence."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Box:
    """A rectangle on a page, in the reader's units (points for PDF, pixels for OCR)."""

    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True, slots=True)
class SourceRef:
    """The place in a document a value was read from."""

    file: str
    page: int
    line: int
    text: str = ""
    reader: str = "text"
    confidence: float = 1.0
    box: Box | None = None
    page_line: int = 0  # the line on its page (PDFs); 0 when ``line`` is the file's own line (text)

    def where(self) -> str:
        """Short human locator: ``page 4, line 12`` (a PDF: the line on its page), ``page 1, line 42`` (a text
        file: its line in the file), ``primary_doc.xml, line 41`` (an XML file)."""
        if self.page == 0:
            return f"{self.file.replace(chr(92), '/').rsplit('/', 1)[-1]}, line {self.line}"
        return f"page {self.page}, line {self.page_line or self.line}"

    def to_dict(self) -> dict[str, object]:
        data: dict[str, object] = {
            "file": self.file,
            "page": self.page,
            "line": self.line,
            "text": self.text,
            "reader": self.reader,
            "confidence": self.confidence,
        }
        if self.page_line:
            data["page_line"] = self.page_line
        if self.box is not None:
            data["box"] = [self.box.x0, self.box.y0, self.box.x1, self.box.y1]
        return data
