"""The canonical JSON form of a checked filing (a public contract: see docs/json.md)."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

from finop.api import CheckResult
from finop.model.filing import Address, FacingPage, Filing, Statement

SCHEMA_VERSION = "1"


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Address):
        return {"street": value.street, "city": value.city, "state": value.state, "zip": value.zip}
    return value


def facing_dict(fp: FacingPage) -> dict[str, Any]:
    fields = (
        "registrant_name",
        "sec_file_number",
        "firm_id",
        "period_start",
        "period_end",
        "address",
        "contact_name",
        "contact_phone",
        "accountant_name",
        "accountant_address",
    )
    out = {name: _plain(getattr(fp, name)) for name in fields}
    out["sources"] = {k: v.to_dict() for k, v in fp.sources.items()}
    return out


def statement_dict(st: Statement) -> dict[str, Any]:
    return {
        "kind": st.kind.value,
        "title": st.title,
        "as_of": _plain(st.as_of),
        "columns": list(st.columns),
        "scale": st.scale,
        "page": st.page,
        "source": st.source.to_dict() if st.source else None,
        "items": [
            {
                "id": i.id,
                "label": i.label,
                "context": i.context,
                "role": i.role.value,
                "section": i.section,
                "concept": i.concept,
                "values": [_plain(v) for v in i.values],
                "printed": list(i.printed),
                "components": list(i.components),
                "line": i.source().line if i.source() else None,
                "page": i.source().page if i.source() else None,
            }
            for i in st.items
        ],
    }


def filing_dict(filing: Filing) -> dict[str, Any]:
    return {
        "facing_page": facing_dict(filing.facing_page),
        "facts": {k: _plain(f.value) for k, f in filing.facts.items()},
        "fact_sources": {
            k: {"origin": f.origin, "source": f.source.to_dict() if f.source else None} for k, f in filing.facts.items()
        },
        "statements": {k.value: statement_dict(s) for k, s in filing.statements.items()},
        "notes": [
            {
                "concept": n.concept,
                "value": str(n.value),
                "text": n.text,
                "source": n.source.to_dict() if n.source else None,
            }
            for n in filing.notes
        ],
        "net_capital_method": filing.method,
        "exemption_15c3_3": (
            {"exempt": filing.exemption.exempt, "paragraph": filing.exemption.paragraph} if filing.exemption else None
        ),
        "reconciliation": (
            {
                "no_material_differences": filing.reconciliation.no_material_differences,
                "statement": statement_dict(filing.reconciliation.statement)
                if filing.reconciliation.statement
                else None,
            }
            if filing.reconciliation
            else None
        ),
    }


def result_dict(result: CheckResult) -> dict[str, Any]:
    data = {"schema_version": SCHEMA_VERSION, "file": result.filing.path}
    data.update(filing_dict(result.filing))
    data["findings"] = [f.to_dict() for f in result.findings]
    data["summary"] = result.summary
    return data


def to_json(result: CheckResult) -> str:
    return json.dumps(result_dict(result), indent=2, ensure_ascii=False)
