"""The HTML report (``clsp report``) and the figures it embeds: self-contained, escaped, complete."""

from __future__ import annotations

import base64
import html
import re
from html.parser import HTMLParser

import pytest

from clsp_research import cli
from clsp_research.assess import assess
from clsp_research.literature.citations import reference_list
from clsp_research.partnership.casefile import save_case
from clsp_research.partnership.datasets import load_case_study
from clsp_research.partnership.model import TIE_KINDS, Member, Partnership, PartnershipInfo, Tie
from clsp_research.plotting.assessment import plot_factors, plot_stage_profile
from clsp_research.plotting.network import GROUP_COLOURS, TIE_STYLES, draw_partnership, layout
from clsp_research.report import render_html, write_report

EVIL = "<script>alert('x')</script>"


def hostile() -> Partnership:
    """User text that would break a page, or run in it, if it were not escaped."""
    info = PartnershipInfo(f"P {EVIL} & co", area='Area "<b>"', description="<img src=x onerror=alert(2)>")
    members = [
        Member("lsc", 'LSC " onmouseover="alert(3)', groups=("funder",), sector="statutory"),
        Member("cab", f"CAB {EVIL}", groups=("provider",), sector="voluntary"),
        Member("ten", "Tenants", groups=("community",)),
    ]
    ties = [Tie("lsc", "cab", "funding", amount=1000), Tie("cab", "ten", "referral")]
    return Partnership(info, members, ties)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def parse(page: str) -> _Tags:
    t = _Tags()
    t.feed(page)
    return t


def test_user_text_is_escaped_everywhere():
    page = render_html(hostile())
    t = parse(page)
    assert "script" not in tag_names(t)
    # No element carries an event handler, and every image is one of the embedded figures.
    assert not [a for _, attrs in t.tags for a in attrs if a.startswith("on")]
    assert all(attrs["src"].startswith("data:image/png;base64,") for tag, attrs in t.tags if tag == "img")
    text = "".join(t.text)
    # The text survives as text: a reader sees exactly what the case file says.
    for user_text in (EVIL, "<img src=x onerror=alert(2)>", 'Area "<b>"', 'LSC " onmouseover="alert(3)'):
        assert user_text in text
    assert "<script" not in page and "<img src=x" not in page


def test_the_page_is_self_contained():
    page = render_html(hostile())
    t = parse(page)
    for tag, attrs in t.tags:
        for name in ("src", "href"):
            v = attrs.get(name)
            assert v is None or v.startswith(("data:", "#")), (tag, name, v)
    assert tag_names(t) >= {"html", "head", "style", "body", "h1", "h2", "table", "img"}
    assert not re.search(r"url\((?!data:)", page)  # no stylesheet fetches either
    assert "<link" not in page


def tag_names(t: _Tags) -> set[str]:
    return {tag for tag, _ in t.tags}


def test_every_section_and_every_item_of_the_assessment_is_on_the_page():
    p = load_case_study("funder_dominated")
    a = assess(p)
    page = render_html(p, a)
    headings = re.findall(r"<h2>(.*?)</h2>", page)
    assert headings == ["Summary", "About this partnership", "Partnership map", "Stage profile", "Success factors",
                        "Risk flags", "Recommendations",
                        "Another lens: Williamson's criteria for a true partnership", "Structural measures",
                        "References"]
    assert f"<span class='stage'>{a.stage}</span>" in page
    for f in a.factors:
        assert f.name in page
    for fl in a.flags:
        assert f"<td>{fl.name}</td>" in page
    for r in a.recommendations:
        assert html.escape(r.text) in page  # escaped like all text (an apostrophe becomes &#x27;)
    # The reference list holds every work the flags and recommendations cite.
    refs = page.split("<h2>References</h2>", 1)[1]
    cited = sorted({c.split(",")[0].strip() for fl in a.flags for c in fl.cites}
                   | {c.split(",")[0].strip() for r in a.recommendations for c in r.cites})
    for entry in reference_list(cited, style="html"):
        assert entry in refs


def test_figures_are_real_png_images():
    page = render_html(load_case_study("talking_shop"))
    uris = re.findall(r"src='data:image/png;base64,([^']+)'", page)
    assert len(uris) == 3  # map, stage profile, factors
    for u in uris:
        assert base64.b64decode(u).startswith(b"\x89PNG\r\n\x1a\n")


def test_write_report_is_atomic_and_leaves_the_old_page_on_failure(tmp_path, monkeypatch):
    p = load_case_study("talking_shop")
    out = write_report(p, tmp_path / "r.html")
    before = out.read_text(encoding="utf-8")
    assert before.startswith("<!DOCTYPE html>") and before.rstrip().endswith("</html>")

    def boom(*args, **kwargs):
        raise RuntimeError("figure failed")

    monkeypatch.setattr("clsp_research.report._figure_png", boom)
    with pytest.raises(RuntimeError):
        write_report(p, out)
    assert out.read_text(encoding="utf-8") == before
    assert sorted(x.name for x in tmp_path.iterdir()) == ["r.html"]


# -- the command ----------------------------------------------------------------------------------


def test_cli_report_of_a_file_and_of_a_case_study_name(tmp_path, capsys):
    case = save_case(hostile(), tmp_path / "case.yaml")
    assert cli.main(["report", str(case), "-o", str(tmp_path / "a.html")]) == 0
    assert cli.main(["report", "referral_concordat", "-o", str(tmp_path / "b.html"),
                     "--framework", "continuum_frey"]) == 0
    out = capsys.readouterr().out
    assert out.count("wrote ") == 2
    assert "<script" not in (tmp_path / "a.html").read_text(encoding="utf-8")
    assert "continuum_frey" in (tmp_path / "b.html").read_text(encoding="utf-8")


def test_cli_report_errors_exit_1_and_write_nothing(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("partnership: {name: X}\nmembers:\n  - {id: a, name: A, groups: [funders]}\n", encoding="utf-8")
    assert cli.main(["report", str(bad), "-o", str(tmp_path / "r.html")]) == 1
    err = capsys.readouterr().err
    assert "bad.yaml:3" in err and "members[0].groups" in err and "other_sector" in err
    assert "Traceback" not in err
    folder = tmp_path / "out"
    folder.mkdir()
    assert cli.main(["report", "talking_shop", "-o", str(folder)]) == 1
    assert "is a folder" in capsys.readouterr().err
    assert cli.main(["report", "no_such_case", "-o", str(tmp_path / "r.html")]) == 1
    assert "case studies are: " in capsys.readouterr().err
    assert sorted(x.name for x in tmp_path.iterdir()) == ["bad.yaml", "out"]


def test_cli_assess_accepts_a_case_study_name(capsys):
    assert cli.main(["assess", "talking_shop", "--json"]) == 0
    import json

    d = json.loads(capsys.readouterr().out)
    assert d["partnership"] == load_case_study("talking_shop").name
    assert d["stage"] == load_case_study("talking_shop").info.attrs["expected_stage"]


# -- the figures ------------------------------------------------------------------------------------


def _axes():
    from matplotlib.figure import Figure

    return Figure().subplots()


def test_map_colours_members_by_group_and_styles_ties_by_kind():
    from matplotlib.colors import to_hex
    from matplotlib.patches import FancyArrowPatch

    members = [Member(f"m{i}", f"M{i}", groups=(g,)) for i, g in enumerate(GROUP_COLOURS)]
    ties = [Tie("m0", "m1", kind) for kind in TIE_KINDS]
    p = Partnership("map", members, ties)
    ax = draw_partnership(p, ax=_axes(), seed=3)
    patches = [x for x in ax.patches if isinstance(x, FancyArrowPatch)]
    assert len(patches) == len(TIE_KINDS)  # parallel ties are all drawn
    for patch, kind in zip(patches, TIE_KINDS, strict=True):
        assert to_hex(patch.get_edgecolor()) == TIE_STYLES[kind]["colour"].lower()
        assert patch.get_linewidth() == pytest.approx(TIE_STYLES[kind]["width"])
    # Closer kinds are drawn heavier.
    widths = [TIE_STYLES[k]["width"] for k in TIE_KINDS]
    assert widths == sorted(widths)
    dots = ax.collections[0].get_facecolors()
    assert [to_hex(c) for c in dots] == [c.lower() for c in GROUP_COLOURS.values()]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend[:5] == [g.replace("_", " ") for g in GROUP_COLOURS]


def test_map_layout_is_seeded_and_keeps_fixed_members_in_place():
    p = load_case_study("pioneer_first_year")
    assert layout(p, seed=5) == layout(p, seed=5)
    assert layout(p, seed=5) != layout(p, seed=6)
    first = layout(p, seed=5)
    q = p.copy()
    q.add_member(Member("newcomer", "Newcomer", groups=("community",)))
    second = layout(q, seed=9, pos=first)
    assert all(second[m] == pytest.approx(first[m]) for m in first)
    assert "newcomer" in second


def test_stage_profile_chart_highlights_the_placement():
    from matplotlib.colors import to_hex

    a = assess(load_case_study("joint_projects_manager")).to_dict()
    ax = plot_stage_profile(a, ax=_axes(), threshold=a["threshold"])
    bars = ax.patches
    assert [b.get_height() for b in bars] == pytest.approx(list(a["stage_profile"].values()))
    placed = [s for s, b in zip(a["stage_profile"], bars, strict=True) if to_hex(b.get_facecolor()) == "#d55e00"]
    assert placed == [a["stage"]]
    assert [line.get_ydata()[0] for line in ax.lines] == [a["threshold"]]


def test_factor_chart_has_one_bar_per_factor_paler_with_less_confidence():
    a = assess(load_case_study("talking_shop")).to_dict()
    ax = plot_factors(a, ax=_axes())
    bars = ax.patches
    assert len(bars) == len(a["factors"]) == 14
    assert [b.get_width() for b in bars] == pytest.approx([f["score"] for f in a["factors"]])
    alphas = {f["id"]: b.get_alpha() for f, b in zip(a["factors"], bars, strict=True)}
    conf = {f["id"]: f["confidence"] for f in a["factors"]}
    lo, hi = min(conf, key=conf.get), max(conf, key=conf.get)
    assert conf[lo] < conf[hi] and alphas[lo] < alphas[hi]


def test_a_member_without_ties_sits_just_below_the_map_not_far_away():
    from clsp_research.partnership.datasets import load_case_study
    from clsp_research.partnership.model import Member
    from clsp_research.plotting.network import layout

    p = load_case_study("talking_shop")
    before = layout(p, seed=0)
    p.add_member(Member("tenants", "Tenants' forum", groups=("community",)))
    pos = layout(p, seed=0)
    assert all(pos[n] == before[n] for n in before)  # the others keep their places
    xs = [x for n, (x, _) in pos.items() if n != "tenants"]
    ys = [y for n, (_, y) in pos.items() if n != "tenants"]
    x, y = pos["tenants"]
    assert min(xs) <= x <= max(xs)
    assert min(ys) - 0.5 * (max(ys) - min(ys)) < y < min(ys)
    assert layout(p, seed=0) == pos  # seeded
