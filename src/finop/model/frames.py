"""Results as pandas DataFrames for notebooks: values stay Decimal (object columns), never float."""

from __future__ import annotations

from typing import TYPE_CHECKING

from finop.model.filing import Filing

if TYPE_CHECKING:
    import pandas as pd

FACT_COLUMNS = ["concept", "value", "origin", "page", "line", "text", "confidence"]
LINE_COLUMNS = ["statement", "id", "caption", "concept", "role", "section", "column", "value", "page", "line"]


def facts_frame(filing: Filing) -> pd.DataFrame:
    """One row per fact: concept, value (Decimal or text), origin and the place it was read."""
    import pandas as pd

    rows = []
    for name, fact in filing.facts.items():
        src = fact.source
        rows.append({"concept": name, "value": fact.value, "origin": fact.origin,
                     "page": src.page if src else None, "line": src.line if src else None,
                     "text": src.text if src else None, "confidence": src.confidence if src else None})  # fmt: skip
    return pd.DataFrame(rows, columns=FACT_COLUMNS)


def lines_frame(filing: Filing) -> pd.DataFrame:
    """One row per statement line item and column: statement, id, caption, concept, role, value, place."""
    import pandas as pd

    rows = []
    for kind, st in filing.statements.items():
        for item in st.items:
            for col, name in enumerate(st.columns):
                if col >= len(item.values) or item.values[col] is None:
                    continue
                src = item.source(col)
                rows.append({"statement": kind.value, "id": item.id, "caption": item.caption,
                             "concept": item.concept, "role": item.role.value, "section": item.section,
                             "column": name, "value": item.values[col],
                             "page": src.page if src else None, "line": src.line if src else None})  # fmt: skip
    return pd.DataFrame(rows, columns=LINE_COLUMNS)
