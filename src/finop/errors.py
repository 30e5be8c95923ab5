"""Exceptions for misuse and unreadable inputs. Content problems are Findings, not errors."""

from __future__ import annotations

from pathlib import Path


class FinopError(Exception):
    """Base of every error finop raises on purpose; its message is meant for a person."""


class InputError(FinopError):
    """A file that cannot be read as what it claims to be."""

    def __init__(self, path: str | Path, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")

    def __reduce__(self) -> tuple[type, tuple[str, str]]:  # across a process boundary (OCR's pool) whole
        return (type(self), (self.path, self.problem))


class RulesError(FinopError):
    """Rules data that is malformed: the file is named in the message."""

    def __init__(self, path: str | Path, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"rules file {self.path}: {problem}")


class EdgarError(FinopError):
    """A request EDGAR did not answer with what was asked for."""

    def __init__(self, url: str, problem: str, status: int | None = None) -> None:
        self.url, self.problem, self.status = url, problem, status
        super().__init__(f"{url}: {problem}")


class EdgarMissing(EdgarError):
    """EDGAR has nothing at this address (404)."""


class EdgarBlocked(EdgarError):
    """EDGAR refuses us: stop the run rather than ask again."""
