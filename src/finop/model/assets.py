"""The asset classes of a firm's positions and how each is haircut, from ``data/asset_classes.yaml``."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml


@dataclass(frozen=True)
class AssetClass:
    """One class of positions.csv: the rule value that haircuts it and how the rate is applied."""

    name: str
    rule: str  # the rules/data value: a maturity schedule (maturity=True) or a flat rate
    sides: str  # greater | both | net | j
    focus_group: str  # exempted | debt | other: the FOCUS Part IIA line 9C sub-item
    maturity: bool = False
    credit_assessment: bool = False


@cache
def asset_classes() -> tuple[AssetClass, ...]:
    """Every asset class, in the order of the data file (the order codes index)."""
    text = resources.files("finop.model").joinpath("data/asset_classes.yaml").read_text(encoding="utf-8")
    return tuple(AssetClass(**row) for row in yaml.safe_load(text)["classes"])


ASSET_CLASSES: tuple[str, ...] = tuple(c.name for c in asset_classes())
BY_NAME: dict[str, AssetClass] = {c.name: c for c in asset_classes()}


def focus_group(name: str) -> str:
    """The FOCUS Part IIA line 9C sub-item of a class ("other" for a class finop does not know)."""
    cls = BY_NAME.get(name)
    return cls.focus_group if cls else "other"
