"""Networks in and out: every format round-trips every case study; foreign files map onto the vocabulary."""

from __future__ import annotations

import io
import json
from pathlib import Path
from xml.etree import ElementTree as ET

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clsp_research.cli import main
from clsp_research.errors import CLSPInputError, UnknownValueError
from clsp_research.partnership.casefile import load_case, loads_case
from clsp_research.partnership.checks import validate_file
from clsp_research.partnership.datasets import case_studies, load_case_study
from clsp_research.partnership.formats import export, export_csv, load_csv, read_partnership_csv
from clsp_research.partnership.graphfiles import GEXF_NAMESPACE, export_gexf
from clsp_research.partnership.importers import read_network, read_pajek, read_ucinet_dl
from clsp_research.partnership.model import (
    STAKEHOLDER_GROUPS,
    TIE_KINDS,
    Member,
    Partnership,
    PartnershipInfo,
    Tie,
)
from clsp_research.partnership.spelling import canonical, collecting

FIX = Path(__file__).parent / "fixtures" / "io"
CASES = [*case_studies(), "fixture"]


def _case(name: str) -> Partnership:
    return load_case(FIX / "valid.yaml") if name == "fixture" else load_case_study(name)


def _read_back(fmt: str, files: list[Path]) -> Partnership:
    if fmt == "csv":
        return load_csv(files[0], files[1])  # partnership.csv is found beside members.csv
    p, report = read_network(files[0])
    assert not report, str(report)  # our own files need no mapping, guess or drop
    return p


# --------------------------------------------------------------------------------------
# Round trips
# --------------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["graphml", "gexf", "csv"])
@pytest.mark.parametrize("name", CASES)
def test_export_then_import_is_lossless(tmp_path, name, fmt):
    p = _case(name)
    files = export(p, fmt, tmp_path / (f"x.{fmt}" if fmt != "csv" else "x_"))
    q = _read_back(fmt, files)
    assert q == p
    assert q.info == p.info and q.info.attrs == p.info.attrs  # the partnership's own fields too


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "csv"])
def test_the_command_line_round_trip_keeps_the_assessment(tmp_path, capsys, fmt):
    from clsp_research.assess import assess

    out = tmp_path / ("x" if fmt == "csv" else f"x.{fmt}")
    assert main(["export", "talking_shop", "--to", fmt, "-o", str(out) + ("/" if fmt == "csv" else "")]) == 0
    args = [str(out / "members.csv"), str(out / "ties.csv")] if fmt == "csv" else [str(out)]
    assert main(["import", *args, "-o", str(tmp_path / "back.yaml")]) == 0
    original, back = load_case_study("talking_shop"), load_case(tmp_path / "back.yaml")
    assert back == original
    a, b = assess(original), assess(back)
    assert {f.id: f.score for f in a.factors} == {f.id: f.score for f in b.factors}  # Clarity no longer moves


_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=8).filter(
    lambda s: s.strip() == s)
_attr = st.none() | st.booleans() | st.integers(-10**6, 10**6) | _text | st.lists(_text, max_size=3) | \
    st.floats(allow_nan=False, allow_infinity=False)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    groups=st.lists(st.sampled_from(STAKEHOLDER_GROUPS), min_size=1, max_size=3, unique=True),
    kinds=st.lists(st.sampled_from(TIE_KINDS), min_size=1, max_size=4),
    member_attrs=st.dictionaries(st.sampled_from(["note", "label", "size", "attr_x", "viz"]), _attr, max_size=3),
    tie_attrs=st.dictionaries(st.sampled_from(["weight", "type", "id", "until"]), _attr, max_size=3),
    info_attrs=st.dictionaries(st.sampled_from(["round", "clsp_json", "mode"]), _attr, max_size=2),
    working=st.lists(_text, max_size=3),
    name=_text,
)
def test_graph_formats_round_trip_any_attributes(tmp_path_factory, groups, kinds, member_attrs, tie_attrs,
                                                 info_attrs, working, name):
    d = tmp_path_factory.mktemp("rt")
    info = PartnershipInfo(name, working_groups=tuple(working), attrs=info_attrs)
    p = Partnership(info, [Member("a", name, groups=tuple(groups), attrs=member_attrs),
                           Member("b", "B", groups=("provider",))],
                    [Tie("a", "b", k, attrs=tie_attrs) for k in kinds])
    for fmt in ("graphml", "gexf"):
        q, _ = read_network(export(p, fmt, d / f"p.{fmt}")[0])
        assert q == p, fmt


# --------------------------------------------------------------------------------------
# GEXF 1.2 structure (no XSD validator is installed: the schema's rules are checked here)
# --------------------------------------------------------------------------------------
def test_gexf_follows_the_1_2_schema_rules(tmp_path):
    p = load_case(FIX / "valid.yaml")
    root = ET.parse(export_gexf(p, tmp_path / "p.gexf")).getroot()
    ns = {"g": GEXF_NAMESPACE}
    assert root.tag == f"{{{GEXF_NAMESPACE}}}gexf" and root.get("version") == "1.2"
    assert [c.tag.split("}")[1] for c in root] == ["meta", "graph"]
    graph = root.find("g:graph", ns)
    assert graph.get("defaultedgetype") in ("directed", "undirected", "mutual")
    assert set(graph.attrib) <= {"defaultedgetype", "mode", "timeformat", "start", "end", "idtype"}
    assert [c.tag.split("}")[1] for c in graph] == ["attributes", "attributes", "nodes", "edges"]
    declared = {}
    for attrs in graph.findall("g:attributes", ns):
        assert attrs.get("class") in ("node", "edge")
        ids = [a.get("id") for a in attrs.findall("g:attribute", ns)]
        assert len(ids) == len(set(ids))
        for a in attrs.findall("g:attribute", ns):
            assert a.get("type") in ("integer", "long", "double", "float", "boolean", "string", "liststring",
                                     "anyURI")
            assert set(a.attrib) <= {"id", "title", "type"}
        declared[attrs.get("class")] = {a.get("id"): a.get("type") for a in attrs.findall("g:attribute", ns)}
    node_ids = [n.get("id") for n in graph.iterfind("g:nodes/g:node", ns)]
    assert len(node_ids) == len(set(node_ids)) == len(p)
    edges = list(graph.iterfind("g:edges/g:edge", ns))
    assert len({e.get("id") for e in edges}) == len(edges) == p.n_ties
    for e in edges:
        assert e.get("source") in node_ids and e.get("target") in node_ids
        assert set(e.attrib) <= {"id", "source", "target", "label", "type", "weight"}
    for cls, path in (("node", "g:nodes/g:node"), ("edge", "g:edges/g:edge")):
        for el in graph.iterfind(path, ns):
            for av in el.iterfind("g:attvalues/g:attvalue", ns):
                kind = declared[cls][av.get("for")]
                v = av.get("value")
                if kind == "boolean":
                    assert v in ("true", "false")
                elif kind == "long":
                    int(v)
                elif kind == "double":
                    float(v)
    assert "networkx_key" not in (tmp_path / "p.gexf").read_text(encoding="utf-8")


# --------------------------------------------------------------------------------------
# Foreign files
# --------------------------------------------------------------------------------------
def test_a_gephi_style_gexf_maps_labels_and_reports(tmp_path):
    f = tmp_path / "gephi.gexf"
    f.write_text(f"""<?xml version="1.0" encoding="UTF-8"?>
<gexf xmlns="{GEXF_NAMESPACE}" xmlns:viz="{GEXF_NAMESPACE}/viz" version="1.2">
  <meta><description>Drawn at a workshop</description></meta>
  <graph defaultedgetype="directed">
    <attributes class="node"><attribute id="g" title="Group" type="string"/></attributes>
    <attributes class="edge"><attribute id="r" title="Relation" type="string"/></attributes>
    <nodes>
      <node id="n0" label="Anytown CAB"><attvalues><attvalue for="g" value="Provider"/></attvalues>
        <viz:position x="1.0" y="2.0"/></node>
      <node id="n1" label="LSC"><attvalues><attvalue for="g" value="funder"/></attvalues></node>
    </nodes>
    <edges><edge id="e0" source="n1" target="n0"><attvalues><attvalue for="r" value="Funding"/></attvalues></edge>
      <edge id="e1" source="n0" target="n0"><attvalues><attvalue for="r" value="referral"/></attvalues></edge></edges>
  </graph>
</gexf>""", encoding="utf-8")
    p, report = read_network(f, name="Anytown")
    assert p.name == "Anytown" and p.info.description == "Drawn at a workshop"
    assert p.member("n0").name == "Anytown CAB" and p.member("n0").groups == ("provider",)
    assert [(t.source, t.target, t.kind) for t in p.ties] == [("n1", "n0", "funding")]
    text = str(report)
    assert "attribute 'Group' read as groups (2 nodes)" in text
    assert "attribute 'Relation' read as kind" in text
    assert "stakeholder group 'Provider' read as 'provider'" in text
    assert "dropped: nodes: attribute 'viz'" in text
    assert "dropped: edges: 1 tie from a member to itself" in text


def test_pajek_with_relations_labels_and_lists():
    net = io.StringIO('*Network Anytown\n*Vertices 4\n1 "LSC" 0.1 0.2 0.3\n2 "Anytown CAB"\n3 Law\n4 "Tenants"\n'
                      '*Arcs\n1 2 5 l "funding"\n*Edgeslist :2 "information exchange"\n2 3 4\n')
    p, report = read_pajek(net, default_group="provider")
    assert p.name == "Anytown" and p.member("3").name == "Law"
    assert [(t.source, t.target, t.kind) for t in p.ties] == [
        ("1", "2", "funding"), ("2", "3", "information_exchange"), ("2", "4", "information_exchange")]
    assert p.ties[0].attrs == {"weight": 5}
    assert "the stakeholder group 'provider' for nodes without one (4 nodes)" in str(report)


@pytest.mark.parametrize(("text", "line", "message"), [
    ("*Vertices 2\n1 a\n3 b\n", 3, "expected a vertex number from 1 to 2, found '3'"),
    ("*Vertices x\n", 1, "expected '*Vertices N'"),
    ("*Vertices 2\n*Arcs\n1 9\n", 3, "expected vertex numbers from 1 to 2, found '9'"),
    ("*Vertices 2\n*Matrix\n", 2, "unknown section '*Matrix'"),
    ("1 2\n", 1, "a line before any section"),
    ('*Vertices 2\n1 "a\n', 2, "unclosed quotation mark"),
])
def test_pajek_errors_name_the_line(text, line, message):
    with pytest.raises(CLSPInputError) as exc:
        read_pajek(io.StringIO(text), default_group="provider", default_kind="referral")
    assert exc.value.line == line and message in exc.value.message


def test_pajek_edges_without_a_kind_need_a_default():
    with pytest.raises(CLSPInputError, match=r"has no kind .* default kind"):
        read_pajek(io.StringIO("*Vertices 2\n*Arcs\n1 2\n"), default_group="provider")


def test_ucinet_edgelist_nodelist_and_matrix():
    dl = "DL n=3\nformat = edgelist1\nlabels:\nLSC, CAB, Law\ndata:\n1 2 3\n2 3\n"
    p, _ = read_ucinet_dl(io.StringIO(dl), default_group="provider", default_kind="Referral")
    assert [(p.member(t.source).name, p.member(t.target).name) for t in p.ties] == [("LSC", "CAB"), ("CAB", "Law")]
    assert p.ties[0].attrs == {"weight": 3} and p.ties[0].kind == "referral"
    p, _ = read_ucinet_dl(io.StringIO("dl n=3 format=nodelist1\nlabels embedded\ndata:\na b c\n"),
                          default_group="network", default_kind="agreement")
    assert sorted((t.source, t.target) for t in p.ties) == [("a", "b"), ("a", "c")]
    m = "DL N=2 NM=2\nmatrix labels:\nfunding, referral\ndata:\n0 1\n0 0\n0 0\n1 0\n"
    p, _ = read_ucinet_dl(io.StringIO(m), default_group="provider")
    assert [(t.source, t.target, t.kind) for t in p.ties] == [("1", "2", "funding"), ("2", "1", "referral")]


@pytest.mark.parametrize(("text", "line", "message"), [
    ("n=2\n", 1, "starting with 'DL n=...'"),
    ("DL n=2 format=edgelist1\ndata:\n1 5\n", 3, "expected a member number from 1 to 2, found '5'"),
    ("DL n=2\ndata:\n0 1 1\n", 3, "expected 2 values in a matrix row, found 3"),
    ("DL n=2 format=blocks\ndata:\n", 1, "unknown DL format 'blocks'"),
    ("DL n=2\nrow labels:\na b\n", 2, "two-mode"),
    ("DL n=2 format=edgelist1\nlabels:\na,b,c\ndata:\n", 1, "3 labels for n=2"),
])
def test_ucinet_errors_name_the_line(text, line, message):
    with pytest.raises(CLSPInputError) as exc:
        read_ucinet_dl(io.StringIO(text), default_group="provider", default_kind="referral")
    assert exc.value.line == line and message in exc.value.message


def test_broken_xml_names_file_and_line(tmp_path):
    f = tmp_path / "bad.graphml"
    f.write_text("<graphml>\n<graph>\n<node id='a'>\n</graphml>", encoding="utf-8")
    with pytest.raises(CLSPInputError) as exc:
        read_network(f)
    assert exc.value.file == str(f) and exc.value.line == 4 and "not a readable GraphML file" in exc.value.message


def test_unknown_suffix_and_format():
    with pytest.raises(CLSPInputError, match="cannot tell the format"):
        read_network("x.xyz")
    with pytest.raises(UnknownValueError, match="unknown network format 'svg'"):
        read_network("x.xyz", format="svg")


# --------------------------------------------------------------------------------------
# from_networkx
# --------------------------------------------------------------------------------------
def test_from_networkx_errors_name_the_node_and_field():
    g = nx.Graph()
    g.add_node("a", group="funders")
    g.add_node("b", group="provider")
    g.add_edge("a", "b", kind="referral")
    with pytest.raises(UnknownValueError) as exc:
        Partnership.from_networkx(g)
    assert exc.value.field == "node 'a'.groups" and "expected one of: funder" in exc.value.message
    h = nx.Graph()
    h.add_node("x")
    with pytest.raises(CLSPInputError, match="node 'x' has no stakeholder group"):
        Partnership.from_networkx(h)


def test_from_networkx_makes_ids_and_keeps_the_original():
    g = nx.MultiGraph(name="G")
    g.add_node("Anytown CAB", groups=["provider"])
    g.add_node("Anytown/CAB", groups="provider;network")
    g.add_edge("Anytown CAB", "Anytown/CAB", kind="joint project")
    g.add_edge("Anytown CAB", "Anytown/CAB", kind="joint_project")
    p, report = Partnership.from_networkx(g, report=True)
    assert list(p.members) == ["Anytown_CAB", "Anytown_CAB_2"]
    assert p.member("Anytown_CAB_2").attrs["original_id"] == "Anytown/CAB"
    assert p.member("Anytown_CAB_2").groups == ("provider", "network")
    assert p.n_ties == 2 and "2 node ids made into member ids" in str(report)


# --------------------------------------------------------------------------------------
# Spellings
# --------------------------------------------------------------------------------------
@given(st.sampled_from(TIE_KINDS + STAKEHOLDER_GROUPS + ("co-operation", "co-ordination")),
       st.lists(st.sampled_from([str.upper, str.title, lambda s: s.replace("_", " "), lambda s: s.replace("-", ""),
                                 lambda s: s.replace("_", "-"), lambda s: f" {s} "]), max_size=3))
def test_any_case_or_separator_reads_as_the_id(value, changes):
    spelt = value
    for f in changes:
        spelt = f(spelt)
    valid = TIE_KINDS + STAKEHOLDER_GROUPS + ("co-operation", "co-ordination")
    with collecting() as notes:
        assert canonical(spelt, valid, "value") == value
    assert (notes == []) == (spelt == value)


def test_case_file_values_in_other_spellings_load_and_are_reported(tmp_path):
    f = tmp_path / "c.yaml"
    f.write_text("partnership: {name: P, budget: Pooled}\nmembers:\n  - {id: a, name: A, groups: [Funder]}\n"
                 "  - {id: b, name: B, groups: [Other sector], sector: Voluntary}\n"
                 "ties:\n  - {source: a, target: b, kind: Information Exchange}\n", encoding="utf-8")
    p = load_case(f)
    assert p.member("b").groups == ("other_sector",) and p.ties[0].kind == "information_exchange"
    assert p.info.budget == "pooled"
    warnings = [str(w) for w in validate_file(f).warnings]
    assert f"{f}:3: members[0].groups: stakeholder group 'Funder' read as 'funder'" in warnings
    assert f"{f}:6: ties[0].kind: tie kind 'Information Exchange' read as 'information_exchange'" in warnings
    with pytest.raises(UnknownValueError, match="'funders'"):  # a different word is still an error
        loads_case("partnership: {name: P}\nmembers: [{id: a, name: A, groups: [funders]}]\n")


def test_csv_import_reports_spellings_and_partnership_fields(tmp_path, capsys):
    (tmp_path / "members.csv").write_text("id,name,groups\na,A,Funder\nb,B,Provider\n", encoding="utf-8")
    (tmp_path / "ties.csv").write_text("source,target,kind\na,b,Funding\n", encoding="utf-8")
    (tmp_path / "partnership.csv").write_text("field,value\nname,Anytown CLSP\nstrategic_plan,yes\n",
                                              encoding="utf-8")
    out = tmp_path / "c.yaml"
    assert main(["import", str(tmp_path / "members.csv"), str(tmp_path / "ties.csv"), "-o", str(out)]) == 0
    text = capsys.readouterr().out
    assert "stakeholder group 'Funder' read as 'funder'" in text and "tie kind 'Funding' read as 'funding'" in text
    assert f"the partnership's own fields from {tmp_path / 'partnership.csv'}" in text
    p = load_case(out)
    assert p.name == "Anytown CLSP" and p.info.strategic_plan is True
    assert main(["import", str(tmp_path / "members.csv"), "-o", str(tmp_path / "d.yaml"), "--name", "Other"]) == 0
    assert load_case(tmp_path / "d.yaml").name == "Other"


def test_import_of_a_network_file_from_the_command_line(tmp_path, capsys):
    f = tmp_path / "n.net"
    f.write_text('*Vertices 2\n1 "LSC"\n2 "CAB"\n*Arcs :1 "Funding"\n1 2\n', encoding="utf-8")
    out = tmp_path / "c.yaml"
    assert main(["import", str(f), "-o", str(out), "--default-group", "provider", "--name", "Anytown",
                 "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["partnership"] == "Anytown" and d["ties"] == 1
    assert any("'provider' for nodes without one" in g for g in d["report"]["guessed"])
    assert load_case(out).ties[0].kind == "funding"
    code = main(["import", str(f), "-o", str(tmp_path / "e.yaml")])
    err = capsys.readouterr().err
    assert code == 1 and "node '1' has no stakeholder group" in err and "--default-group" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(("text", "line", "field", "message"), [
    ("field,value\nbudget,pooled\n", 1, "name", "no row 'name'"),
    ("field,value\nname,P\nestablished,soon\n", 3, "established", "whole number"),
    ("field,value\nname,P\nname,Q\n", 3, "name", "given twice (first on line 2)"),
    ("field,value\nname,P\nbudget,lots\n", 3, "budget", "unknown budget type 'lots'"),
    ("field,value\nname,P\nmembership_changes,[oops\n", 3, "membership_changes", "expected a JSON list"),
])
def test_partnership_table_errors(text, line, field, message):
    with pytest.raises(CLSPInputError) as exc:
        read_partnership_csv(io.StringIO(text))
    assert (exc.value.line, exc.value.field) == (line, field) and message in exc.value.message


def test_partnership_table_keeps_extra_fields_and_lists(tmp_path):
    p = Partnership(PartnershipInfo("P", working_groups=("a;b", "c"), attrs={"round": 2, "tags": ["x", "y"]}))
    *_, info_file = export_csv(p, tmp_path)
    assert read_partnership_csv(info_file) == p.info


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "csv"])
def test_a_list_recorded_as_none_stays_recorded_as_none(tmp_path, fmt):
    # working_groups: [] says the partnership has none; left out, it would read as "not recorded"
    base = load_case_study("talking_shop")
    info = PartnershipInfo(**{**{f: getattr(base.info, f) for f in ("name", "area", "budget")},
                              "working_groups": (), "champions": None, "small_wins": ("a directory",)})
    p = Partnership(info, list(base.members.values()), list(base.ties))
    q = _read_back(fmt, export(p, fmt, tmp_path / (f"x.{fmt}" if fmt != "csv" else "x_")))
    assert (q.info.working_groups, q.info.champions, q.info.small_wins) == ((), None, ("a directory",))
    assert q.info.recorded("working_groups") and not q.info.recorded("champions")
