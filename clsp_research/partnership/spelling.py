"""Reading vocabulary values as people write them: case, spaces, hyphens and common spellings.

Survey tools and spreadsheets write ``Referral``, ``Provider``, ``Information exchange`` or
``cooperation`` where the workbench's ids are ``referral``, ``provider``,
``information_exchange`` and ``co-operation``. :func:`canonical` reads such a value as the
id it stands for when there is exactly one: it ignores case and treats spaces, hyphens,
underscores and dots alike (so ``co-operation``, ``cooperation`` and ``Co operation`` are one
spelling). Anything else, a plural (``funders``) or a different word, is still an error
listing the valid ids: a guess that could be wrong is never made silently.

Each value read in another spelling is recorded as a :class:`Normalised` note. A reader
that wants to say what it changed collects them with :func:`collecting`; the model's
classes call :func:`canonical`, so every way of building a partnership shares the rule.

Examples
--------
>>> canonical("Referral", ("information_exchange", "referral"), "tie kind")
'referral'
>>> with collecting() as notes:
...     canonical("cooperation", ("networking", "co-operation"), "stage", field="stage")
'co-operation'
>>> print(notes[0])
stage: stage 'cooperation' read as 'co-operation'
>>> canonical("funders", ("funder", "provider"), "stakeholder group")
Traceback (most recent call last):
...
clsp_research.errors.UnknownValueError: unknown stakeholder group 'funders'; expected one of: funder, provider
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
from collections.abc import Iterator
from dataclasses import dataclass

from ..errors import UnknownValueError

__all__ = ["Normalised", "canonical", "collecting", "spelling_key"]

_NOTES: contextvars.ContextVar[list[Normalised] | None] = contextvars.ContextVar("clsp_spelling_notes", default=None)
_SEPARATORS = str.maketrans("", "", " -_.\t")


@dataclass(frozen=True)
class Normalised:
    """A value read in another spelling: ``given`` was read as ``value``."""

    what: str
    given: str
    value: str
    field: str | None = None

    def __str__(self) -> str:
        return f"{self.field + ': ' if self.field else ''}{self.what} {self.given!r} read as {self.value!r}"


def spelling_key(value: str) -> str:
    """The form two spellings of one id share: lower case, without spaces, hyphens, underscores or dots.

    Examples
    --------
    >>> spelling_key("Co-operation") == spelling_key("cooperation") == spelling_key("CO_OPERATION")
    True
    >>> spelling_key(" Information exchange ")
    'informationexchange'
    """
    return value.casefold().translate(_SEPARATORS)


@functools.lru_cache(maxsize=256)
def _index(valid: tuple[str, ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for v in valid:
        out.setdefault(spelling_key(v), v)
    return out


def canonical(value: str, valid: tuple[str, ...], what: str, field: str | None = None) -> str:
    """The id among ``valid`` that ``value`` spells, recording a note when it was spelt otherwise.

    Raises
    ------
    UnknownValueError
        When ``value`` is no spelling of any valid id (the message lists them).
    """
    if value in valid:
        return value
    if isinstance(value, str):
        found = _index(tuple(valid)).get(spelling_key(value))
        if found is not None:
            notes = _NOTES.get()
            if notes is not None:
                notes.append(Normalised(what, value, found, field))
            return found
    raise UnknownValueError.for_value(value, valid, what, field=field)


@contextlib.contextmanager
def collecting() -> Iterator[list[Normalised]]:
    """Collect the :class:`Normalised` notes of every value read in another spelling inside the block."""
    notes: list[Normalised] = []
    token = _NOTES.set(notes)
    try:
        yield notes
    finally:
        _NOTES.reset(token)
