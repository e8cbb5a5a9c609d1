"""The one error type budgetlib raises for unusable input, worded for a one-line message."""
from __future__ import annotations

NOT_A_PDF = "not a PDF (the file does not start with %PDF-)"  # a file given or named as a PDF that is none


class DisclosureError(Exception):
    """Input that cannot be read or lacks a required part.

    str(error) is a single line naming the file, the part (or table) and the line number,
    so that the command line can print it without a traceback.
    """

    def __init__(self, path, part: str, line: int | None, message: str):
        self.path = str(path)
        self.part = part
        self.line = line
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = [self.path, self.part, f"line {self.line}" if self.line else ""]
        return ": ".join([w for w in where if w] + [self.message])


class ParameterError(ValueError):
    """A bad option or notebook parameter; str() is one line naming the parameter."""
