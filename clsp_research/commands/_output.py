"""What every sub-command prints with ``--json``: one strict JSON object on stdout and nothing else.

Strict: no ``NaN`` or ``Infinity`` (which Python's :mod:`json` writes by default and strict
parsers reject). A number that is not finite is written as ``null``, and the object gets a
``null_reasons`` entry saying, for each such place, why (inputs are bounded where they are
read, so this is for undefined ratios such as a share of nothing, not for overflow).

Examples
--------
>>> print_json({"stage": "networking", "flags": ("a", "b")})
{
  "stage": "networking",
  "flags": [
    "a",
    "b"
  ]
}
>>> print_json({"share": float("nan")})
{
  "share": null,
  "null_reasons": {
    "share": "not a number: undefined (such as a share of nothing)"
  }
}
"""

from __future__ import annotations

import json
import math
import sys
from typing import Any

__all__ = ["INDENT_LIMIT", "print_json", "strict_json"]

#: Outputs up to this many characters are indented; larger ones are written compact.
INDENT_LIMIT = 1_000_000


def print_json(obj: Any) -> None:
    """Print one JSON object on stdout (the ``--json`` contract: nothing else on stdout, strict JSON)."""
    sys.stdout.write(strict_json(obj))
    sys.stdout.write("\n")


def strict_json(obj: Any) -> str:
    """``obj`` as strict JSON text: non-finite numbers become ``null`` with a reason (see the module).

    Examples
    --------
    >>> strict_json([1.5, float("inf")])
    '[\\n  1.5,\\n  null\\n]'
    """
    try:  # the usual case, all numbers finite: the C encoder, no walk over the object
        text = json.dumps(obj, ensure_ascii=False, allow_nan=False, default=_json_default, separators=(",", ":"))
    except ValueError:
        reasons: dict[str, str] = {}
        obj = _finite(obj, "", reasons)
        if reasons and isinstance(obj, dict):
            obj = {**obj, "null_reasons": reasons}
        text = json.dumps(obj, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    if len(text) > INDENT_LIMIT:
        return text  # indenting is for people; a large output stays compact (indenting is 10 times slower)
    return json.dumps(json.loads(text), indent=2, ensure_ascii=False)


def _reason(x: float) -> str:
    if math.isnan(x):
        return "not a number: undefined (such as a share of nothing)"
    return f"{'minus ' if x < 0 else ''}infinity: too large to hold"


def _finite(obj: Any, path: str, reasons: dict[str, str]) -> Any:
    if isinstance(obj, float):
        if math.isfinite(obj):
            return obj
        reasons[path or "."] = _reason(obj)
        return None
    if isinstance(obj, str | int | bool) or obj is None:
        return obj
    if isinstance(obj, dict):
        return {k: _finite(v, f"{path}.{k}" if path else str(k), reasons) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_finite(v, f"{path}[{i}]", reasons) for i, v in enumerate(obj)]
    return _finite(_json_default(obj), path, reasons)


def _json_default(obj: Any) -> Any:
    if hasattr(obj, "to_dict"):
        return obj.to_dict()
    if isinstance(obj, set | frozenset | tuple):
        return sorted(obj) if isinstance(obj, set | frozenset) else list(obj)
    if hasattr(obj, "tolist"):  # numpy arrays and scalars
        return obj.tolist()
    if hasattr(obj, "item"):
        return obj.item()
    raise TypeError(f"cannot write {type(obj).__name__} as JSON")
