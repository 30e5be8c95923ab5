"""The flat facts map: canonical concept -> value, from statements, schedule, notes and facing page.

A concept the report does not state is absent, never zero. A few facts are
derived from stated lines (origin ``derived``), e.g. total liabilities when the
statement lists a single liability without a total.
"""

from __future__ import annotations

from decimal import Decimal

from finop.model.filing import BodyIdentity, FacingPage, Fact, NoteFigure, Role, Statement, StatementKind

K = StatementKind

FACING_FACTS = ("registrant_name", "sec_file_number", "firm_id", "period_start", "period_end", "accountant_name")

STATEMENT_FACTS: dict[StatementKind, dict[str, str]] = {
    K.FINANCIAL_CONDITION: {
        "cash": "cash",
        "total_assets": "total_assets",
        "total_liabilities": "total_liabilities",
        "subordinated_liabilities": "subordinated_liabilities",
        "total_equity": "total_equity",
        "total_liabilities_and_equity": "total_liabilities_and_equity",
    },
    K.INCOME: {
        "total_revenue": "total_revenue",
        "total_expenses": "total_expenses",
        "pretax_income": "income_before_taxes",
        "income_taxes": "income_taxes",
        "net_income": "net_income",
    },
    K.CASH_FLOWS: {
        "net_cash_operating": "net_cash_operating",
        "net_cash_investing": "net_cash_investing",
        "net_cash_financing": "net_cash_financing",
        "net_change_in_cash": "net_change_in_cash",
        "cash_beginning": "cash_beginning",
        "cash_end": "cash_end",
    },
    K.NET_CAPITAL: {
        "total_ownership_equity": "total_ownership_equity",
        "allowable_subordinated_liabilities": "allowable_subordinated_liabilities",
        "total_capital": "total_capital",
        "nonallowable_assets": "nonallowable_assets",
        "net_capital_before_haircuts": "net_capital_before_haircuts",
        "haircuts": "haircuts",
        "undue_concentration": "undue_concentration",
        "net_capital": "net_capital",
        "aggregate_indebtedness": "aggregate_indebtedness",
        "aggregate_debit_items": "aggregate_debit_items",
        "minimum_ratio_requirement": "minimum_ratio_requirement",
        "minimum_dollar_requirement": "minimum_dollar_requirement",
        "minimum_net_capital": "minimum_net_capital",
        "excess_net_capital": "excess_net_capital",
        "excess_net_capital_1000": "excess_net_capital_1000",
        "excess_net_capital_5pct": "excess_net_capital_5pct",
    },
    K.RESERVE: {
        "reserve_total_credits": "reserve_total_credits",
        "reserve_aggregate_debits": "reserve_aggregate_debits",
        "reserve_total_debits": "reserve_total_debits",
        "reserve_excess": "reserve_excess",
        "reserve_deposit_held": "reserve_deposit_held",
        "reserve_new_balance": "reserve_new_balance",
    },
}

NOTE_FACTS = {
    "note_net_capital": "note_net_capital",
    "note_minimum_net_capital": "note_minimum_net_capital",
    "note_excess_net_capital": "note_excess_net_capital",
    "note_ai_ratio": "note_ai_ratio",
}


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
