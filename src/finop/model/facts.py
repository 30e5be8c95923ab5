"""The flat facts map: canonical concept -> value, from statements, schedule, notes and facing page.

A concept the report does not state is absent, never zero. A few facts are
derived from stated lines (origin ``derived``), e.g. total liabilities when the
statement lists a single liability without a total.
"""

from __future__ import annotations

from decimal import Decimal

from finop.model import concepts as vocabulary
from finop.model.filing import BodyIdentity, FacingPage, Fact, NoteFigure, Role, Statement, StatementKind

K = StatementKind

# which concepts the facts map takes from each part, in order: finop/model/data/concepts.yaml (facts)
FACING_FACTS = vocabulary.facts_of("facing_page")
STATEMENT_FACTS: dict[StatementKind, dict[str, str]] = {
    kind: {key: vocabulary.concept(key).fact_name for key in vocabulary.facts_of(kind.value)}
    for kind in (K.FINANCIAL_CONDITION, K.INCOME, K.CASH_FLOWS, K.NET_CAPITAL, K.RESERVE, K.PAB_RESERVE)
}
NOTE_FACTS = {key: vocabulary.concept(key).fact_name for key in vocabulary.facts_of("notes")}
# every fact a check of a filed report can give, in the order of docs/facts.md: a panel keeps them all
FACT_NAMES: tuple[str, ...] = tuple(
    dict.fromkeys(
        [
            *FACING_FACTS,
            *(name for kind in (K.FINANCIAL_CONDITION, K.INCOME) for name in STATEMENT_FACTS[kind].values()),
            "equity_beginning",
            "equity_end",
            *STATEMENT_FACTS[K.CASH_FLOWS].values(),
            *STATEMENT_FACTS[K.NET_CAPITAL].values(),
            "ai_ratio_percent",
            *STATEMENT_FACTS[K.RESERVE].values(),
            *STATEMENT_FACTS[K.PAB_RESERVE].values(),
            *NOTE_FACTS.values(),
        ]
    )
)


def _put(facts: dict[str, Fact], name: str, value: Decimal | str | None, origin: str, source=None) -> None:
    if value is None or name in facts:
        return
    facts[name] = Fact(concept=name, value=value, origin=origin, source=source)


def build_facts(
    facing: FacingPage,
    statements: dict[StatementKind, Statement],
    notes: list[NoteFigure],
    body: BodyIdentity | None = None,
) -> dict[str, Fact]:
    """Assemble the facts map from the extracted parts."""
    facts: dict[str, Fact] = {}
    if body is not None:
        # a facing page missing from the filing (public copies often omit it): the body names the firm
        if facing.registrant_name is None and body.registrant_name:
            _put(facts, "registrant_name", body.registrant_name, "body", body.sources.get("registrant_name"))
        if facing.sec_file_number is None and body.sec_file_number:
            _put(facts, "sec_file_number", body.sec_file_number, "body", body.sources.get("sec_file_number"))
    for name in FACING_FACTS:
        value = getattr(facing, name)
        if value is not None:
            _put(
                facts,
                name,
                value.isoformat() if hasattr(value, "isoformat") else str(value),
                "facing_page",
                facing.sources.get(name),
            )
    for kind, mapping in STATEMENT_FACTS.items():
        st = statements.get(kind)
        if st is None:
            continue
        for concept, name in mapping.items():
            item = st.find(concept)
            if item is not None and item.value(st.primary_column) is not None:
                _put(facts, name, item.value(st.primary_column), kind.value, item.source(st.primary_column))
    sfc = statements.get(K.FINANCIAL_CONDITION)
    if sfc is not None:
        _derive_sfc(facts, sfc)
        if "period_end" not in facts and sfc.as_of is not None:
            # no facing page (public copies often omit it): the balance sheet date is the period end
            _put(facts, "period_end", sfc.as_of.isoformat(), "financial_condition", sfc.source)
    if "period_end" not in facts and body is not None and body.period_end is not None:
        # neither a facing page nor a balance sheet dates it: the period the report's prose covers
        _put(facts, "period_end", body.period_end.isoformat(), "body", body.sources.get("period_end"))
    eq = statements.get(K.CHANGES_IN_EQUITY)
    if eq is not None:
        col = eq.primary_column
        begin, end = eq.find("rollforward_beginning"), eq.find("rollforward_end")
        if begin is not None:
            _put(facts, "equity_beginning", begin.value(col), eq.kind.value, begin.source(col))
        if end is not None:
            _put(facts, "equity_end", end.value(col), eq.kind.value, end.source(col))
    nc = statements.get(K.NET_CAPITAL)
    if nc is not None:
        _derive_net_capital(facts, nc)
    for note in notes:
        if note.concept in NOTE_FACTS:
            _put(facts, NOTE_FACTS[note.concept], note.value, "notes", note.source)
    # a note that states net capital and the excess implies the requirement (the stated "minimum" may be
    # only the dollar floor, e.g. "$1.5 million, or 2% of aggregate debit items")
    # (not from figures rounded coarser than a million: "$1.2 billion" less "$930 million" is not the requirement)
    nc_note, ex_note = facts.get("note_net_capital"), facts.get("note_excess_net_capital")
    exact = not any(n.rounded for n in notes if n.concept in ("note_net_capital", "note_excess_net_capital"))
    if "minimum_net_capital" not in facts and nc_note is not None and ex_note is not None and exact:
        implied = nc_note.value - ex_note.value  # type: ignore[operator]
        stated = facts.get("note_minimum_net_capital")
        if stated is None or abs(stated.value - implied) > max(Decimal(1000), implied / 1000):  # type: ignore[operator]
            _put(facts, "minimum_net_capital", implied, "derived", ex_note.source)
    # net capital stated only in the notes still answers the net capital facts
    for note_name, name in (
        ("note_net_capital", "net_capital"),
        ("note_minimum_net_capital", "minimum_net_capital"),
        ("note_excess_net_capital", "excess_net_capital"),
    ):
        if name not in facts and note_name in facts:
            f = facts[note_name]
            _put(facts, name, f.value, "notes", f.source)
    return facts


def _derive_sfc(facts: dict[str, Fact], sfc: Statement) -> None:
    col = sfc.primary_column
    if "total_liabilities" not in facts:
        liabilities = [
            i
            for i in sfc.items
            if i.section == "liabilities" and i.role is not Role.HEADER and i.value(col) is not None
        ]
        tops = [i for i in liabilities if not any(i.id in t.components for t in liabilities)]
        if tops:
            value = sum((i.value(col) for i in tops), Decimal(0))  # type: ignore[misc]
            _put(facts, "total_liabilities", value, "derived", tops[-1].source(col))
    if "total_equity" not in facts:
        # an equity section without a total of its own ("Member's equity" alone above the grand total): its
        # lines are the equity when, with the liabilities, they make up the grand total
        equity = [
            i for i in sfc.items if i.section == "equity" and i.role is not Role.HEADER and i.value(col) is not None
        ]
        tops = [i for i in equity if not any(i.id in t.components for t in equity)]
        grand, liabilities = facts.get("total_liabilities_and_equity"), facts.get("total_liabilities")
        if tops and grand is not None and liabilities is not None:
            value = sum((i.value(col) for i in tops), Decimal(0))  # type: ignore[misc]
            subs = [i.value(col) for i in sfc.items if i.section == "subordinated" and i.role is not Role.HEADER]
            subordinated = sum((v for v in subs if v is not None), Decimal(0))
            if abs(liabilities.value + subordinated + value - grand.value) <= sfc.tolerance(len(tops) + 2):  # type: ignore[operator]
                _put(facts, "total_equity", value, "derived", tops[-1].source(col))
    if "subordinated_liabilities" not in facts:
        subs = [
            i
            for i in sfc.items
            if i.section == "subordinated" and i.role is not Role.HEADER and i.value(col) is not None
        ]
        if subs:
            _put(
                facts,
                "subordinated_liabilities",
                sum((i.value(col) for i in subs), Decimal(0)),
                "derived",
                subs[0].source(col),
            )  # type: ignore[misc]


def _derive_net_capital(facts: dict[str, Fact], nc: Statement) -> None:
    col = nc.primary_column
    for concept, section in (("nonallowable_assets", "deductions"), ("haircuts", "haircuts")):
        if concept in facts:
            continue
        rows = [i for i in nc.items if i.section == section and i.role is Role.ITEM and i.value(col) is not None]
        if rows:
            value = sum((abs(i.value(col)) for i in rows), Decimal(0))  # type: ignore[arg-type]
            _put(facts, concept, value, "derived", rows[0].source(col))
