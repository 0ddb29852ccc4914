"""Is this machine ready for a workshop? Installed versions against ``environment.yml``.

Trainers run this (through ``notebooks/00-check-environment.ipynb``) before a
workshop: every dependency the project declares, the version it needs and the
version installed, plus the extras a workshop needs (Voilà, Debian's Chromium for
the browser tests).

Examples
--------
>>> ok, why = version_satisfies("3.6.1", ">=3.2")
>>> ok
True
>>> version_satisfies("2.0", ">=3.2,<4")[0]
False
"""

from __future__ import annotations

import re
import shutil
from importlib import metadata
from pathlib import Path
from typing import Any

import pandas as pd

__all__ = ["check_environment", "environment_file", "parse_requirement", "version_satisfies"]



def environment_file() -> Path:
    """The project's ``environment.yml`` (next to ``pyproject.toml``)."""
    return Path(__file__).resolve().parents[1] / "environment.yml"


def parse_requirement(spec: str) -> tuple[str, str]:
    """Split ``'pandas>=2.1'`` into ``('pandas', '>=2.1')`` (conda's ``name=1.2`` too).

    Examples
    --------
    >>> parse_requirement("pandas>=2.1")
    ('pandas', '>=2.1')
    >>> parse_requirement("python=3.11")
    ('python', '==3.11')
    """
    spec = spec.strip()
    m = re.match(r"^([A-Za-z0-9_.\-]+)(\[[^\]]*\])?\s*(.*)$", spec)
    if not m:
        raise ValueError(f"cannot read requirement {spec!r}")
    name, ver = m.group(1).lower(), m.group(3).replace(" ", "")
    if re.match(r"^=[^=]", ver):
        ver = "=" + ver
    return name, ver


def _vtuple(v: str) -> tuple:
    parts = []
    for p in re.split(r"[.+\-]", v):
        m = re.match(r"^(\d+)(.*)$", p)
        if m:
            parts.append((int(m.group(1)), m.group(2)))
        else:
            parts.append((-1, p))
    return tuple(parts)


def _cmp(a: str, b: str) -> int:
    ta, tb = _vtuple(a), _vtuple(b)
    n = max(len(ta), len(tb))
    ta += ((0, ""),) * (n - len(ta))
    tb += ((0, ""),) * (n - len(tb))
    return (ta > tb) - (ta < tb)


def version_satisfies(installed: str, spec: str) -> tuple[bool, str]:
    """Whether ``installed`` meets every clause of ``spec`` (``>=``, ``<=``, ``==``, ``<``, ``>``, ``!=``).

    Returns ``(ok, reason)``; ``reason`` names the failed clause. Pre-release suffixes
    compare as text after the numeric parts, which is good enough for this check.
    """
    if not spec:
        return True, ""
    for clause in spec.split(","):
        m = re.match(r"^(>=|<=|==|!=|<|>|~=)(.+)$", clause)
        if not m:
            continue
        op, want = m.groups()
        c = _cmp(installed, want)
        ok = {
            ">=": c >= 0, "<=": c <= 0, "==": c == 0 or installed.startswith(want + "."),
            "!=": c != 0, "<": c < 0, ">": c > 0, "~=": c >= 0,
        }[op]
        if not ok:
            return False, f"needs {clause}"
    return True, ""


def _requirements(path: Path) -> list[tuple[str, str, str]]:
    import yaml

    env = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    out = []
    for dep in env.get("dependencies", []):
        if isinstance(dep, dict):
            out.extend((*parse_requirement(s), "pip") for s in dep.get("pip", []))
        else:
            out.append((*parse_requirement(dep), "conda"))
    return [r for r in out if r[0] not in {"python", "pip"}]


def check_environment(path: str | Path | None = None) -> pd.DataFrame:
    """One row per declared dependency: ``package``, ``required``, ``installed``, ``ok``, ``note``.

    Also rows for the Python version and for Debian's ``chromium`` (used only by the
    browser tests and the workshop's own checks).
    """
    import sys

    path = Path(path) if path else environment_file()
    rows: list[dict[str, Any]] = []
    py = ".".join(map(str, sys.version_info[:3]))
    rows.append({"package": "python", "required": ">=3.11", "installed": py,
                 "ok": sys.version_info >= (3, 11), "note": ""})
    for name, spec, channel in _requirements(path):
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            rows.append({"package": name, "required": spec, "installed": None, "ok": False,
                         "note": f"not installed ({channel})"})
            continue
        ok, why = version_satisfies(installed, spec)
        rows.append({"package": name, "required": spec, "installed": installed, "ok": ok, "note": why})
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    rows.append({"package": "chromium (Debian)", "required": "for browser tests", "installed": chromium,
                 "ok": chromium is not None, "note": "" if chromium else "apt-get install chromium"})
    return pd.DataFrame(rows)
