"""Safe file writing shared by every exporter: write to a temporary file, then rename.

A failed or interrupted write never leaves a partial file behind and never
destroys the file that was there before.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from functools import lru_cache
from pathlib import Path
from typing import IO

__all__ = ["atomic_write", "atomic_write_text", "write_new_file"]


@lru_cache(maxsize=1)
def _umask() -> int:
    umask = os.umask(0)  # the only way to read it; set straight back (read once per process)
    os.umask(umask)
    return umask


def _usual_mode(fd: int) -> None:
    """Give a temporary file the mode an ordinary new file would get (mkstemp makes it 0600)."""
    os.fchmod(fd, 0o666 & ~_umask())


@contextmanager
def atomic_write(path: str | Path, mode: str = "w", encoding: str | None = "utf-8") -> Iterator[IO]:
    """Open a temporary file beside ``path``; on success rename it over ``path``.

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
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    _usual_mode(fd)
    try:
        kwargs = {} if "b" in mode else {"encoding": encoding, "newline": ""}
        with os.fdopen(fd, mode, **kwargs) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def atomic_write_text(path: str | Path, text: str) -> Path:
    """Write ``text`` to ``path`` atomically; return the path."""
    with atomic_write(path) as fh:
        fh.write(text)
    return Path(path)


def write_new_file(directory: str | Path, stem: str, suffix: str, writer: Callable[[IO], None]) -> Path:
    """Atomically create a file that does not exist yet in ``directory`` and return its path.

    The name is ``stem + suffix``, or ``stem-2 + suffix``, ``stem-3``... if taken: an
    existing file is never overwritten (``os.link`` fails rather than replace).
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{stem}.", suffix=".tmp", dir=directory)
    _usual_mode(fd)
    try:
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
    finally:
        with suppress(FileNotFoundError):
            os.unlink(tmp)
