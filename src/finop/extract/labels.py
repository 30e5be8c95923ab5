"""The caption patterns that name canonical concepts (normalisation is finop.model.text.norm)."""

from __future__ import annotations

import re

from finop.model.concepts import fragment


def matches(pattern: str, text: str) -> bool:
    return re.search(pattern, text) is not None


# shared pieces of caption patterns: finop/model/data/concepts.yaml (fragments)
OWNER = fragment("owner")
EQUITY_WORDS = fragment("equity_words")
NET_INCOME = fragment("net_income")
LOSS_ONLY = r"\bloss\b"
GAIN_WORDS = r"\b(income|earnings|profit)\b"
