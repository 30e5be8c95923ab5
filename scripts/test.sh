#!/usr/bin/env bash
# Set up everything the tests need and run the whole test suite (what CI runs).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh dev
# the batch tests run the same work into a throwaway PostgreSQL server: Debian's package, when we can install it
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "finop tests: installing PostgreSQL (batch store tests)" >&2
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  else
    echo "finop tests: PostgreSQL is not installed; its batch test will be skipped" >&2
  fi
fi
# the review UI's browser tests drive Debian's chromium through Playwright (Playwright's own download is not used)
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "finop tests: installing chromium (browser tests of finop serve)" >&2
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "finop tests: chromium is not installed; the browser tests of finop serve will be skipped" >&2
  fi
fi
.venv/bin/ruff check src tests benchmarks scripts
exec .venv/bin/python -m pytest -q "$@"
