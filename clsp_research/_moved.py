"""Old import paths, kept working for one release after the package was regrouped by job.

Up to version 0.1 about twenty modules stood side by side at the package's root
(``clsp_research.model``, ``clsp_research.io``, ``clsp_research.survey``...). They now live in
rooms named after what their users do: :mod:`clsp_research.partnership`,
:mod:`clsp_research.assess`, :mod:`clsp_research.tasks` and :mod:`clsp_research.workshop`.

So that notebooks and scripts written against the old paths do not break, importing an old
path still works: it gives a thin alias whose names are those of the new module(s), and a
:class:`DeprecationWarning` that names where to import from instead. :data:`MOVED` is the
whole table; the aliases go in version :data:`REMOVED_IN`. No file stands at an old path:
a finder appended to :data:`sys.meta_path` (after Python's own, so it never hides a real
module) answers for the names in the table alone.

Examples
--------
>>> import importlib, sys, warnings
>>> _ = sys.modules.pop("clsp_research.model", None)  # as in a fresh session
>>> with warnings.catch_warnings(record=True) as caught:
...     warnings.simplefilter("always")
...     from clsp_research.model import Partnership
>>> from clsp_research.partnership.model import Partnership as New
>>> Partnership is New
True
>>> caught[0].category.__name__
'DeprecationWarning'
>>> print(caught[0].message)  # doctest: +NORMALIZE_WHITESPACE
clsp_research.model has moved to clsp_research.partnership.model; import from there
(the old path is removed in version 0.3)
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import sys
import types
import warnings
from typing import Any

__all__ = ["MOVED", "REMOVED_IN", "install", "new_home"]

_PACKAGE = __name__.rpartition(".")[0]

#: Version in which the old paths stop working.
REMOVED_IN = "0.3"

#: Old module (under ``clsp_research.``) -> the module(s) that now hold its names, searched in order.
MOVED: dict[str, tuple[str, ...]] = {
    "model": ("partnership.model",),
    "io": ("partnership.casefile", "partnership.checks", "partnership.formats", "partnership.datasets"),
    "datasets": ("partnership.datasets",),
    "synthetic": ("partnership.synthetic",),
    "tables": ("partnership.tables",),
    "measures": ("partnership.measures",),
    "scenarios": ("assess.scenarios",),
    "provision": ("tasks.provision",),
    "funding": ("tasks.funding",),
    "referrals": ("tasks.referrals",),
    "interlocks": ("tasks.interlocks",),
    "survey": ("workshop.survey",),
    "waves": ("workshop.waves", "plotting.network"),  # shared_layout went to plotting
    "collaboration_levels": ("workshop.collaboration_levels",),
}


def new_home(old: str) -> tuple[str, ...]:
    """The full names of the modules that hold an old module's names.

    Examples
    --------
    >>> new_home("clsp_research.survey")
    ('clsp_research.workshop.survey',)
    >>> new_home("clsp_research.io")[0]
    'clsp_research.partnership.casefile'
    """
    short = old.removeprefix(_PACKAGE + ".")
    return tuple(f"{_PACKAGE}.{m}" for m in MOVED[short])


class _Alias(types.ModuleType):
    """A module at an old path: every name is looked up in the new modules, in order."""

    _targets: tuple[types.ModuleType, ...] = ()

    def __getattr__(self, name: str) -> Any:
        for target in self._targets:
            try:
                return getattr(target, name)
            except AttributeError:
                continue
        raise AttributeError(f"module {self.__name__!r} has no attribute {name!r}")

    def __dir__(self) -> list[str]:
        names = set(super().__dir__())
        for target in self._targets:
            names.update(dir(target))
        return sorted(names)


class _Finder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Finds the old paths of :data:`MOVED` (and nothing else) and loads them as aliases."""

    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> importlib.machinery.ModuleSpec | None:
        package, _, short = fullname.rpartition(".")
        if package != _PACKAGE or short not in MOVED:
            return None
        return importlib.machinery.ModuleSpec(fullname, self)

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType:
        return _Alias(spec.name)

    def exec_module(self, module: types.ModuleType) -> None:
        homes = new_home(module.__name__)
        targets = tuple(importlib.import_module(m) for m in homes)
        module._targets = targets  # type: ignore[attr-defined]
        module.__all__ = sorted({n for t in targets for n in getattr(t, "__all__", ())})  # type: ignore[attr-defined]
        module.__doc__ = f"Deprecated alias of {', '.join(homes)} (removed in {REMOVED_IN})."
        where = homes[0] if len(homes) == 1 else ", ".join(homes[:-1]) + " and " + homes[-1]
        verb = "has moved to" if len(homes) == 1 else "was split into"
        _warn_importer(
            f"{module.__name__} {verb} {where}; import from there "
            f"(the old path is removed in version {REMOVED_IN})"
        )


def _warn_importer(message: str) -> None:
    """Issue a :class:`DeprecationWarning` attributed to the line that imported the old path.

    The frames of the import machinery, of this module and of the package's ``__init__``
    (whose ``__getattr__`` serves ``clsp_research.model``-style access) are skipped, so the
    warning names the user's notebook cell or script line, and Python's default filters
    show it there (they show a deprecation that ``__main__`` triggers).
    """
    package_init = sys.modules[_PACKAGE].__file__ or ""
    frame = sys._getframe(1)
    while frame is not None:
        name = frame.f_code.co_filename
        if not ("importlib" in name or name in (__file__, package_init)):
            break
        frame = frame.f_back
    if frame is None:  # pragma: no cover - there is always an importer
        warnings.warn(message, DeprecationWarning, stacklevel=2)
        return
    globs = frame.f_globals
    warnings.warn_explicit(
        message,
        DeprecationWarning,
        frame.f_code.co_filename,
        frame.f_lineno,
        module=globs.get("__name__", "<unknown>"),
        registry=globs.setdefault("__warningregistry__", {}),
        # no module_globals: for ``python -c`` they name a loader that cannot give source, and the
        # warning would turn into an ImportError; the source line is read by file name instead
    )


def install() -> None:
    """Append the finder of old paths to :data:`sys.meta_path` (once)."""
    if not any(isinstance(f, _Finder) for f in sys.meta_path):
        sys.meta_path.append(_Finder())
