"""A generated report laid out as pages of rows, and those rows printed as text.

The page model (``Row``) is shared by the text and the PDF renderings, so both carry the same layout choices:
captions, indents, amount cells (with their $ and signs), headings and paragraphs.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from layoutgen.books import Group, Line, Report
from layoutgen.style import Style

SCALE_WORDS = {1000: ["(In thousands)", "(Dollars in thousands)", "(in thousands of dollars)", "(000's omitted)"],
               1_000_000: ["(In millions)", "(Dollars in millions)", "(in millions of dollars)"]}  # fmt: skip


def _cuts(caption: str, lines: int) -> tuple[int, ...]:
    """Where a caption wraps: before a word in lower case near each 1/lines of its length (two lines when three
    would leave a piece too short or no word in lower case falls there)."""
    if lines == 3 and len(caption) > 45:
        spaces = [i for i, ch in enumerate(caption) if ch == " " and caption[i + 1 : i + 2].islower()]
        first = [i for i in spaces if len(caption) // 3 - 8 <= i <= len(caption) // 3 + 8]
        second = [i for i in spaces if 2 * len(caption) // 3 - 8 <= i <= 2 * len(caption) // 3 + 8]
        if first and second and second[0] - first[0] > 6:
            return first[0], second[0]
    return (caption.rfind(" ", 0, max(20, len(caption) // 2 + 4)),)


@dataclass
class Row:
    """A printed line: ``kind`` is row (caption and amount cells), heading (a title line) or text (a paragraph)."""

    caption: str
    cells: list[str] = field(default_factory=list)
    indent: int = 0
    kind: str = "row"


Page = list[Row]


class Layout:
    """Lays a report out in a style; ``pages()`` gives the rows of every page."""

    def __init__(self, report: Report, style: Style, seed: int = 0) -> None:
        self.r, self.s = report, style
        self.years = style.years
        self.scale_word = SCALE_WORDS.get(style.scale, [""])[seed % max(1, len(SCALE_WORDS.get(style.scale, [""])))]

    # amounts ---------------------------------------------------------------------------------------------
    def amount(self, v: int, dollar: bool) -> str:
        body = f"{abs(v):,}"
        if v < 0:
            body = f"({body})" if self.s.negative == "parens" else f"-{body}"
        if self.s.dollar == "every" or (dollar and self.s.dollar in ("first", "attached")):
            return f"${body}" if self.s.dollar == "attached" else f"$ {body}"
        return body

    def cells(self, values: list[int], dollar: bool = False) -> list[str]:
        return [self.amount(v, dollar) for v in values[: self.years]]

    def cap(self, text: str, total: bool = False) -> str:
        return text.upper() if self.s.case == "upper" and total else text

    def line_rows(self, ln: Line, dollar: bool = False, indent: int = 0) -> list[Row]:
        caption = f"{ln.caption}, {ln.extra}" if ln.extra else ln.caption
        cells = self.cells(ln.values, dollar)
        if self.s.wrapped and len(caption) > 38:
            cuts = _cuts(caption, self.s.wrap_lines)
            pieces = [caption[a:b].strip() for a, b in zip((0, *cuts), (*cuts, len(caption)), strict=True)]
            return [Row(p, indent=indent if n == 0 else indent + 1) for n, p in enumerate(pieces[:-1])] + [
                Row(pieces[-1], cells, indent=indent + 1)
            ]
        return [Row(caption, cells, indent=indent)]

    # statements ------------------------------------------------------------------------------------------
    def when(self, end: date) -> str:
        return f"{end:%B} {end.day}, {end.year}"

    def title(self, kind: str, plural: bool) -> str:
        s = "s" if plural else ""
        if kind == "sfc":
            return {"statement": f"Statement{s} of Financial Condition",
                    "consolidated": f"Consolidated Statement{s} of Financial Condition",
                    "balance_sheet": f"Balance Sheet{s}",
                    "position": f"Statement{s} of Financial Position"}[self.s.title]  # fmt: skip
        return kind

    def scoped(self, title: str) -> str:
        """A statement's title with the scope the balance sheet's title names ("Consolidated Statement of Income")."""
        return f"Consolidated {title}" if self.s.title == "consolidated" else title

    def heading(self, title: str, dated: str, first: bool = True, columns: bool = False) -> list[Row]:
        """A statement's title lines; the unit under them unless it goes beside the year columns."""
        rows = [Row(self.r.name, kind="heading"), Row(title, kind="heading"), Row(dated, kind="heading")]
        at = self.s.scale_at if columns else "title"
        if self.s.scale > 1 and (at == "title" or (at == "first_page" and first)):
            rows.append(Row(self.scale_word, kind="heading"))
        return rows

    def year_header(self, first: bool = True) -> list[Row]:
        years = [str(self.r.period_end.year - k) for k in range(self.years)]
        label = self.scale_word if self.s.scale > 1 and self.s.scale_at == "header" else ""
        if self.years == 1 and not label:
            return []
        return [Row(label, years if self.years > 1 else [])]

    def items(self, items: list, dollar_first: bool = True) -> list[Row]:
        rows: list[Row] = []
        first = dollar_first
        for it in items:
            if isinstance(it, Group):
                if it.heading:
                    rows.append(Row(it.heading))
                for ln in it.lines:
                    rows += self.line_rows(ln, first, indent=1)
                    first = False
                if it.footed:
                    rows.append(Row(it.total or "", self.cells(it.values), indent=2 if it.total else 0))
            else:
                rows += self.line_rows(it, first)
                first = False
        return rows

    def financial_condition(self) -> list[Page]:
        r, s = self.r, self.s
        plural = self.years > 1
        dated = self.when(r.period_end) + (f" and {r.period_end.year - 1}" if plural else "")
        owners = {"corporation": "Stockholder's Equity", "llc": "Member's Equity", "partnership": "Partners' Capital"}
        eq_title = owners[r.entity]
        top = [*self.heading(self.title("sfc", plural), dated, columns=True), *self.year_header()]
        assets = [Row(self.cap("Assets", True) if s.case == "upper" else "Assets"), *self.items(r.assets)]
        assets.append(Row(self.cap("Total assets", True), self.cells([r.total_assets(k) for k in range(2)], True)))
        rest = [Row(self.cap(f"Liabilities and {eq_title}", True))]
        rest.append(Row("Liabilities:"))
        rest += self.items(r.liabilities)
        rest.append(Row(self.cap("Total liabilities", True), self.cells([r.total_liabilities(k) for k in range(2)])))
        if r.subordinated and s.subordinated == "after":
            rest += self.line_rows(r.subordinated)
        rest.append(Row(f"{eq_title}:"))
        rest += self.items(r.equity, dollar_first=False)
        rest.append(Row(self.cap(f"Total {eq_title.lower()}", True), self.cells([r.total_equity(k) for k in range(2)])))
        rest.append(Row(self.cap(f"Total liabilities and {eq_title.lower()}", True),
                        self.cells([r.total_assets(k) for k in range(2)], True)))  # fmt: skip
        foot = [Row("See accompanying notes to financial statements.", kind="text")]
        if s.two_page:
            second = [*self.heading(self.title("sfc", plural) + " (Continued)", dated, first=False, columns=True),
                      *self.year_header(first=False)]  # fmt: skip
            return [top + assets + foot, second + rest + foot]
        return [top + assets + rest + foot]

    def income(self) -> list[Page]:
        r = self.r
        start = r.period_end - timedelta(days=364)
        rows = self.heading(self.scoped("Statement of Operations" if r.net_income < 0 else "Statement of Income"),
                            f"For the year ended {self.when(r.period_end)}")  # fmt: skip
        one = Layout(r, self.s)
        one.years = 1
        rows.append(Row("Revenues:"))
        for ln in r.revenues:
            if self.s.gross_interest and ln.caption.startswith("Interest") and ln.values[0] > 2:
                # the net interest line with its gross revenue and expense above it: a subtotal no caption names
                expense = max(1, ln.values[0] // 4)
                rows.append(Row("Interest revenue", one.cells([ln.values[0] + expense], ln is r.revenues[0]), indent=1))
                rows.append(Row("Interest expense", one.cells([-expense]), indent=1))
                rows.append(Row("Net interest revenue", one.cells([ln.values[0]]), indent=1))
                continue
            rows += one.line_rows(ln, ln is r.revenues[0], 1)
        revenue = sum(ln.values[0] for ln in r.revenues)
        expenses = sum(ln.values[0] for ln in r.expenses)
        rows.append(Row(self.cap("Total revenues", True), one.cells([revenue])))
        rows.append(Row("Expenses:"))
        rows += [x for ln in r.expenses for x in one.line_rows(ln, False, 1)]
        rows.append(Row(self.cap("Total expenses", True), one.cells([expenses])))
        word = "income" if r.net_income >= 0 else "loss"
        if r.taxes is not None:
            rows.append(Row("Income before income taxes", one.cells([revenue - expenses])))
            taxes = -r.taxes if self.s.tax_sign == "parens" else r.taxes  # a deduction printed in parentheses
            rows.append(Row("Provision for income taxes", one.cells([taxes])))
        rows.append(Row(self.cap(f"Net {word}", True), one.cells([r.net_income], True)))
        del start
        return [rows]

    def changes_in_equity(self) -> list[Page]:
        r = self.r
        owners = {"corporation": "Stockholder's Equity", "llc": "Member's Equity", "partnership": "Partners' Capital"}
        rows = self.heading(
            self.scoped(f"Statement of Changes in {owners[r.entity]}"), f"For the year ended {self.when(r.period_end)}"
        )
        one = Layout(r, self.s)
        one.years = 1
        prior = r.period_end.replace(year=r.period_end.year - 1)
        kinds = [("income", "Net income" if r.net_income >= 0 else "Net loss"),
                 ("distributions", "Dividends paid" if r.entity == "corporation" else "Distributions"),
                 ("contributions", "Capital contributions")]  # fmt: skip
        kinds = [(k, c) for k, c in kinds if any(ln.changes.get(k) for ln in r.equity)]
        if self.s.equity_matrix and len(r.equity) > 1:
            names = [ln.caption.split(",")[0].split(";")[0] for ln in r.equity] + ["Total"]
            rows.append(Row("", names))
            begin = [ln.values[1] for ln in r.equity]
            rows.append(Row(f"Balance, {self.when(prior)}", [one.amount(v, True) for v in [*begin, sum(begin)]]))
            for k, caption in kinds:
                vals = [ln.changes.get(k, 0) for ln in r.equity]
                rows.append(
                    Row(caption, [one.amount(v, False) if v else "-" for v in vals] + [one.amount(sum(vals), False)])
                )
            end = [ln.values[0] for ln in r.equity]
            rows.append(Row(f"Balance, {self.when(r.period_end)}", [one.amount(v, True) for v in [*end, sum(end)]]))
        else:
            rows.append(Row(f"Balance, {self.when(prior)}", one.cells([r.total_equity(1)], True)))
            for k, caption in kinds:
                rows.append(Row(caption, one.cells([sum(ln.changes.get(k, 0) for ln in r.equity)])))
            rows.append(Row(f"Balance, {self.when(r.period_end)}", one.cells([r.total_equity(0)], True)))
        return [rows]

    def reserve(self) -> list[Page]:
        """Rule 15c3-3's customer reserve computation, as FOCUS Part II words it."""
        res, one = self.r.reserve, Layout(self.r, self.s)
        assert res is not None
        one.years = 1
        rows = self.heading("Schedule II", "Computation for Determination of Reserve Requirements for Brokers and "
                            "Dealers Pursuant to Rule 15c3-3")  # fmt: skip
        rows.append(Row(f"As of {self.when(self.r.period_end)}", kind="heading"))
        c = one.cells
        rows.append(Row(self.cap("Credit balances", True)))
        for n, ln in enumerate(res.credits):
            rows += one.line_rows(ln, n == 0)
        rows.append(Row("Total credits", c([res.total_credits], True)))
        rows.append(Row(self.cap("Debit balances", True)))
        for n, ln in enumerate(res.debits):
            rows += one.line_rows(ln, n == 0)
        rows.append(Row("Aggregate debit items", c([res.aggregate_debits])))
        less = ("Less 3% (for alternative method only - see Rule 15c3-1(a)(1)(ii)(A))" if self.s.rule_refs == "dashed"
                else "Less 3% of aggregate debit items (alternative method)")  # fmt: skip
        rows.append(Row(less, c([-res.reduction])))
        rows.append(Row("Total debits", c([res.total_debits], True)))
        rows.append(Row(self.cap("Reserve computation", True)))
        if res.excess >= 0:
            rows.append(Row("Excess of total credits over total debits", c([res.excess], True)))
        else:
            rows.append(Row("Excess of total debits over total credits", c([-res.excess], True)))
        rows.append(Row("Amount held on deposit in Reserve Bank Account(s)", c([res.deposit])))
        return [rows]

    def schedule(self) -> list[Page]:
        nc, one = self.r.net_capital, Layout(self.r, self.s)
        assert nc is not None
        one.years = 1
        rows = self.heading(
            "Schedule I", "Computation of Net Capital under Rule 15c3-1 of the Securities and Exchange Commission"
        )
        rows.append(Row(f"As of {self.when(self.r.period_end)}", kind="heading"))
        c = one.cells
        rows.append(Row("Total ownership equity from statement of financial condition", c([nc.equity], True)))
        if nc.subordinated:
            rows.append(Row("Add: liabilities subordinated to claims of general creditors allowable in computation of net capital",
                            c([nc.subordinated])))  # fmt: skip
            rows.append(Row("Total capital and allowable subordinated liabilities", c([nc.equity + nc.subordinated])))
        rows.append(Row("Deductions and/or charges:"))
        rows.append(Row("Nonallowable assets", c([nc.nonallowable[0].values[0]]), indent=1))
        before = nc.equity + nc.subordinated - nc.nonallowable[0].values[0]
        rows.append(Row("Net capital before haircuts on securities positions", c([before])))
        haircuts = "Haircuts on securities positions"
        if self.s.rule_refs == "dashed":  # as FOCUS words it: "(computed, where applicable - see Rule 15c3-1(f))"
            haircuts += " (computed where applicable - see Rule 15c3-1(c)(2)(vi))"
        rows.append(Row(haircuts, c([nc.haircuts[0].values[0]])))
        rows.append(Row(self.cap("Net capital", True), c([nc.net_capital], True)))
        if nc.method == "basic":
            rows.append(Row("Total aggregate indebtedness", c([nc.base], True)))
            rows.append(
                Row(
                    "Minimum net capital required (6 2/3% of total aggregate indebtedness)",
                    c([nc.ratio_requirement], True),
                )
            )
            rows.append(Row("Minimum dollar net capital requirement", c([nc.floor])))
        else:
            adi = "Aggregate debit items as shown in formula for reserve requirements"
            if self.s.rule_refs == "dashed":
                adi += " (Exhibit A - Rule 15c3-3)"
            rows.append(Row(adi, c([nc.base], True)))
            rows.append(
                Row("Minimum net capital required (2% of aggregate debit items)", c([nc.ratio_requirement], True))
            )
            rows.append(Row("Minimum dollar net capital requirement", c([nc.floor])))
        rows.append(Row("Net capital requirement (greater of the above)", c([nc.minimum])))
        rows.append(Row(self.cap("Excess net capital", True), c([nc.excess], True)))
        return [rows]

    # notes and the facing page ---------------------------------------------------------------------------
    def money(self, units: int) -> str:
        """A note's figure: in dollars, in the statements' unit, or in words ('$5.2 billion')."""
        dollars = units * self.s.scale
        if self.s.note_units == "printed":
            return f"${units:,}"
        if self.s.note_units == "words" and dollars >= 10_000_000:
            if dollars >= 1_000_000_000:
                return f"${dollars / 1_000_000_000:.1f} billion"
            return f"${dollars / 1_000_000:.1f} million"
        return f"${dollars:,}"

    def notes(self) -> list[Page]:
        r, nc = self.r, self.r.net_capital
        assert nc is not None
        who = (
            "The Company"
            if r.entity == "corporation"
            else "The Partnership"
            if r.entity == "partnership"
            else "The Company"
        )
        rows = [Row("Notes to Financial Statements", kind="heading"), Row(self.when(r.period_end), kind="heading")]
        rows.append(Row("1. Organization", kind="heading"))
        rows.append(Row(f"{r.name} ({who[4:]}) is a broker-dealer registered with the Securities and Exchange Commission "
                        "and a member of the Financial Industry Regulatory Authority.", kind="text"))  # fmt: skip
        rows.append(Row("2. Net Capital Requirements", kind="heading"))
        method = ("the basic method, which requires that aggregate indebtedness not exceed 15 times net capital"
                  if nc.method == "basic" else "the alternative method permitted by the Rule")  # fmt: skip
        when, N, X, M = (
            self.when(r.period_end),
            self.money(nc.net_capital),
            self.money(nc.excess),
            self.money(nc.minimum),
        )
        text = {
            "which_was": f"At {when}, {who[0].lower() + who[1:]} had net capital of {N}, which was {X} in excess of its required net capital of {M}.",
            "separate": f"At {when}, {who[0].lower() + who[1:]}'s net capital was {N} and its required net capital was {M}. Its excess net capital was {X}.",
            "exceeded": f"At {when}, {who[0].lower() + who[1:]} had net capital of {N}, which exceeded its minimum requirement of {M} by {X}.",
        }[self.s.note_style]  # fmt: skip
        rows.append(Row(f"{who} is subject to the SEC's Uniform Net Capital Rule (Rule 15c3-1) and computes net "
                        f"capital under {method}. {text}", kind="text"))  # fmt: skip
        pages = [rows]
        if r.subsidiary or r.fair_value:
            more = [Row("3. Fair Value Measurements", kind="heading")]
            one = Layout(r, self.s)
            one.years = 1
            if self.s.scale > 1:
                more.append(Row(self.scale_word, kind="heading"))
            more.append(Row("", ["Level 1", "Level 2", "Level 3", "Total"]))
            totals = [0, 0, 0]
            for caption, vals in r.fair_value:
                more.append(Row(caption, [one.amount(v, False) for v in [*vals, sum(vals)]]))
                totals = [a + b for a, b in zip(totals, vals, strict=False)]
            more.append(Row("Total assets at fair value", [one.amount(v, True) for v in [*totals, sum(totals)]]))
            more.append(Row("4. Condensed Financial Information of Subsidiary", kind="heading"))
            more.append(
                Row(
                    "The Company's subsidiary had the following condensed statement of financial condition:",
                    kind="text",
                )
            )
            more += [Row(c, one.cells([v], c == "Total assets")) for c, v in r.subsidiary]
            pages.append(more)
        return pages

    def facing(self) -> list[Page]:
        r = self.r
        start = r.period_end.replace(year=r.period_end.year - 1) + timedelta(days=1)
        rows = [Row("ANNUAL AUDITED REPORT", kind="heading"), Row("FORM X-17A-5", kind="heading"),
                Row("PART III", kind="heading"), Row("SEC FILE NUMBER", kind="text"), Row(r.file_number, kind="text"),
                Row("FACING PAGE", kind="heading"),
                Row(f"REPORT FOR THE PERIOD BEGINNING {start:%m/%d/%y} AND ENDING {r.period_end:%m/%d/%y}", kind="text"),
                Row("A. REGISTRANT IDENTIFICATION", kind="heading"),
                Row(f"NAME OF BROKER-DEALER: {r.name}", kind="text"),
                Row("B. ACCOUNTANT IDENTIFICATION", kind="heading"),
                Row("INDEPENDENT PUBLIC ACCOUNTANT whose opinion is contained in this Report*", kind="text"),
                Row("Hollis Marsh & Tern LLP", kind="text"),
                Row("(Name - if individual, state last, first, middle name)", kind="text")]  # fmt: skip
        return [rows]

    def pages(self) -> list[Page]:
        out: list[Page] = []
        if self.s.facing:
            out += self.facing()
        out += self.financial_condition()
        if self.s.full:
            out += self.income() + self.changes_in_equity()
        out += self.notes()
        if self.s.schedule:
            out += self.schedule()
        if self.s.reserve:
            out += self.reserve()
        if self.s.quotes == "typographic":  # as a word processor sets them: "Partners’ Capital"
            out = [[replace(r, caption=r.caption.replace("'", "’"), cells=[c.replace("'", "’") for c in r.cells])
                    for r in page] for page in out]  # fmt: skip
        return out


def _text_rows(row: Row, sep: str) -> list[str]:
    """A row as text lines: tab-separated, or space-aligned in fixed columns (a long caption wrapped to fit)."""
    if row.kind != "row" or not row.cells:
        return [("  " * row.indent if row.kind == "row" else "") + row.caption]
    caption = "  " * row.indent + row.caption
    if sep == "tab":
        return ["\t".join([caption, *row.cells])]
    width = 64
    if not any(ch.isdigit() for ch in "".join(row.cells)) and any(len(c) > 14 for c in row.cells):
        return _stacked(caption, row.cells, width)
    lines = []
    while len(caption) > width - 4:
        cut = caption.rfind(" ", 0, width - 4)
        lines.append(caption[:cut])
        caption = "  " * (row.indent + 1) + caption[cut + 1 :]
    if sep == "leaders" and row.caption:
        caption = caption + " " + "." * max(3, width - len(caption) - 1)
    return [*lines, caption.ljust(width) + "".join(c.rjust(16) for c in row.cells)]


def _stacked(caption: str, cells: list[str], width: int) -> list[str]:
    """Column headings too wide for their columns, printed over two or three lines, each piece right-aligned."""
    pieces = []
    for cell in cells:
        lines, cur = [], ""
        for word in cell.split():
            if cur and len(cur) + 1 + len(word) > 14:
                lines.append(cur)
                cur = word
            else:
                cur = f"{cur} {word}".strip()
        pieces.append([*lines, cur])
    depth = max(len(p) for p in pieces)
    pieces = [[""] * (depth - len(p)) + p for p in pieces]
    return [
        (caption if k == depth - 1 else "").ljust(width) + "".join(p[k].rjust(16) for p in pieces) for k in range(depth)
    ]


def to_text(report: Report, style: Style) -> str:
    """The report as text, a form feed between pages."""
    pages = Layout(report, style).pages()
    return "\f".join("\n".join(x for r in page for x in _text_rows(r, style.separator)) + "\n" for page in pages)
