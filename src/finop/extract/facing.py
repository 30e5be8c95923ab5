"""The Part III facing page: registrant, SEC file number, period, contact, accountant."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from finop.extract.dates import ReadDate, numeric_date, word_dates
from finop.model.document import Line
from finop.model.filing import Address, BodyIdentity, FacingPage
from finop.model.findings import Finding, Severity
from finop.model.source import SourceRef

_END_OF_FACING = re.compile(
    r"oath\s+or\s+affirmation|table\s+of\s+contents|^\s*statements?\s+of\s+financial\s+(condition|position)"
    r"|claims?\s+for\s+exemption\s+from\s+the\s+requirement|persons\s+who\s+are\s+to\s+respond",
    re.I,
)
_SEC_FILE = re.compile(r"sec\s+file\s+(number|no\.?|#)", re.I)
_FILE_NO = re.compile(r"\b(8|15|13)\s*[-–—]\s*(\d[\d ]{2,7}\d)\b")
_PHONE = re.compile(r"\(?\d{3}\)?\s*[-.]?\s*\d{3}\s*[-.]\s*\d{4}")
_ZIP = re.compile(r"\b\d{5}(?:-\d{4})?\b")
_STATE = re.compile(r"\b[A-Z]{2}\b")
_CAPTION_BITS = [
    r"independent\s+public\s+account\w*",
    r"\bn?t?\s*whose\s+opinion\s+is\s+contained\s+in\s+this(\s+report)?\*?",
    r"\(\s*name\s*[-–—~\s]*if\s+individual[^)]*\)?",
    r"name\s+and\s+telephone\s+number\s+o[fg]?(\s+person\s+to\s+contact(\s+in\s+regard\s+to\s+this\s+rep(ort)?)?)?",
    r"\(\s*area\s+code[^)]*\)?",
    r"\(area code.*$",
    r"\s+ort\s*$",  # the tail of the caption's "... in regard to this rep|ort", split by OCR, after the name
    r"official\s+use\s+only",
    r"firm\s+[il1]\.?\s*d\.?\s*no\.?",
    r"address\s+of\s+principal\s+place\s+of\s+business\s*:?",
    r"\(\s*do\s+not\s+use\s+p\.?\s*o\.?\s*box\s+no\.?\s*\)",
    r"\(\s*no\.?\s+and\s+street\s*\)",
    r"name\s+of\s+broker\s*[-–.\s]*dealer\s*:?",
    r"off[il1]c[il1]a[il1]\s+use\s+only",
    r"[-–]?\s*pcaob\s+registration.*$",  # newer forms print the firm's PCAOB number beside its name
]
_FORM_WORDS = re.compile(
    r"securities\s+and\s+exchange|exchange\s+commission|washington,?\s*d\.?\s*c\b|\b20549\b|\bomb\b"
    r"|annual\s+audited|facing\s+page|\bproces|rocessed|\brece?ived\b|\brec'?d\b|sceived"
    r"|\bmail\s*(process|room|section)|\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+(19|20)\d{2}\b"
    r"|whose\s+opinion|if\s+individual|\(name\b|person\s+to\s+contact",
    re.I,
)  # the form's own words (its heading, the SEC's address "Washington, D.C. 20549") and mail-room stamps
# ("PROCESSED", "Mail Processing Section", "RECEIVED MAR 29 2004") are not names; each pattern is as narrow as
# what it removes, so a firm called Washington Square Securities or Mailhot & Co. keeps its name
_SUFFIXES = frozenset(
    ["inc", "llc", "lp", "llp", "co", "corp", "ltd", "plc", "ag", "sa", "nv", "na", "usa", "us", "cpa", "pc", "pa"]
)


def _speck(word: str, at_end: bool = False) -> bool:
    """An OCR speck beside a name: no letters to speak of, or a short fragment that is no company suffix
    (at the start a short capitalised word may be a name, at the end only a suffix or an initialism)."""
    if word == "&":
        return False
    if sum(ch.isalpha() for ch in word) < 2:
        return True
    short = len(word) <= 3 and re.sub(r"[^a-z]", "", word.lower()) not in _SUFFIXES
    return short and not (word.isupper() if at_end else word[:1].isupper())


def plausible_name(text: str | None) -> str | None:
    """A firm's or accountant's name as read, trimmed of OCR specks at its ends, or None when what was
    read is not a name (form captions, stamps, punctuation)."""
    if not text:
        return None
    words = text.replace("|", " ").split()
    while words and _speck(words[0]):
        words = words[1:]
    while words and _speck(words[-1], at_end=True):
        words = words[:-1]
    name = " ".join(words).strip(" ,;:*_-–—\"'“”‘’")
    letters = sum(ch.isalpha() for ch in name)
    visible = sum(not ch.isspace() for ch in name)
    if letters < 4 or letters < 0.75 * visible or _FORM_WORDS.search(name):
        return None
    return name


def _strip_captions(text: str) -> str:
    for bit in _CAPTION_BITS:
        text = re.sub(bit, " ", text, flags=re.I)
    text = re.sub(r"[·.]{3,}|(?:·\s*){2,}", " ", text)
    return re.sub(r"\s+", " ", text).strip(" ,;:*")


@dataclass
class FacingResult:
    facing: FacingPage
    findings: list[Finding] = field(default_factory=list)


_FACING_START = re.compile(
    r"report\s+for\s+the\s+period|facing\s+page|annual\s+audited\s+report|sec\s+file\s+number", re.I
)


def facing_lines(lines: list[Line]) -> list[Line]:
    """The lines of the facing page: from its first caption to the oath, contents or first statement."""
    start = next((i for i, line in enumerate(lines[:400]) if _FACING_START.search(line.text)), None)
    if start is None:
        return []
    begin = max(0, start - 8)
    out: list[Line] = []
    for line in lines[begin : begin + 150]:
        if out and len(out) > 8 and _END_OF_FACING.search(line.text):
            break
        out.append(line)
    return out


def _clean_address_cell(text: str) -> str:
    text = re.sub(r"\((city|state|zip\s*code|address|no\.\s*and\s*street)\)", " ", text, flags=re.I)
    text = re.sub(r"\b(zip\s*code)\b", " ", text, flags=re.I)
    return re.sub(r"\s+", " ", text.replace("(", " ").replace(")", " ")).strip(" ,;·.")


def _address_from(line: Line) -> Address:
    """Street (when the line starts with a number), city, state and ZIP code of one line."""
    cells = [_clean_address_cell(c.text) for c in line.cells]
    cells = [c for c in cells if re.search(r"[A-Za-z0-9]{2,}", c)]
    street = cells.pop(0) if cells and re.match(r"\d+\s+\w", cells[0]) and not _ZIP.fullmatch(cells[0]) else ""
    text = " ".join(cells)
    zips = list(_ZIP.finditer(text))
    zip_code = zips[-1].group(0) if zips else ""
    rest = text[: zips[-1].start()] if zips else text
    states = list(_STATE.finditer(rest))
    state = states[-1].group(0) if states else ""
    city = rest[: states[-1].start()].strip(" ,") if states else rest.strip(" ,")
    return Address(street=street, city=city, state=state, zip=zip_code)


def read_facing(lines: list[Line], file: str, reader: str, anchor: date | None) -> FacingResult:
    """Extract the facing page fields from the first lines of a document."""
    page = facing_lines(lines)
    if page and any(line.page != page[0].page for line in page) and page[0].page != lines[0].page:
        page = [line for line in page if line.page == page[8 if len(page) > 8 else 0].page] or page
    sources: dict[str, SourceRef] = {}
    findings: list[Finding] = []
    values: dict[str, object] = {}

    def ref(line: Line) -> SourceRef:
        return line.ref(file, reader)

    for i, line in enumerate(page):
        text = line.text
        nxt = page[i + 1 : i + 4]
        if "sec_file_number" not in values and _SEC_FILE.search(text):
            for cand in [line, *nxt]:
                m = _FILE_NO.search(cand.text.replace("\t", " "))
                if m:
                    values["sec_file_number"] = f"{m.group(1)}-{m.group(2).replace(' ', '')}"
                    sources["sec_file_number"] = ref(cand)
                    break
        if "period" not in values and re.search(r"period\s+begin", text, re.I):
            joined = " ".join(c.text for c in line.cells)
            m = re.search(
                r"begin\s*n?\s*ing\s*(.*?)\s*(?:mm/dd/yy\s*)?and\s+ending\s*(.*?)(?:mm/dd/yy|$)", joined, re.I
            )
            if m:
                anchor_year = anchor.year if anchor else None
                start = numeric_date(m.group(1), anchor_year)
                end = numeric_date(m.group(2), anchor_year)
                values["period"] = (start, end)
                sources["period"] = ref(line)
                for name, got in (("period_start", start), ("period_end", end)):
                    if got is not None:
                        values[name] = got.value
                        sources[name] = ref(line)
                        if got.repaired:
                            findings.append(_repaired(name, got, ref(line)))
        if "registrant_name" not in values and re.search(r"name\s+of\s+broker", text, re.I):
            name = _strip_captions(" ".join(c.text for c in line.cells))
            src = line
            if not name and nxt:
                name, src = _strip_captions(nxt[0].text), nxt[0]
            name = plausible_name(name)
            if name:
                values["registrant_name"] = name
                sources["registrant_name"] = ref(src)
        if "firm_id" not in values and re.search(r"firm\s+i\.?\s*d\.?\s*no", text, re.I):
            after = re.split(r"firm\s+i\.?\s*d\.?\s*no\.?", text, flags=re.I)[-1]
            m = re.search(r"\b(\d{2,8})\b", after)
            if m:
                values["firm_id"], sources["firm_id"] = m.group(1), ref(line)
            elif nxt and re.fullmatch(r"\s*\d{2,8}\s*", nxt[0].text):
                values["firm_id"], sources["firm_id"] = nxt[0].text.strip(), ref(nxt[0])
        if "address" not in values and re.search(r"address\s+of\s+principal", text, re.I):
            street_line = next(
                (
                    n
                    for n in nxt
                    if re.match(r"\s*\d+[A-Za-z]?\s+[A-Za-z]", n.text)
                    or re.search(r"\b(street|avenue|road|suite|floor|plaza)\b", n.text, re.I)
                ),
                None,
            )
            if street_line is not None:
                street = _strip_captions(street_line.cells[0].text)
                city_line = next(
                    (n for n in page[page.index(street_line) + 1 : page.index(street_line) + 4] if _ZIP.search(n.text)),
                    None,
                )
                city = _address_from(city_line) if city_line else Address()
                values["address"] = Address(street=street, city=city.city, state=city.state, zip=city.zip)
                sources["address"] = ref(street_line)
        if "contact_name" not in values and re.search(r"telephone\s+number", text, re.I):
            phone = _PHONE.search(text)
            if phone:
                values["contact_phone"] = re.sub(r"\s+", "", phone.group(0))
                sources["contact_phone"] = ref(line)
            name = _strip_captions(_PHONE.sub(" ", " ".join(c.text for c in line.cells)))
            src = line
            if not name and nxt:
                name = _strip_captions(_PHONE.sub(" ", nxt[0].text))
                src = nxt[0]
                if "contact_phone" not in values and _PHONE.search(nxt[0].text):
                    values["contact_phone"] = re.sub(r"\s+", "", _PHONE.search(nxt[0].text).group(0))  # type: ignore[union-attr]
                    sources["contact_phone"] = ref(nxt[0])
            if name:
                values["contact_name"] = name
                sources["contact_name"] = ref(src)
        if "accountant_name" not in values and re.search(r"independent\s+public\s+account", text, re.I):
            name = plausible_name(_strip_captions(" ".join(c.text for c in line.cells)))
            src = line
            rest = nxt
            if not name:  # the name is on one of the next lines, above or below the form's "(Name ...)" caption
                for k, candidate in enumerate(nxt[:4]):
                    if re.search(r"\(\s*address\s*\)|certified\s+public|check\s+one", candidate.text, re.I):
                        break
                    name = plausible_name(_strip_captions(candidate.text))
                    if name:
                        src, rest = candidate, nxt[k + 1 :]
                        break
            if name:
                values["accountant_name"] = name
                sources["accountant_name"] = ref(src)
            addr_line = next(
                (n for n in rest if _ZIP.search(n.text) and not re.search(r"\(address\)", n.text, re.I)), None
            )
            if addr_line is not None:
                values["accountant_address"] = _address_from(addr_line)
                sources["accountant_address"] = ref(addr_line)
    facing = FacingPage(
        registrant_name=values.get("registrant_name"),  # type: ignore[arg-type]
        sec_file_number=values.get("sec_file_number"),  # type: ignore[arg-type]
        firm_id=values.get("firm_id"),  # type: ignore[arg-type]
        period_start=values.get("period_start"),  # type: ignore[arg-type]
        period_end=values.get("period_end"),  # type: ignore[arg-type]
        address=values.get("address"),  # type: ignore[arg-type]
        contact_name=values.get("contact_name"),  # type: ignore[arg-type]
        contact_phone=values.get("contact_phone"),  # type: ignore[arg-type]
        accountant_name=values.get("accountant_name"),  # type: ignore[arg-type]
        accountant_address=values.get("accountant_address"),  # type: ignore[arg-type]
        sources=sources,
    )
    return FacingResult(facing=facing, findings=findings)


def _repaired(name: str, got: ReadDate, src: SourceRef) -> Finding:
    return Finding(
        code="FACING-DATE-REPAIRED",
        severity=Severity.INFO,
        message=f"facing page {name.replace('_', ' ')} printed as '{got.printed.strip()}' was read as {got.value.isoformat()}",
        expected=got.value.isoformat(),
        actual=got.printed.strip(),
        sources=(src,),
    )


_BODY_ID = re.compile(
    r"^(?P<name>[A-Z][^()]{2,120}?)\s*\(\s*SEC\s+File\s+(?:Number|No\.?|#)\s*:?\s*(?P<no>\d{1,2}\s*[-–]\s*[\d ]{3,9})\)",
    re.I,
)
_BODY_NO = re.compile(r"SEC\s+File\s+(?:Number|No\.?|#)\s*:?\s*(?P<no>\d{1,2}\s*[-–]\s*\d[\d ]{2,8})", re.I)


# the period a report covers, as its prose states it: "as of December 31, 2009", "for the year ended ...",
# "for the period from April 1, 2009 to December 31 2009"
_PERIOD_PHRASE = re.compile(
    r"\b(?:as\s+of|(?:year|period)s?\s+(?:then\s+)?ended|from\s+[^.;$]{3,40}?\s+(?:to|through))\s+"
    r"(?P<date>[A-Za-z]{3,9}\.?\s+\d{1,2}\s*,?\s*(?:19|20)\d\d)",
    re.I,
)


def body_period_end(
    lines: list[Line], facing_numbers: set[int], file: str, reader: str
) -> tuple[date, SourceRef] | None:
    """The period end the report's prose first states (the oath, the accountant's report), outside the facing page
    (a phrase may run onto the next line)."""
    for i, line in enumerate(lines):
        if line.number in facing_numbers:
            continue
        after = lines[i + 1].text if i + 1 < len(lines) else ""
        m = _PERIOD_PHRASE.search(f"{line.text} {after}")
        found = word_dates(m.group("date")) if m else []
        if found:
            return found[0], line.ref(file, reader)
    return None


def read_body_identity(lines: list[Line], facing: list[Line], file: str, reader: str) -> BodyIdentity:
    """Registrant name, SEC file number and period end as the body of the report states them."""
    facing_numbers = {line.number for line in facing}
    period = body_period_end(lines, facing_numbers, file, reader)
    identity = _body_name_and_number(lines, facing_numbers, file, reader)
    if period is None:
        return identity
    return replace(identity, period_end=period[0], sources={**identity.sources, "period_end": period[1]})


def _body_name_and_number(lines: list[Line], facing_numbers: set[int], file: str, reader: str) -> BodyIdentity:
    name = number = None
    sources: dict[str, SourceRef] = {}
    previous: Line | None = None
    for line in lines:
        own = re.fullmatch(
            r"\s*\(\s*SEC\s+File\s+(?:Number|No\.?|#)\s*:?\s*(?P<no>\d{1,2}\s*[-–]\s*[\d ]{3,9})\)\s*", line.text, re.I
        )
        if own and previous is not None and name is None and len(previous.text) < 120:
            name = previous.text.strip(" ,")
            number = re.sub(r"\s", "", own.group("no")).replace("–", "-")
            sources["registrant_name"] = previous.ref(file, reader)
            sources["sec_file_number"] = line.ref(file, reader)
            break
        previous = line
        m = _BODY_ID.search(line.text)
        if m and name is None:
            name = m.group("name").strip(" ,")
            number = re.sub(r"\s", "", m.group("no")).replace("–", "-")
            sources["registrant_name"] = sources["sec_file_number"] = line.ref(file, reader)
            break
        m2 = _BODY_NO.search(line.text)
        if m2 and number is None and line.number not in facing_numbers:
            number = re.sub(r"\s", "", m2.group("no")).replace("–", "-")
            sources["sec_file_number"] = line.ref(file, reader)
    return BodyIdentity(registrant_name=name, sec_file_number=number, sources=sources)


def statement_date(heading: Line, following: list[Line]) -> date | None:
    """The date a statement heading states (as of, or the period end)."""
    for line in [heading, *following[:2]]:
        found = word_dates(line.text)
        if found:
            return found[-1]
    return None
