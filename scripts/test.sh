#!/usr/bin/env bash
# Set up everything the tests need and run the whole test suite (what CI runs).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh dev
.venv/bin/ruff check src tests benchmarks scripts
exec .venv/bin/python -m pytest -q "$@"
