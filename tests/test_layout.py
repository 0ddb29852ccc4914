"""The package's layout: rooms by job, imports that run one way, old paths that still work.

Every import the package's code makes is read from its source (top-level, inside functions and
under ``TYPE_CHECKING`` alike) and drawn as a graph of modules: it must have no circle, and a room
(``partnership/``, ``assess/``...) may import only from its own room and from rooms on lower
floors. The module paths of version 0.1 must still import, with a deprecation warning, and still
hold every name they exported.
"""

from __future__ import annotations

import ast
import importlib
import json
import re
import subprocess
import sys
import warnings
from pathlib import Path

import networkx as nx
import pytest

import clsp_research
from clsp_research import _moved

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "clsp_research"
PUBLIC_01 = json.loads((Path(__file__).parent / "fixtures" / "layout" / "public_names_0.1.json").read_text())

#: Floors, lowest first: a room imports from its own room and from rooms on lower floors only.
FLOORS: list[set[str]] = [
    {"errors", "_moved", "text"},  # the ground: exceptions, the table of old paths, how values read
    {"fileio"},  # safe writes; its output-path policy raises the project's input error (issue 15)
    {"literature"},
    {"partnership"},
    {"assess"},
    {"tasks", "workshop", "dynamics"},
    {"plotting"},
    {"report"},
    {"ui", "commands"},
    {"cli", "envcheck"},
]
#: The package's face (``clsp_research/__init__.py``) hands on names from these rooms only.
FACE_IMPORTS = {"_moved", "errors", "literature", "partnership"}
#: What may stand at the package's root besides the rooms (folders).
ROOT_MODULES = {"__init__", "_moved", "cli", "envcheck", "errors", "fileio", "report", "text"}
#: Longest module, in lines, without a reason stated in its docstring.
MAX_LINES = 800


def _modules() -> dict[str, tuple[Path, bool]]:
    out = {}
    for f in sorted(PACKAGE.rglob("*.py")):
        parts = list(f.relative_to(ROOT).with_suffix("").parts)
        is_pkg = parts[-1] == "__init__"
        if is_pkg:
            parts = parts[:-1]
        out[".".join(parts)] = (f, is_pkg)
    return out


MODULES = _modules()


def _resolve(name: str) -> str | None:
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def import_graph() -> nx.DiGraph:
    """Module -> module it imports, for every import statement anywhere in the package's code."""
    g = nx.DiGraph()
    for mod, (path, is_pkg) in MODULES.items():
        g.add_node(mod)
        base = mod if is_pkg else mod.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    parts = base.split(".")
                    parts = parts[: len(parts) - (node.level - 1)]
                    full = ".".join(parts + ([node.module] if node.module else []))
                else:
                    full = node.module or ""
                # ``from pkg import sub`` imports the submodule when there is one
                targets = [f"{full}.{a.name}" if f"{full}.{a.name}" in MODULES else full for a in node.names]
            for t in targets:
                if t == "clsp_research" or t.startswith("clsp_research."):
                    r = _resolve(t)
                    if r and r != mod:
                        g.add_edge(mod, r)
    return g


GRAPH = import_graph()


def room(module: str) -> str:
    parts = module.split(".")
    return "__init__" if len(parts) == 1 else parts[1]


def floor(r: str) -> int:
    for i, rooms in enumerate(FLOORS):
        if r in rooms:
            return i
    raise AssertionError(f"room {r!r} is on no floor: add it to FLOORS in {Path(__file__).name}")


def test_the_graph_sees_known_imports():
    # The reader must see relative, lazy and TYPE_CHECKING imports, or the checks below prove nothing.
    assert GRAPH.has_edge("clsp_research.assess.signals", "clsp_research.partnership.measures")  # from .. import
    assert GRAPH.has_edge("clsp_research.assess.ties", "clsp_research.assess.rubric")  # TYPE_CHECKING
    assert GRAPH.has_edge("clsp_research.report", "clsp_research.assess")  # inside a function
    assert GRAPH.has_edge("clsp_research.ui.debrief", "clsp_research.workshop.survey_files")


def test_no_import_circle():
    cycles = list(nx.simple_cycles(GRAPH))
    assert not cycles, "import circles: " + "; ".join(" -> ".join([*c, c[0]]) for c in cycles)


def test_rooms_import_only_their_own_room_or_lower_floors():
    wrong = []
    for a, b in GRAPH.edges:
        ra, rb = room(a), room(b)
        if ra == rb:
            continue
        if ra == "__init__":
            if rb not in FACE_IMPORTS:
                wrong.append(f"{a} -> {b} (the package's face hands on only {sorted(FACE_IMPORTS)})")
            continue
        if rb == "__init__":
            if ra != "cli":  # the command line reads __version__
                wrong.append(f"{a} -> {b} (only cli reads the package's face)")
            continue
        if floor(rb) >= floor(ra):
            wrong.append(f"{a} -> {b} ({ra} is on floor {floor(ra)}, {rb} on floor {floor(rb)})")
    assert not wrong, "imports that run up or sideways:\n" + "\n".join(sorted(wrong))


def test_the_package_root_holds_rooms_not_loose_modules():
    loose = {p.stem for p in PACKAGE.glob("*.py")}
    assert loose == ROOT_MODULES, f"unexpected at the root: {sorted(loose - ROOT_MODULES)}"
    rooms = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert rooms == set().union(*FLOORS) - ROOT_MODULES


def test_long_modules_say_why():
    for mod, (path, _) in MODULES.items():
        lines = path.read_text(encoding="utf-8").count("\n")
        if lines > MAX_LINES:
            doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
            assert "lines long because" in doc, f"{mod} has {lines} lines and no reason for it in its docstring"


def test_old_paths_are_not_files():
    # An old path is answered by the finder alone: a file there would shadow it without a warning.
    for old in _moved.MOVED:
        assert not (PACKAGE / f"{old}.py").exists(), old


@pytest.mark.parametrize("old", sorted(_moved.MOVED))
def test_old_path_imports_with_a_warning_naming_the_new_home(old):
    name = f"clsp_research.{old}"
    sys.modules.pop(name, None)
    with pytest.warns(DeprecationWarning, match=r"clsp_research\.(partnership|assess|tasks|workshop)\.") as rec:
        mod = importlib.import_module(name)
    # the warning points at the line that imported the old path, not at the import machinery
    assert Path(rec[0].filename).name == "test_layout.py"
    for home in _moved.new_home(name):
        assert home in str(rec[0].message)
    # every name the module exported in 0.1 is still there, and is the new module's own object
    homes = [importlib.import_module(h) for h in _moved.new_home(name)]
    for attr in PUBLIC_01[name]:
        value = getattr(mod, attr)
        assert any(getattr(h, attr, None) is value for h in homes), f"{name}.{attr}"


def test_old_path_warning_names_the_users_line(tmp_path):
    script = tmp_path / "analysis.py"
    script.write_text("import clsp_research as clsp\nfrom clsp_research.io import load_case\nclsp.measures\n")
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    # Python's default filters show a deprecation that __main__ triggers: both lines are named
    assert f"{script}:2: DeprecationWarning: clsp_research.io was split into" in out.stderr
    assert f"{script}:3: DeprecationWarning: clsp_research.measures has moved to clsp_research.partnership" \
        in out.stderr


def test_old_path_under_an_error_filter_raises_the_deprecation_itself():
    # ``python -W error -c``: the warning must become the DeprecationWarning, not another error
    out = subprocess.run([sys.executable, "-W", "error::DeprecationWarning", "-c", "import clsp_research.io"],
                         capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert out.returncode == 1
    assert out.stderr.strip().splitlines()[-1].startswith("DeprecationWarning: clsp_research.io was split into")


@pytest.mark.parametrize("path", sorted(k for k in PUBLIC_01 if k.removeprefix("clsp_research.") not in _moved.MOVED))
def test_unmoved_modules_keep_their_01_names(path):
    mod = importlib.import_module(path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        missing = [n for n in PUBLIC_01[path] if not hasattr(mod, n)]
    assert not missing, f"{path} lost {missing}"


def test_same_objects_through_old_and_new_paths():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        from clsp_research.io import load_case as old_load
        from clsp_research.model import Partnership as OldPartnership

        from clsp_research.workshop import save_submission as old_save
    from clsp_research.partnership.casefile import load_case
    from clsp_research.partnership.model import Partnership
    from clsp_research.workshop.submissions import save_submission

    assert old_load is load_case and OldPartnership is Partnership and old_save is save_submission
    assert clsp_research.Partnership is Partnership


def test_unknown_names_still_fail():
    with pytest.raises(ModuleNotFoundError):
        importlib.import_module("clsp_research.no_such_module")
    with pytest.raises(AttributeError):
        clsp_research.no_such_name  # noqa: B018
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        io = importlib.import_module("clsp_research.io")
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        io.nope  # noqa: B018


def test_the_package_itself_never_uses_an_old_path():
    # A fresh interpreter imports every module of the package with deprecations as errors.
    code = (
        "import importlib, pkgutil, warnings\n"
        "warnings.simplefilter('error', DeprecationWarning)\n"
        "import clsp_research\n"
        "for m in pkgutil.walk_packages(clsp_research.__path__, 'clsp_research.'):\n"
        "    importlib.import_module(m.name)\n"
        "import sys\n"
        "old = {'clsp_research.' + m for m in clsp_research._moved.MOVED}\n"
        "print(sorted(old & set(sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def _dotted_references() -> list[tuple[str, str]]:
    """Every ``clsp_research.a.b`` written in the package, the notebooks, the scripts and the docs."""
    files = [*PACKAGE.rglob("*.py"), *PACKAGE.rglob("*.yaml"), *(ROOT / "notebooks").glob("*.ipynb"),
             *(ROOT / "scripts").glob("*.py"), *(ROOT / "data").rglob("*.md"), ROOT / "README.md"]
    refs = set()
    for f in files:
        for m in re.finditer(r"clsp_research(?:\.[A-Za-z_]\w*)+", f.read_text(encoding="utf-8")):
            refs.add((str(f.relative_to(ROOT)), m.group(0)))
    return sorted(refs)


def test_every_dotted_reference_names_something_that_exists():
    # Messages, docstrings and docs that name a function by its path must follow the moves.
    wrong = []
    for where, ref in _dotted_references():
        parts = ref.split(".")
        for i in range(len(parts), 0, -1):
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", DeprecationWarning)
                    obj = importlib.import_module(".".join(parts[:i]))
                break
            except ImportError:
                continue
        try:
            for attr in parts[i:]:
                obj = getattr(obj, attr)
        except AttributeError:
            wrong.append(f"{where}: {ref}")
    assert not wrong, "references to nothing:\n" + "\n".join(wrong)
    assert len(_dotted_references()) > 100  # the search finds the references it is meant to check


def test_commands_survey_names_of_01_warn_and_point_to_their_new_home():
    from clsp_research.partnership.datasets import load_case_ref
    from clsp_research.workshop.survey_files import LoadedSurvey

    mod = importlib.import_module("clsp_research.commands.survey")
    with pytest.warns(DeprecationWarning, match=r"partnership\.datasets\.load_case_ref"):
        assert mod.load_case_arg is load_case_ref
    with pytest.warns(DeprecationWarning, match=r"workshop\.survey_files\.LoadedSurvey"):
        assert mod.LoadedSurvey is LoadedSurvey
    with pytest.raises(AttributeError):
        mod.no_such_reader  # noqa: B018
