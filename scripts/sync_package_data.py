"""Copy the project's data and bibliography into the package, as real files.

People look at and edit ``data/`` and ``references.bib`` at the top of the repository. The
package ships copies of them (``clsp_research/_data/`` and
``clsp_research/literature/references.bib``) so that a wheel, an sdist and a checkout
without symbolic links (``git -c core.symlinks=false clone``, the Windows default) all
carry the same files. This script makes the copies; ``tests/test_package_data.py`` fails
when they differ from the sources.

    python scripts/sync_package_data.py           # copy what changed, delete what is gone
    python scripts/sync_package_data.py --check   # list differences; exit 1 if any

(``make sync-data`` runs the first.)
"""

from __future__ import annotations

import argparse
import filecmp
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: (source, package copy), relative to the repository's top folder.
PAIRS = [
    ("data", "clsp_research/_data"),
    ("references.bib", "clsp_research/literature/references.bib"),
]

#: Names never copied (caches, editor and notebook leftovers).
IGNORED = {"__pycache__", ".ipynb_checkpoints", ".DS_Store"}

COMMAND = "python scripts/sync_package_data.py  (or: make sync-data)"


def _files(base: Path) -> set[str]:
    """Relative paths of the regular files under ``base`` (or ``{''}`` when ``base`` is a file)."""
    if base.is_file() and not base.is_symlink():
        return {""}
    if not base.is_dir() or base.is_symlink():
        return set()
    out = set()
    for path in base.rglob("*"):
        rel = path.relative_to(base)
        if any(part in IGNORED or part.startswith(".") for part in rel.parts):
            continue
        if path.is_file():
            out.add(rel.as_posix())
    return out


def _join(base: Path, rel: str) -> Path:
    return base / rel if rel else base


def differences(root: Path = ROOT) -> list[str]:
    """What differs between each source and its package copy, one line per file ('' when identical).

    A package copy that is a symbolic link counts as different: the package holds real files.
    """
    out = []
    for src_rel, dst_rel in PAIRS:
        src, dst = root / src_rel, root / dst_rel
        if dst.is_symlink():
            out.append(f"{dst_rel}: a symbolic link, not a copy of {src_rel}")
            continue
        have, want = _files(dst), _files(src)
        for rel in sorted(want - have):
            out.append(f"{dst_rel}/{rel}".rstrip("/") + f": missing (source {src_rel})")
        for rel in sorted(have - want):
            out.append(f"{dst_rel}/{rel}".rstrip("/") + ": not in the source (left over)")
        for rel in sorted(want & have):
            if not filecmp.cmp(_join(src, rel), _join(dst, rel), shallow=False):
                out.append(f"{dst_rel}/{rel}".rstrip("/") + f": differs from {src_rel}/{rel}".rstrip("/"))
    return out


def sync(root: Path = ROOT) -> list[str]:
    """Make every package copy identical to its source; return what was changed."""
    changed = []
    for src_rel, dst_rel in PAIRS:
        src, dst = root / src_rel, root / dst_rel
        if dst.is_symlink():
            dst.unlink()
            changed.append(f"{dst_rel}: symbolic link replaced by real files")
        if src.is_file():
            if not dst.exists() or not filecmp.cmp(src, dst, shallow=False):
                shutil.copyfile(src, dst)
                changed.append(f"{dst_rel}: copied")
            continue
        have, want = _files(dst), _files(src)
        for rel in sorted(want):
            target = dst / rel
            if rel not in have or not filecmp.cmp(src / rel, target, shallow=False):
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(src / rel, target)
                changed.append(f"{dst_rel}/{rel}: copied")
        for rel in sorted(have - want):
            (dst / rel).unlink()
            changed.append(f"{dst_rel}/{rel}: deleted")
        for folder in sorted((p for p in dst.rglob("*") if p.is_dir()), key=lambda p: -len(p.parts)):
            if not any(folder.iterdir()):
                folder.rmdir()
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only list differences; exit 1 if there are any")
    args = parser.parse_args(argv)
    if args.check:
        diff = differences()
        for line in diff:
            print(line)
        if diff:
            print(f"the package's copies are out of date: run {COMMAND}", file=sys.stderr)
            return 1
        print("the package's copies of data/ and references.bib are up to date")
        return 0
    changed = sync()
    for line in changed:
        print(line)
    print(f"{len(changed)} change(s)" if changed else "nothing to do: the copies are up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
