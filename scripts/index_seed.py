"""Index the seed paper's citations: for each work, the pages the paper cites it at.

The seed paper (griffith2002) is not part of the project. Its citations are facts a test
checks the project's locators against (``tests/test_seed_locators.py``), so they are kept as
a small index instead: work key -> pages (also per paragraph, ``key@3.42``), and the
paragraph numbers the paper has. Run it again, with the paper's plain text, if the
bibliography's keys change:

    .venv/bin/python scripts/index_seed.py PAPER.txt -o tests/fixtures/seed_index.json
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

from clsp_research.fileio import atomic_write
from clsp_research.literature.seedcheck import seed_pages


def index(text: str) -> dict[str, object]:
    """The index of one paper's text: ``pages`` (key -> sorted pages) and ``paragraphs``."""
    pages = seed_pages(text)
    paras = sorted(set(re.findall(r"(?m)^\s*(\d\.\d{1,2})\s", text)), key=lambda p: tuple(map(int, p.split("."))))
    return {"pages": {k: sorted(v) for k, v in sorted(pages.items())}, "paragraphs": paras}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paper", type=Path, help="the seed paper as plain text")
    parser.add_argument("-o", "--output", type=Path, required=True, help="the index to write (JSON)")
    args = parser.parse_args()
    data = index(args.paper.read_text(encoding="utf-8"))
    lines = [f"  {json.dumps(k)}: {json.dumps(v)}" for k, v in data["pages"].items()]
    text = ('{\n "pages": {\n' + ",\n".join(lines) + '\n },\n "paragraphs": '
            + json.dumps(data["paragraphs"]) + "\n}\n")
    with atomic_write(args.output) as fh:
        fh.write(text)
    print(f"wrote {args.output}: {len(data['pages'])} keys, {len(data['paragraphs'])} paragraphs")


if __name__ == "__main__":
    main()
