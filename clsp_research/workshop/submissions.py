"""Workshop responses on disk: one file per submission, written atomically, read back by the debrief.

A participant's answers are saved as a small JSON file in the workshop folder.
Each submission gets a file of its own (never overwriting another's), written to a
temporary file and linked into place, so a crash or a kernel restart loses nothing
already saved and never leaves half a file. The debrief reads the whole folder.

Privacy by design: a submission carries a random respondent token, the member
organisation and stakeholder group the participant chose, and the answers; the app
asks for no name. A participant who submits again (same token) replaces their own
earlier answers in the debrief; both files are kept.

Examples
--------
>>> import tempfile
>>> d = tempfile.mkdtemp()
>>> from clsp_research.workshop.survey import instrument
>>> answers = {i.id: 4 for i in instrument().items} | {"trust_2": None}
>>> path = save_submission(d, answers, member="cab", group="provider")
>>> responses, problems = load_submissions(d)
>>> responses.set_index("item").loc[["trust_1", "trust_2"], "rating"].tolist()
[4.0, nan]
>>> problems
[]
"""

from __future__ import annotations

import json
import math
import secrets
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import CLSPInputError
from ..fileio import write_new_file
from ..partnership.model import STAKEHOLDER_GROUPS

__all__ = ["SCHEMA", "load_submissions", "new_token", "save_submission", "submissions_to_factors"]

SCHEMA = "clsp-workshop-response/1"
_COLUMNS = ["respondent", "member", "group", "item", "rating", "submitted", "file"]


def new_token() -> str:
    """A random respondent token (no personal data)."""
    return secrets.token_hex(8)


def save_submission(
    directory: str | Path,
    answers: Mapping[str, int | None],
    *,
    member: str | None = None,
    group: str | None = None,
    respondent: str | None = None,
    instrument_id: str = "factor_survey",
) -> Path:
    """Validate and save one participant's answers as a new file in ``directory``.

    Parameters
    ----------
    directory
        The workshop folder (created if missing).
    answers
        Item id -> rating (1-5) or ``None`` for *don't know*. Every item of the
        instrument must be present.
    member, group
        The member organisation and stakeholder group the participant speaks for.
    respondent
        The participant's token (a new random one when ``None``).
    instrument_id
        The instrument answered.

    Returns
    -------
    pathlib.Path
        The file written.
    """
    from .survey import instrument

    inst = instrument(instrument_id)
    ids = [i.id for i in inst.items]
    missing = [i for i in ids if i not in answers]
    if missing:
        raise CLSPInputError(f"{len(missing)} statement(s) not answered: {', '.join(missing)}; "
                             "answer each, or choose don't know", field="answers")
    unknown = sorted(set(answers) - set(ids))
    if unknown:
        raise CLSPInputError(f"unknown statement(s) {', '.join(unknown)}", field="answers")
    for k, v in answers.items():
        if v is not None and (isinstance(v, bool) or not isinstance(v, int)
                              or not inst.scale_min <= v <= inst.scale_max):
            raise CLSPInputError(f"rating {v!r} is out of range; expected {inst.scale_min}-{inst.scale_max} "
                                 "or don't know", field=k)
    if group is not None and group not in STAKEHOLDER_GROUPS:
        raise CLSPInputError(f"unknown group {group!r}; expected one of: {', '.join(STAKEHOLDER_GROUPS)}",
                             field="group")
    token = respondent or new_token()
    now = datetime.now(UTC)
    record = {
        "schema": SCHEMA,
        "respondent": token,
        "member": member or None,
        "group": group,
        "instrument": inst.id,
        "version": inst.version,
        "submitted": now.isoformat(timespec="microseconds"),  # orders resubmissions within a second
        "answers": {i: answers[i] for i in ids},
    }
    stem = f"response-{now.strftime('%Y%m%dT%H%M%S')}-{token[:8]}"
    return write_new_file(directory, stem, ".json", lambda fh: json.dump(record, fh, indent=1))


def load_submissions(directory: str | Path, latest_only: bool = True) -> tuple[pd.DataFrame, list[str]]:
    """Read every submission in ``directory``.

    Returns an item-level table (``respondent, member, group, item, rating, submitted,
    file``) and a list of problems (files that could not be read, each named with the
    reason): one bad file never hides the others. With ``latest_only``, a respondent's
    latest submission replaces their earlier ones.
    """
    directory = Path(directory)
    rows: list[dict[str, Any]] = []
    problems: list[str] = []
    if not directory.is_dir():
        return pd.DataFrame(columns=_COLUMNS), [f"{directory}: no such folder"]
    records = []
    for path in sorted(directory.glob("response-*.json")):
        try:
            rec = json.loads(path.read_text(encoding="utf-8"))
            if rec.get("schema") != SCHEMA or not isinstance(rec.get("answers"), dict):
                raise ValueError(f"not a {SCHEMA} file")
            records.append((path, rec))
        except (OSError, ValueError) as exc:
            problems.append(f"{path.name}: {exc}")
    if latest_only:
        newest: dict[str, tuple[Path, dict]] = {}
        for path, rec in records:
            key = rec["respondent"]
            if key not in newest or (rec["submitted"], path.name) > (newest[key][1]["submitted"], newest[key][0].name):
                newest[key] = (path, rec)
        records = sorted(newest.values(), key=lambda pr: pr[0].name)
    for path, rec in records:
        for item, rating in rec["answers"].items():
            rows.append({
                "respondent": rec["respondent"], "member": rec.get("member"), "group": rec.get("group"),
                "item": item, "rating": float(rating) if isinstance(rating, int | float) else math.nan,
                "submitted": rec["submitted"], "file": path.name,
            })
    return pd.DataFrame(rows, columns=_COLUMNS), problems


def submissions_to_factors(responses: pd.DataFrame) -> pd.DataFrame:
    """Factor-level ratings (``respondent, member, factor, rating, group``) from item-level submissions."""
    from .survey import item_responses_to_factors

    cols = ["respondent", "member", "item", "rating", "group"]
    df = responses[cols].copy()
    df["member"] = df["member"].fillna("")
    df["group"] = df["group"].fillna("")
    out = item_responses_to_factors(df)
    out["member"] = out["member"].replace("", None)
    out["group"] = out["group"].replace("", None)
    return out
