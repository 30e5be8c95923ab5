#!/usr/bin/env bash
# Create .venv at the repository root and install finop into it (editable).
# Usage: scripts/setup.sh [extras]   e.g. scripts/setup.sh dev
set -euo pipefail
cd "$(dirname "$0")/.."
extras="${1:-}"
# OCR of scanned filings needs Debian's tesseract (and English data); install it when we can.
if ! command -v tesseract >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "finop setup: installing tesseract-ocr (OCR of scanned PDFs)" >&2
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tesseract-ocr tesseract-ocr-eng >/dev/null
  else
    echo "finop setup: tesseract-ocr is not installed; scanned PDFs cannot be read until it is (apt-get install tesseract-ocr)" >&2
  fi
fi
# PDF reports (finop report --format pdf) are laid out by WeasyPrint, which needs Debian's Pango.
if ! ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0 || ! ldconfig -p 2>/dev/null | grep -q libharfbuzz-subset; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "finop setup: installing Pango (PDF reports)" >&2
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core >/dev/null
  else
    echo "finop setup: Pango is not installed; PDF reports need it (apt-get install libpangoft2-1.0-0)" >&2
  fi
fi
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
if [ -n "$extras" ]; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".[$extras]"
else
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -e .
fi
