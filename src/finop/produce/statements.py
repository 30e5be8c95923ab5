"""Books -> the financial statements, each tying to the others by construction.

The statement of financial condition and the statement of income come from the
closing trial balance; the statement of changes in ownership equity from the
opening balance, the equity changes and the net income; the statement of changes
in subordinated liabilities from the opening balance and the subordinated changes;
the statement of cash flows by the indirect method from the balance changes. When
the books do not roll forward (opening + changes != closing), a ``BooksError`` says
which balance does not and by how much.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from finop.books import Books
from finop.books.changes import Change, default_component, signed_amount
from finop.books.chart import ASSET_LINES, EXPENSE_LINES, LIABILITY_LINES, REVENUE_LINES, SUBORDINATED_LINES
from finop.books.errors import BooksError
from finop.books.trial_balance import Account, TrialBalance
from finop.model.filing import LineItem, Role, Statement, StatementKind
from finop.produce.captions import EQUITY_TITLES, RETAINED_WORDS, caption_of

ZERO = Decimal(0)
K = StatementKind
INVESTING_LINES = ("fixed_assets", "exchange_memberships")
FINANCING_LINES = ("bank_loans", "notes_payable_unsecured", "notes_payable_secured", *SUBORDINATED_LINES)
CASH_LINES = ("cash",)


@dataclass
class _Rows:
    """Builds a statement's rows with unique ids."""

    items: list[LineItem] = field(default_factory=list)

    def add(
        self,
        label: str,
        values: Decimal | tuple[Decimal | None, ...] | None = None,
        *,
        role: Role = Role.ITEM,
        section: str = "",
        concept: str | None = None,
        components: Iterable[str] = (),
    ) -> str:
        item_id = f"r{len(self.items) + 1}"
        vals = tuple(plain_amount(v) for v in (values if isinstance(values, tuple) else (values,)))
        self.items.append(
            LineItem.of(
                id=item_id,
                label=label,
                values=vals,
                role=role,
                section=section,
                concept=concept,
                components=tuple(components),
            )
        )
        return item_id


def plain_amount(value: Decimal | None) -> Decimal | None:
    """Whole dollars print as whole dollars: 1625324.00 -> 1625324 (cents are kept when there are any)."""
    if value is None or value != value.to_integral_value():
        return value
    return value.quantize(Decimal(1))


def _grouped(accounts: Iterable[Account], order: tuple[str, ...]) -> list[tuple[str, Decimal, list[Account]]]:
    """Accounts summed by caption, in FOCUS line order, then in the order the books list them."""
    groups: dict[str, list[Account]] = {}
    rank: dict[str, tuple[int, int]] = {}
    for a in accounts:
        cap = caption_of(a.line, a.caption)
        groups.setdefault(cap, []).append(a)
        rank.setdefault(cap, (order.index(a.line) if a.line in order else len(order), a.row))
    return [
        (cap, sum((a.amount for a in groups[cap]), ZERO), groups[cap])
        for cap in sorted(groups, key=lambda c: rank[c])
        if sum((a.amount for a in groups[cap]), ZERO) != 0
    ]


def equity_component(account: Account) -> str:
    """contributed, retained or other: the books' column, else the caption's words."""
    if account.column:
        return account.column
    words = f"{account.caption} {account.description}".lower()
    return "retained" if any(w in words for w in RETAINED_WORDS) else "contributed"


def _equity_captions(tb: TrialBalance) -> list[tuple[str, str]]:
    """(caption, component) of each equity row, in the books' order."""
    seen: dict[str, str] = {}
    for a in tb.accounts:
        if a.kind == "equity":
            seen.setdefault(caption_of("equity", a.caption or a.description), equity_component(a))
    return list(seen.items())


def retained_caption(books: Books) -> str:
    """The equity row net income closes into: the first retained row, else one the books imply."""
    for cap, comp in _equity_captions(books.trial_balance):
        if comp == "retained":
            return cap
    return "Retained earnings" if books.firm.entity_type == "corporation" else "Accumulated earnings"


def equity_by_caption(books: Books, tb: TrialBalance, closing_income: bool) -> dict[str, Decimal]:
    """Equity per caption; with ``closing_income`` the period's income is closed into the retained row."""
    out: dict[str, Decimal] = {cap: ZERO for cap, _ in _equity_captions(books.trial_balance)}
    for a in tb.accounts:
        if a.kind == "equity":
            cap = caption_of("equity", a.caption or a.description)
            out[cap] = out.get(cap, ZERO) + a.amount
    if closing_income:
        cap = retained_caption(books)
        out[cap] = out.get(cap, ZERO) + tb.net_income
    return out


def owners(books: Books) -> tuple[str, str]:
    """The owners' word ("members'") and the equity section's title ("Members' equity")."""
    return EQUITY_TITLES[books.firm.entity_type]


def financial_condition(books: Books) -> Statement:
    """The statement of financial condition at the period end."""
    tb, rows = books.trial_balance, _Rows()
    title = owners(books)[1]
    rows.add("Assets", role=Role.HEADER, section="assets")
    assets = [
        rows.add(cap, amount, section="assets", concept="cash" if all(a.line == "cash" for a in accts) else None)
        for cap, amount, accts in _grouped((a for a in tb.accounts if a.kind == "asset"), ASSET_LINES)
    ]
    total_assets = tb.total(kind="asset")
    rows.add("Total assets", total_assets, role=Role.TOTAL, section="assets", concept="total_assets", components=assets)
    rows.add(f"Liabilities and {title.lower()}", role=Role.HEADER, section="liabilities")
    rows.add("Liabilities:", role=Role.HEADER, section="liabilities")
    senior = [a for a in tb.accounts if a.kind == "liability" and a.line not in SUBORDINATED_LINES]
    liabilities = [rows.add(cap, amount, section="liabilities") for cap, amount, _ in _grouped(senior, LIABILITY_LINES)]
    total_liabilities = sum((a.amount for a in senior), ZERO)
    liab_id = rows.add(
        "Total liabilities",
        total_liabilities,
        role=Role.TOTAL,
        section="liabilities",
        concept="total_liabilities",
        components=liabilities,
    )
    grand = [liab_id]
    sub = [a for a in tb.accounts if a.line in SUBORDINATED_LINES]
    sub_total = sum((a.amount for a in sub), ZERO)
    if sub_total:
        grand.append(
            rows.add(
                "Liabilities subordinated to claims of general creditors",
                sub_total,
                section="subordinated",
                concept="subordinated_liabilities",
            )
        )
    rows.add(f"{title}:", role=Role.HEADER, section="equity")
    equity = equity_by_caption(books, tb, closing_income=True)
    parts = [rows.add(cap, amount, section="equity") for cap, amount in equity.items() if amount != 0]
    total_equity = sum(equity.values(), ZERO)
    grand.append(
        rows.add(
            f"Total {title.lower()}",
            total_equity,
            role=Role.TOTAL,
            section="equity",
            concept="total_equity",
            components=parts,
        )
    )
    total = total_liabilities + sub_total + total_equity
    if total != total_assets:  # the loader already refused an unbalanced trial balance
        raise BooksError(
            tb.path, f"the statement of financial condition does not balance ({total_assets:,} vs {total:,})"
        )
    rows.add(
        f"Total liabilities and {title.lower()}",
        total,
        role=Role.TOTAL,
        section="total",
        concept="total_liabilities_and_equity",
        components=grand,
    )
    return Statement(
        K.FINANCIAL_CONDITION, "Statement of Financial Condition", tuple(rows.items), as_of=books.firm.as_of
    )


def income(books: Books) -> Statement:
    """The statement of income (or loss), worded by the sign of the result."""
    tb, rows = books.trial_balance, _Rows()
    net = tb.net_income
    rows.add("Revenue:", role=Role.HEADER, section="revenue")
    revenue = [
        rows.add(cap, amount, section="revenue")
        for cap, amount, _ in _grouped((a for a in tb.accounts if a.kind == "revenue"), REVENUE_LINES)
    ]
    total_revenue = tb.total(kind="revenue")
    rows.add(  # totals that are differences carry no components: footing adds, it does not subtract
        "Total revenue", total_revenue, role=Role.TOTAL, section="revenue", concept="total_revenue", components=revenue
    )
    rows.add("Expenses:", role=Role.HEADER, section="expenses")
    operating = [a for a in tb.accounts if a.kind == "expense" and a.line != "income_taxes"]
    expenses = [rows.add(cap, amount, section="expenses") for cap, amount, _ in _grouped(operating, EXPENSE_LINES)]
    total_expenses = sum((a.amount for a in operating), ZERO)
    rows.add(
        "Total expenses",
        total_expenses,
        role=Role.TOTAL,
        section="expenses",
        concept="total_expenses",
        components=expenses,
    )
    taxes = tb.line_total("income_taxes")
    if taxes:
        pretax = total_revenue - total_expenses
        rows.add(
            "Income before income taxes" if pretax >= 0 else "Loss before income taxes",
            pretax,
            role=Role.TOTAL,
            section="result",
            concept="pretax_income",
        )
        rows.add("Income taxes", taxes, section="result", concept="income_taxes")
        rows.add(
            "Net income" if net >= 0 else "Net loss",
            net,
            role=Role.TOTAL,
            section="result",
            concept="net_income",
        )
    else:
        rows.add(
            "Net income" if net >= 0 else "Net loss",
            net,
            role=Role.TOTAL,
            section="result",
            concept="net_income",
        )
    title = "Statement of Income" if net >= 0 else "Statement of Loss"
    return Statement(K.INCOME, title, tuple(rows.items), as_of=books.firm.as_of)


def _need_opening(books: Books) -> TrialBalance:
    if books.opening is None:
        raise BooksError(
            Path(books.path) / "opening_balance.csv",
            "missing: the statements of changes in equity and of cash flows need the prior year-end trial balance",
        )
    return books.opening


def _long(day: dt.date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def _roll_forward_file(books: Books, changes_file: str) -> Path:
    """The file to name when a balance does not roll forward: the changes file, or the opening balance
    when there is no changes file (then the changes cannot be what is wrong)."""
    path = Path(books.path) / changes_file
    return path if path.exists() else Path(books.path) / "opening_balance.csv"


def _change_target(books: Books, change: Change) -> str:
    """The equity caption an equity change names by its account (e.g. additional paid-in capital, not
    common stock, when both are contributed capital)."""
    for tb in (books.trial_balance, books.opening):
        for a in tb.accounts if tb else ():
            if a.account == change.account:
                if a.kind != "equity":
                    raise BooksError(
                        Path(books.path) / "equity_changes.csv",
                        f"account {change.account} is a {a.kind} account of {Path(tb.path).name}, not an equity account",
                        row=change.row, column="account",
                    )  # fmt: skip
                return caption_of("equity", a.caption or a.description)
    raise BooksError(
        Path(books.path) / "equity_changes.csv",
        f"account {change.account} is not in the trial balance or the opening balance",
        row=change.row,
        column="account",
    )


def changes_in_equity(books: Books) -> Statement:
    """The statement of changes in ownership equity: a column per equity row, and the total."""
    opening_tb = _need_opening(books)
    title = owners(books)[1]
    start, end = books.firm.period
    opening = equity_by_caption(books, opening_tb, closing_income=True)  # last year's income is closed by now
    closing = equity_by_caption(books, books.trial_balance, closing_income=True)
    captions = list(dict.fromkeys([*opening, *closing]))
    components = dict(_equity_captions(books.trial_balance))
    retained = retained_caption(books)
    columns = (*captions, f"Total {title.lower()}")
    rows = _Rows()

    def row(
        label: str,
        by_caption: dict[str, Decimal],
        *,
        role: Role = Role.ITEM,
        concept: str | None = None,
        components_: Iterable[str] = (),
    ) -> str:
        values = tuple(by_caption.get(c, ZERO) for c in captions)
        return rows.add(label, (*values, sum(values, ZERO)), role=role, concept=concept, components=components_)

    first = row(
        f"Balance, {_long(start - dt.timedelta(days=1))}", opening, role=Role.TOTAL, concept="rollforward_beginning"
    )
    moves = [first]
    net = books.trial_balance.net_income
    moves.append(row("Net income" if net >= 0 else "Net loss", {retained: net}, concept="rollforward_net_income"))
    running = dict(opening)
    running[retained] = running.get(retained, ZERO) + net
    for change in books.equity_changes:
        if change.account:
            target = _change_target(books, change)
        else:
            comp = default_component(change)
            found = next((c for c in captions if components.get(c) == comp), None)
            target = found if found is not None else retained if comp == "retained" else captions[0]
        amount = signed_amount(change)
        label = change.description or {"contribution": "Capital contributions", "distribution": "Distributions"}.get(
            change.kind, "Other changes"
        )
        moves.append(row(label, {target: amount}))
        running[target] = running.get(target, ZERO) + amount
    for cap in captions:
        if running.get(cap, ZERO) != closing.get(cap, ZERO):
            diff = closing.get(cap, ZERO) - running.get(cap, ZERO)
            raise BooksError(
                _roll_forward_file(books, "equity_changes.csv"),
                f"{cap}: the opening balance {opening.get(cap, ZERO):,} and the changes give "
                f"{running.get(cap, ZERO):,}, but the trial balance closes at {closing.get(cap, ZERO):,} "
                f"(difference {diff:,}: an equity change missing from equity_changes.csv, or an "
                "opening_balance.csv that is not last year's closing)",
            )
    row(f"Balance, {_long(end)}", closing, role=Role.TOTAL, concept="rollforward_end", components_=moves)
    return Statement(
        K.CHANGES_IN_EQUITY,
        f"Statement of Changes in {_title_case(title)}",
        tuple(rows.items),
        columns=columns,
        primary_column=len(columns) - 1,
        as_of=end,
    )


def changes_in_subordinated(books: Books) -> Statement | None:
    """The statement of changes in liabilities subordinated to claims of general creditors (None: never any)."""
    opening_tb = _need_opening(books)
    start, end = books.firm.period
    opening = sum((opening_tb.line_total(line) for line in SUBORDINATED_LINES), ZERO)
    closing = sum((books.trial_balance.line_total(line) for line in SUBORDINATED_LINES), ZERO)
    if not opening and not closing and not books.subordinated_changes:
        return None
    rows = _Rows()
    first = rows.add(
        f"Balance, {_long(start - dt.timedelta(days=1))}", opening, role=Role.TOTAL, concept="rollforward_beginning"
    )
    moves = [first]
    for change in books.subordinated_changes:
        label = change.description or ("Increases" if change.kind == "increase" else "Decreases")
        moves.append(rows.add(label, signed_amount(change)))
    rolled = opening + sum((signed_amount(c) for c in books.subordinated_changes), ZERO)
    if rolled != closing:
        raise BooksError(
            _roll_forward_file(books, "subordinated_changes.csv"),
            f"subordinated liabilities: the opening balance {opening:,} and the changes give {rolled:,}, but the trial "
            f"balance closes at {closing:,} (difference {closing - rolled:,}: a change missing from "
            "subordinated_changes.csv, or an opening_balance.csv that is not last year's closing)",
        )
    rows.add(f"Balance, {_long(end)}", closing, role=Role.TOTAL, concept="rollforward_end", components=moves)
    return Statement(
        K.CHANGES_IN_SUBORDINATED,
        "Statement of Changes in Liabilities Subordinated to Claims of General Creditors",
        tuple(rows.items),
        as_of=end,
    )


def cash_flow_class(account: Account) -> str:
    """cash, operating, investing or financing: the books' column, else by FOCUS line."""
    if account.line in CASH_LINES:
        return "cash"
    if account.cash_flow:
        return account.cash_flow
    if account.line in INVESTING_LINES:
        return "investing"
    if account.line in FINANCING_LINES:
        return "financing"
    return "operating"


def _by_caption(tb: TrialBalance) -> dict[tuple[str, str, str], tuple[Decimal, tuple[int, int], set[str]]]:
    """Asset and liability balances by (kind, cash flow class, caption): amount, FOCUS order, lines."""
    out: dict[tuple[str, str, str], tuple[Decimal, tuple[int, int], set[str]]] = {}
    order = (*ASSET_LINES, *LIABILITY_LINES)
    for a in tb.accounts:
        if a.kind in ("asset", "liability"):
            key = (a.kind, cash_flow_class(a), caption_of(a.line, a.caption))
            amount, rank, lines = out.get(key, (ZERO, (order.index(a.line), a.row), set()))
            out[key] = (amount + a.amount, min(rank, (order.index(a.line), a.row)), lines | {a.line})
    return out


def _title_case(words: str) -> str:
    """A statement title's words capitalised: Members' equity -> Members' Equity."""
    return " ".join(w[:1].upper() + w[1:] for w in words.split(" "))


def _without_net(caption: str) -> str:
    """Furniture and equipment, net -> Furniture and equipment: what is bought is not a net book value."""
    return caption[: -len(", net")] if caption.lower().endswith(", net") else caption


def _lower_first(caption: str) -> str:
    return caption[:1].lower() + caption[1:] if caption[1:2].islower() or len(caption) < 2 else caption


def _gross_subordinated(
    books: Books, before: dict[tuple[str, str, str], tuple], after: dict[tuple[str, str, str], tuple]
) -> tuple[set[tuple[str, str, str]], list[tuple[str, Decimal]]] | None:
    """Subordinated borrowings in the financing section gross, from subordinated_changes.csv: the
    proceeds of new loans and the repayments on their own lines rather than netted into one (ASC 230
    presents financing receipts and payments gross). None when there are no changes to show, or when
    the financing subordinated balances did not move by the changes' sum (some of it classed otherwise)."""
    if not books.subordinated_changes:
        return None
    keys = {
        k
        for k in set(before) | set(after)
        if k[1] == "financing" and (after.get(k) or before[k])[2] <= set(SUBORDINATED_LINES)
    }
    moved = sum((after.get(k, (ZERO,))[0] - before.get(k, (ZERO,))[0] for k in keys), ZERO)
    if not keys or moved != sum((signed_amount(c) for c in books.subordinated_changes), ZERO):
        return None
    increases = sum((c.amount for c in books.subordinated_changes if c.kind == "increase"), ZERO)
    decreases = sum((c.amount for c in books.subordinated_changes if c.kind == "decrease"), ZERO)
    entries = []
    if increases:
        entries.append(("Proceeds from subordinated borrowings", increases))
    if decreases:
        entries.append(("Repayment of subordinated borrowings", -decreases))
    return keys, entries


def cash_flows(books: Books) -> Statement:
    """The statement of cash flows by the indirect method, from the changes in every balance."""
    opening_tb = _need_opening(books)
    closing_tb = books.trial_balance
    end = books.firm.as_of
    rows = _Rows()
    net = closing_tb.net_income
    rows.add("Cash flows from operating activities:", role=Role.HEADER, section="operating")
    net_id = rows.add("Net income" if net >= 0 else "Net loss", net, section="operating", concept="cf_net_income")
    noncash = sum((a.amount for a in closing_tb.accounts if a.kind == "expense" and a.column == "noncash"), ZERO)
    adjust: list[str] = []
    if noncash:
        adjust.append(rows.add("Depreciation and other non-cash expenses", noncash, section="operating"))
    before, after = _by_caption(opening_tb), _by_caption(closing_tb)
    keys = sorted(set(before) | set(after), key=lambda k: (after.get(k) or before[k])[1])
    flows: dict[str, list[tuple[str, Decimal]]] = {"operating": [], "investing": [], "financing": []}
    added_back = False
    gross_sub = _gross_subordinated(books, before, after)
    for key in keys:
        kind, klass, cap = key
        if klass == "cash" or (gross_sub and key in gross_sub[0]):
            continue
        change = after.get(key, (ZERO,))[0] - before.get(key, (ZERO,))[0]
        lines = (after.get(key) or before[key])[2]
        if noncash and not added_back and "fixed_assets" in lines:
            change += noncash  # what was bought: the change in the net book value plus the depreciation
            added_back = True
        if not change:
            continue
        effect = -change if kind == "asset" else change
        if klass == "operating":
            word = f"{'Increase' if change > 0 else 'Decrease'} in {_lower_first(cap)}"
        elif kind == "asset":
            word = f"{'Purchases of' if change > 0 else 'Proceeds from'} {_lower_first(_without_net(cap))}"
        else:
            word = f"{'Proceeds from' if change > 0 else 'Repayment of'} {_lower_first(cap)}"
        flows[klass].append((word, effect))
    if gross_sub:
        flows["financing"].extend(gross_sub[1])
    for word, effect in flows["operating"]:
        adjust.append(rows.add(word, effect, section="operating"))
    parts = [net_id]
    if adjust:
        total_adjust = rows.add(
            "Total adjustments", _sum(rows, adjust), role=Role.TOTAL, section="operating", components=adjust
        )
        parts.append(total_adjust)
    operating = _sum(rows, parts)
    op_id = rows.add(
        f"Net cash {'provided by' if operating >= 0 else 'used in'} operating activities",
        operating,
        role=Role.TOTAL,
        section="operating",
        concept="net_cash_operating",
        components=parts,
    )
    totals = [op_id]
    equity_moves = [
        (c.description or c.kind.capitalize(), signed_amount(c))
        for c in books.equity_changes
        if c.kind in ("contribution", "distribution")
    ]
    for klass in ("investing", "financing"):
        entries = flows[klass] + (equity_moves if klass == "financing" else [])
        if not entries:
            continue
        rows.add(f"Cash flows from {klass} activities:", role=Role.HEADER, section=klass)
        ids = [rows.add(word, effect, section=klass) for word, effect in entries]
        amount = _sum(rows, ids)
        totals.append(
            rows.add(
                f"Net cash {'provided by' if amount >= 0 else 'used in'} {klass} activities",
                amount,
                role=Role.TOTAL,
                section=klass,
                concept=f"net_cash_{klass}",
                components=ids,
            )
        )
    change = _sum(rows, totals)
    begin = sum((a.amount for a in opening_tb.accounts if cash_flow_class(a) == "cash"), ZERO)
    finish = sum((a.amount for a in closing_tb.accounts if cash_flow_class(a) == "cash"), ZERO)
    if begin + change != finish:
        raise BooksError(
            Path(books.path),
            f"the cash flows do not explain the change in cash: {begin:,} + {change:,} != {finish:,} "
            f"(difference {finish - begin - change:,}); check the equity changes and other equity movements",
        )
    ch_id = rows.add(
        f"Net {'increase' if change >= 0 else 'decrease'} in cash and cash equivalents",
        change,
        role=Role.TOTAL,
        section="cash",
        concept="net_change_in_cash",
        components=totals,
    )
    b_id = rows.add("Cash and cash equivalents, beginning of year", begin, section="cash", concept="cash_beginning")
    rows.add(
        "Cash and cash equivalents, end of year",
        finish,
        role=Role.TOTAL,
        section="cash",
        concept="cash_end",
        components=(b_id, ch_id),
    )
    return Statement(K.CASH_FLOWS, "Statement of Cash Flows", tuple(rows.items), as_of=end)


def _sum(rows: _Rows, ids: Iterable[str]) -> Decimal:
    wanted = set(ids)
    return sum((i.values[0] or ZERO for i in rows.items if i.id in wanted), ZERO)
