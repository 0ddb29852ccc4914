"""Exceptions shared by the whole package.

Every error caused by a user's input derives from :class:`CLSPInputError`, which
knows the file, the line and the field it concerns, so that the command line can
print one clear sentence instead of a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = ["CLSPError", "CLSPInputError", "UnknownKeyError", "UnknownValueError"]


class CLSPError(Exception):
    """Base class of every exception this package raises on purpose."""


@dataclass
class CLSPInputError(CLSPError, ValueError):
    """Bad input: names where (file, line, field) and what was expected.

    Parameters
    ----------
    message
        What is wrong and what is expected, in plain words.
    file
        The file the input came from, if any.
    line
        1-based line number in that file, if known.
    field
        The field (e.g. ``members[2].groups`` or the CSV column) at fault.

    Examples
    --------
    >>> err = CLSPInputError("expected a number from 1 to 5", file="survey.csv",
    ...                      line=7, field="rating")
    >>> str(err)
    'survey.csv:7: rating: expected a number from 1 to 5'
    """

    message: str
    file: str | Path | None = None
    line: int | None = None
    field: str | None = None

    def __post_init__(self) -> None:
        super().__init__(str(self))

    def __str__(self) -> str:
        where = ""
        if self.file is not None:
            where = str(self.file)
            if self.line is not None:
                where += f":{self.line}"
            where += ": "
        elif self.line is not None:
            where = f"line {self.line}: "
        field = f"{self.field}: " if self.field else ""
        return f"{where}{field}{self.message}"

    def located(
        self, file: str | Path | None = None, line: int | None = None, field: str | None = None
    ) -> CLSPInputError:
        """Return a copy with missing location details filled in."""
        return CLSPInputError(
            self.message,
            file=self.file if self.file is not None else file,
            line=self.line if self.line is not None else line,
            field=self.field if self.field is not None else field,
        )


class UnknownValueError(CLSPInputError):
    """A value outside a controlled vocabulary (group, sector, tie kind, factor...)."""

    @classmethod
    def for_value(
        cls, value: object, valid: tuple[str, ...] | list[str], what: str, **where: object
    ) -> UnknownValueError:
        """Build the error with the list of valid values.

        Examples
        --------
        >>> str(UnknownValueError.for_value("funders", ("funder", "provider"), "group"))
        "unknown group 'funders'; expected one of: funder, provider"
        """
        msg = f"unknown {what} {value!r}; expected one of: {', '.join(valid)}"
        return cls(msg, **where)  # type: ignore[arg-type]


class UnknownKeyError(CLSPError, KeyError):
    """A look-up key (bibliography key, framework id, item id, member id) that does not exist."""

    def __str__(self) -> str:  # KeyError quotes its argument; we want a sentence
        return str(self.args[0]) if self.args else "unknown key"
