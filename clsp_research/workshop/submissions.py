"""Workshop responses on disk: one file per submission, written atomically, read back by the debrief.

A participant's answers are saved as a small JSON file in the workshop folder.
Each submission gets a file of its own (never overwriting another's), written to a
temporary file and linked into place, so a crash or a kernel restart loses nothing
already saved and never leaves half a file. The debrief reads the whole folder.

Privacy by design: a submission carries a random respondent token, the member
organisation and stakeholder group the participant chose, and the answers; the app
asks for no name. The time of a submission is kept to the minute only (in the file, its
name and its modification time), and the file is readable by its owner only (mode 0600).
A participant who submits again (same token) replaces their own earlier answers in the
debrief; both files are kept (a sequence number orders submissions within a minute).

Nothing read is trusted: :func:`load_submissions` checks every file again (a regular file
of sensible size, the schema, a known instrument, known items, ratings on the scale, a
known group, text of bounded length) and lists each bad file as a problem without hiding
the others; :func:`save_submission` checks its token (:data:`TOKEN_LENGTH` hex digits),
bounds the organisation's text (:data:`MAX_TEXT`) and refuses more than
:data:`MAX_PER_MINUTE` submissions a minute from one page (one token).

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
import os
import re
import secrets
import stat
import threading
import time
from collections import deque
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import CLSPInputError
from ..fileio import write_new_file
from ..partnership.vocabulary import STAKEHOLDER_GROUPS

if TYPE_CHECKING:  # pandas is imported where tables are made: the participant form's kernel never needs it
    import pandas as pd

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_PER_MINUTE",
    "MAX_TEXT",
    "SCHEMA",
    "TOKEN_LENGTH",
    "check_rate",
    "check_token",
    "latest_submission",
    "load_submissions",
    "new_token",
    "save_submission",
    "submissions_to_factors",
]

SCHEMA = "clsp-workshop-response/1"
_COLUMNS = ["respondent", "member", "group", "item", "rating", "submitted", "file"]
#: Hex digits of a respondent token (:func:`new_token`).
TOKEN_LENGTH = 16
#: Characters of free text kept from a participant (the organisation's name).
MAX_TEXT = 200
#: Submissions one page (one token) may make in a minute.
MAX_PER_MINUTE = 6
#: An answer file larger than this is not read (a real one is about 2 KB).
MAX_FILE_BYTES = 64_000
_TOKEN = re.compile(f"[0-9a-f]{{{TOKEN_LENGTH}}}")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
_RECENT: dict[str, deque[float]] = {}
_RECENT_LOCK = threading.Lock()


def new_token() -> str:
    """A random respondent token (no personal data): :data:`TOKEN_LENGTH` hex digits."""
    return secrets.token_hex(TOKEN_LENGTH // 2)


def check_token(token: Any) -> str:
    """``token`` if it is a respondent token (:data:`TOKEN_LENGTH` lower-case hex digits), else an input error.

    Examples
    --------
    >>> check_token("0123456789abcdef")
    '0123456789abcdef'
    >>> check_token("../../etc")
    Traceback (most recent call last):
    ...
    clsp_research.errors.CLSPInputError: respondent: expected a token of 16 hex digits (0-9, a-f), found '../../etc'
    """
    if not isinstance(token, str) or not _TOKEN.fullmatch(token):
        shown = repr(token) if not isinstance(token, str) or len(token) <= 40 else repr(token[:37] + "...")
        raise CLSPInputError(f"expected a token of {TOKEN_LENGTH} hex digits (0-9, a-f), found {shown}",
                             field="respondent")
    return token


def check_rate(token: str, *, now: float | None = None, limit: int | None = None) -> None:
    """Count one submission from the page of ``token``; an input error past ``limit`` a minute.

    ``limit`` is :data:`MAX_PER_MINUTE` unless given.

    Kept in this process's memory (each page's submissions are saved by the process serving
    it), so the limit costs no file access. A form calls it through :func:`save_submission`.

    Examples
    --------
    >>> for i in range(3):
    ...     check_rate("feedfacefeedface", now=1000.0 + i, limit=3)
    >>> check_rate("feedfacefeedface", now=1010.0, limit=3)
    Traceback (most recent call last):
    ...
    clsp_research.errors.CLSPInputError: more than 3 submissions from this page in a minute; wait a moment ...
    >>> check_rate("feedfacefeedface", now=1070.0, limit=3)  # a minute later
    """
    t = time.monotonic() if now is None else now
    limit = MAX_PER_MINUTE if limit is None else limit
    with _RECENT_LOCK:
        recent = _RECENT.setdefault(token, deque())
        while recent and t - recent[0] >= 60.0:
            recent.popleft()
        if len(recent) >= limit:
            raise CLSPInputError(f"more than {limit} submissions from this page in a minute; wait a moment "
                                 "and press Submit again")
        recent.append(t)


def _bounded_text(value: Any, fld: str) -> str | None:
    """Free text as kept: stripped, control characters removed, at most :data:`MAX_TEXT` characters."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise CLSPInputError(f"expected text, found {type(value).__name__}", field=fld)
    text = _CONTROL.sub("", value).strip()
    if len(text) > MAX_TEXT:
        raise CLSPInputError(f"at most {MAX_TEXT} characters, found {len(text):,}", field=fld)
    return text or None


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
        The participant's token (:data:`TOKEN_LENGTH` hex digits; a new random one when
        ``None``).
    instrument_id
        The instrument answered.

    Returns
    -------
    pathlib.Path
        The file written (mode 0600: readable by its owner only).

    Raises
    ------
    CLSPInputError
        For a bad token, unanswered or unknown items, a rating off the scale, an unknown
        group, an organisation's name of more than :data:`MAX_TEXT` characters, or more
        than :data:`MAX_PER_MINUTE` submissions a minute from one token.
    """
    from .instrument import instrument

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
    member = _bounded_text(member, "member")
    token = new_token() if respondent is None else check_token(respondent)
    check_rate(token)
    now = datetime.now(UTC).replace(second=0, microsecond=0)  # to the minute: no finer trace of who sent what
    directory = Path(directory)
    earlier = sum(1 for _ in directory.glob(f"response-*-{token[:8]}*.json")) if directory.is_dir() else 0
    record = {
        "schema": SCHEMA,
        "respondent": token,
        "member": member,
        "group": group,
        "instrument": inst.id,
        "version": inst.version,
        "submitted": now.isoformat(timespec="minutes"),
        "sequence": earlier + 1,  # orders a respondent's submissions within a minute
        "answers": {i: answers[i] for i in ids},
    }
    stem = f"response-{now.strftime('%Y%m%dT%H%M')}-{token[:8]}"
    path = write_new_file(directory, stem, ".json", lambda fh: json.dump(record, fh, indent=1), file_mode=0o600)
    stamp = now.timestamp()
    os.utime(path, (stamp, stamp))
    return path


def load_submissions(directory: str | Path, latest_only: bool = True) -> tuple[pd.DataFrame, list[str]]:
    """Read every submission in ``directory``, checking each file again.

    Returns an item-level table (``respondent, member, group, item, rating, submitted,
    file``) and a list of problems (files that could not be used, each named with the
    reason): one bad file never hides the others. A file is used only if it is a regular
    file (a FIFO or device named ``response-*.json`` is skipped, never opened) of at most
    :data:`MAX_FILE_BYTES`, holding a JSON object of this :data:`SCHEMA` for a known
    instrument, with a respondent token, a known stakeholder group (or none), an
    organisation's name of at most :data:`MAX_TEXT` characters, a submission time, and
    answers to known items on the instrument's scale (or ``null`` for don't know). With
    ``latest_only``, a respondent's latest submission replaces their earlier ones.
    """
    import pandas as pd

    directory = Path(directory)
    rows: list[dict[str, Any]] = []
    if not directory.is_dir():
        return pd.DataFrame(columns=_COLUMNS), [f"{directory}: no such folder"]
    records, problems = _records(directory)
    if latest_only:
        records = _latest(records)
    for path, rec in records:
        for item, rating in rec["answers"].items():
            rows.append({
                "respondent": rec["respondent"], "member": rec.get("member"), "group": rec.get("group"),
                "item": item, "rating": math.nan if rating is None else float(rating),
                "submitted": rec["submitted"], "file": path.name,
            })
    return pd.DataFrame(rows, columns=_COLUMNS), problems


def _records(directory: Path) -> tuple[list[tuple[Path, dict[str, Any]]], list[str]]:
    """Every valid submission file in ``directory`` with its record, and the problems of the others."""
    records, problems = [], []
    for path in sorted(directory.glob("response-*.json")):
        try:
            records.append((path, _read_record(path)))
        except (OSError, ValueError) as exc:
            problems.append(f"{path.name}: {getattr(exc, 'strerror', None) or exc}")
    return records, problems


def _latest(records: list[tuple[Path, dict[str, Any]]]) -> list[tuple[Path, dict[str, Any]]]:
    """Each respondent's latest submission, in file-name order."""
    newest: dict[str, tuple[Path, dict[str, Any]]] = {}
    for path, rec in records:
        key = rec["respondent"]
        if key not in newest or _order(path, rec) > _order(*newest[key]):
            newest[key] = (path, rec)
    return sorted(newest.values(), key=lambda pr: pr[0].name)


def latest_submission(directory: str | Path, respondent: str) -> tuple[Path, dict[str, Any]] | None:
    """``respondent``'s latest valid submission in ``directory`` (its file and record), or None.

    What a reloaded participant page shows again; the same files and the same order as
    :func:`load_submissions`, without making a table (the form's kernel does not load pandas).

    Examples
    --------
    >>> import tempfile
    >>> from clsp_research.workshop.survey import instrument
    >>> d = tempfile.mkdtemp()
    >>> _ = save_submission(d, {i.id: 3 for i in instrument().items}, group="provider", respondent="0123456789abcdef")
    >>> path, rec = latest_submission(d, "0123456789abcdef")
    >>> rec["group"], rec["answers"]["trust_1"]
    ('provider', 3)
    >>> latest_submission(d, "someone-else") is None
    True
    """
    directory = Path(directory)
    if not directory.is_dir():
        return None
    mine = _latest([(p, r) for p, r in _records(directory)[0] if r["respondent"] == respondent])
    return mine[0] if mine else None


def _order(path: Path, rec: dict[str, Any]) -> tuple[str, int, str]:
    return rec["submitted"], rec.get("sequence") or 0, path.name


def _read_record(path: Path) -> dict[str, Any]:
    """One answer file, checked; a ``ValueError`` saying what is wrong."""
    from ..errors import UnknownKeyError
    from .instrument import instrument

    st = os.lstat(path)
    if not stat.S_ISREG(st.st_mode):
        raise ValueError("not a regular file (skipped unread)")
    if st.st_size > MAX_FILE_BYTES:
        raise ValueError(f"{st.st_size:,} bytes, more than an answer file holds ({MAX_FILE_BYTES:,}); not read")
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(fd, "rb") as fh:
        data = fh.read(MAX_FILE_BYTES + 1)
    try:
        rec = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise ValueError("not UTF-8 text") from None
    except RecursionError:
        raise ValueError("not a readable JSON file (nested too deeply)") from None
    if not isinstance(rec, dict):
        raise ValueError(f"expected a JSON object, found {type(rec).__name__}")
    if rec.get("schema") != SCHEMA:
        raise ValueError(f"not a {SCHEMA} file")
    respondent = rec.get("respondent")
    if not isinstance(respondent, str) or not respondent or len(respondent) > 64:
        raise ValueError("respondent: expected a token (text of 1 to 64 characters)")
    group = rec.get("group")
    if group is not None and group not in STAKEHOLDER_GROUPS:
        raise ValueError(f"group: unknown group {str(group)[:40]!r}; expected one of: {', '.join(STAKEHOLDER_GROUPS)}")
    member = rec.get("member")
    if member is not None and (not isinstance(member, str) or len(member) > MAX_TEXT):
        raise ValueError(f"member: expected text of at most {MAX_TEXT} characters")
    if not isinstance(rec.get("submitted"), str) or len(rec["submitted"]) > 40:
        raise ValueError("submitted: expected the time of submission")
    sequence = rec.get("sequence")
    if sequence is not None and (isinstance(sequence, bool) or not isinstance(sequence, int)):
        raise ValueError("sequence: expected a whole number")
    name = rec.get("instrument", "factor_survey")
    try:
        inst = instrument(name) if isinstance(name, str) and re.fullmatch(r"[a-z0-9_]{1,40}", name) else None
    except UnknownKeyError:
        inst = None
    if inst is None:
        raise ValueError(f"instrument: unknown instrument {str(name)[:40]!r}")
    answers = rec.get("answers")
    if not isinstance(answers, dict) or not answers:
        raise ValueError("answers: expected a mapping of statement to rating (at least one)")
    known = {i.id for i in inst.items}
    for item, rating in answers.items():
        if item not in known:
            raise ValueError(f"answers: unknown statement {item[:40]!r} of {inst.id}")
        if rating is None:
            continue
        if (isinstance(rating, bool) or not isinstance(rating, int | float) or not math.isfinite(rating)
                or rating != int(rating) or not inst.scale_min <= rating <= inst.scale_max):
            raise ValueError(f"answers: {item}: rating {str(rating)[:20]} is off the scale; expected a whole "
                             f"number from {inst.scale_min} to {inst.scale_max} or null (don't know)")
    return rec


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
