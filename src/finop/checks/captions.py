"""Captions that contradict their sign, and parts of the report that are missing."""

from __future__ import annotations

import re
from collections.abc import Iterator

from finop.checks.registry import check, money, refs
from finop.model.filing import Filing, Role, Statement, StatementKind
from finop.model.findings import Finding, Severity
from finop.model.text import norm

K = StatementKind
_LIABILITY = re.compile(
    r"payable|accrued|liabilit|due to|deferred (revenue|income)|unearned|borrowings|loans? payable|sold,? not yet purchased|sold short|taxes payable"
)
_ASSET = re.compile(
    r"receivable|due from|prepaid|securities owned|investments?|deposits?|cash segregated|restricted cash|other assets|inventory|advances|loans? to|notes? receivable|commissions receivable|fees receivable"
)
_CHANGE = re.compile(r"^(net\s+)?(increase|decrease)\s+in\s+(?P<what>.+)$")


def expected_sign(caption: str) -> int | None:
    """+1 or -1 for an 'Increase/Decrease in X' adjustment of the indirect method, None if unclear."""
    m = _CHANGE.match(norm(caption))
    if not m:
        return None
    what = m.group("what")
    increase = m.group(2) == "increase"
    # the word nearest the end names the balance: "accrued interest receivable" is a receivable
    liability = max((x.start() for x in _LIABILITY.finditer(what)), default=-1)
    asset = max((x.start() for x in _ASSET.finditer(what)), default=-1)
    if liability < 0 and asset < 0:
        return None
    if liability > asset:
        return 1 if increase else -1
    return -1 if increase else 1


def check_caption_signs(filing: Filing, cf: Statement) -> Iterator[Finding]:
    col = cf.primary_column
    for item in cf.items:
        if item.role is not Role.ITEM or item.section != "operating":
            continue
        v = item.value(col)
        sign = expected_sign(item.label)
        if v is None or v == 0 or sign is None:
            continue
        if (v > 0) != (sign > 0):
            yield Finding(
                code="CAPTION-SIGN",
                severity=Severity.WARNING,
                message=(
                    f"statement of cash flows: '{item.label}' is {money(v)}, but a {item.label.split()[0].lower()} "
                    f"in that balance should {'add to' if sign > 0 else 'reduce'} cash from operations"
                ),
                actual=v,
                sources=refs(item.source(col)),
            )


check("CAPTION-SIGN", "a cash-flow adjustment's sign agrees with its caption", needs=(K.CASH_FLOWS,))(
    check_caption_signs
)


def check_completeness(filing: Filing) -> Iterator[Finding]:
    if not filing.statements:
        return
    wanted = [
        (K.FINANCIAL_CONDITION, "statement of financial condition", "17 CFR 240.17a-5(d)(2)"),
        (K.INCOME, "statement of income (or operations)", "17 CFR 240.17a-5(d)(2)"),
        (K.CASH_FLOWS, "statement of cash flows", "17 CFR 240.17a-5(d)(2)"),
        (K.CHANGES_IN_EQUITY, "statement of changes in ownership equity", "17 CFR 240.17a-5(d)(2)"),
        (K.NET_CAPITAL, "computation of net capital under Rule 15c3-1", "17 CFR 240.17a-5(d)(2)(ii)"),
    ]
    for kind, name, cite in wanted:
        if filing.statement(kind) is None and not (kind is K.NET_CAPITAL and filing.amount("net_capital") is not None):
            yield Finding(
                code="MISSING-PART",
                severity=Severity.INFO,
                message=f"no {name} was found (public filings of large dealers often contain only the statement of financial condition)",
                citations=(cite,),
            )
    if (
        filing.exemption is None
        and filing.statement(K.RESERVE) is None
        and filing.statement(K.NET_CAPITAL) is not None
        and not re.search(
            "reserve",
            " ".join(i.label.lower() for i in filing.statement(K.NET_CAPITAL).items),  # type: ignore[union-attr]
        )
    ):
        yield Finding(
            code="MISSING-15C3-3",
            severity=Severity.INFO,
            message="neither a Rule 15c3-3 reserve computation nor a claim of exemption under 15c3-3(k) was found",
            citations=("17 CFR 240.17a-5(d)(2)(ii)",),
        )
    if filing.reconciliation is None and filing.statement(K.NET_CAPITAL) is not None:
        yield Finding(
            code="MISSING-RECONCILIATION",
            severity=Severity.INFO,
            message="no reconciliation with the unaudited FOCUS report (Rule 17a-5(d)(4)) was found",
            citations=("17 CFR 240.17a-5(d)(4)",),
        )


check("COMPLETENESS", "the parts an annual report should contain")(check_completeness)
