"""What every sub-command prints with ``--json``: one JSON object on stdout and nothing else.

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
"""

from __future__ import annotations

import json
import sys
from typing import Any

__all__ = ["print_json"]


def print_json(obj: Any) -> None:
    """Print one JSON object on stdout (the ``--json`` contract: nothing else on stdout)."""
    json.dump(obj, sys.stdout, indent=2, ensure_ascii=False, default=_json_default)
    sys.stdout.write("\n")


def _json_default(obj: Any) -> Any:
    if hasattr(obj, "to_dict"):
        return obj.to_dict()
    if isinstance(obj, set | frozenset | tuple):
        return sorted(obj) if isinstance(obj, set | frozenset) else list(obj)
    if hasattr(obj, "item"):  # numpy scalars
        return obj.item()
    raise TypeError(f"cannot write {type(obj).__name__} as JSON")
