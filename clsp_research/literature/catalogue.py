"""The literature catalogue: frameworks and their items, read from YAML data.

Each framework (a continuum, a list of success factors, a set of tasks...) is one
file in ``data/frameworks/``; each item carries an id, a name, a summary in the
project's own words, the seed paragraph it comes from and its citations. The
scoring rules read this data, so a rule never cites a work the catalogue does not.

Examples
--------
>>> df = catalogue()
>>> list(df.loc[df.framework == "continuum", "id"])
['networking', 'co-operation', 'co-ordination', 'integration']
>>> item("success_factors", "trust").name
'Trust'
>>> len(framework("clsp_main_tasks").items)
6
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import CLSPError, UnknownKeyError
from .citations import parse_cite

if TYPE_CHECKING:  # pandas is imported by the functions that make tables; reading the catalogue needs none
    import pandas as pd

__all__ = [
    "CatalogueItem",
    "Framework",
    "catalogue",
    "framework",
    "frameworks",
    "item",
    "search",
    "stage_characteristics",
]

DATA_DIR = Path(__file__).resolve().parent / "data" / "frameworks"
_ITEM_CORE = ("id", "name", "summary", "source", "cites", "level", "maps_to")


@dataclass(frozen=True)
class CatalogueItem:
    """One item of a framework (a stage, a factor, a task...)."""

    framework: str
    id: str
    name: str
    summary: str
    source: str
    cites: tuple[str, ...]
    position: int
    level: int | None = None
    maps_to: str | None = None
    extra: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)

    @property
    def keys(self) -> tuple[str, ...]:
        """The bibliography keys this item cites (locators dropped, order kept, no repeats)."""
        return tuple(dict.fromkeys(parse_cite(c)[0] for c in self.cites))

    def __getitem__(self, name: str) -> Any:
        """Framework-specific fields (``characteristics``, ``question``, ``remedies``...)."""
        return self.extra[name]

    def get(self, name: str, default: Any = None) -> Any:
        """A framework-specific field, or ``default``."""
        return self.extra.get(name, default)


@dataclass(frozen=True)
class Framework:
    """A framework of the literature with its ordered items."""

    id: str
    name: str
    kind: str
    ordered: bool
    description: str
    source: str
    cites: tuple[str, ...]
    items: tuple[CatalogueItem, ...]

    @property
    def item_ids(self) -> list[str]:
        """Ids of the items in order."""
        return [i.id for i in self.items]

    def item(self, item_id: str) -> CatalogueItem:
        """One item by id."""
        for i in self.items:
            if i.id == item_id:
                return i
        raise UnknownKeyError(
            f"framework {self.id!r} has no item {item_id!r}; items are: {', '.join(self.item_ids)}"
        )

    def to_frame(self) -> pd.DataFrame:
        """The framework's rows of :func:`catalogue`."""
        df = catalogue()
        return df[df.framework == self.id].reset_index(drop=True)


def _fail(path: Path, msg: str) -> CLSPError:
    return CLSPError(f"{path.name}: {msg}")


def _load_framework(path: Path) -> Framework:
    import yaml  # a light dependency, only needed when the catalogue is first read

    try:  # libyaml's safe loader when PyYAML was built with it (about 8 times faster), else the pure-Python one
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        raise _fail(path, f"invalid YAML: {exc}") from None
    if not isinstance(raw, dict):
        raise _fail(path, "expected a mapping with id, name, items")
    for k in ("id", "name", "items"):
        if k not in raw:
            raise _fail(path, f"missing field {k!r}")
    fid = raw["id"]
    if fid != path.stem:
        raise _fail(path, f"id {fid!r} differs from the file name")
    items = []
    seen: set[str] = set()
    for pos, it in enumerate(raw["items"]):
        where = f"items[{pos}]"
        if not isinstance(it, dict) or "id" not in it or "name" not in it:
            raise _fail(path, f"{where}: each item needs an id and a name")
        iid = str(it["id"])
        if iid in seen:
            raise _fail(path, f"{where}: duplicate item id {iid!r}")
        seen.add(iid)
        cites = tuple(str(c) for c in (it.get("cites") or ()))
        if not cites:
            raise _fail(path, f"{where} ({iid}): an item must cite at least one work")
        items.append(
            CatalogueItem(
                framework=fid,
                id=iid,
                name=str(it["name"]).strip(),
                summary=" ".join(str(it.get("summary", "")).split()),
                source=str(it.get("source", raw.get("source", ""))).strip(),
                cites=cites,
                position=pos,
                level=it.get("level"),
                maps_to=it.get("maps_to"),
                extra={k: v for k, v in it.items() if k not in _ITEM_CORE},
            )
        )
    return Framework(
        id=fid,
        name=str(raw["name"]).strip(),
        kind=str(raw.get("kind", "")),
        ordered=bool(raw.get("ordered", False)),
        description=" ".join(str(raw.get("description", "")).split()),
        source=str(raw.get("source", "")).strip(),
        cites=tuple(str(c) for c in (raw.get("cites") or ())),
        items=tuple(items),
    )


@lru_cache(maxsize=1)
def _framework_paths() -> dict[str, Path]:
    """Framework id -> its file; a framework's id is its file's name (checked when it is read)."""
    paths = sorted(DATA_DIR.glob("*.yaml"))
    if not paths:
        raise CLSPError(f"no catalogue files found in {DATA_DIR}")
    return {p.stem: p for p in paths}


@cache
def _framework(framework_id: str) -> Framework:
    return _load_framework(_framework_paths()[framework_id])


def _frameworks() -> dict[str, Framework]:
    return {fid: _framework(fid) for fid in _framework_paths()}


def frameworks() -> list[str]:
    """Ids of every framework in the catalogue, sorted (from the file names: no file is parsed).

    Examples
    --------
    >>> {"success_factors", "tensions", "lsc_tasks"} <= set(frameworks())
    True
    """
    return sorted(_framework_paths())


def framework(framework_id: str) -> Framework:
    """One framework by id (``UnknownKeyError`` listing the ids if unknown)."""
    fws = _framework_paths()
    if framework_id not in fws:
        raise UnknownKeyError(f"unknown framework {framework_id!r}; frameworks are: {', '.join(sorted(fws))}")
    return _framework(framework_id)


def item(framework_id: str, item_id: str) -> CatalogueItem:
    """One item of one framework."""
    return framework(framework_id).item(item_id)


@lru_cache(maxsize=1)
def _catalogue_frame() -> pd.DataFrame:
    import pandas as pd

    rows = []
    for fw in _frameworks().values():
        for it in fw.items:
            rows.append(
                {
                    "framework": fw.id,
                    "framework_name": fw.name,
                    "kind": fw.kind,
                    "position": it.position,
                    "id": it.id,
                    "name": it.name,
                    "summary": it.summary,
                    "cites": list(it.cites),
                    "keys": list(it.keys),
                    "source": it.source,
                    "level": it.level,
                    "maps_to": it.maps_to,
                    "extra": dict(it.extra),
                }
            )
    df = pd.DataFrame(rows)
    df["level"] = df["level"].astype("Int64")
    return df


def catalogue() -> pd.DataFrame:
    """The whole catalogue as a tidy DataFrame, one row per item.

    Columns: ``framework``, ``framework_name``, ``kind``, ``position`` (order within
    the framework), ``id``, ``name``, ``summary``, ``cites`` (list of ``"key, locator"``
    strings), ``keys`` (list of bare bibliography keys), ``source`` (seed paragraph),
    ``level`` and ``maps_to`` (for continua), ``extra`` (framework-specific fields).
    A fresh copy is returned, so callers may modify it.
    """
    return _catalogue_frame().copy()


def search(text: str, frameworks: Iterable[str] | None = None) -> pd.DataFrame:
    """Items whose name, summary or id contain every word of ``text`` (case-insensitive).

    Examples
    --------
    >>> hits = search("pooled budget")
    >>> "integration" in set(hits.id)
    True
    """
    import pandas as pd

    df = _catalogue_frame()
    if frameworks is not None:
        wanted = list(frameworks)
        for f in wanted:
            framework(f)  # fail loudly on unknown ids
        df = df[df.framework.isin(wanted)]
    words = [w for w in re.split(r"\s+", text.lower().strip()) if w]
    if not words:
        return df.copy().reset_index(drop=True)
    hay = (df["id"] + " " + df["name"] + " " + df["summary"]).str.lower()
    mask = pd.Series(True, index=df.index)
    for w in words:
        mask &= hay.str.contains(w, regex=False)
    return df[mask].copy().reset_index(drop=True)


def stage_characteristics(framework_id: str = "continuum") -> pd.DataFrame:
    """A stage-by-characteristic table of a continuum's structured fields.

    Returns one row per stage with, for each characteristic (formality, goals,
    planning, authority, resources, risk), a ``<name>`` label column and a
    ``<name>_rank`` ordinal column.

    Examples
    --------
    >>> t = stage_characteristics()
    >>> bool(t["risk_rank"].is_monotonic_increasing)
    True
    """
    import pandas as pd

    fw = framework(framework_id)
    rows = []
    for it in fw.items:
        ch = it.get("characteristics") or {}
        row: dict[str, Any] = {"stage": it.id, "level": it.level}
        for name, value in ch.items():
            if isinstance(value, dict):
                row[name] = value.get("label")
                row[f"{name}_rank"] = value.get("rank")
            else:
                row[name] = value
        rows.append(row)
    return pd.DataFrame(rows).set_index("stage")
