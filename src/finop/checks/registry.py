"""Checks are plain functions registered under a stable code; a crash becomes a finding."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from decimal import Decimal

from finop.model.filing import Filing, StatementKind
from finop.model.findings import Finding, Severity
from finop.model.source import SourceRef
from finop.money import rounding_tolerance

CheckFn = Callable[[Filing], Iterable[Finding]]


def period_end(filing: Filing) -> dt.date:
    """The date a report's figures are judged by the rules of: the facing page's period end, else the first
    statement date, else today."""
    fp = filing.facing_page
    if fp.period_end:
        return fp.period_end
    for d, _ in filing.statement_dates:
        return d
    return dt.date.today()


@dataclass(frozen=True)
class Check:
    code: str
    description: str
    fn: CheckFn
    needs: tuple[StatementKind, ...] = ()  # the statements it needs: without one of them it does not run

    def applies(self, filing: Filing) -> bool:
        """The filing has every statement this check needs, so it runs."""
        return all(filing.statement(kind) is not None for kind in self.needs)


REGISTRY: dict[str, Check] = {}


# registration runs when the check modules are imported, before mutation testing picks a mutant: a mutant of it
# could never run, so it is not made
# pragma: no mutate block
def check(code: str, description: str, needs: tuple[StatementKind, ...] = ()) -> Callable[[Callable], Callable]:
    """Register a check function under a stable code (the prefix of the codes it reports).

    With ``needs``, the check runs only when the filing has each of those statements, and is
    called as ``fn(filing, statement, ...)`` with them in that order. The check modules call it right after
    each function, ``check(code, description)(fn)``, rather than as a decorator: mutation testing
    (benchmarks/mutation.py, mutmut) leaves decorated functions alone, and the checks are what it must reach.
    """

    def register(fn: Callable) -> Callable:
        if code in REGISTRY:
            raise ValueError(f"check code {code} registered twice")

        def run(filing: Filing) -> Iterable[Finding]:
            statements = [filing.statement(kind) for kind in needs]
            if any(st is None for st in statements):
                return ()
            return fn(filing, *statements)

        REGISTRY[code] = Check(code, description, run if needs else fn, needs)
        return fn

    return register


def run_checks(filing: Filing, codes: Iterable[str] | None = None) -> list[Finding]:
    """Run every registered check (or those named); a check that raises becomes an error finding. A finding
    that points at a statement's line says which statement, whichever check made it."""
    selected = [REGISTRY[c] for c in codes] if codes is not None else list(REGISTRY.values())
    findings: list[Finding] = []
    for chk in selected:
        try:
            findings.extend(_with_statement(f, filing) for f in chk.fn(filing))
        except Exception as exc:
            findings.append(
                Finding(
                    code="CHECK-CRASHED",
                    severity=Severity.ERROR,
                    message=f"check {chk.code} ({chk.description}) failed: {type(exc).__name__}: {exc}",
                )
            )
    return findings


def checks_run(filing: Filing) -> int:
    """How many registered checks ran on ``filing``: those whose statements it has (``summary.checks_run``)."""
    return sum(1 for chk in REGISTRY.values() if chk.applies(filing))


def _with_statement(finding: Finding, filing: Filing) -> Finding:
    """``finding`` naming the statement whose line it points at, when it does not name one itself."""
    source = finding.source
    if finding.statement is not None or source is None:
        return finding
    for kind, statement in filing.statements.items():
        for item in statement.items:
            if any(s is not None and (s.page, s.line) == (source.page, source.line) for s in item.sources):
                return replace(finding, statement=kind.value)
    return finding


def tolerance(terms: int, scale: int) -> Decimal:
    """$1 of rounding per added line, in the statement's unit ($1,000 for 'in thousands')."""
    return rounding_tolerance(terms, scale)


def refs(*sources: SourceRef | None) -> tuple[SourceRef, ...]:
    """Distinct, non-empty source references in order."""
    seen: list[SourceRef] = []
    for s in sources:
        if s is not None and s not in seen:
            seen.append(s)
    return tuple(seen)


def money(value: Decimal | None) -> str:
    if value is None:
        return "n/a"
    return f"({abs(value):,})" if value < 0 else f"{value:,}"
