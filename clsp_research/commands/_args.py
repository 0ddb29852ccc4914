"""What the sub-commands' argument parsing shares: argument types (for ``argparse``'s ``type=``), the parser."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

__all__ = ["MAX_SEED", "Parser", "add_output_flags", "finite_number", "whole_number"]

#: The largest seed every command accepts (numpy's legacy generators stop there).
MAX_SEED = 2**32 - 1


def whole_number(minimum: int, maximum: int | None = None) -> Callable[[str], int]:
    """An ``argparse`` type: a whole number of at least ``minimum``, else a usage error saying so.

    Parameters
    ----------
    minimum
        The smallest value accepted.
    maximum
        The largest value accepted, if any (a bound keeps a typing slip from running for hours).

    Returns
    -------
    callable
        Takes the argument's text and returns the number; raises
        :class:`argparse.ArgumentTypeError` for anything else.

    Examples
    --------
    >>> seed = whole_number(0)
    >>> seed("3")
    3
    >>> seed("-1")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: expected a whole number of 0 or more, found '-1'
    >>> whole_number(1)("x")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: expected a whole number of at least 1, found 'x'
    >>> whole_number(1, 1000)("100000000")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: expected a whole number from 1 to 1000, found '100000000'
    """
    wanted = "of 0 or more" if minimum == 0 else f"of at least {minimum}"
    if maximum is not None:
        wanted = f"from {minimum} to {maximum}"

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number {wanted}, found {text!r}") from None
        if value < minimum or (maximum is not None and value > maximum):
            raise argparse.ArgumentTypeError(f"expected a whole number {wanted}, found {text!r}")
        return value

    return parse


def finite_number(text: str) -> float:
    """An ``argparse`` type: a finite number (``nan`` and ``inf`` are usage errors).

    Examples
    --------
    >>> finite_number("4.5")
    4.5
    >>> finite_number("nan")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: expected a finite number such as 3.5, found 'nan'
    """
    import math

    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"expected a finite number such as 3.5, found {text!r}")
    return value


class Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors exit with code 2 and a one-line message, never a traceback."""

    def error(self, message: str) -> None:  # usage errors: exit 2, no traceback
        self.print_usage(sys.stderr)
        sys.stderr.write(f"{self.prog}: error: {message}\n")
        raise SystemExit(2)


def add_output_flags(parser: argparse.ArgumentParser) -> None:
    """``--force`` and ``--mkdir``: the same two flags on every command that writes a file the user names.

    They feed :func:`clsp_research.fileio.check_output`, the one output-path policy:
    an existing file is replaced only with ``--force``; missing folders are created
    only with ``--mkdir``; a folder, symbolic link, FIFO or device is never replaced.

    Examples
    --------
    >>> p = argparse.ArgumentParser()
    >>> add_output_flags(p)
    >>> p.parse_args(["--force"])
    Namespace(force=True, mkdir=False)
    """
    parser.add_argument("--force", action="store_true", help="replace an existing file (never a link, FIFO or device)")
    parser.add_argument("--mkdir", action="store_true", help="create missing folders of the output path")
