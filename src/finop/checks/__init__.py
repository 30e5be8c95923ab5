"""Checks over a Filing, registered by stable code. Importing this package registers them all."""

from finop.checks import captions, cover, facing, footing, net_capital, reading, reserve, ties  # noqa: F401 - registration
from finop.checks.registry import REGISTRY, Check, check, run_checks

__all__ = ["REGISTRY", "Check", "check", "run_checks"]
