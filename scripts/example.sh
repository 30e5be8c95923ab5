#!/usr/bin/env bash
# Set up finop and run the main job on the bundled example report.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/finop check examples/mml-distributors-2003/annual-report.txt "$@"
