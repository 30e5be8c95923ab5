"""Shared paths and helpers for the tests."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

import schemas
from finop.api import CheckResult, check_document
from finop.readers.text import parse_text

# the tests measure finop, not a developer's OCR cache (time limits in the batch tests depend on real OCR)
os.environ.pop("FINOP_OCR_CACHE", None)

# property tests: a bounded number of examples in CI ("ci", the default); benchmarks/bench_properties.py runs
# them long ("long": HYPOTHESIS_PROFILE=long)
settings.register_profile("ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("long", max_examples=int(os.environ.get("FINOP_HYPOTHESIS_EXAMPLES", "3000")), deadline=None,
                          suppress_health_check=list(HealthCheck))  # fmt: skip
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed" / "mml-distributors-2003-x17a5.txt"
FIXTURES = Path(__file__).parent / "fixtures" / "reports"
EXAMPLE = ROOT / "examples" / "mml-distributors-2003" / "annual-report.txt"
HAVE_SHARED = SEED.exists()
SHARED_MISSING = f"needs the shared data: put shared/ (with seed/ and corpus/) beside the project, at {SHARED}"
needs_shared = pytest.mark.skipif(not HAVE_SHARED, reason=SHARED_MISSING)
# every test that runs tesseract carries it: without tesseract it skips, saying so, instead of failing
needs_ocr = pytest.mark.skipif(
    shutil.which("tesseract") is None, reason="tesseract-ocr is not installed (scripts/setup.sh installs it)"
)
# real-corpus, PostgreSQL and Dask tests: `pytest -m "not slow"` is the quick set; CI runs both
slow = pytest.mark.slow
REPORTS = {
    **({"seed": SEED} if HAVE_SHARED else {}),  # the real example; our own reports below need nothing outside
    "example": EXAMPLE,
    "harbor": FIXTURES / "harbor-point-2019.txt",
    "cedar": FIXTURES / "cedar-ridge-2021.txt",
    "northgate": FIXTURES / "northgate-clearing-2015.txt",
}


def check_text(text: str, name: str = "report.txt") -> CheckResult:
    """Check report text in memory."""
    return check_document(parse_text(text, name))


@pytest.fixture(scope="session")
def seed_text() -> str:
    if not SEED.exists():
        pytest.skip(SHARED_MISSING)
    return SEED.read_text(encoding="utf-8")


# every JSON output the suite produces is validated against docs/schemas (tests/schemas.py)
schemas.install()
