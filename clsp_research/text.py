"""How numbers and labels read: one formatter for every page, table, figure and terminal.

The ground floor (no imports from the rest of the package; pandas only inside the functions
that take a table), so the assessment, the figures, the widgets and the command line all show a
count, a share or a label the same way:

- :func:`plural` says "1 member" and "2 members";
- :func:`number` shows a number to the places a person needs (never 0.961538);
- :func:`label` turns an id into words; :func:`natural_key` sorts E2 before E10;
- :func:`clauses` joins sentences as clauses without ".;";
- :func:`plain` turns the Markdown of an explanation into terminal text (no ``**``);
- :func:`readable` makes a table or a dict fit for people: rounded numbers, labels whole;
- :func:`show_tables_whole` sets pandas to print every cell whole in a notebook.

Examples
--------
>>> plural(1, "member"), plural(3, "member"), plural(2, "body", "bodies")
('1 member', '3 members', '2 bodies')
>>> number(0.961538), number(312000.0), number(2.0)
('0.96', '312,000', '2')
>>> sorted(["E10", "E2", "E1"], key=natural_key)
['E1', 'E2', 'E10']
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from typing import Any

__all__ = ["clauses", "column_width", "label", "natural_key", "number", "plain", "plural", "readable",
           "show_tables_whole"]

#: The most decimal places a table meant for people shows.
MAX_PLACES = 4


def plural(n: float, singular: str, plural_form: str | None = None) -> str:
    """``n`` with its noun, singular for exactly one.

    Parameters
    ----------
    n
        The count.
    singular
        The noun for one.
    plural_form
        The noun for several (default: ``singular`` plus "s").

    Returns
    -------
    str

    Examples
    --------
    >>> plural(0, "tie"), plural(1, "tie"), plural(1.0, "year"), plural(2.5, "year")
    ('0 ties', '1 tie', '1 year', '2.5 years')
    """
    word = singular if n == 1 else (plural_form or singular + "s")
    return f"{number(n)} {word}"


def number(x: Any, places: int = 2) -> str:
    """A number as a person reads it: whole numbers without decimals and with thousands separators,
    other numbers to at most ``places`` decimals (trailing zeros dropped); ``None`` or NaN as "n/a".

    Parameters
    ----------
    x
        The number (anything else is shown with ``str``).
    places
        The most decimal places to show.

    Returns
    -------
    str

    Examples
    --------
    >>> number(0.961538), number(-0.038462, 3), number(0.5), number(1234567), number(float("nan"))
    ('0.96', '-0.038', '0.5', '1,234,567', 'n/a')
    >>> number(True), number("text"), number(0.0004)
    ('True', 'text', '0.0004')
    """
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "n/a"
    if isinstance(x, bool) or not isinstance(x, int | float):
        try:
            import numpy as np

            if isinstance(x, np.integer | np.floating) and not isinstance(x, np.bool_):
                return number(x.item(), places)
        except ImportError:  # pragma: no cover - numpy comes with pandas
            pass
        return str(x)
    if isinstance(x, float) and math.isinf(x):
        return "∞" if x > 0 else "-∞"
    if float(x).is_integer():
        return f"{int(x):,}"
    shown = f"{x:,.{places}f}".rstrip("0").rstrip(".")
    if shown in ("0", "-0") and x != 0:  # too small for ``places``: give it the places it needs
        digits = min(MAX_PLACES, max(places, -math.floor(math.log10(abs(x)))))
        shown = f"{x:.{digits}f}".rstrip("0").rstrip(".")
    return shown


def label(x: Any) -> str:
    """A label for an id: underscores read as spaces.

    Examples
    --------
    >>> label("legal_aid"), label(3)
    ('legal aid', '3')
    """
    return str(x).replace("_", " ")


def natural_key(x: Any) -> tuple:
    """A sort key that orders the numbers inside labels by value: E1, E2, ..., E10, not E1, E10, E2.

    Examples
    --------
    >>> sorted(["Body 10", "Body 9", "body 1"], key=natural_key)
    ['body 1', 'Body 9', 'Body 10']
    """
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p.lower())
                 for p in re.split(r"(\d+)", str(x)) if p != "")


def clauses(parts: Iterable[str], sep: str = "; ") -> str:
    """Sentences joined as clauses of one: the full stop before each separator is dropped.

    Examples
    --------
    >>> clauses(["Trust is high.", "Meetings are rare.", "n/a"])
    'Trust is high; Meetings are rare; n/a'
    """
    items = [p.strip() for p in parts if p and p.strip()]
    return sep.join([*(p.rstrip(".").rstrip() for p in items[:-1]), *items[-1:]])


def plain(markdown: str) -> str:
    """Markdown as terminal text: emphasis and code marks dropped, headings without their hashes.

    Examples
    --------
    >>> plain("**Trust** scores *0.71*; see `--explain`.\\n## Evidence")
    'Trust scores 0.71; see --explain.\\nEvidence'
    """
    text = re.sub(r"^#{1,6}\s+", "", markdown, flags=re.M)
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text, flags=re.S)
    text = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"\1", text)
    return re.sub(r"`([^`]+)`", r"\1", text)


def column_width(labels: Iterable[Any], heading: str = "") -> int:
    """The width a text column needs to show every label whole (and its heading).

    Examples
    --------
    >>> names = ["Trust", "Flexibility and freedom to experiment"]
    >>> column_width(names, "Success factors")
    37
    """
    return max([len(heading), *(len(str(x)) for x in labels)])


def readable(data: Any, places: int = 2) -> Any:
    """A table or dict made fit for people: numbers rounded to ``places`` (see :func:`number`), dicts
    in cells written out, a dict of values as a two-column table, a dict of dicts as a table.

    Parameters
    ----------
    data
        A pandas DataFrame or Series, or a mapping.
    places
        The most decimal places to show.

    Returns
    -------
    pandas.DataFrame
        Every cell as text, so that nothing is cut or shown to more places than ``places``.

    Examples
    --------
    >>> readable({"cells": 32, "share": 0.0806451})
      measure value
    0   cells    32
    1   share  0.08
    >>> readable({"small_wins": {"median": 7.0, "share": 0.25}})
                median share
    small_wins       7  0.25
    """
    import pandas as pd

    if isinstance(data, Mapping):
        if data and all(isinstance(v, Mapping) for v in data.values()):
            data = pd.DataFrame.from_dict(dict(data), orient="index")
        else:
            data = pd.DataFrame({"measure": [label(k) for k in data], "value": list(data.values())})
    if isinstance(data, pd.Series):
        data = data.to_frame()
    return data.map(lambda v: _cell(v, places))


def _cell(v: Any, places: int, inner: bool = False) -> str:
    """A cell as text; a sequence inside a sequence (a pair) is joined with a dash.

    >>> _cell([("cab", "council"), ("lsc", "tenants")], 2), _cell({"a": 0.125, "b": None}, 2)
    ('cab–council, lsc–tenants', 'a: 0.12, b: n/a')
    """
    if isinstance(v, Mapping):
        return ", ".join(f"{label(k)}: {_cell(x, places, True)}" for k, x in v.items())
    if isinstance(v, list | tuple | set):
        return ("–" if inner else ", ").join(_cell(x, places, True) for x in v)
    return number(v, places)


def show_tables_whole(places: int = 3) -> None:
    """Set pandas to show every cell of a table whole and every float to at most ``places`` decimals.

    For notebooks: call it once after the imports. pandas otherwise cuts text longer than 50
    characters with "..." and prints floats to six places.

    Examples
    --------
    >>> import pandas as pd
    >>> with pd.option_context("display.max_colwidth", 50, "display.float_format", None):
    ...     show_tables_whole()
    ...     pd.get_option("display.max_colwidth") is None, pd.get_option("display.float_format")(0.961538)
    (True, '0.962')
    """
    import pandas as pd

    pd.set_option("display.max_colwidth", None)
    pd.set_option("display.float_format", lambda x: number(x, places))
