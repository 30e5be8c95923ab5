"""Document -> Filing: the extractor knows accounting layout, not file formats (``extract.filing.extract``)."""

from finop.extract.filing import extract

__all__ = ["extract"]
