"""Read an X-17A-5 XML cover page (EDGAR's ``primary_doc.xml``, or a whole submission XML with its
documents inside) into a ``CoverPage``.

Each field is found by the element path the specification gives (model/data/x17a5_cover.yaml),
namespaces ignored. Breaks of the specification (a mandatory element missing or empty, a value
too long, not in its choice list, a date not MM-DD-YYYY) are kept as the cover's problems, with
their line, never raised; so are the SEC schema's own complaints when its files are at hand
(``FINOP_X17A5_XSD``: the path of ``eis_Form_17A_Filer.xsd`` or of its folder). A file that is not
XML at all, or not an X-17A-5 submission, is an ``InputError``.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import os
import re
from functools import cache
from pathlib import Path
from typing import Any

from lxml import etree

from finop.errors import InputError
from finop.model.cover import CoverDocument, CoverPage, CoverProblem, cover_vocabulary
from finop.model.filing import Address

XSD_ENV = "FINOP_X17A5_XSD"
XSD_FILE = "eis_Form_17A_Filer.xsd"
_MAX_BYTES = 512 * 1024 * 1024  # a whole submission carries its PDFs; more than this is not a cover page


def _parser() -> etree.XMLParser:
    """No entities resolved, nothing fetched from the network: the file is untrusted."""
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True, remove_comments=True)


def _local(element: Any) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _child(element: Any, name: str) -> Any:
    for child in element:
        if _local(child) == name:
            return child
    return None


def _at(element: Any, path: str) -> Any:
    """The element at ``path`` (names separated by '/', namespaces ignored), or None."""
    for name in path.split("/"):
        if element is None:
            return None
        element = _child(element, name)
    return element


def _parent_present(root: Any, path: str) -> bool:
    return _at(root, path.rsplit("/", 1)[0]) is not None


def _date(text: str | None) -> dt.date | None:
    m = re.fullmatch(r"(\d{1,2})-(\d{1,2})-(\d{4})", (text or "").strip())
    if not m:
        return None
    try:
        return dt.date(int(m.group(3)), int(m.group(1)), int(m.group(2)))
    except ValueError:
        return None


def _field_problems(root: Any, name: str, spec: dict[str, Any], pattern: str) -> list[CoverProblem]:
    element = _at(root, spec["path"])
    mandatory = spec.get("mandatory") is True or (
        spec.get("mandatory") == "parent" and _parent_present(root, spec["path"])
    )
    where = spec["path"].rsplit("/", 1)[-1]
    if element is None or not (element.text or "").strip():
        if mandatory:
            missing = "is missing" if element is None else "is empty"
            parent = _at(root, spec["path"].rsplit("/", 1)[0]) if "/" in spec["path"] else root
            line = (element if element is not None else parent if parent is not None else root).sourceline
            return [CoverProblem(line, f"<{where}> {missing}; the specification makes it mandatory")]
        return []
    value, line = element.text.strip(), element.sourceline
    out = []
    if spec.get("max") and len(value) > spec["max"]:
        out.append(CoverProblem(line, f"<{where}> is {len(value)} characters long; at most {spec['max']} allowed"))
    if spec.get("choices") and value not in spec["choices"]:
        allowed = ", ".join(f"'{c}'" for c in spec["choices"])
        out.append(CoverProblem(line, f"<{where}> is '{value}', not one of {allowed}"))
    if spec.get("date") and (not re.match(pattern, value) or _date(value) is None):
        out.append(CoverProblem(line, f"<{where}> is '{value}', not a date in the form MM-DD-YYYY"))
    return out


@cache
def _schema(path: str) -> Any:
    return etree.XMLSchema(etree.parse(path, _parser()))


def xsd_path() -> Path | None:
    """The SEC's X-17A-5 schema file, when ``FINOP_X17A5_XSD`` points at it (or at its folder)."""
    raw = os.environ.get(XSD_ENV)
    if not raw:
        return None
    p = Path(raw)
    p = p / XSD_FILE if p.is_dir() else p
    return p if p.is_file() else None


def _xsd_problems(tree: Any) -> list[CoverProblem] | None:
    path = xsd_path()
    if path is None:
        return None
    try:
        schema = _schema(str(path))
    except (etree.XMLSchemaParseError, etree.XMLSyntaxError, OSError) as exc:
        return [CoverProblem(None, f"the schema {path} could not be loaded ({exc}); not validated against it")]
    if schema.validate(tree):
        return []
    return [CoverProblem(e.line or None, f"schema: {e.message}") for e in schema.error_log]


def _address(root: Any, prefix: str, fields: dict[str, Any]) -> Address | None:
    part = {k: (_text(root, fields[f"{prefix}{k}"]["path"]) or "") for k in ("street1", "street2", "city", "state")}
    zip_code = _text(root, fields[f"{prefix}zip"]["path"]) or ""
    if not any([*part.values(), zip_code]):
        return None
    street = ", ".join(s for s in (part["street1"], part["street2"]) if s)
    return Address(street=street, city=part["city"], state=part["state"], zip=zip_code)


def _text(root: Any, path: str) -> str | None:
    element = _at(root, path)
    value = (element.text or "").strip() if element is not None else ""
    return value or None


def _document_elements(root: Any) -> list[Any]:
    """The <document> elements of a submission, in order."""
    container, _, item = cover_vocabulary()["documents"]["path"].rpartition("/")
    holder = _at(root, container)
    return [e for e in (holder if holder is not None else []) if _local(e) == item]


def _contents(element: Any) -> bytes | None:
    """A document's decoded contents; None when it carries none; ValueError when they are not base64."""
    text = _text(element, cover_vocabulary()["documents"]["fields"]["contents"]["path"])
    if not text:
        return None
    try:
        return base64.b64decode("".join(text.split()), validate=False)
    except (binascii.Error, ValueError) as exc:
        raise ValueError("a document's <contents> is not MIME base64") from exc


def _confidential(element: Any) -> bool:
    return (_text(element, cover_vocabulary()["documents"]["fields"]["confidential"]["path"]) or "").lower() == "true"


def _documents(root: Any, spec: dict[str, Any], pattern: str) -> tuple[list[CoverDocument], list[CoverProblem]]:
    documents, problems = [], []
    fields = spec["fields"]
    for element in _document_elements(root):
        for name, field_spec in fields.items():
            problems += [
                CoverProblem(p.line or element.sourceline, p.message)
                for p in _field_problems(element, name, field_spec, pattern)
            ]
        try:
            data = _contents(element)
        except ValueError as exc:
            data = None
            problems.append(CoverProblem(element.sourceline, str(exc)))
        documents.append(
            CoverDocument(
                name=_text(element, fields["name"]["path"]) or "",
                type=_text(element, fields["type"]["path"]) or "",
                description=_text(element, fields["description"]["path"]) or "",
                confidential=_confidential(element),
                size=len(data) if data is not None else None,
            )
        )
    return documents, problems


def _root(path: Path) -> Any:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(path, f"cannot read the file ({exc.strerror or exc})") from None
    if size > _MAX_BYTES:
        raise InputError(path, f"{size:,} bytes: too large for an X-17A-5 submission XML")
    try:
        tree = etree.parse(str(path), _parser())
    except etree.XMLSyntaxError as exc:
        raise InputError(path, f"not well-formed XML ({exc})") from None
    root = tree.getroot()
    if _local(root) != "edgarSubmission" or _at(root, "headerData/submissionType") is None:
        raise InputError(path, f"not an X-17A-5 submission (the root element is <{_local(root)}>)")
    return tree


def read_cover(path: str | Path) -> CoverPage:
    """The cover page of an X-17A-5 submission XML, with every break of the specification as a problem."""
    path = Path(path)
    tree = _root(path)
    root = tree.getroot()
    vocabulary = cover_vocabulary()
    fields, pattern = vocabulary["fields"], vocabulary["date_pattern"]
    submission = _text(root, fields["submission_type"]["path"])
    if submission not in fields["submission_type"]["choices"]:
        raise InputError(path, f"an EDGAR submission of type '{submission}', not X-17A-5 or X-17A-5/A")
    problems = [p for name, spec in fields.items() for p in _field_problems(root, name, spec, pattern)]
    documents, document_problems = _documents(root, vocabulary["documents"], pattern)
    problems += document_problems
    xsd = _xsd_problems(tree)
    weakness = _text(root, fields["material_weakness"]["path"])
    value = {name: _text(root, spec["path"]) for name, spec in fields.items()}
    return CoverPage(
        path=str(path),
        submission_type=submission,
        cik=(value["cik"] or "").lstrip("0") or None,
        registrant_name=value["registrant_name"],
        period_begin=_date(value["period_begin"]),
        period_end=_date(value["period_end"]),
        bd_type=value["bd_type"],
        sd_type=value["sd_type"],
        bd_subtype=value["bd_subtype"],
        sd_subtype=value["sd_subtype"],
        material_weakness={"Y": True, "N": False}.get((weakness or "").upper()),
        amendment_description=value["amendment_description"],
        address=_address(root, "", fields),
        contact_name=value["contact_name"],
        contact_phone=value["contact_phone"],
        accountant_name=value["accountant_name"],
        accountant_address=_address(root, "accountant_", fields),
        accountant_type=value["accountant_type"],
        oath_name=value["oath_name"],
        oath_title=value["oath_title"],
        oath_entity=value["oath_entity"],
        oath_date=_date(value["oath_date"]),
        documents=tuple(documents),
        problems=tuple(problems + (xsd or [])),
        lines={n: e.sourceline for n, spec in fields.items() if (e := _at(root, spec["path"])) is not None},
        schema_checked="xsd" if xsd is not None else "specification",
    )


def embedded_documents(path: str | Path) -> list[tuple[str, bool, bytes]]:
    """The documents a whole submission XML carries inside it: (name, confidential, bytes), in order.
    A document whose contents do not decode is left out (``read_cover`` reports it)."""
    fields = cover_vocabulary()["documents"]["fields"]
    out = []
    for i, element in enumerate(_document_elements(_root(Path(path)).getroot()), start=1):
        try:
            data = _contents(element)
        except ValueError:
            continue
        if data is None:
            continue
        name = Path(_text(element, fields["name"]["path"]) or f"document-{i}").name
        out.append((name, _confidential(element), data))
    return out
