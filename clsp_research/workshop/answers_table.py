"""A workshop answers folder as the survey tools' long table (``clsp workshop export``, ``clsp survey DIR``).

``clsp workshop`` saves each submission as its own JSON file
(:mod:`clsp_research.workshop.submissions`); the survey tools read a long CSV of ratings
(:mod:`clsp_research.workshop.survey_files`). This module joins the two: the latest
submission of each participant becomes item-level rows ``respondent, member, group,
item, rating`` (an empty rating is *don't know*), which ``clsp survey summarize`` and
``compare`` read as a CSV, or take directly from the folder.

Respondents are the random tokens the participants' pages made up (no names are
ever asked for); rows are ordered by token and by the instrument's statements, so the
order of the rows says nothing about who submitted first.

Examples
--------
>>> import tempfile
>>> from clsp_research.workshop.submissions import save_submission
>>> from clsp_research.workshop.survey import instrument
>>> d = tempfile.mkdtemp()
>>> for n, group in enumerate(["funder", "provider", "provider"]):
...     _ = save_submission(d, {i.id: 1 + n for i in instrument().items}, member="cab", group=group)
>>> table, problems = answers_table(d)
>>> list(table.columns), len(table), table["respondent"].nunique(), problems
(['respondent', 'member', 'group', 'item', 'rating'], 84, 3, [])
>>> loaded, _ = load_answers_folder(d)
>>> loaded.level, round(float(loaded.summarize().factors.set_index("id").loc["trust", "mean"]), 2)
('item', 2.0)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import CLSPInputError

__all__ = ["ANSWER_COLUMNS", "answers_table", "load_answers_folder", "write_answers_csv"]

#: Columns of the exported long table (item level, as ``clsp survey summarize`` reads it).
ANSWER_COLUMNS = ["respondent", "member", "group", "item", "rating"]


def answers_table(directory: str | Path) -> tuple[pd.DataFrame, list[str]]:
    """The latest answers of every participant in ``directory`` as an item-level long table.

    Returns the table (:data:`ANSWER_COLUMNS`; ``rating`` empty for *don't know*) and the
    files that could not be read, each with its reason (they are left out; the others count).

    Raises
    ------
    CLSPInputError
        When ``directory`` is not a folder.
    """
    from .submissions import load_submissions
    from .survey import instrument

    directory = Path(directory)
    if not directory.is_dir():
        raise CLSPInputError("is not a folder; expected a workshop answers folder (the --dir of clsp workshop)",
                             file=directory)
    responses, problems = load_submissions(directory)
    if len(responses) == 0:
        return pd.DataFrame(columns=ANSWER_COLUMNS), problems
    order = {i.id: n for n, i in enumerate(instrument().items)}
    table = responses[ANSWER_COLUMNS].copy()
    table["_order"] = table["item"].map(order).fillna(len(order))
    table = table.sort_values(["respondent", "_order"], kind="stable").drop(columns="_order").reset_index(drop=True)
    for col in ("member", "group"):
        table[col] = table[col].astype(object).where(table[col].notna(), None)
    return table, problems


def load_answers_folder(directory: str | Path, *, members: Any = None) -> tuple[Any, list[str]]:
    """Read a workshop answers folder as :func:`~clsp_research.workshop.survey_files.read_responses` reads a CSV.

    Returns a :class:`~clsp_research.workshop.survey_files.LoadedSurvey` (item level; the
    respondents are the pages' random tokens) and the list of unreadable files.

    Raises
    ------
    CLSPInputError
        When the folder holds no readable answers, or (with ``members``, a partnership)
        an answer names an organisation that is not one of its members.
    """
    from .submissions import submissions_to_factors
    from .survey_files import LoadedSurvey, respondent_detail

    directory = Path(directory)
    table, problems = answers_table(directory)
    if len(table) == 0:
        extra = f" ({len(problems)} file(s) could not be read: {problems[0]})" if problems else ""
        raise CLSPInputError(f"no answers in this folder{extra}; expected response-*.json files saved by "
                             "clsp workshop", file=directory)
    if members is not None and hasattr(members, "members"):
        unknown = sorted({m for m in table["member"] if isinstance(m, str) and m not in members.members})
        if unknown:
            raise CLSPInputError(f"answers name {unknown[0]!r}, which is not a member of {members.name!r}; "
                                 "expected one of its member ids", file=directory, field="member")
    factors = submissions_to_factors(table.assign(submitted="", file=""))
    return LoadedSurvey(factors, "item", True, table, directory, respondent_detail(table)), problems


def write_answers_csv(directory: str | Path, out: str | Path, *, force: bool = False,
                      mkdir: bool = False) -> tuple[Path, int, list[str]]:
    """Write the folder's answers as a long survey CSV at ``out`` (atomically).

    Returns the file written, the number of respondents and the unreadable files.

    Raises
    ------
    CLSPInputError
        When there are no answers, or ``out`` fails the output-path policy
        (:func:`~clsp_research.fileio.check_output`: an existing file without ``force``, a
        missing folder without ``mkdir``, a folder, link, FIFO or device).
    """
    from ..fileio import atomic_write, check_output, neutralised

    out = check_output(out, force=force, mkdir=mkdir, flag="--force")  # the one output-path policy
    table, problems = answers_table(directory)
    if len(table) == 0:
        raise CLSPInputError("no answers in this folder; expected response-*.json files saved by clsp workshop",
                             file=directory)
    csv_table = table.copy()
    # Ratings as whole numbers; *don't know* as an empty cell.
    csv_table["rating"] = [("" if pd.isna(v) else str(int(v))) for v in csv_table["rating"]]
    with atomic_write(out, "w", encoding="utf-8") as fh:
        neutralised(csv_table).to_csv(fh, index=False, lineterminator="\n")
    return out, int(table["respondent"].nunique()), problems
