"""Safe file writing shared by every command that writes: one output-path policy, then write and rename.

Two layers:

- :func:`check_output` is the **output-path policy** every command applies to a path the
  user gave (``report -o``, ``export -o``, ``import -o``, ``assess FOLDER -o``, ``sweep --out``,
  ``workshop export``, the benchmarks' outputs) *before* doing any work. It accepts a regular file (only with
  ``force``) or a new name in an existing folder (a missing folder only with ``mkdir``),
  and refuses everything else: a folder, a symbolic link, a FIFO, a device or socket, an
  empty path. Its errors are :class:`~clsp_research.errors.CLSPInputError` naming the
  path as the user gave it, so the command line exits 1 with one line.
- :func:`atomic_write` writes to a temporary file beside the target, then renames it over
  the target: a failed or interrupted write never leaves a partial file and never
  destroys the file that was there before. It refuses (at the moment of renaming, too) to
  replace anything but a regular file, names the user's path (never the temporary file)
  in its errors, including a full disk, and sweeps temporary files left in the folder by
  an earlier write that was killed (see :func:`sweep_stale_temporaries`).

Examples
--------
>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> check_output(d / "new.html") == d / "new.html"
True
>>> _ = atomic_write_text(d / "new.html", "x")
>>> try:
...     check_output(d / "new.html")
... except CLSPInputError as exc:
...     print(exc.message)
the file exists; choose another name or add --force to replace it
>>> check_output(d / "new.html", force=True).name
'new.html'
"""

from __future__ import annotations

import errno
import os
import re
import stat
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

from .errors import CLSPInputError

__all__ = [
    "FORMULA_STARTS",
    "STALE_SECONDS",
    "atomic_write",
    "atomic_write_text",
    "check_output",
    "neutralise_cell",
    "neutralised",
    "sweep_stale_temporaries",
    "write_new_file",
]

#: A temporary file of a write whose process is gone is swept at once; one whose
#: process cannot be told (written by an older version) once it is this old.
STALE_SECONDS = 3600

# ".<target name>.<pid>-<mkstemp's 8 characters>.tmp" (the pid tells whether its writer lives)
_TMP = re.compile(r"^\..+\.(?:(?P<pid>\d+)-)?[a-z0-9_]{8}\.tmp$")


@lru_cache(maxsize=1)
def _umask() -> int:
    umask = os.umask(0)  # the only way to read it; set straight back (read once per process)
    os.umask(umask)
    return umask


def _usual_mode(fd: int, mode: int | None = None) -> None:
    """Give a temporary file the mode an ordinary new file would get (mkstemp makes it 0600)."""
    os.fchmod(fd, (0o666 & ~_umask()) if mode is None else mode)


def _kind(st: os.stat_result) -> str:
    m = st.st_mode
    if stat.S_ISLNK(m):
        return "a symbolic link"
    if stat.S_ISDIR(m):
        return "a folder"
    if stat.S_ISFIFO(m):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(m) or stat.S_ISBLK(m):
        return "a device"
    if stat.S_ISSOCK(m):
        return "a socket"
    return "not a regular file"


def check_output(
    path: str | Path, *, force: bool = False, mkdir: bool = False, flag: str = "--force"
) -> Path:
    """Apply the output-path policy to a path the user asked to write; return it as a ``Path``.

    Parameters
    ----------
    path
        The path as the user gave it (named as given in every error).
    force
        Replace an existing regular file (the commands' ``--force``).
    mkdir
        Allow missing parent folders (the commands' ``--mkdir``), which the write then
        creates; without it a missing folder is an error (a typing slip should not create
        a chain of folders). Nothing is created here: a command that fails before writing
        leaves nothing behind.
    flag
        The option to suggest for replacing a file.

    Returns
    -------
    Path
        ``path``.

    Raises
    ------
    CLSPInputError
        For an empty path; a folder, symbolic link, FIFO, device or socket at the path
        (never replaced, whatever ``force`` says); an existing file without ``force``; a
        missing parent folder without ``mkdir``, or a parent that is not a folder.

    Examples
    --------
    >>> import tempfile, pathlib, os
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> os.symlink(d / "target", d / "link")
    >>> for bad in ["", str(d), str(d / "link"), str(d / "typo" / "x.html")]:
    ...     try:
    ...         check_output(bad, force=True)
    ...     except CLSPInputError as exc:
    ...         print(exc.message)
    an empty file name; expected the name of a file to write
    is a folder; expected the name of a file to write
    is a symbolic link; refusing to replace it: name a regular file or a new file
    the folder ... does not exist; create it first or add --mkdir
    >>> check_output(d / "typo" / "x.html", mkdir=True).parent.exists()  # made by the write, not here
    False
    """
    given = str(path)
    if not given.strip():
        raise CLSPInputError("an empty file name; expected the name of a file to write", file=repr(given))
    p = Path(path)
    try:
        st = os.lstat(p)
    except FileNotFoundError:
        st = None
    except NotADirectoryError:
        raise CLSPInputError("a parent of this path is a file, not a folder", file=given) from None
    except OSError as exc:
        raise CLSPInputError(f"cannot use this path: {exc.strerror}", file=given) from None
    if given.endswith(("/", os.sep)) and (st is None or not stat.S_ISDIR(st.st_mode)):
        raise CLSPInputError("ends with '/'; expected the name of a file to write", file=given)
    if st is not None:
        if stat.S_ISDIR(st.st_mode):
            raise CLSPInputError("is a folder; expected the name of a file to write", file=given)
        if not stat.S_ISREG(st.st_mode):
            raise CLSPInputError(
                f"is {_kind(st)}; refusing to replace it: name a regular file or a new file", file=given
            )
        if not force:
            raise CLSPInputError(
                f"the file exists; choose another name or add {flag} to replace it", file=given
            )
        return p
    parent = p.parent
    if parent.is_dir():
        return p
    if parent.exists() or parent.is_symlink():
        raise CLSPInputError(f"the folder {str(parent)!r} is not a folder", file=given)
    if not mkdir:
        raise CLSPInputError(
            f"the folder {str(parent)!r} does not exist; create it first or add --mkdir", file=given
        )
    ancestor = parent
    while not ancestor.exists() and not ancestor.is_symlink() and ancestor != ancestor.parent:
        ancestor = ancestor.parent
    if not ancestor.is_dir():
        raise CLSPInputError(f"{str(ancestor)!r} is not a folder, so the folders below it cannot be made",
                             file=given)
    return p


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # EPERM: it exists, owned by someone else
        return True
    return True


def sweep_stale_temporaries(directory: str | Path) -> list[Path]:
    """Remove temporary files that interrupted writes left in ``directory``; return them.

    A temporary file is one of this module's names (``.NAME.PID-XXXXXXXX.tmp``). It is
    stale when the process that wrote it is gone (killed mid-write), or, for a name
    without a process id, when it is older than :data:`STALE_SECONDS`. Only regular files
    owned by the current user are removed; a live writer's file is never touched.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / ".x.html.999999999-abcdefgh.tmp").write_text("half")
    >>> _ = (d / ".kept.tmp").write_text("not ours")
    >>> [p.name for p in sweep_stale_temporaries(d)], sorted(p.name for p in d.iterdir())
    (['.x.html.999999999-abcdefgh.tmp'], ['.kept.tmp'])
    """
    removed: list[Path] = []
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return removed
    now = time.time()
    uid = os.getuid() if hasattr(os, "getuid") else None
    for e in entries:
        m = _TMP.match(e.name)
        if not m:
            continue
        try:
            st = e.stat(follow_symlinks=False)
        except OSError:
            continue
        if not stat.S_ISREG(st.st_mode) or (uid is not None and st.st_uid != uid):
            continue
        pid = m.group("pid")
        stale = not _pid_alive(int(pid)) if pid else now - st.st_mtime > STALE_SECONDS
        if stale:
            with suppress(OSError):
                os.unlink(e.path)
                removed.append(Path(e.path))
    return removed


def _refuse_special(path: Path) -> None:
    """Raise if something other than a regular file (or nothing) is at ``path``."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return
    if not stat.S_ISREG(st.st_mode):
        raise CLSPInputError(f"is {_kind(st)}; refusing to replace it: name a regular file or a new file",
                             file=str(path))


def _named(exc: OSError, path: Path) -> OSError:
    """``exc`` re-raised with the user's path as its file name (not the temporary file's)."""
    if exc.errno is None:
        return exc
    new = OSError(exc.errno, exc.strerror or os.strerror(exc.errno), str(path))
    new.__cause__ = exc
    return new


def _mkstemp(directory: Path, name: str, original: Path) -> tuple[int, str]:
    sweep_stale_temporaries(directory)
    try:
        return tempfile.mkstemp(prefix=f".{name}.{os.getpid()}-", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise _named(exc, original) from None


@contextmanager
def atomic_write(
    path: str | Path, mode: str = "w", encoding: str | None = "utf-8", *, mkdir: bool = True,
    file_mode: int | None = None,
) -> Iterator[IO]:
    """Open a temporary file beside ``path``; on success rename it over ``path``.

    Parameters
    ----------
    path
        The file to write (a regular file or a new name; anything else is refused).
    mode, encoding
        As for :func:`open`.
    mkdir
        Create missing parent folders (the library's default; the commands apply
        :func:`check_output` first, which creates them only when the user asks).
    file_mode
        Permission bits of the written file (default: what the umask gives a new file).

    Raises
    ------
    CLSPInputError
        If a folder, symbolic link, FIFO, device or socket is at ``path``.
    OSError
        A failed write (a full disk, no permission...), named by ``path``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> with atomic_write(d / "a.txt") as fh:
    ...     _ = fh.write("hello")
    >>> (d / "a.txt").read_text()
    'hello'
    >>> try:
    ...     with atomic_write(d / "a.txt") as fh:
    ...         _ = fh.write("half")
    ...         raise RuntimeError("boom")
    ... except RuntimeError:
    ...     pass
    >>> (d / "a.txt").read_text(), sorted(p.name for p in d.iterdir())
    ('hello', ['a.txt'])
    """
    path = Path(path)
    _refuse_special(path)
    if mkdir:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise _named(exc, path) from None
    fd, tmp = _mkstemp(path.parent, path.name, path)
    try:
        _usual_mode(fd, file_mode)
        kwargs = {} if "b" in mode else {"encoding": encoding, "newline": ""}
        with os.fdopen(fd, mode, **kwargs) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        _refuse_special(path)  # something put there while we wrote is still not replaced
        os.replace(tmp, path)
    except OSError as exc:
        with suppress(FileNotFoundError):
            os.unlink(tmp)
        raise _named(exc, path) from None
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def atomic_write_text(path: str | Path, text: str, *, mkdir: bool = True) -> Path:
    """Write ``text`` to ``path`` atomically; return the path."""
    with atomic_write(path, mkdir=mkdir) as fh:
        fh.write(text)
    return Path(path)


def write_new_file(
    directory: str | Path, stem: str, suffix: str, writer: Callable[[IO], None], *, file_mode: int | None = None
) -> Path:
    """Atomically create a file that does not exist yet in ``directory`` and return its path.

    The name is ``stem + suffix``, or ``stem-2 + suffix``, ``stem-3``... if taken: an
    existing file is never overwritten (``os.link`` fails rather than replace).
    ``file_mode`` sets its permission bits (``0o600``: readable by its owner only).
    """
    directory = Path(directory)
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _named(exc, directory) from None
    fd, tmp = _mkstemp(directory, stem, directory / f"{stem}{suffix}")
    try:
        _usual_mode(fd, file_mode)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            writer(fh)
            fh.flush()
            os.fsync(fh.fileno())
        n = 1
        while True:
            target = directory / (f"{stem}{suffix}" if n == 1 else f"{stem}-{n}{suffix}")
            try:
                os.link(tmp, target)
                return target
            except FileExistsError:
                n += 1
    except OSError as exc:
        if exc.errno == errno.EEXIST:
            raise
        raise _named(exc, directory / f"{stem}{suffix}") from None
    finally:
        with suppress(FileNotFoundError):
            os.unlink(tmp)


# --------------------------------------------------------------------------------------
# Cells a spreadsheet would run
# --------------------------------------------------------------------------------------
#: First characters that make a spreadsheet read a cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER_CELL = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def neutralise_cell(text: str) -> str:
    """``text`` as a CSV cell that no spreadsheet runs as a formula.

    A cell beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return, unless it
    is a number, gets a leading apostrophe; so does a cell that already begins with one
    (so that reading takes exactly one off again). Every CSV the package writes goes
    through this (:func:`neutralised` for a table).

    Examples
    --------
    >>> [neutralise_cell(c) for c in ["=HYPERLINK(1)", "@SUM(A1)", "+1+1", "-5", "+1.5", "'quoted", "ok"]]
    ["'=HYPERLINK(1)", "'@SUM(A1)", "'+1+1", '-5', '+1.5', "''quoted", 'ok']
    """
    if text.startswith("'") or (text.startswith(FORMULA_STARTS) and not _NUMBER_CELL.fullmatch(text.strip())):
        return "'" + text
    return text


def neutralised(df: Any) -> Any:
    """A copy of a pandas table whose text cells are :func:`neutralise_cell`-ed, for writing as CSV.

    Examples
    --------
    >>> import pandas as pd
    >>> neutralised(pd.DataFrame({"name": ["=cmd|' /C calc'!A0", "Anytown CAB"], "score": [-0.5, 1.0]}))
                       name  score
    0  '=cmd|' /C calc'!A0   -0.5
    1           Anytown CAB    1.0
    """
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or str(out[col].dtype) in ("string", "str"):
            out[col] = [neutralise_cell(v) if isinstance(v, str) else v for v in out[col]]
    return out
