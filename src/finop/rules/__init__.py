"""Rules 15c3-1, 15c3-3 and 17a-11 as dated, cited data."""

from finop.rules.loader import Bracket, RuleBook, RuleValue, RuleView, Schedule, at, bundled, load_file, load_rules

__all__ = ["Bracket", "RuleBook", "RuleValue", "RuleView", "Schedule", "at", "bundled", "load_file", "load_rules"]
