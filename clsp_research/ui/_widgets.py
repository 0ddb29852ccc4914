"""Plumbing the controllers share (no ipywidgets import needed here)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

__all__ = ["refilling"]


@contextmanager
def refilling(controller: Any) -> Iterator[None]:
    """Set ``controller._loading`` while its widgets are refilled, so that its observers stand still.

    A controller's observers return at once while ``_loading`` is true: setting a dropdown's
    options and value then does not redraw for every intermediate state. ``_loading`` is
    false again afterwards, even when refilling fails; the caller redraws once itself.

    Parameters
    ----------
    controller
        The controller whose ``_loading`` attribute to set.

    Examples
    --------
    >>> class C:
    ...     _loading = False
    >>> c = C()
    >>> with refilling(c):
    ...     c._loading
    True
    >>> c._loading
    False
    """
    controller._loading = True
    try:
        yield
    finally:
        controller._loading = False
