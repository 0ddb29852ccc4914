"""Check a citation's locator against the seed paper: does the seed cite that work at that page?

Griffith's paper (griffith2002) cites works author-year with pages ("(Huxham and Vangen, 2000,
p.306)", "Webb ... (1991, pp.239, 240)", "(ibid, p.13)"). :func:`seed_pages` reads every such
citation from the paper's text and gives, for each bibliography key, the pages the paper cites it
at; :func:`check_locator` says whether a project citation ``"key, p.N"`` stays within them. The
seed's text is supplied by the caller (it is not shipped with the package).

Examples
--------
>>> text = "as Webb argues (1991, pp.239, 240). Later (ibid, p.237) and (Huxham, 1996, p.250)."
>>> pages = seed_pages(text)
>>> sorted(pages["webb1991"]), sorted(pages["huxham1996"])
([237, 239, 240], [250])
>>> check_locator("webb1991, p.239", pages), check_locator("webb1991, p.199", pages)
(True, False)
"""

from __future__ import annotations

import re
from collections import defaultdict

from .citations import bibliography, parse_cite

__all__ = ["check_locator", "locator_pages", "paragraphs", "seed_pages"]

_PARA = re.compile(r"(?:^|\n)\s*(\d\.\d{1,2})\s")


def paragraphs(text: str) -> set[str]:
    """Seed paragraph numbers named in ``text``: ``'§3.69-3.70, §4.9 n.3'`` gives 3.69, 3.70, 4.9.

    Examples
    --------
    >>> sorted(paragraphs("§3.69-3.71, §4.9 n.3"))
    ['3.69', '3.70', '3.71', '4.9']
    """
    out: set[str] = set()
    for m in re.finditer(r"(\d)\.(\d{1,2})(?:\s*[-\u2013]\s*(?:\d\.)?(\d{1,2}))?",
                         re.sub(r"\bn\.\s*\d+", "", text)):
        sec, lo = m.group(1), int(m.group(2))
        hi = int(m.group(3)) if m.group(3) else lo
        out |= {f"{sec}.{i}" for i in range(lo, max(lo, hi) + 1)}
    return out

_YEAR_PAGES = re.compile(r"(?P<year>(?:19|20)\d\d[ab]?)(?:\s*,\s*(?P<loc>pp?\.\s*[\d\s,\-\u2013]+))?")
_IBID = re.compile(r"(?:ibid\s*,\s*|\()(?P<loc>pp?\.\s*[\d\s,\-\u2013]+)")  # "(ibid, p.3)" or "(p.35)"


def locator_pages(locator: str, ends_only: bool = False) -> set[int]:
    """The pages a locator names: ``'pp.241-42'`` gives 241 and 242, ``'p.11, 14'`` 11 and 14.

    Examples
    --------
    >>> sorted(locator_pages("pp.241-42")), sorted(locator_pages("p.11, 14")), locator_pages("§3.4")
    ([241, 242], [11, 14], set())
    """
    if "§" in locator or "para" in locator:
        return set()
    out: set[int] = set()
    for part in re.split(r"[,;]", re.sub(r"pp?\.\s*", "", locator)):
        part = part.strip().rstrip("n")
        m = re.fullmatch(r"(\d+)\s*[-\u2013]\s*(\d+)", part)
        if m:
            lo, hi = m.group(1), m.group(2)
            if len(hi) < len(lo):  # 241-42 means 241-242
                hi = lo[: len(lo) - len(hi)] + hi
            a, b = int(lo), int(hi)
            out |= set(range(a, b + 1)) if 0 <= b - a <= 60 and not ends_only else {a, b}
        elif part.isdigit():
            out.add(int(part))
    return out


def _candidates() -> dict[str, list[tuple[str, str]]]:
    """year as the seed prints it -> [(key, first surname)]."""
    out: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for key, ref in bibliography().items():
        if key == "griffith2002" or not ref.surnames:
            continue
        out[ref.year].append((key, ref.surnames[0]))
        if len(ref.surnames) == 2 and ref.surnames[1].lower() != "others":
            out[ref.year].append((key, f"{ref.surnames[0]} and {ref.surnames[1]}"))
        if ref.get("shortauthor"):
            out[ref.year].append((key, str(ref.get("shortauthor"))))
        if ref.surnames[0] == "Legal Services Commission":
            out[ref.year].append((key, "LSC"))
    return out


def seed_pages(text: str, window: int = 1200) -> dict[str, set[int]]:
    """Pages at which the seed cites each work, read from its text.

    A year-and-page citation is given to the work of that year whose first author's surname
    appears last within ``window`` characters before it (quotations can run long); ``ibid`` to
    the work cited just before.
    """
    cands = _candidates()
    marks = [(m.start(1), m.group(1)) for m in _PARA.finditer(text)]
    flat_positions = []  # paragraph starts in the flattened text
    for pos, para in marks:
        flat_positions.append((len(re.sub(r"\s+", " ", text[:pos])), para))
    flat = re.sub(r"\s+", " ", text)

    def para_at(pos: int) -> str | None:
        cur = None
        for start, para in flat_positions:
            if start > pos:
                break
            cur = para
        return cur

    events = sorted([(m.start(), "year", m) for m in _YEAR_PAGES.finditer(flat)]
                    + [(m.start(), "ibid", m) for m in _IBID.finditer(flat)], key=lambda e: e[0])
    pages: dict[str, set[int]] = defaultdict(set)
    last: str | None = None
    for pos, kind, m in events:
        if kind == "ibid":
            if last:
                got = locator_pages(m.group("loc"))
                pages[last] |= got
                pages[f"{last}@{para_at(pos)}"] |= got
            continue
        before = flat[max(0, pos - window):pos]
        best, where = None, -1
        longest = 0
        for key, surname in cands.get(m.group("year"), []):
            i = before.rfind(surname)
            if i >= 0 and (i > where or (i == where and len(surname) > longest)):
                best, where, longest = key, i, len(surname)
        if best is None:
            continue
        if m.group("loc"):
            got = locator_pages(m.group("loc"))
            pages[best] |= got
            pages[f"{best}@{para_at(pos)}"] |= got
        last = best
    return dict(pages)


def check_locator(citation: str, pages: dict[str, set[int]], where: str | None = None) -> bool:
    """Whether every page of ``"key, p.N"`` is a page the seed cites that work at (True when
    the citation names no page, or cites the seed itself).

    ``where`` names seed paragraphs (``"§3.34, §3.68"``): the page must then be cited in one of
    them or in the four paragraphs after (a footnote's text falls at the foot of its page)."""
    key, loc = parse_cite(citation)
    if key in ("griffith2002", "lsc_clsp_web") or not loc:
        return True
    wanted = locator_pages(loc, ends_only=True)  # a span "pp.232-237" needs its two ends cited
    if not wanted:
        return True
    if where is None:
        return wanted <= pages.get(key, set())
    near: set[int] = set()
    for para in paragraphs(where):
        sec, num = para.split(".")
        for p in (f"{sec}.{int(num) + i}" for i in range(5)):
            near |= pages.get(f"{key}@{p}", set())
    return wanted <= near
