#!/usr/bin/env bash
# Create .venv at the repository root and install finop into it (editable).
# Usage: scripts/setup.sh [extras]   e.g. scripts/setup.sh dev
set -euo pipefail
cd "$(dirname "$0")/.."
extras="${1:-}"
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
if [ -n "$extras" ]; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".[$extras]"
else
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -e .
fi
