"""The project's bibliography: reading ``references.bib``, citing and formatting.

``references.bib`` at the top of the repository is the single source of truth;
the package ships a copy of it in this folder (a real file, made by
``scripts/sync_package_data.py``), and ``CLSP_REFERENCES`` names another file. Citations elsewhere in the project are
written ``"key"`` or ``"key, locator"`` (``"huxham2000, p.306"``,
``"griffith2002, §3.74"``).

Examples
--------
>>> cite("griffith2002", "§3.74")
'Griffith 2002, §3.74'
>>> parse_cite("huxham2000, p.306")
('huxham2000', 'p.306')
>>> cite("no_such_work")
Traceback (most recent call last):
...
clsp_research.errors.UnknownKeyError: unknown bibliography key 'no_such_work' (not in references.bib)
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..errors import CLSPError, UnknownKeyError

__all__ = [
    "Reference",
    "bibliography",
    "bibliography_path",
    "cite",
    "cite_label",
    "cite_many",
    "cite_short",
    "format_reference",
    "parse_cite",
    "reference",
    "reference_list",
    "render_citation_markup",
    "render_inline_keys",
]

_HERE = Path(__file__).resolve().parent


def bibliography_path() -> Path:
    """Where ``references.bib`` is read from.

    ``$CLSP_REFERENCES`` when set; else, in a source checkout, the repository's
    top-level ``references.bib`` (the file people edit); else the copy shipped next to
    this module.
    """
    env = os.environ.get("CLSP_REFERENCES")
    if env:
        return Path(env)
    checkout = _HERE.parents[1]
    if (checkout / "pyproject.toml").is_file() and (checkout / "references.bib").is_file():
        return checkout / "references.bib"
    if (_HERE / "references.bib").is_file():
        return _HERE / "references.bib"
    raise CLSPError("references.bib not found (set CLSP_REFERENCES to its path)")


@dataclass(frozen=True)
class Reference:
    """One bibliography entry, with its fields as plain text (braces removed).

    ``names`` holds the author (or editor) names as BibTeX lists them: a name in
    its own braces (``{{Legal Services Commission}}``) is a corporate author, kept
    whole and never split at an inner "and"; a final ``others`` stands for et al.
    """

    key: str
    entry_type: str
    fields: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    names: tuple[str, ...] = field(default=(), hash=False, compare=False)

    def get(self, name: str, default: str | None = None) -> str | None:
        """A field's value, or ``default``."""
        return self.fields.get(name, default)

    @property
    def authors(self) -> list[str]:
        """Author (or, failing that, editor or institution) names as written."""
        if self.names:
            return [_strip_braces(n) for n in self.names]
        raw = self.fields.get("institution") or self.fields.get("organization") or self.fields.get("publisher")
        return [raw] if raw else ["Anon."]

    @property
    def surnames(self) -> list[str]:
        """Surnames of the authors (corporate names kept whole; ``others`` kept as is)."""
        if not self.names:
            return self.authors
        return [_strip_braces(n) if _is_braced(n) else _surname(n) for n in self.names]

    @property
    def year(self) -> str:
        """Publication year as cited: the year, plus the entry's ``yearsuffix`` (``2001a``)
        where the seed paper distinguishes two works of one author and year; ``n.d.`` for
        an undated work."""
        year = self.fields.get("year", "n.d.")
        return year + self.fields.get("yearsuffix", "")

    @property
    def verified(self) -> str:
        """Verification status recorded in the entry: ``yes``, ``partial`` or ``no``."""
        return self.fields.get("verified", "no")


def _split_names(raw: str) -> tuple[str, ...]:
    """Split a raw BibTeX name list at top-level ``and``; braced names stay whole
    (and keep their braces, which mark a corporate author).

    Examples
    --------
    >>> _split_names("{Coopers and Lybrand}")
    ('{Coopers and Lybrand}',)
    >>> _split_names("Huxham, Chris and Vangen, S.")
    ('Huxham, Chris', 'Vangen, S.')
    """
    names, depth, start, i = [], 0, 0, 0
    while i < len(raw):
        c = raw[i]
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
        elif depth == 0 and raw[i:i + 5].lower() == " and " :
            names.append(raw[start:i])
            start = i + 5
            i += 4
        i += 1
    names.append(raw[start:])
    return tuple(n.strip() for n in names if n.strip())


def _is_braced(name: str) -> bool:
    """Whether a raw name is one braced group (a corporate author)."""
    if not (name.startswith("{") and name.endswith("}")):
        return False
    depth = 0
    for i, c in enumerate(name):
        depth += c == "{"
        depth -= c == "}"
        if depth == 0 and i < len(name) - 1:
            return False
    return True


def _strip_braces(text: str) -> str:
    text = re.sub(r"\\&", "&", text)
    text = re.sub(r"\\textendash\s*|--", "\u2013", text)
    text = text.replace("{", "").replace("}", "")
    return re.sub(r"\s+", " ", text).strip()


def _surname(name: str) -> str:
    """The surname of a personal name: ``'Huxham, Chris'`` and ``'Chris Huxham'`` give
    ``'Huxham'``; a lower-case particle stays with it (``'de Groot'``)."""
    name = _strip_braces(name)
    if "," in name:
        return name.split(",", 1)[0].strip()
    parts = name.split()
    if not parts:
        return name
    i = len(parts) - 1
    while i > 0 and parts[i - 1][:1].islower():
        i -= 1
    return " ".join(parts[i:])


@lru_cache(maxsize=4)
def _load(path: str, mtime: float) -> dict[str, Reference]:
    import bibtexparser  # imported here: only citing needs it

    library = bibtexparser.parse_file(path)
    if library.failed_blocks:
        first = library.failed_blocks[0]
        line = getattr(first, "start_line", None)
        raise CLSPError(
            f"{path}:{(line or 0) + 1}: {len(library.failed_blocks)} BibTeX block(s) failed to parse"
        )
    refs: dict[str, Reference] = {}
    for entry in library.entries:
        if entry.key in refs:
            raise CLSPError(f"{path}: duplicate key {entry.key!r}")
        raw = {f.key.lower(): str(f.value) for f in entry.fields}
        values = {k: _strip_braces(v) for k, v in raw.items()}
        names = _split_names(raw.get("author") or raw.get("editor") or "")
        refs[entry.key] = Reference(entry.key, entry.entry_type.lower(), values, names)
    return refs


def bibliography() -> dict[str, Reference]:
    """All entries of ``references.bib`` by key (parsed once, re-read when the file changes)."""
    path = bibliography_path()
    return _load(str(path), path.stat().st_mtime)


def parse_cite(text: str) -> tuple[str, str | None]:
    """Split a citation string ``"key"`` or ``"key, locator"`` into its parts.

    Examples
    --------
    >>> parse_cite("griffith2002")
    ('griffith2002', None)
    >>> parse_cite("balloch2001a, pp.1, 283")
    ('balloch2001a', 'pp.1, 283')
    """
    key, _, locator = text.partition(",")
    key = key.strip()
    locator = locator.strip()
    return key, (locator or None)


def reference(key: str) -> Reference:
    """The entry for ``key``; raises :class:`UnknownKeyError` for an unknown key."""
    refs = bibliography()
    try:
        return refs[key]
    except KeyError:
        raise UnknownKeyError(f"unknown bibliography key {key!r} (not in references.bib)") from None


def _author_label(ref: Reference) -> str:
    if ref.get("shortauthor"):  # the short form the seed itself uses (DTLR)
        return str(ref.get("shortauthor"))
    names = [n for n in ref.surnames if n.lower() != "others"]
    etal = len(names) < len(ref.surnames)
    if len(names) == 1:
        return f"{names[0]} et al." if etal else names[0]
    if len(names) == 2 and not etal:
        return f"{names[0]} and {names[1]}"
    return f"{names[0]} et al."


def cite(key: str, locator: str | None = None) -> str:
    """An author-year in-text citation for a key, e.g. ``'Huxham and Vangen 2000, p.306'``.

    ``key`` may itself carry a locator (``"huxham2000, p.306"``). Fails loudly with
    :class:`UnknownKeyError` on a key that ``references.bib`` does not hold.
    """
    k, loc = parse_cite(key)
    loc = locator or loc
    ref = reference(k)
    text = f"{_author_label(ref)} {ref.year}"
    return f"{text}, {loc}" if loc else text


def cite_many(cites: Iterable[str], missing: Callable[[str], str] | None = None) -> str:
    """Several citations joined with semicolons.

    Parameters
    ----------
    cites
        Citation strings (``"key"`` or ``"key, locator"``).
    missing
        What to show for a citation whose key ``references.bib`` does not hold: ``missing(c)``
        of the citation as written. ``None`` (the default) fails with :class:`UnknownKeyError`.

    Returns
    -------
    str

    Examples
    --------
    >>> cite_many(["griffith2002, §2.4", "griffith2002, §2.5"])
    'Griffith 2002, §2.4; Griffith 2002, §2.5'
    >>> cite_many(["griffith2002", "no_such_key, p.1"], missing=str)
    'Griffith 2002; no_such_key, p.1'
    """
    if missing is None:
        return "; ".join(cite(c) for c in cites)
    out = []
    for c in cites:
        try:
            out.append(cite(c))
        except KeyError:
            out.append(missing(c))
    return "; ".join(out)


def format_reference(key: str, style: str = "text") -> str:
    """A full author-year reference for one key.

    Parameters
    ----------
    key
        A bibliography key (a locator after a comma is ignored).
    style
        ``"text"`` (plain), ``"markdown"`` (title in italics for books and reports) or
        ``"html"`` (escaped, title in ``<em>``).
    """
    ref = reference(parse_cite(key)[0])
    f = ref.fields
    author_text = _join_names(ref.authors)
    title = f.get("title", "(untitled)")
    if title.startswith("[") and title.endswith("]"):
        return _format_unverified(ref, author_text, title, style)
    container = f.get("journal") or f.get("booktitle")
    italic_title = container is None
    parts: list[tuple[str, bool]] = [(f"{author_text} ({ref.year}) ", False)]
    if italic_title:
        parts.append((title, True))
        parts.append((". ", False))
    else:
        parts.append((f"{title}. ", False))
        if f.get("booktitle"):
            parts.append(("In ", False))
            if f.get("editor"):
                eds = [_strip_braces(e) for e in _split_names(f["editor"])]
                parts.append((f"{_join_names(eds)} ({'ed.' if len(eds) == 1 else 'eds'}) ", False))
        parts.append((container, True))
        vol = f.get("volume")
        num = f.get("number")
        if vol:
            parts.append((f" {vol}" + (f"({num})" if num else ""), False))
        if f.get("pages"):
            parts.append((f", pp. {f['pages']}", False))
        parts.append((". ", False))
    publisher = f.get("publisher") or f.get("institution") or f.get("organization")
    address = f.get("address")
    if publisher and not f.get("journal") and publisher != author_text:
        parts.append(((f"{address}: " if address else "") + f"{publisher}. ", False))
    if f.get("doi"):
        parts.append((f"doi:{f['doi']}. ", False))
    elif f.get("url"):
        parts.append((f"{f['url']}. ", False))
    out = []
    for text, italic in parts:
        if style == "html":
            t = html.escape(text)
            out.append(f"<em>{t}</em>" if italic else t)
        elif style == "markdown":
            out.append(f"*{text}*" if italic else text)
        else:
            out.append(text)
    return "".join(out).strip()


def _join_names(names: list[str]) -> str:
    """``'A'``, ``'A and B'``, ``'A, B and C'``; a final ``others`` gives ``'A et al.'``."""
    if len(names) > 1 and names[-1].lower() == "others":
        return _join_names(names[:-1]).removesuffix(".") + " et al."
    if len(names) > 1:
        return ", ".join(names[:-1]) + " and " + names[-1]
    return names[0] if names else "Anon."


def reference_list(keys: Iterable[str], style: str = "text") -> list[str]:
    """Formatted references for a set of keys (locators ignored, duplicates removed),
    sorted by author and year, as a reference list in a notebook or report shows them.
    """
    unique = {parse_cite(k)[0] for k in keys}
    refs = [reference(k) for k in unique]
    refs.sort(key=lambda r: ([s.lower() for s in r.surnames], r.year, r.key))
    return [format_reference(r.key, style=style) for r in refs]


def _seed_places(cited_in: str) -> str:
    """Where the seed cites a work, for people: ``'griffith2002 fn 2 (§1.4), §3.64'`` gives
    ``'§1.4 (fn 2), §3.64'``.

    Examples
    --------
    >>> _seed_places("griffith2002 fn 2 (§1.4), fn 16 (§2.18), §3.64")
    '§1.4 (fn 2), §2.18 (fn 16), §3.64'
    """
    text = re.sub(r"^\s*griffith2002\s*", "", cited_in)
    text = re.sub(r"fn (\d+) \((§[\d.]+)\)", r"\2 (fn \1)", text)
    return re.sub(r"\s+", " ", text).strip()


def _format_unverified(ref: Reference, author_text: str, title: str, style: str) -> str:
    """An entry whose title the bibliography could not verify, as an honest readable reference:
    author, year, what is known of the work, and where the seed cites it."""
    known = title[1:-1].strip()
    known = re.sub(r"\s*cited as [^()]*\(\d{4}\)\s*$", "", known)  # repeats the author and year
    known = re.sub(r"(?<!cited)\s+by [^()]*\(\d{4}\)", "", known).strip()
    if known.lower() in ("work", "chapter", ""):
        known = f"{known or 'Work'}, title not known"
    known = known[0].upper() + known[1:]
    where = ref.get("cited_in")
    tail = "title not verified" if ref.verified == "partial" else "details not verified"
    if where:
        places = _seed_places(where).split(", ")
        shown = ", ".join(places[:4]) + (f" and {len(places) - 4} more places" if len(places) > 4 else "")
        tail += f"; cited in Griffith 2002 {shown}"
    text = f"{author_text} ({ref.year}). {known} ({tail})."
    return html.escape(text) if style == "html" else text


def cite_label(key: str) -> str:
    """The author-year label of a key without locator (``'Huxham and Vangen 2000'``).

    Examples
    --------
    >>> cite_label("griffith2002, §2.4")
    'Griffith 2002'
    """
    ref = reference(parse_cite(key)[0])
    return f"{_author_label(ref)} {ref.year}"


def cite_short(cites: Iterable[str], limit: int = 3, missing: Callable[[str], str] | None = None) -> str:
    """A citation list cut to its first ``limit`` sources with ``'and N more'``.

    Citations are listed most direct first in the project's data, so the first ones are kept;
    repeats of a citation are dropped first.

    Examples
    --------
    >>> cite_short(["griffith2002, §2.4", "griffith2002, §2.5", "webb1991, p.239", "huxham1996"], limit=2)
    'Griffith 2002, §2.4; Griffith 2002, §2.5 and 2 more'
    >>> cite_short(["griffith2002, §2.4"])
    'Griffith 2002, §2.4'
    """
    unique = list(dict.fromkeys(cites))
    head = cite_many(unique[:limit], missing=missing)
    rest = len(unique) - limit
    return f"{head} and {rest} more" if rest > 0 else head


_MARKUP = re.compile(r"\[(?=[^\]]*@)([^\[\]]+)\]")


def render_citation_markup(text: str) -> str:
    """Turn Pandoc-style citation markup into readable author-year text.

    ``[@griffith2002, §2.3; @pratt1999]`` becomes ``(Griffith 2002, §2.3; Pratt et al. 1999)``;
    a segment without ``@`` is kept as written. An unknown key raises
    :class:`~clsp_research.errors.UnknownKeyError`.

    Examples
    --------
    >>> render_citation_markup("A continuum [@griffith2002, §2.3-2.8].")
    'A continuum (Griffith 2002, §2.3-2.8).'
    >>> render_citation_markup("see [@webb1991, p.235; the concordats, §4.5]")
    'see (Webb 1991, p.235; the concordats, §4.5)'
    """

    def one(m: re.Match[str]) -> str:
        out = []
        for seg in m.group(1).split(";"):
            seg = seg.strip()
            if seg.startswith("@"):
                out.append(cite(seg[1:]))
            else:
                out.append(seg)
        return "(" + "; ".join(out) + ")"

    return _MARKUP.sub(one, text)


def render_inline_keys(text: str) -> str:
    """Replace bibliography keys written in running text with their author-year labels.

    Case files and data narratives sometimes cite as ``griffith2002 §3.42``; a reader should see
    ``Griffith 2002 §3.42``. Words that are not keys are left alone.

    Examples
    --------
    >>> render_inline_keys("Built from griffith2002 §3.42-3.49 and webb1991, p.231 (not a key: abc1234).")
    'Built from Griffith 2002 §3.42-3.49 and Webb 1991, p.231 (not a key: abc1234).'
    >>> render_inline_keys("lsc_clsp_web 'Who should be involved?'")
    "Legal Services Commission n.d. 'Who should be involved?'"
    """
    refs = bibliography()

    def one(m: re.Match[str]) -> str:
        key = m.group(0)
        return cite_label(key) if key in refs else key

    return re.sub(r"\b[a-z][a-z0-9_]*[0-9_][a-z0-9_]*\b", one, text)
