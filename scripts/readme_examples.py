"""The command-line examples of README.md, as written: the one list the tests and the wheel check read.

Every line of a fenced ``bash`` block of the README that calls ``clsp`` (or ``.venv/bin/clsp``)
is an example, without its trailing ``# comment``. ``tests/test_readme_examples.py`` runs each
one from a fresh copy of ``data/`` and expects exit code 0; a wheel check can run the same list
against an installed wheel.

    python scripts/readme_examples.py            # one example a line
    python scripts/readme_examples.py --json     # a JSON list of argument lists (without "clsp")
"""

from __future__ import annotations

import argparse
import json
import re
import shlex
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"
#: Words that call the command line at the start of an example.
CALLS = ("clsp", ".venv/bin/clsp")


def examples(readme: Path = README) -> list[str]:
    """Every ``clsp`` line of the README's fenced bash blocks, without comments, in order.

    Examples
    --------
    >>> ex = examples()
    >>> ex[0].startswith("clsp ") and all("#" not in e for e in ex)
    True
    """
    out = []
    text = readme.read_text(encoding="utf-8")
    for block in re.findall(r"^```(?:bash|sh|shell|console)\n(.*?)^```", text, flags=re.M | re.S):
        for line in block.splitlines():
            words = shlex.split(line, comments=True)
            if words and words[0] in CALLS:
                out.append(shlex.join(words))
    return out


def arguments(example: str) -> list[str]:
    """The arguments of an example after the command's own name.

    Examples
    --------
    >>> arguments(".venv/bin/clsp survey levels data/surveys/example_levels.csv --json")
    ['survey', 'levels', 'data/surveys/example_levels.csv', '--json']
    """
    words = shlex.split(example)
    assert words[0] in CALLS, example
    return words[1:]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print a JSON list of argument lists")
    args = parser.parse_args()
    if args.json:
        print(json.dumps([arguments(e) for e in examples()]))
    else:
        print("\n".join(examples()))


if __name__ == "__main__":
    main()
