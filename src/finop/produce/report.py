"""Books -> the whole annual report as one ``Filing``: facing page, statements, notes, schedules.

The same model the reader extracts, so the produced report can be checked, rendered
and compared with what ``finop check`` reads back from it.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from finop.books import Books, load_books
from finop.books.chart import ASSET_LINES, INCOME_LINES, LIABILITY_LINES, SUBORDINATED_LINES
from finop.engine.net_capital import compute
from finop.model.computation import Computation
from finop.model.concepts import concepts, focus_line_keys
from finop.model.facts import build_facts
from finop.model.filing import (
    Address,
    Exemption,
    FacingPage,
    Fact,
    Filing,
    NoteFigure,
    Reconciliation,
    Statement,
    StatementKind,
)
from finop.model.produced import FocusLine, Note, ProducedReport
from finop.model.reserve import item_number
from finop.money import format_amount, whole
from finop.produce import schedules, statements
from finop.produce.statements import ZERO
from finop.rules import exhibit_a

K = StatementKind


def _address(street: str, city: str, state: str, zip_: str) -> Address | None:
    return Address(street, city, state, zip_) if any((street, city, state, zip_)) else None


def facing_page(books: Books) -> FacingPage:
    """The Part III facing page fields, from firm.yaml."""
    f = books.firm
    start, end = f.period
    return FacingPage(
        registrant_name=f.name,
        sec_file_number=f.sec_file_number,
        firm_id=f.firm_id,
        period_start=start,
        period_end=end,
        address=_address(f.address.street, f.address.city, f.address.state, f.address.zip),
        contact_name=f.contact.name or None,
        contact_phone=f.contact.phone or None,
        accountant_name=f.accountant.name or None,
        accountant_address=_address(f.accountant.street, f.accountant.city, f.accountant.state, f.accountant.zip),
    )


def _money(value: Decimal) -> str:
    return "$" + format_amount(statements.plain_amount(value))


def regulatory_note(books: Books, comp: Computation) -> tuple[Note, list[NoteFigure]]:
    """The net capital note: method, net capital, requirement, excess, ratio; and the Rule 15c3-3 position."""
    f = books.firm
    nc = comp.line("net_capital").amount or ZERO
    minimum = comp.line("minimum_net_capital").amount or ZERO
    excess = comp.line("excess_net_capital").amount or ZERO
    day = f"{f.as_of:%B} {f.as_of.day}, {f.as_of.year}"
    method = (
        "the basic method, under which aggregate indebtedness may not exceed 15 times net capital"
        if f.method == "basic"
        else "the alternative method, under which the requirement is the greater of 2% of combined aggregate "
        "debit items or the minimum dollar amount for its business"
    )
    text = [
        "As a broker-dealer the Company is subject to the Securities and Exchange Commission's Uniform Net Capital "
        f"Rule (Rule 15c3-1) and computes its net capital requirement under {method}. At {day}, the Company had net "
        f"capital of {_money(nc)}, which was {_money(excess)} in excess of its required net capital of "
        f"{_money(minimum)}."
    ]
    ratio = None
    if f.method == "basic" and comp.facts.get("ai_ratio_percent") is not None:
        ratio = (Decimal(str(comp.facts["ai_ratio_percent"])) / 100).quantize(Decimal("0.01"))
        text.append(f"The Company's ratio of aggregate indebtedness to net capital was {ratio} to 1.")
    if f.exemption:
        clearing = (
            f" (all customer transactions are cleared through {f.clearing_firm} on a fully disclosed basis)"
            if f.exemption == "(k)(2)(ii)" and f.clearing_firm
            else ""
        )
        text.append(
            f"The Company claims exemption from Rule 15c3-3 under paragraph {f.exemption} of that rule{clearing}."
        )
    figures = [
        NoteFigure("note_net_capital", nc, text[0]),
        NoteFigure("note_excess_net_capital", excess, text[0]),
        NoteFigure("note_minimum_net_capital", minimum, text[0]),
    ]
    if ratio is not None:
        figures.append(NoteFigure("note_ai_ratio", ratio, text[-1]))
    return Note("Net Capital Requirements", tuple(text)), figures


def subordinated_note(books: Books) -> Note | None:
    """What the subordinated borrowings are, when there are any."""
    closing = sum((books.trial_balance.line_total(line) for line in SUBORDINATED_LINES), ZERO)
    if not closing:
        return None
    return Note(
        "Liabilities Subordinated to Claims of General Creditors",
        (
            f"Borrowings of {_money(closing)} are subordinated to the claims of general creditors under agreements "
            "approved by the Company's designated examining authority; to the extent they qualify, they are "
            "allowable in computing net capital under Rule 15c3-1(d) and may be repaid only if net capital "
            "requirements are still met.",
        ),
    )


def _focus_boxes() -> dict[str, tuple[str, str, bool]]:
    """FOCUS line file key -> (box, the form's caption, verified), for the statement, total, exemption, reserve
    and possession-or-control boxes, netcap.KEY -> the same for each computation line whose box the concept
    table lists, and reserve.item_N for each Exhibit A item with a known box."""
    out = {key: (b.box, b.caption, b.verified) for key, b in focus_line_keys().items()}
    for item in exhibit_a.items():
        if item.box:
            out[f"reserve.item_{item.number}"] = (item.box, item.caption, item.box_verified)
    for c in concepts().values():
        for b in c.focus:
            if b.part == "net_capital" and b.verified:
                out[f"netcap.{c.key}"] = (b.box, b.caption, b.verified)
    return out


def focus_lines(books: Books, comp: Computation, sfc: Statement, income: Statement) -> tuple[FocusLine, ...]:
    """FOCUS Part IIA boxes with the audited amounts (whole dollars); unverified codes are marked."""
    boxes = _focus_boxes()
    tb = books.trial_balance
    out: dict[str, FocusLine] = {}

    def put(key: str, amount: Decimal, box: str = "", caption: str = "") -> None:
        known = boxes.get(key)
        code = box or (known[0] if known else "")
        if not code or code in out:
            return
        verified = bool(known and known[0] == code and known[2])
        out[code] = FocusLine(code, key, caption or (known[1] if known else key), whole(amount), verified)

    for line in (*ASSET_LINES, *LIABILITY_LINES, *INCOME_LINES):
        if line == "cash_segregated":
            continue  # FOCUS line 1 holds it with cash
        amount = tb.line_total(line) + (tb.line_total("cash_segregated") if line == "cash" else ZERO)
        if amount:
            put(f"sfc.{line}" if line not in INCOME_LINES else f"income.{line}", amount)
    put("total.allowable_assets", tb.total(kind="asset", column="allowable"))
    put("total.nonallowable_assets", tb.total(kind="asset", column="nonallowable"))
    put("total.assets", sfc.amount("total_assets") or ZERO)
    put("total.ai_liabilities", tb.total(kind="liability", column="ai"))
    put(
        "total.liabilities",
        (sfc.amount("total_liabilities") or ZERO) + (sfc.amount("subordinated_liabilities") or ZERO),
    )
    put("total.equity", sfc.amount("total_equity") or ZERO)
    put("total.liabilities_and_equity", sfc.amount("total_liabilities_and_equity") or ZERO)
    put("total.revenue", income.amount("total_revenue") or ZERO)
    put("total.expenses", income.amount("total_expenses") or ZERO)
    put("total.pretax_income", income.amount("pretax_income") or income.amount("net_income") or ZERO)
    put("total.net_income", income.amount("net_income") or ZERO)
    for line in comp.lines:
        if line.box and line.box != "0" and line.amount is not None:
            put(f"netcap.{line.key}", line.amount, line.box, line.caption)
    if books.firm.exemption:
        put(f"exemption.{books.firm.exemption}", Decimal(1))
    _reserve_boxes(books, comp, put)
    return tuple(sorted(out.values(), key=lambda f: int(f.box)))


def _reserve_boxes(books: Books, comp: Computation, put: Callable[..., None]) -> None:
    """FOCUS Part II's customer reserve section (each Exhibit A item's box, the totals) and its possession or
    control boxes, for a carrying firm whose books have them."""
    res = comp.reserve
    if res is not None:
        for line in res.section("customer"):
            if line.amount is None:
                continue
            number = item_number(line)
            if number is not None:
                if line.amount:  # an item with no known box has no key in the boxes: put writes nothing
                    put(f"reserve.item_{number}", line.amount)
            elif line.key != "reserve_required" or res.frequency == "monthly":  # 4500 is the monthly 105%
                put(f"reserve.{line.key.removeprefix('reserve_')}", line.amount)
    possession = books.firm.possession_or_control
    if possession is not None:
        for category, prefix in (("instructions_issued", "issued"), ("instructions_not_issued", "not_issued")):
            value, items = possession[category]
            put(f"possession.{prefix}_market_value", value)
            put(f"possession.{prefix}_items", Decimal(items))


def _exemption(books: Books) -> Exemption | None:
    """The Rule 15c3-3 position: the (k) paragraph claimed; none claimed when the books compute the reserve."""
    if books.firm.exemption:
        return Exemption(True, books.firm.exemption)
    return Exemption(False, None) if books.reserve is not None else None


def produce(books_dir: str | Path) -> ProducedReport:
    """Build the whole report from a books folder (raises BooksError when the books do not tie)."""
    books = load_books(books_dir)
    comp = compute(books)
    sfc = statements.financial_condition(books)
    inc = statements.income(books)
    built: dict[StatementKind, Statement] = {K.FINANCIAL_CONDITION: sfc, K.INCOME: inc}
    built[K.CHANGES_IN_EQUITY] = statements.changes_in_equity(books)
    sub = statements.changes_in_subordinated(books)
    if sub is not None:
        built[K.CHANGES_IN_SUBORDINATED] = sub
    built[K.CASH_FLOWS] = statements.cash_flows(books)
    built[K.NET_CAPITAL] = schedules.net_capital_schedule(books, comp)
    if comp.reserve is not None:
        for account in ("customer", "pab"):
            schedule = schedules.reserve_schedule(books, comp.reserve, account)
            if schedule is not None:
                built[schedule.kind] = schedule
    lines = focus_lines(books, comp, sfc, inc)
    differences = schedules.reconcile(books.focus_filed, {f.box: (f.caption, f.amount) for f in lines})
    reconciliation = None
    others: list[str] = []
    if differences is not None and books.focus_filed is not None:
        statement = schedules.reconciliation_statement(differences, books, books.focus_filed) if differences else None
        if statement is not None:
            built[K.RECONCILIATION] = statement
        others = schedules.other_differences(differences)
        reconciliation = Reconciliation(no_material_differences=not differences, statement=statement)
    note, figures = regulatory_note(books, comp)
    notes = [note]
    sub_note = subordinated_note(books)
    if sub_note is not None:
        notes.append(sub_note)
    facing = facing_page(books)
    facts = build_facts(facing, built, figures)
    if comp.facts.get("ai_ratio_percent") is not None:  # printed under the computation, as filed reports do
        facts["ai_ratio_percent"] = Fact(
            "ai_ratio_percent", Decimal(str(comp.facts["ai_ratio_percent"])), "net_capital"
        )
    filing = Filing(
        path=str(books.path),
        reader="books",
        facing_page=facing,
        statements=built,
        facts=facts,
        notes=tuple(figures),
        exemption=_exemption(books),
        reconciliation=reconciliation,
        method=books.firm.method,
    )
    early = next((line.amount for line in comp.lines if line.key == "early_warning_level"), None)
    return ProducedReport(
        books=books,
        filing=filing,
        computation=comp,
        notes=tuple(notes),
        focus_lines=lines,
        differences=tuple(differences) if differences is not None else None,
        early_warning=early,
        extra={"other_differences": others},
    )
