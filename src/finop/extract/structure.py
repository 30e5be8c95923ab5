"""Give statement rows their meaning: section, concept, role, and what each total sums.

The footing structure comes from captions and layout first: a total sums the lines its caption and
the layout group. The numbers choose only between readings the layout allows (``_sums_to``: the rows add
up to the total within one printed unit a line): where a total printed without a caption ends (its whole
section, or the last few lines of its group), and, in ``settle_totals``, whether a total that does not
foot as its words grouped the lines foots under another grouping (an inline subtotal, a caption with
nothing to report inside a group). When no reading foots, the layout's stands, so a wrong number still
shows as a broken tie instead of a different reading.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal

from finop.extract.labels import EQUITY_WORDS, OWNER, matches
from finop.extract.table import Row
from finop.model.concepts import concept as C
from finop.model.concepts import fragment, net_capital_rows
from finop.model.filing import LineItem, Role, StatementKind
from finop.model.findings import Finding, Severity
from finop.model.text import norm

K = StatementKind


@dataclass
class Draft:
    """A LineItem under construction."""

    id: str
    row: Row
    role: Role = Role.ITEM
    section: str = ""
    concept: str | None = None
    components: list[str] = field(default_factory=list)
    values: list[Decimal | None] = field(default_factory=list)

    def freeze(self) -> LineItem:
        return LineItem.of(
            id=self.id,
            label=self.row.label,
            values=tuple(self.values if self.values else self.row.values),
            sources=tuple(self.row.sources),
            role=self.role,
            section=self.section,
            context=self.row.context,
            concept=self.concept,
            components=tuple(self.components),
            printed=tuple(self.row.printed),
        )

    @property
    def text(self) -> str:
        return norm(self.row.label)

    @property
    def full(self) -> str:
        return norm(f"{self.row.context} {self.row.label}")


@dataclass
class Structured:
    items: list[LineItem]
    findings: list[Finding]


class Groups:
    """Tracks footing groups: rows since the last header or subtotal, per section."""

    def __init__(self) -> None:
        self.group: list[str] = []
        self.block: list[str] = []  # rows since the last header line, a subtotal standing for what it sums
        self.members: dict[str, list[str]] = {}
        self.context = ""

    def see_context(self, context: str) -> None:
        """A caption prefix such as 'SECURITIES OWNED:' opens a group, like a header line."""
        if context and context != self.context:
            self.group = []
        self.context = context

    def add(self, section: str, item_id: str) -> None:
        self.group.append(item_id)
        self.block.append(item_id)
        self.members.setdefault(section, []).append(item_id)

    def new_group(self) -> None:
        self.group = []
        self.block = []
        self.context = ""

    def close_subtotal(self, section: str, item_id: str) -> list[str]:
        """An inner total: it sums the current group and replaces it in its section.

        A total is not the sum of one line: when the group holds a single row (a caption prefix or
        a subtotal just opened it), the total sums every row since the last header line instead.
        """
        comps = list(self.group) if self.group else list(self.members.get(section, []))
        if len(self.group) == 1 and len(self.block) > 1:
            comps = list(self.block)
        members = self.members.setdefault(section, [])
        self.members[section] = [m for m in members if m not in comps] + [item_id]
        self.block = [m for m in self.block if m not in comps] + [item_id]
        self.group = []
        return comps

    def close_section(self, section: str, item_id: str) -> list[str]:
        comps = list(self.members.get(section, []))
        self.members[section] = [item_id]
        self.block = [item_id]
        self.group = []
        return comps


class Walk:
    """The rows of a statement in order, with the section they are in.

    Header lines and caption prefixes ("SECURITIES OWNED:") open a new footing group and may
    open a section (``on_header``, ``on_context``: the new section, or None to stay); the rows
    between them are yielded for the statement's own rules, which may move ``section`` on.
    """

    def __init__(
        self,
        drafts: list[Draft],
        groups: Groups,
        section: str,
        on_header: Callable[[str], str | None],
        on_context: Callable[[str], str | None],
    ) -> None:
        self.drafts, self.groups, self.section = drafts, groups, section
        self.on_header, self.on_context = on_header, on_context

    def __iter__(self) -> Iterator[Draft]:
        for d in self.drafts:
            if d.role is Role.HEADER:
                self.section = self.on_header(d.text) or self.section
                self.groups.new_group()
                d.section = self.section
                continue
            ctx = norm(d.row.context)
            self.groups.see_context(ctx)
            if ctx:
                self.section = self.on_context(ctx) or self.section
            yield d


def _first(rules: list[tuple[str, str]]) -> Callable[[str], str | None]:
    """The section of the first (pattern, section) rule whose pattern the text matches."""
    return lambda text: next((section for pattern, section in rules if matches(pattern, text)), None)


def _negate_if(draft: Draft, condition: bool, findings: list[Finding], why: str) -> None:
    """Caption-driven sign: a 'loss' or 'decrease' printed without parentheses is negative."""
    if not condition:
        return
    vals = list(draft.row.values)
    changed = False
    for i, v in enumerate(vals):
        if v is not None and v > 0:
            vals[i] = -v
            changed = True
    if changed:
        draft.values = vals
        findings.append(
            Finding(
                code="EXTRACT-SIGN-FROM-CAPTION",
                severity=Severity.INFO,
                message=f"'{draft.row.label}' is printed without parentheses; read as negative because {why}",
                sources=tuple(s for s in draft.row.sources if s),
            )
        )


def _drafts(rows: list[Row], prefix: str) -> list[Draft]:
    return [
        Draft(id=f"{prefix}.{i + 1}", row=row, role=Role.HEADER if row.header else Role.ITEM)
        for i, row in enumerate(rows)
    ]


def _sums_to(d: Draft, ids: list[str], drafts: list[Draft]) -> bool:
    """Whether a row's first amount equals the sum of the given rows' within rounding, one printed unit a
    line (only to place an uncaptioned total: a looser tolerance could take a total that does not tie for
    one that does, and pass it)."""
    by_id = {x.id: x for x in drafts}
    values = [(by_id[i].values or by_id[i].row.values)[:1] for i in ids if i in by_id]
    total = d.row.values[0] if d.row.values else None
    if total is None or not values:
        return False
    difference = abs(sum((v[0] for v in values if v and v[0] is not None), Decimal(0)) - total)
    return difference <= len(values)  # rounding: one unit of the statement's print a line, whatever its scale


def _is_total(text: str) -> bool:
    """A total or subtotal: captioned so, or an amount printed with no caption under a column of lines."""
    return bool(re.match(r"^(total|sub-?total)\b", text)) or not re.search(r"[a-z]{2}", text)


def _first_value(d: Draft) -> Decimal | None:
    values = d.values or d.row.values
    return values[0] if values else None


def settle_totals(drafts: list[Draft]) -> None:
    """Where a total does not foot as its caption words grouped the lines, take the reading of the lines under
    which it does, if there is one (the statement's own arithmetic decides, not its words):

    - a line that is the sum of the lines just above it is their subtotal, though its caption does not say so
      ("Interest revenue 623 / Interest expense (12) / Net interest revenue 611");
    - a caption with no amount inside a group (an item with nothing to report: "Failed to deliver ...") does
      not end the group, when the total foots only across it.
    """
    index = {d.id: n for n, d in enumerate(drafts)}
    for d in drafts:
        if d.role is not Role.TOTAL or not d.components or _first_value(d) is None or _sums_to(d, d.components, drafts):
            continue
        if _inline_subtotal(d, drafts, index) or _across_empty_caption(d, drafts, index):
            continue


def _inline_subtotal(d: Draft, drafts: list[Draft], index: dict[str, int]) -> bool:
    comps = d.components
    for k in range(2, len(comps)):
        inner = drafts[index[comps[k]]]
        if inner.role is not Role.ITEM or _first_value(inner) is None:
            continue
        for j in range(2, k + 1):
            run = comps[k - j : k]
            if index[run[-1]] != index[comps[k]] - 1 or index[run[-1]] - index[run[0]] != j - 1:
                continue  # the lines it sums stand directly above it
            rest = [c for c in comps if c not in run]
            if _sums_to(inner, run, drafts) and _sums_to(d, rest, drafts):
                inner.role, inner.components = Role.TOTAL, list(run)
                d.components = rest
                return True
    return False


def _across_empty_caption(d: Draft, drafts: list[Draft], index: dict[str, int]) -> bool:
    first = index[d.components[0]]
    if first == 0 or drafts[first - 1].role is not Role.HEADER or drafts[first - 1].row.values:
        return False
    before: list[str] = []
    for x in reversed(drafts[: first - 1]):
        if x.role is not Role.ITEM or any(x.id in t.components for t in drafts if t.role is Role.TOTAL):
            break
        before.insert(0, x.id)
    if before and _sums_to(d, [*before, *d.components], drafts):
        d.components = [*before, *d.components]
        return True
    return False


# --------------------------------------------------------------- financial condition


def _sfc_section(text: str, current: str) -> str | None:
    if re.match(r"liabilit(y|ies)( and|,)", text):  # a singular "Liability and ..." too
        return "liabilities"
    if text.startswith("assets"):
        return "assets"
    if "subordinat" in text:
        return "subordinated"
    if matches(r"\b(equity|capital|deficit)\b", text) and "liabilit" not in text:
        return "equity"
    if matches(OWNER + r"\s*$", text) and "liabilit" not in text:
        return "equity"
    if "liabilit" in text:
        return "liabilities"
    return None


def structure_sfc(rows: list[Row]) -> Structured:
    drafts = _drafts(rows, "sfc")
    findings: list[Finding] = []
    groups = Groups()
    section = "assets"
    after_assets = False
    cash_found = False
    sub_before_total_liab: list[str] = []
    # where "Total liabilities" is printed, the lines above it are liabilities whatever their words
    # ("Financial instruments sold, not yet purchased: Equity instruments")
    total_liabilities_at = next(
        (n for n, d in enumerate(drafts) if d.role is not Role.HEADER and C("total_liabilities").matches(d.text)
         and not C("total_liabilities_and_equity").matches(d.text)),
        -1,
    )  # fmt: skip
    for n, d in enumerate(drafts):
        text = d.text
        if text == "total" and d.role is not Role.HEADER:
            # a bare "Total" (some dealers print no caption): the asset total when liabilities follow,
            # the grand total when it is the statement's last amount
            later = [x for x in drafts[n + 1 :] if x.role is not Role.HEADER]
            next_header = next((x.text for x in drafts[n + 1 :] if x.role is Role.HEADER), "")
            if not after_assets and "liabilit" in next_header:
                text = "total assets"
            elif after_assets and not later:
                text = "total liabilities and equity"
        if d.role is Role.HEADER:
            sec = _sfc_section(text, section)
            if sec:
                section = sec if (sec != "assets" or not after_assets) else section
            elif after_assets and section == "assets":
                section = "liabilities"
            groups.new_group()
            d.section = section
            continue
        ctx = norm(d.row.context)
        groups.see_context(ctx)
        if ctx:
            sec = _sfc_section(ctx, section)
            if sec and not (sec == "assets" and after_assets):
                if sec != section:
                    groups.new_group()
                section = sec
        if after_assets and section == "assets":
            section = "liabilities"
        if (
            section in ("liabilities", "subordinated")
            and not _is_total(text)
            and matches(EQUITY_WORDS, text)
            and "subordinat" not in text
            and n > total_liabilities_at  # equity follows total liabilities where one is printed
        ):
            section = "equity"
            groups.new_group()
        if section == "liabilities" and "subordinat" in text and not _is_total(text):
            d.section = "subordinated"
            groups.add("subordinated", d.id)
            sub_before_total_liab.append(d.id)
            continue
        d.section = section
        if C("total_assets").matches(text):
            d.role, d.concept, d.section = Role.TOTAL, "total_assets", "assets"
            d.components = groups.close_section("assets", d.id)
            after_assets = True
            section = "liabilities"
        elif C("total_liabilities_and_equity").matches(text):
            d.role, d.concept = Role.TOTAL, "total_liabilities_and_equity"
            d.components = [
                *groups.members.get("liabilities", []),
                *[s for s in groups.members.get("subordinated", []) if s not in groups.members.get("liabilities", [])],
                *groups.members.get("equity", []),
            ]
            d.section = "total"
        elif C("total_liabilities").matches(text):
            d.role, d.concept = Role.TOTAL, "total_liabilities"
            comps = groups.close_section("liabilities", d.id)
            if sub_before_total_liab:
                comps += [s for s in groups.members.get("subordinated", []) if s in sub_before_total_liab]
                groups.members["subordinated"] = [
                    s for s in groups.members.get("subordinated", []) if s not in sub_before_total_liab
                ]
            d.components = comps
        elif _is_total(text) and "subordinat" in text:
            d.role, d.concept, d.section = Role.TOTAL, "subordinated_liabilities", "subordinated"
            d.components = groups.close_section("subordinated", d.id)
        elif _is_total(text) and (section == "equity" or matches(r"\b(equity|capital|deficit)\b", text)):
            d.role, d.concept, d.section = Role.TOTAL, "total_equity", "equity"
            d.components = groups.close_section("equity", d.id)
        elif _is_total(text):
            d.role = Role.TOTAL
            members = groups.members.get(section, [])
            suffix = next((members[-k:] for k in range(2, len(members) + 1) if _sums_to(d, members[-k:], drafts)), None)
            if not text and _sums_to(d, members, drafts) and not _sums_to(d, groups.group, drafts):
                # an uncaptioned total (OCR lost its caption) that adds up the whole section, not its group
                d.components = groups.close_section(section, d.id)
                if section == "liabilities":
                    d.concept = "total_liabilities"
            elif not text and not (groups.group and _sums_to(d, groups.group, drafts)) and suffix is not None:
                # an uncaptioned total of the last few lines and subtotals (nested subtotals without captions)
                d.components = list(suffix)
                groups.members[section] = [m for m in members if m not in suffix] + [d.id]
                groups.new_group()
            else:
                d.components = groups.close_subtotal(section, d.id)
        else:
            if section == "assets" and not cash_found and C("cash").matches(text):
                d.concept = "cash"
                cash_found = True
            if section == "equity":
                _negate_if(
                    d,
                    matches(
                        r"\b(deficit|accumulated loss|treasury|receivable from (members?|partners?|stockholders?|parent))",
                        text,
                    )
                    and not matches(r"income|earnings|gain", text),
                    findings,
                    "a deficit, treasury stock or a receivable from owners reduces equity",
                )
            groups.add(section, d.id)
    # a lone subordinated line is the subordinated total
    subs = [d for d in drafts if d.section == "subordinated" and d.role is Role.ITEM]
    if len(subs) == 1 and not any(d.concept == "subordinated_liabilities" for d in drafts):
        subs[0].concept = "subordinated_liabilities"
    settle_totals(drafts)
    return Structured([d.freeze() for d in drafts], findings)


# --------------------------------------------------------------- income


def structure_income(rows: list[Row]) -> Structured:
    drafts = _drafts(rows, "is")
    findings: list[Finding] = []
    groups = Groups()
    walk = Walk(drafts, groups, "revenue",
                _first([(r"^(revenues?|income|net revenues?)\b", "revenue"), (r"expenses|costs", "expenses")]),
                _first([(r"^(revenues?|income)\b", "revenue"), (r"expenses|costs", "expenses")]))  # fmt: skip
    for d in walk:
        text, full, section = d.text, d.full, walk.section
        d.section = section
        if C("total_revenue").matches(text):
            d.role, d.concept, d.section = Role.TOTAL, "total_revenue", "revenue"
            d.components = groups.close_section("revenue", d.id)
            walk.section = "expenses"
        elif C("total_expenses").matches(text):
            d.role, d.concept, d.section = Role.TOTAL, "total_expenses", "expenses"
            d.components = groups.close_section("expenses", d.id)
            walk.section = "after_expenses"
        elif C("pretax_income").matches(text):
            d.role, d.concept, d.section = Role.TOTAL, "pretax_income", "result"
            _negate_if(
                d,
                matches(r"\bloss\b", text) and not matches(r"income|earnings", text),
                findings,
                "the caption says loss",
            )
            walk.section = "taxes"
        elif C("income_taxes").matches(text) and section in ("taxes", "after_expenses"):
            d.concept, d.section = "income_taxes", "taxes"
        elif C("net_income").matches(text, full):
            d.role, d.concept, d.section = Role.TOTAL, "net_income", "result"
            _negate_if(
                d,
                matches(r"\bloss\b", text) and not matches(r"income|earnings|profit", text),
                findings,
                "the caption says loss",
            )
        elif _is_total(text):
            d.role = Role.TOTAL
            d.components = groups.close_subtotal(section, d.id)
        else:
            groups.add(section, d.id)
    settle_totals(drafts)
    return Structured([d.freeze() for d in drafts], findings)


# --------------------------------------------------------------- roll-forwards (equity, subordinated)


def _structure_rollforward(rows: list[Row], prefix: str, decrease_words: str) -> Structured:
    drafts = _drafts(rows, prefix)
    findings: list[Finding] = []
    previous_balance: str | None = None
    movements: list[str] = []
    header_sign_negative = False
    for d in drafts:
        text, full = d.text, d.full
        if d.role is Role.HEADER:
            header_sign_negative = matches(r"^(decreases?|deductions?|less)\b", text)
            if matches(r"^(increases?|additions?)\b", text):
                header_sign_negative = False
            continue
        if matches(r"\bbalances?\b|^(beginning|ending|end) of (year|period)", full):
            d.role = Role.TOTAL
            d.section = "balance"
            if previous_balance is not None:
                d.components = [previous_balance, *movements]
            previous_balance, movements = d.id, []
            continue
        d.section = "movement"
        if C("rollforward_net_income").matches(text):
            d.concept = "rollforward_net_income"
            _negate_if(
                d,
                matches(r"\bloss\b", text) and not matches(r"income|earnings", text),
                findings,
                "the caption says loss",
            )
        else:
            _negate_if(
                d,
                header_sign_negative or matches(decrease_words, text),
                findings,
                "the caption or its group describes a decrease",
            )
        movements.append(d.id)
    balances = [d for d in drafts if d.section == "balance"]
    if balances:
        balances[0].concept = "rollforward_beginning"
        if len(balances) > 1:
            balances[-1].concept = "rollforward_end"
    return Structured([d.freeze() for d in drafts], findings)


def structure_equity(rows: list[Row]) -> Structured:
    return _structure_rollforward(
        rows, "eq", r"^(distributions?|dividends?|withdrawals?|repurchases?|redemptions?|purchase of treasury)\b"
    )


def structure_subordinated(rows: list[Row]) -> Structured:
    return _structure_rollforward(
        rows, "sub", r"^(repayments?|payments?|decreases?|retire|redemptions?|prepayments?)\b"
    )


# --------------------------------------------------------------- cash flows


def structure_cash_flows(rows: list[Row]) -> Structured:
    drafts = _drafts(rows, "cf")
    findings: list[Finding] = []
    groups = Groups()
    net_income_seen = False
    walk = Walk(drafts, groups, "operating",
                _first([("investing", "investing"), ("financing", "financing"),
                        (r"supplement|non-?cash|disclosure", "supplemental"), ("operating", "operating")]),
                _first([("investing", "investing"), ("financing", "financing"), ("operating", "operating"),
                        (r"supplement|non-?cash", "supplemental")]))  # fmt: skip
    for d in walk:
        text, full, section = d.text, d.full, walk.section
        d.section = section
        if section == "operating" and not net_income_seen and C("cf_net_income").matches(text):
            d.concept, d.section = "cf_net_income", "operating"
            net_income_seen = True
            _negate_if(
                d,
                matches(r"\bloss\b", text) and not matches(r"income|earnings", text),
                findings,
                "the caption says loss",
            )
            groups.new_group()
        elif C("total_adjustments").matches(text):
            d.role, d.concept = Role.TOTAL, "total_adjustments"
            d.components = groups.close_section("operating", d.id)
        elif C("net_cash_operating").matches(text, full):
            d.role, d.concept, d.section = Role.TOTAL, "net_cash_operating", "operating"
            d.components = [x.id for x in drafts if x.concept == "cf_net_income"] + groups.close_section(
                "operating", d.id
            )
            _negate_if(d, "used" in text and "provided" not in text, findings, "the caption says cash was used")
        elif C("net_cash_investing").matches(text):
            d.role, d.concept, d.section = Role.TOTAL, "net_cash_investing", "investing"
            d.components = groups.close_section("investing", d.id)
            _negate_if(d, "used" in text and "provided" not in text, findings, "the caption says cash was used")
        elif C("net_cash_financing").matches(text):
            d.role, d.concept, d.section = Role.TOTAL, "net_cash_financing", "financing"
            d.components = groups.close_section("financing", d.id)
            _negate_if(d, "used" in text and "provided" not in text, findings, "the caption says cash was used")
        elif C("net_change_in_cash").matches(text):
            d.role, d.concept, d.section = Role.TOTAL, "net_change_in_cash", "change"
            comps: list[str] = []
            for sec, concept in (
                ("operating", "net_cash_operating"),
                ("investing", "net_cash_investing"),
                ("financing", "net_cash_financing"),
            ):
                total = next((x.id for x in drafts if x.concept == concept), None)
                if total:
                    comps.append(total)
                else:
                    comps += groups.members.get(sec, [])
            d.components = comps
            _negate_if(d, "decrease" in text and "increase" not in text, findings, "the caption says decrease")
            walk.section = "balances"
        elif C("cash_beginning").matches(text, full):
            d.concept, d.section = "cash_beginning", "balances"
        elif C("cash_end").matches(text, full):
            d.role, d.concept, d.section = Role.TOTAL, "cash_end", "balances"
            d.components = [x.id for x in drafts if x.concept in ("cash_beginning", "net_change_in_cash")]
            walk.section = "supplemental"
        elif _is_total(text):
            d.role = Role.TOTAL
            d.components = groups.close_subtotal(section, d.id)
        elif section != "supplemental":
            groups.add(section, d.id)
    settle_totals(drafts)
    return Structured([d.freeze() for d in drafts], findings)


# --------------------------------------------------------------- net capital


def _netcap_concept(text: str, full: str, section: str) -> tuple[str | None, str]:
    """Concept and section of a net capital computation row: the first rule of concepts.yaml's
    net_capital_rows that matches (no rule: no concept, the section goes on)."""
    for rule in net_capital_rows():
        if rule.only_in and section not in rule.only_in:
            continue
        if rule.pattern.search(full if rule.on == "full" else text):
            return rule.concept, rule.section
    return None, section


def structure_net_capital(rows: list[Row]) -> Structured:
    drafts = _drafts(rows, "nc")
    findings: list[Finding] = []
    groups = Groups()
    walk = Walk(drafts, groups, "start",
                _first([(r"^(?!.*computation of net capital).*aggregate indebtedness", "ai"),
                        (r"^(?!.*(nonallowable|non-allowable)).*haircut", "haircuts"),
                        (r"nonallowable|non-allowable|deductions|less:?$|^less\b", "deductions"),
                        (r"requirement|minimum", "requirement")]),
                _first([(r"^(?!.*(nonallowable|non-allowable)).*haircut", "haircuts"),
                        (r"nonallowable|non-allowable|deduct|^less\b", "deductions"),
                        (r"aggregate indebtedness", "ai")]))  # fmt: skip
    for d in walk:
        text, full, section = d.text, d.full, walk.section
        concept, sec = _netcap_concept(text, full, section)
        if sec == "deductions" and matches(r"haircut", text):
            sec = "haircuts"
        d.concept = concept
        d.section = sec
        if concept in (
            "net_capital",
            "net_capital_before_haircuts",
            "total_capital",
            "excess_net_capital",
            "excess_net_capital_1000",
            "excess_net_capital_5pct",
            "minimum_net_capital",
        ):
            d.role = Role.TOTAL
            if concept in ("net_capital", "net_capital_before_haircuts"):
                walk.section = "haircuts" if concept == "net_capital_before_haircuts" else "requirement"
        elif concept == "aggregate_indebtedness":
            d.role = Role.TOTAL
            d.components = groups.close_section("ai", d.id)
            walk.section = "requirement"
        elif concept in ("nonallowable_assets", "haircuts", "total_deductions") and _is_total(text):
            d.role = Role.TOTAL
            d.components = groups.close_section(sec, d.id)
        elif _is_total(text) and concept is None:
            d.role = Role.TOTAL
            d.components = groups.close_subtotal(sec, d.id)
        else:
            if concept == "total_ownership_equity":
                walk.section = "equity"
            groups.add(sec, d.id)
        if sec in ("deductions", "haircuts") and d.role is Role.ITEM:
            # deductions are subtracted whatever way they are printed
            d.values = [abs(v) if v is not None else None for v in d.row.values]
    settle_totals(drafts)
    return Structured([d.freeze() for d in drafts], findings)


def structure_reserve(rows: list[Row]) -> Structured:
    """Rule 15c3-3 Exhibit A: credits, debits (with the 1% or 3% reduction), excess, reserve bank account."""
    drafts = _drafts(rows, "res")
    findings: list[Finding] = []
    groups = Groups()
    ids: dict[str, str] = {}
    credits_or_debits = [(r"^(?!.*debit).*credit", "credits"), (r"^(?!.*credit).*debit", "debits")]
    walk = Walk(drafts, groups, "credits",
                _first([*credits_or_debits, (r"reserve computation|^computation", "result")]),
                _first(credits_or_debits))  # fmt: skip
    for d in walk:
        text, section = d.text, walk.section
        d.section = section
        if C("reserve_total_credits").matches(text):
            d.role, d.concept = Role.TOTAL, "reserve_total_credits"
            d.components = groups.close_section("credits", d.id)
            walk.section = "debits"
        elif C("reserve_aggregate_debits").matches(text):
            # Exhibit A's debits have no groups of their own: aggregate debit items sum every debit item, even
            # when a wrapped item caption's first line reads as a heading between them
            d.role, d.concept, d.section = Role.TOTAL, "reserve_aggregate_debits", "debits"
            d.components = groups.close_section("debits", d.id)
        elif C("reserve_debit_reduction").matches(text):
            d.concept, d.section = "reserve_debit_reduction", "debits"
            _negate_if(d, True, findings, "the caption says less")
            groups.add("debits", d.id)
        elif C("reserve_total_debits").matches(text):
            d.role, d.concept, d.section = Role.TOTAL, "reserve_total_debits", "debits"
            d.components = groups.close_section("debits", d.id)
            walk.section = "result"
        elif C("reserve_excess").matches(text):
            d.concept, d.section = "reserve_excess", "result"
            _negate_if(d, matches(fragment("debits_over_credits"), text), findings,
                       "an excess of debits is no reserve requirement")  # fmt: skip
        elif C("reserve_deposit_held").matches(text):
            d.concept, d.section = "reserve_deposit_held", "result"
            ids["held"] = d.id
        elif C("reserve_deposit_change").matches(text):
            d.concept, d.section = "reserve_deposit_change", "result"
            ids["change"] = d.id
        elif C("reserve_new_balance").matches(text):
            d.role, d.concept, d.section = Role.TOTAL, "reserve_new_balance", "result"
            d.components = [ids[k] for k in ("held", "change") if k in ids]
        elif _is_total(text):
            d.role = Role.TOTAL
            d.components = groups.close_subtotal(section, d.id)
        elif section in ("credits", "debits"):
            groups.add(section, d.id)
    settle_totals(drafts)
    return Structured([d.freeze() for d in drafts], findings)


# a PAB computation prints the customer computation's captions: its lines take the PAB concepts
_PAB_CONCEPTS = {
    "reserve_total_credits": "pab_total_credits",
    "reserve_aggregate_debits": "pab_aggregate_debits",
    "reserve_total_debits": "pab_total_debits",
    "reserve_excess": "pab_excess",
    "reserve_deposit_held": "pab_deposit_held",
    "reserve_deposit_change": "pab_deposit_change",
    "reserve_new_balance": "pab_new_balance",
}


def structure_pab_reserve(rows: list[Row]) -> Structured:
    """The PAB reserve computation (Exhibit A, PAB Notes): the customer computation's layout, PAB concepts."""
    out = structure_reserve(rows)
    items = [replace(i, concept=_PAB_CONCEPTS.get(i.concept or "", i.concept)) for i in out.items]
    return Structured(items, out.findings)


def structure_reconciliation(rows: list[Row]) -> Structured:
    drafts = _drafts(rows, "rec")
    items = [d for d in drafts if d.role is Role.ITEM]
    if len(items) >= 2:
        last = items[-1]
        last.role = Role.TOTAL
        last.concept = "reconciled_net_capital"
        last.components = [d.id for d in items[:-1]]
        items[0].concept = "focus_net_capital"
    return Structured([d.freeze() for d in drafts], [])


# each takes the rows in the statement's printed unit
STRUCTURERS: dict[StatementKind, Callable[[list[Row]], Structured]] = {
    K.FINANCIAL_CONDITION: structure_sfc,
    K.INCOME: structure_income,
    K.CHANGES_IN_EQUITY: structure_equity,
    K.CHANGES_IN_SUBORDINATED: structure_subordinated,
    K.CASH_FLOWS: structure_cash_flows,
    K.NET_CAPITAL: structure_net_capital,
    K.RECONCILIATION: structure_reconciliation,
    K.RESERVE: structure_reserve,
    K.PAB_RESERVE: structure_pab_reserve,
}
