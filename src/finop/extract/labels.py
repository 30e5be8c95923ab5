"""The caption patterns that name canonical concepts (normalisation is finop.model.text.norm)."""

from __future__ import annotations

import re


def matches(pattern: str, text: str) -> bool:
    return re.search(pattern, text) is not None


OWNER = r"(members?'?s?'?|stockholders?'?s?'?|shareholders?'?s?'?|partners?'?s?'?|owners?'?s?'?|ownership|member)"
EQUITY_WORDS = (
    r"equity|capital stock|common stock|preferred stock|paid[- ]in|retained|accumulated (deficit|earnings)"
    r"|partners'? capital|members'? capital|treasury|deficit|general partner|limited partner"
    r"|(members?|partners?|stockholders?|shareholders?|owners?)'?s?'? (contributions?|capital|interests?)"
    r"|capital contributions?"
)
NET_INCOME = (
    r"^net\s*(income|loss|earnings|\(loss\)|income\s*\(loss\)|\(loss\)\s*income|loss\s*\(income\)"
    r"|\(income\)\s*loss|profit)(\s+for\s+the\s+(year|period))?$"
)
LOSS_ONLY = r"\bloss\b"
GAIN_WORDS = r"\b(income|earnings|profit)\b"
