"""A portfolio: many partnerships assessed into one tidy table, for comparative studies.

:func:`assess_portfolio` takes a folder of case files (or a list of files or partnerships),
assesses each one with the same catalogue and rubric (loaded once) and stacks their
:meth:`~clsp_research.assess.result.Assessment.to_frame` tables into one, with a ``case``
column naming the file. :func:`write_table` writes such a table as CSV, JSON lines or Parquet
(Parquet needs ``pyarrow`` or ``fastparquet``, which the workbench does not install), atomically.
``clsp assess FOLDER -o TABLE`` does both, with a progress bar.

Examples
--------
>>> from clsp_research.partnership.datasets import data_path
>>> df = assess_portfolio(data_path("case_studies"), progress=False)
>>> df.case.nunique(), df.query("kind == 'placement'").id.value_counts().to_dict()["co-operation"] >= 1
(6, True)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import CLSPInputError, UnknownValueError
from .engine import assess, resolve_rubric
from .result import Assessment

__all__ = ["TABLE_FORMATS", "assess_portfolio", "case_files", "table_format", "write_table"]

#: Table formats :func:`write_table` writes, by suffix.
TABLE_FORMATS: dict[str, str] = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet"}


def case_files(folder: str | Path) -> list[Path]:
    """The case files (``.yaml``, ``.yml``) in a folder and its sub-folders, in name order."""
    from ..partnership.casefile import CASE_SUFFIXES

    root = Path(folder)
    if not root.is_dir():
        raise CLSPInputError("is not a folder; expected a folder of case files", file=str(root))
    return sorted(f for f in root.rglob("*") if f.suffix.lower() in CASE_SUFFIXES and f.is_file())


def assess_portfolio(
    cases: str | Path | Iterable[str | Path | Any],
    framework: str = "continuum",
    rubric: Any = None,
    *,
    progress: bool | Callable[[int, int], Any] | None = None,
    skip_invalid: bool = False,
) -> pd.DataFrame:
    """Assess every case and return one tidy table (:meth:`Assessment.to_frame` rows with a ``case`` column).

    Parameters
    ----------
    cases
        A folder of case files, or case files and :class:`~clsp_research.partnership.model.Partnership`
        objects.
    framework, rubric
        As for :func:`~clsp_research.assess.assess` (the rubric is read once for all).
    progress
        ``True`` for a progress bar, ``False`` for none, ``None`` for a bar when interactive, or a
        callable ``f(done, total)``.
    skip_invalid
        Leave out a case file that does not load, and list its error in ``df.attrs["errors"]``;
        by default the first such file raises its :class:`~clsp_research.errors.CLSPInputError`.
    """
    from ..partnership.casefile import load_case
    from ..partnership.model import Partnership

    items = case_files(cases) if isinstance(cases, str | Path) else list(cases)
    if isinstance(cases, str | Path) and not items:
        raise CLSPInputError("no case files (.yaml, .yml) in this folder", file=str(cases))
    rubric = resolve_rubric(rubric)  # read once, not once per case
    bar = _progress(len(items), progress)
    rows: list[dict[str, Any]] = []
    errors: list[str] = []
    try:
        for item in items:
            if isinstance(item, Partnership):
                p, case = item, item.name
            else:
                case = str(item)
                try:
                    p = load_case(item)
                except CLSPInputError as exc:
                    if not skip_invalid:
                        raise
                    errors.append(str(exc))
                    bar(case)
                    continue
            for r in assess(p, framework=framework, rubric=rubric)._frame_rows():
                r["case"] = case
                rows.append(r)
            bar(case)
    finally:
        bar(None)
    df = pd.DataFrame(rows, columns=["case", *Assessment.FRAME_COLUMNS])
    df.attrs["errors"] = errors
    return df


def _progress(total: int, progress: bool | Callable[[int, int], Any] | None) -> Callable[[Any], None]:
    """A function called with each case done (and with ``None`` at the end)."""
    done = 0
    if callable(progress) and not isinstance(progress, bool):
        def call(case: Any) -> None:
            nonlocal done
            if case is not None:
                done += 1
                progress(done, total)

        return call
    if progress is None:
        import sys

        progress = "ipykernel" in sys.modules or (hasattr(sys.stderr, "isatty") and sys.stderr.isatty())
    if not progress:
        return lambda case: None
    from tqdm.auto import tqdm

    bar = tqdm(total=total, desc="assess", unit="case")

    def tick(case: Any) -> None:
        if case is None:
            bar.close()
        else:
            bar.update(1)

    return tick


def table_format(path: str | Path) -> str:
    """The table format a file name's suffix asks for (``csv``, ``jsonl`` or ``parquet``).

    Examples
    --------
    >>> table_format("portfolio.JSONL"), table_format("p.parquet")
    ('jsonl', 'parquet')
    """
    suffix = Path(str(path)).suffix.lower()
    if suffix not in TABLE_FORMATS:
        raise UnknownValueError.for_value(suffix or str(path), tuple(TABLE_FORMATS), "table suffix", file=str(path))
    return TABLE_FORMATS[suffix]


def write_table(df: pd.DataFrame, path: str | Path) -> Path:
    """Write a table as CSV, JSON lines or Parquet (by the suffix), atomically.

    Parquet needs ``pyarrow`` or ``fastparquet``; without either the error says so and suggests
    ``.csv`` or ``.jsonl``, and no file is written.
    """
    from ..fileio import atomic_write, neutralised

    fmt = table_format(path)
    if fmt == "parquet":
        import importlib.util

        if not any(importlib.util.find_spec(m) for m in ("pyarrow", "fastparquet")):
            raise CLSPInputError("writing Parquet needs pyarrow or fastparquet (pip install pyarrow); "
                                 "or write .csv or .jsonl", file=str(path))
        with atomic_write(path, "wb") as fh:
            df.to_parquet(fh, index=False)
    elif fmt == "jsonl":
        with atomic_write(path) as fh:
            df.to_json(fh, orient="records", lines=True, force_ascii=False)
    else:
        with atomic_write(path) as fh:  # text a spreadsheet would run is written as text
            neutralised(df).to_csv(fh, index=False, lineterminator="\n")
    return Path(path)
