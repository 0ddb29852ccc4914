#!/usr/bin/env bash
# The wheel route, as a researcher takes it (CI runs this from .ci/run; `make check-wheel`):
#   1. the package's copies of data/ and references.bib are up to date;
#   2. an sdist is built, and the wheel is built from that sdist (python -m build);
#   3. the wheel holds every data file, the bibliography, py.typed and the licence; the sdist holds the tests
#      with their conftest and fixtures, the data, the citation file and no links;
#   4. the wheel is installed into a fresh venv outside the checkout (pip may use the network);
#   5. there, in an empty folder holding only the wheel's own copy of data/, the README's command-line
#      examples run as written (clsp workshop must say which extra it needs: the venv has only the core),
#      envcheck reads the installed metadata, and cite() works;
#   6. the sdist, unpacked, runs its own packaging and data tests.
# CLSP_CHECK_WORKSHOP=1 also installs the workshop extra and serves `clsp workshop` from the wheel.
# Usage: bash scripts/check_wheel.sh [PYTHON]   (PYTHON: one with pytest, for step 6; default python3)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
DEV_PY=${1:-python3}
# A relative path (make passes .venv/bin/python) must survive the cd into the unpacked sdist below.
case "$DEV_PY" in /*) ;; */*) DEV_PY="$ROOT/$DEV_PY" ;; esac
BASE_PY=$(command -v python3.11 2>/dev/null || command -v python3)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/clsp-wheel-check.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
step() { printf '\n== %s (%ss)\n' "$1" "$SECONDS"; }

step "package copies of data/ and references.bib"
"$DEV_PY" scripts/sync_package_data.py --check

step "sdist, then the wheel built from it"
"$BASE_PY" -m venv "$WORK/build-env"
"$WORK/build-env/bin/python" -m pip install -qq --disable-pip-version-check build
"$WORK/build-env/bin/python" -m build --outdir "$WORK/dist" . >"$WORK/build.log" 2>&1 || { tail -30 "$WORK/build.log"; exit 1; }
WHEEL=$(ls "$WORK"/dist/*.whl)
SDIST=$(ls "$WORK"/dist/*.tar.gz)
ls -l "$WORK/dist"

step "what the wheel holds"
"$DEV_PY" - "$WHEEL" "$ROOT" <<'EOF'
import sys, zipfile
from pathlib import Path
wheel, root = sys.argv[1], Path(sys.argv[2])
names = set(zipfile.ZipFile(wheel).namelist())
want = {f"clsp_research/_data/{p.relative_to(root / 'data').as_posix()}" for p in (root / "data").rglob("*") if p.is_file()}
want |= {"clsp_research/literature/references.bib", "clsp_research/py.typed"}
missing = sorted(want - names)
assert not missing, f"missing from the wheel: {missing}"
assert any(n.endswith(".dist-info/LICENSE") or "/licenses/LICENSE" in n for n in names), "no LICENSE in the wheel"
assert not any("tests/" in n or n.startswith("data/") for n in names), "the wheel holds tests or a top-level data/"
print(f"{len(names)} files; every data file, the bibliography, py.typed and the licence are in")
EOF

step "what the sdist holds"
"$DEV_PY" - "$SDIST" "$ROOT" <<'EOF'
import sys, tarfile
from pathlib import Path
sdist, root = sys.argv[1], Path(sys.argv[2])
with tarfile.open(sdist) as tar:
    members = {m.name.split("/", 1)[1]: m for m in tar.getmembers() if "/" in m.name}
assert not [n for n, m in members.items() if m.issym() or m.islnk()], "the sdist holds links"
for rel in ("tests/conftest.py", "tests/fixtures/io/valid.yaml", "LICENSE", "CITATION.cff", "CHANGELOG.md",
            "clsp_research/py.typed", "clsp_research/literature/references.bib", "references.bib",
            "docs/architecture.md", "notebooks/00-check-environment.ipynb", "scripts/sync_package_data.py"):
    assert rel in members, f"{rel} missing from the sdist"
for path in (root / "data").rglob("*"):
    if path.is_file():
        rel = path.relative_to(root / "data").as_posix()
        assert f"data/{rel}" in members and f"clsp_research/_data/{rel}" in members, f"{rel} missing from the sdist"
assert not [n for n in members if "__pycache__" in n or ".ipynb_checkpoints" in n], "caches in the sdist"
print(f"{len(members)} entries; tests with conftest and fixtures, data twice (source and package copy), no links")
EOF

step "a fresh venv outside the checkout, with the wheel"
"$BASE_PY" -m venv "$WORK/venv"
"$WORK/venv/bin/python" -m pip install -qq --disable-pip-version-check "$WHEEL"
RUN="$WORK/run"
mkdir -p "$RUN"
cd "$RUN"
export PATH="$WORK/venv/bin:$PATH"
unset PYTHONPATH CLSP_DATA CLSP_REFERENCES
# The README's examples read data/...: give them the wheel's own copy, nothing from the checkout.
"$WORK/venv/bin/python" - <<'EOF'
import shutil
from clsp_research.partnership.datasets import data_path
import clsp_research
assert "/venv/" in clsp_research.__file__, clsp_research.__file__
shutil.copytree(data_path(), "data")
EOF

step "the README's command-line examples, from the wheel"
"$WORK/venv/bin/python" - "$ROOT" <<'EOF'
import importlib.util, re, shlex, subprocess, sys
from pathlib import Path
root = Path(sys.argv[1])
script = root / "scripts" / "readme_examples.py"
if script.exists():  # the one list the checkout's own test runs
    spec = importlib.util.spec_from_file_location("readme_examples", script)
    mod = importlib.util.module_from_spec(spec); spec.loader.exec_module(mod)
    examples = [mod.arguments(e) for e in mod.examples(root / "README.md")]
else:
    text = (root / "README.md").read_text(encoding="utf-8")
    examples = []
    for block in re.findall(r"^```bash\n(.*?)^```", text, flags=re.M | re.S):
        for line in block.splitlines():
            words = shlex.split(line, comments=True)
            if words and words[0] in ("clsp", ".venv/bin/clsp"):
                examples.append(words[1:])
assert len(examples) >= 10, examples
failed = []
for args in examples:
    r = subprocess.run(["clsp", *args], capture_output=True, text=True, timeout=240)
    if args[0] == "workshop" and args[1:2] != ["export"]:  # serving needs the workshop extra: the message names it
        ok = r.returncode == 1 and ("pip install 'clsp-research[workshop]'" in r.stderr
                                    or "pip install 'voila" in r.stderr) and "ui-test" not in r.stderr
    else:
        ok = r.returncode == 0 and r.stdout.strip() != ""
    print(("ok   " if ok else "FAIL ") + "clsp " + shlex.join(args))
    if not ok:
        failed.append((args, r.returncode, r.stderr[-800:]))
for args, code, err in failed:
    print(f"\n--- clsp {shlex.join(args)} exited {code}\n{err}")
sys.exit(1 if failed else 0)
EOF

if [ "${CLSP_CHECK_WORKSHOP:-0}" = 1 ]; then  # opt-in: about a minute more (Voila and the Jupyter server)
    step "clsp workshop from the wheel, with the workshop extra"
    "$WORK/venv/bin/python" -m pip install -qq --disable-pip-version-check "$WHEEL[workshop]"
    "$WORK/venv/bin/python" - <<'EOF'
import signal, subprocess, time
cmd = ["clsp", "workshop", "--dir", "answers", "--case", "pioneer_first_year", "--port", "0", "--preheat", "0"]
proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
seen, deadline = [], time.monotonic() + 180
try:
    for line in proc.stdout:
        seen.append(line)
        if line.startswith("Press Ctrl-C") or time.monotonic() > deadline:
            break
    assert any(line.startswith("Workshop app: http://127.0.0.1:") for line in seen), "".join(seen)
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=60) == 0, "".join(seen)
    print("served from the wheel and stopped cleanly")
finally:
    if proc.poll() is None:
        proc.kill()
EOF
fi

step "envcheck and cite() from the install"
"$WORK/venv/bin/python" - <<'EOF'
import clsp_research as clsp
from clsp_research.envcheck import check_environment
report = check_environment(extras=())
core = report[report.extra == "core"]
assert core.ok.all(), core[~core.ok]
assert {"networkx", "pandas", "packaging"} <= set(core.package)
assert clsp.cite("griffith2002", "§3.74") == "Griffith 2002, §3.74"
print(f"envcheck: {len(core)} core rows ok (read from the installed metadata); clsp {clsp.__version__}")
EOF

step "the sdist's own tests"
mkdir -p "$WORK/sdist"
tar -xzf "$SDIST" -C "$WORK/sdist"
SRC=$(ls -d "$WORK"/sdist/*/)
cd "$SRC"
test -f tests/conftest.py && test -d tests/fixtures
PYTHONPATH="$SRC" timeout 600 "$DEV_PY" -m pytest -q -x -m "not browser" \
    tests/test_packaging.py tests/test_package_data.py tests/test_envcheck.py tests/test_project_docs.py \
    tests/test_case_studies.py tests/test_io.py

step "wheel route checked"
