"""finop: broker-dealer annual reports (Form X-17A-5 Part III) under SEC Rule 17a-5.

Read and verify a filed report, compute net capital from a firm's books, produce the
report, and process whole populations of filings into a database::

    import finop
    result = finop.check("examples/mml-distributors-2003/annual-report.txt")
    result.facts_frame()

See docs/api.md.
"""

from __future__ import annotations

__version__ = "0.1.0"

from finop.api import (
    CheckResult,
    Computation,
    ProducedReport,
    ReserveComputation,
    check,
    compute_net_capital,
    compute_reserve,
    export,
    produce_report,
    rule_values,
    run_batch,
    show,
    to_json,
)
from finop.errors import FinopError, InputError, RulesError

__all__ = [
    "CheckResult",
    "Computation",
    "FinopError",
    "InputError",
    "ProducedReport",
    "ReserveComputation",
    "RulesError",
    "__version__",
    "check",
    "compute_net_capital",
    "compute_reserve",
    "export",
    "produce_report",
    "rule_values",
    "run_batch",
    "show",
    "to_json",
]
