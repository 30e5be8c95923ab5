"""The canonical model: documents as read, and filings as extracted or computed."""

from finop.model.document import Cell, Document, Line, Page
from finop.model.filing import (
    Address,
    BodyIdentity,
    Exemption,
    FacingPage,
    Fact,
    Filing,
    LineItem,
    NoteFigure,
    Reconciliation,
    Role,
    Statement,
    StatementKind,
)
from finop.model.source import Box, SourceRef

__all__ = [
    "Address",
    "BodyIdentity",
    "Box",
    "Cell",
    "Document",
    "Exemption",
    "FacingPage",
    "Fact",
    "Filing",
    "Line",
    "LineItem",
    "NoteFigure",
    "Page",
    "Reconciliation",
    "Role",
    "SourceRef",
    "Statement",
    "StatementKind",
]
