"""The XML cover page of an X-17A-5 filing on EDGAR (since the 2025 amendments to Rule 17a-5).

What the filer typed into the cover: period, type of registrant, the material-weakness flag,
the accountant, the oath, and each attached document with its confidentiality. Read by
``readers.cover``; checked against the report's own pages by ``checks.cover``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from finop.model.filing import Address, plain

_DATA = Path(__file__).parent / "data" / "x17a5_cover.yaml"


@cache
def cover_vocabulary() -> dict[str, Any]:
    """The cover page's elements as the specification gives them (model/data/x17a5_cover.yaml)."""
    return yaml.safe_load(_DATA.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Submission:
    """Where a filing sits on EDGAR, as ``finop edgar fetch`` recorded it in ``filing.json``."""

    accession: str
    cik: str | None = None
    form: str | None = None
    date_filed: date | None = None
    company: str | None = None
    url: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "accession": self.accession,
            "cik": self.cik,
            "form": self.form,
            "date_filed": plain(self.date_filed),
            "company": self.company,
            "url": self.url,
        }


@dataclass(frozen=True)
class CoverDocument:
    """One document the cover lists: its name, type, description and whether the filer marked it confidential."""

    name: str
    type: str = ""
    description: str = ""
    confidential: bool = False
    size: int | None = None  # bytes of its decoded contents, when the XML carries them

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "type": self.type,
            "description": self.description,
            "confidential": self.confidential,
            "size": self.size,
        }


@dataclass(frozen=True)
class CoverProblem:
    """Where the XML breaks the X-17A-5 schema or specification, and how."""

    line: int | None
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {"line": self.line, "message": self.message}


@dataclass(frozen=True)
class CoverPage:
    """The XML cover page, field by field (None where the XML does not give one)."""

    path: str
    submission_type: str | None = None
    cik: str | None = None
    registrant_name: str | None = None
    period_begin: date | None = None
    period_end: date | None = None
    bd_type: str | None = None
    sd_type: str | None = None
    bd_subtype: str | None = None
    sd_subtype: str | None = None
    material_weakness: bool | None = None
    amendment_description: str | None = None
    address: Address | None = None
    contact_name: str | None = None
    contact_phone: str | None = None
    accountant_name: str | None = None
    accountant_address: Address | None = None
    accountant_type: str | None = None
    oath_name: str | None = None
    oath_title: str | None = None
    oath_entity: str | None = None
    oath_date: date | None = None
    documents: tuple[CoverDocument, ...] = ()
    problems: tuple[CoverProblem, ...] = field(default=())
    lines: dict[str, int] = field(default_factory=dict)  # field name -> its line in the XML
    schema_checked: str = "specification"  # "xsd" when validated against the SEC's schema files too

    FIELDS = (
        "submission_type",
        "cik",
        "registrant_name",
        "period_begin",
        "period_end",
        "bd_type",
        "sd_type",
        "bd_subtype",
        "sd_subtype",
        "material_weakness",
        "amendment_description",
        "address",
        "contact_name",
        "contact_phone",
        "accountant_name",
        "accountant_address",
        "accountant_type",
        "oath_name",
        "oath_title",
        "oath_entity",
        "oath_date",
    )

    @property
    def amendment(self) -> bool:
        return (self.submission_type or "").endswith("/A")

    @property
    def public_documents(self) -> tuple[CoverDocument, ...]:
        return tuple(d for d in self.documents if not d.confidential)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"path": self.path}
        out.update({name: plain(getattr(self, name)) for name in self.FIELDS})
        out["documents"] = [d.to_dict() for d in self.documents]
        out["problems"] = [p.to_dict() for p in self.problems]
        out["schema_checked"] = self.schema_checked
        return out
