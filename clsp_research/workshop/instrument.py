"""The survey instrument: the statements participants rate, each mapped to one success factor.

Kept apart from :mod:`~clsp_research.workshop.survey` (which re-exports it and does the
statistics with numpy and pandas) so that the workshop's participant form, one kernel per
person in the room, loads neither.

Examples
--------
>>> inst = instrument()
>>> inst.item("trust_1").factor, inst.labels[inst.scale_max]
('trust', 'strongly agree')
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import CLSPInputError, UnknownKeyError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Instrument", "SurveyItem", "factor_ids", "instrument"]

_INSTRUMENT_DIR = Path(__file__).resolve().parents[1] / "literature" / "data" / "instruments"


@dataclass(frozen=True)
class SurveyItem:
    """One statement of the instrument, mapped to one success factor."""

    id: str
    factor: str
    text: str
    source: str
    reverse: bool = False


@dataclass(frozen=True)
class Instrument:
    """A survey instrument: its scale and its items."""

    id: str
    name: str
    version: int
    scale_min: int
    scale_max: int
    labels: dict[int, str] = field(hash=False, compare=False)
    dont_know: str
    items: tuple[SurveyItem, ...]
    cites: tuple[str, ...] = ()

    @property
    def factors(self) -> list[str]:
        """Factor ids in the order their first item appears."""
        return list(dict.fromkeys(i.factor for i in self.items))

    def item(self, item_id: str) -> SurveyItem:
        """One item by id."""
        for i in self.items:
            if i.id == item_id:
                return i
        raise UnknownKeyError(f"instrument {self.id!r} has no item {item_id!r}")

    def to_frame(self) -> pd.DataFrame:
        """The items as a DataFrame (``id``, ``factor``, ``text``, ``source``, ``reverse``)."""
        import pandas as pd

        return pd.DataFrame([i.__dict__ for i in self.items])


@lru_cache(maxsize=4)
def instrument(name: str = "factor_survey") -> Instrument:
    """Load a survey instrument shipped with the package.

    Examples
    --------
    >>> inst = instrument()
    >>> len(inst.items), len(inst.factors), inst.scale_max
    (28, 14, 5)
    """
    import yaml

    path = _INSTRUMENT_DIR / f"{name}.yaml"
    if not path.exists():
        known = ", ".join(sorted(p.stem for p in _INSTRUMENT_DIR.glob("*.yaml")))
        raise UnknownKeyError(f"unknown instrument {name!r}; instruments are: {known}")
    raw = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    valid = set(factor_ids())
    items = []
    for i, it in enumerate(raw["items"]):
        if it["factor"] not in valid:
            raise CLSPInputError(f"unknown factor {it['factor']!r}", file=path, field=f"items[{i}].factor")
        items.append(SurveyItem(id=it["id"], factor=it["factor"], text=" ".join(it["text"].split()),
                                source=it.get("source", ""), reverse=bool(it.get("reverse", False))))
    scale = raw["scale"]
    return Instrument(
        id=raw["id"], name=raw["name"], version=int(raw.get("version", 1)),
        scale_min=int(scale["min"]), scale_max=int(scale["max"]),
        labels={int(k): v for k, v in scale.get("labels", {}).items()},
        dont_know=scale.get("dont_know", "don't know"), items=tuple(items),
        cites=tuple(raw.get("cites", ())),
    )


def factor_ids() -> list[str]:
    """The fourteen success-factor ids, in the catalogue's order."""
    from ..literature import framework

    return framework("success_factors").item_ids
