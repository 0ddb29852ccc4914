"""Write the ILLUSTRATIVE example survey data in ``data/surveys/`` (deterministic: seed 2003).

Nothing here describes a real partnership or real people: the members of "Anytown CLSP",
the respondents' names (marked "(fictional)") and every answer are invented to exercise the survey tools
(summary, bands, heatmap, disagreement, waves). The made-up pattern is the kind the
literature leads one to expect, so that the debrief has something to discuss: funders
rate the balance of power far higher than community groups do; purpose and evaluation
are weak in the first wave and firmer a year later, after the partnership agreed
measurable objectives; turnover of representatives weakens "personnel".

    .venv/bin/python scripts/make_example_surveys.py
"""

from __future__ import annotations

import csv
import io
import json

import numpy as np

from clsp_research.fileio import atomic_write_text
from clsp_research.partnership.datasets import data_path
from clsp_research.workshop.submissions import SCHEMA
from clsp_research.workshop.survey import instrument

SEED = 2003

#: Illustrative members of "Anytown CLSP": id -> (stakeholder groups, respondents in wave 1, in wave 2).
MEMBERS: dict[str, tuple[tuple[str, ...], int, int]] = {
    "lsc": (("funder",), 2, 2),
    "council": (("funder", "provider"), 3, 3),
    "cab": (("provider",), 3, 3),
    "law_centre": (("provider",), 2, 2),
    "solicitors": (("provider",), 1, 2),
    "age_concern": (("provider", "community"), 2, 2),
    "tenants": (("community",), 2, 3),
    "advice_network": (("network",), 2, 2),
    "housing_assoc": (("other_sector",), 2, 2),
    "pct": (("other_sector",), 1, 1),
}

#: Made-up factor means of wave 1 (1-5) and the change by wave 2.
BASE = {"self_interest": 3.6, "inclusivity": 3.0, "clarity": 2.6, "commitment_capacity": 2.9, "evaluation": 2.3,
        "personnel": 3.5, "interaction": 3.3, "networks": 3.6, "trust": 3.4, "small_wins": 2.8,
        "flexibility": 3.2, "time": 3.0, "resources": 2.4, "power_balance": 3.0}
CHANGE = {"clarity": 1.1, "evaluation": 1.3, "small_wins": 0.8, "personnel": -0.9, "trust": 0.2}
#: Made-up differences between stakeholder groups (added to the factor mean).
GROUP_OFFSET = {
    "funder": {"power_balance": 1.3, "inclusivity": 0.7, "resources": 0.6, "evaluation": 0.4},
    "community": {"power_balance": -0.9, "inclusivity": -0.9, "commitment_capacity": -0.6, "resources": -0.4},
    "provider": {"resources": -0.3, "power_balance": -0.2},
    "network": {"networks": 0.5},
    "other_sector": {"self_interest": -0.5, "time": -0.3},
}
FIRST_NAMES = ["Avery", "Blake", "Casey", "Devon", "Ellis", "Frankie", "Gale", "Harper", "Indy", "Jordan", "Kit",
               "Lane", "Morgan", "Noel", "Oakley", "Parker", "Quinn", "Reese", "Sage", "Tatum", "Umber", "Vale",
               "Wren", "Yael", "Zephyr"]
SURNAMES = ["Ashdown", "Brightwater", "Copperfield", "Dunmore", "Elderberry", "Foxglove", "Greystoke", "Hollin",
            "Ivybridge", "Juniper"]
#: Invented names, marked as such.
NAMES = [f"{first} {last} (fictional)" for last in SURNAMES for first in FIRST_NAMES]


def _respondents(rng: np.random.Generator, wave: int) -> list[dict]:
    people = []
    first = new = 0  # index in NAMES of the member's first wave-1 representative; new people in wave 2
    for mid, (groups, n1, n2) in MEMBERS.items():
        for j in range(n1 if wave == 1 else n2):
            # the first representative of each member answers both waves; the others are new in wave 2
            if wave == 1 or j == 0:
                name = NAMES[first + j]
            else:
                name, new = NAMES[100 + new], new + 1
            people.append({"name": name, "member": mid, "group": groups[j % len(groups)],
                           "lean": float(rng.normal(0, 0.35))})
        first += n1
    return people


def _answers(rng: np.random.Generator, person: dict, wave: int) -> dict[str, int | None]:
    inst = instrument()
    out: dict[str, int | None] = {}
    for item in inst.items:
        f = item.factor
        mu = BASE[f] + (CHANGE.get(f, 0.0) if wave == 2 else 0.0)
        mu += GROUP_OFFSET.get(person["group"], {}).get(f, 0.0) + person["lean"]
        dont_know = 0.04 + (0.12 if f in ("evaluation", "resources") and person["group"] == "community" else 0.0)
        if rng.random() < dont_know:
            out[item.id] = None
        else:
            out[item.id] = int(np.clip(np.rint(mu + rng.normal(0, 0.7)), inst.scale_min, inst.scale_max))
    return out


def _item_rows(person: dict, answers: dict[str, int | None]) -> list[dict]:
    return [{"respondent": person["name"], "member": person["member"], "item": item,
             "rating": "" if rating is None else rating, "group": person["group"]}
            for item, rating in answers.items()]


def _factor_exercise(rng: np.random.Generator) -> list[dict]:
    """A quick paper exercise: each of 12 participants rates each factor once (whole numbers)."""
    rows = []
    people = _respondents(rng, 1)[::2][:12]
    for person in people:
        for f, mu in BASE.items():
            mu = mu + GROUP_OFFSET.get(person["group"], {}).get(f, 0.0) + person["lean"]
            rating = "" if rng.random() < 0.05 else int(np.clip(np.rint(mu + rng.normal(0, 0.7)), 1, 5))
            rows.append({"respondent": person["name"], "member": person["member"], "factor": f, "rating": rating,
                         "group": person["group"]})
    return rows


def _csv(rows: list[dict], columns: list[str]) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue()


def main() -> None:
    rng = np.random.default_rng(SEED)
    out = data_path("surveys")
    folder = out / "example_workshop"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("response-*.json"):
        old.unlink()
    inst = instrument()
    for wave in (1, 2):
        people = _respondents(rng, wave)
        rows = []
        for n, person in enumerate(people):
            answers = _answers(rng, person, wave)
            rows += _item_rows(person, answers)
            if wave == 1:  # the first wave also as the workshop app saves it: one file per participant
                token = f"{rng.integers(0, 2**63):016x}"
                stamp = f"2003-06-12T10:{10 + n:02d}:00"
                record = {"schema": SCHEMA, "respondent": token, "member": person["member"],
                          "group": person["group"], "instrument": inst.id, "version": inst.version,
                          "submitted": stamp + "+00:00", "answers": answers}
                name = f"response-{stamp.replace('-', '').replace(':', '')}-{token[:8]}.json"
                atomic_write_text(folder / name, json.dumps(record, indent=1))
        atomic_write_text(out / f"example_survey_wave{wave}.csv",
                          _csv(rows, ["respondent", "member", "item", "rating", "group"]))
    atomic_write_text(out / "example_factor_ratings.csv",
                      _csv(_factor_exercise(rng), ["respondent", "member", "factor", "rating", "group"]))

    # Partner-to-partner levels (0-5) among eight members, wave 1; a few pairs see it very differently.
    ids = ["lsc", "council", "cab", "law_centre", "age_concern", "tenants", "advice_network", "housing_assoc"]
    core = {"lsc", "council", "cab", "law_centre"}
    lopsided = {("lsc", "tenants"), ("council", "age_concern"), ("cab", "housing_assoc")}
    rows = []
    for a in ids:
        for b in ids:
            special = (a, b) in lopsided or (b, a) in lopsided
            if a == b or (rng.random() < 0.25 and not special):
                continue
            base = 3.2 if a in core and b in core else 1.6
            level = int(np.clip(np.rint(base + rng.normal(0, 0.5)), 0, 5))
            if (a, b) in lopsided:
                level = 4  # the bigger partner sees a close relationship...
            if (b, a) in lopsided:
                level = 1  # ...that the smaller one hardly notices
            rows.append({"rater": a, "ratee": b, "level": level})
    atomic_write_text(out / "example_levels.csv", _csv(rows, ["rater", "ratee", "level"]))
    for path in [*out.glob("*.csv"), *folder.glob("*.json")]:
        path.chmod(0o644)  # shipped data: readable by all (atomic writes create private files)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
