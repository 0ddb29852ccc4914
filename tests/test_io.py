"""Tests of reading and writing partnerships: case files, checks, CSV import and exports (clsp_research.partnership)."""

from __future__ import annotations

import io
import json
import string
from collections import Counter
from dataclasses import fields
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clsp_research.errors import CLSPInputError, UnknownValueError
from clsp_research.partnership import formats as cio
from clsp_research.partnership.casefile import dumps_case, load_case, loads_case, save_case
from clsp_research.partnership.checks import check_case, validate_file
from clsp_research.partnership.datasets import resolve_case
from clsp_research.partnership.formats import (
    export,
    export_csv,
    export_gexf,
    export_graphml,
    export_paths,
    load_csv,
    read_members_csv,
    read_ties_csv,
)
from clsp_research.partnership.model import (
    BUDGET_TYPES,
    MEMBERSHIP_CHANGES,
    SECTORS,
    STAKEHOLDER_GROUPS,
    TIE_KINDS,
    Member,
    MembershipChange,
    Partnership,
    PartnershipInfo,
    Representative,
    Tie,
)
from clsp_research.partnership.yamlread import CaseSyntaxError

FIX = Path(__file__).parent / "fixtures" / "io"


def _error(path: Path) -> CLSPInputError:
    with pytest.raises(CLSPInputError) as info:
        load_case(path)
    return info.value


# --------------------------------------------------------------------------------------
# Loading a valid case file
# --------------------------------------------------------------------------------------
def test_valid_fixture_values():
    p = load_case(FIX / "valid.yaml")
    assert p.name == "Exampleton CLSP (illustrative)"
    assert list(p.members) == ["lsc", "council", "cab", "tenants", "007"]
    assert p.n_ties == 5
    info = p.info
    assert info.shared_mission is True  # YAML 'yes'
    assert info.strategic_plan is False
    assert info.budget == "pooled"
    assert info.working_groups == ("debt", "housing")
    assert info.champions == ("council",)
    assert info.joint_working_history == 3
    assert info.membership_changes[1] == MembershipChange(2002, "oldlaw", "left", "practice closed")
    assert info.references == ("griffith2002, §3.74",)
    assert info.attrs == {"funding_round": 2}
    council = p.member("council")
    assert council.groups == ("funder", "provider")
    assert council.representatives == (
        Representative("A. Officer", "head of advice", 2000, 2002),
        Representative("B. Officer"),
    )
    cab = p.member("cab")
    assert cab.groups == ("provider",)  # a single value for a list field
    assert cab.attrs == {"website": "https://cab.example.invalid"}
    assert p.member("007").id == "007"  # quoted: stays text
    assert p.member("tenants").name == "Tenants' Federation"
    amounts = sorted(t.amount for t in p.ties_of_kind("funding"))
    assert amounts == [40000.5, 120000]
    (jp,) = p.ties_of_kind("joint_project")
    assert jp.attrs == {"project": "debt clinic"} and jp.since == 2001


def test_plain_scalars_in_text_fields_keep_their_source_text():
    # YAML 1.1 would read 007 as 7, no as False and 2001 as an int: text fields keep the text
    p = loads_case(
        "partnership: {name: 2001}\n"
        "members:\n  - {id: 007, name: no, groups: [funder], categories: [no, 2001], sector: ~}\n"
        "  - {id: 8, name: B, groups: [provider]}\n"
        "ties:\n  - {source: 007, target: 8, kind: funding}\n"
    )
    m = p.member("007")
    assert (p.name, m.name, m.categories, m.sector) == ("2001", "no", ("no", "2001"), None)
    assert p.ties[0].target == "8"


def test_loads_file_like_bom_and_bytes():
    text = "partnership: {name: P}\nmembers: [{id: a, name: A, groups: community}]\n"
    assert load_case(io.StringIO("\ufeff" + text)) == loads_case(text)
    assert load_case(io.BytesIO(("\ufeff" + text).encode())) == loads_case(text)


def test_merge_keys_are_supported():
    p = loads_case(
        "partnership: {name: P}\n"
        "members:\n"
        "  - &prov {id: a, name: A, groups: [provider], sector: voluntary}\n"
        "  - {<<: *prov, id: b, name: B}\n"
    )
    assert p.member("b").sector == "voluntary" and p.member("b").groups == ("provider",)


def test_ties_key_optional_and_empty_members():
    p = loads_case("partnership: {name: P}\nmembers:\n")
    assert len(p) == 0 and p.n_ties == 0


# --------------------------------------------------------------------------------------
# Malformed case files: one fixture per error kind
# --------------------------------------------------------------------------------------
ERRORS = [
    # fixture, line, field, fragments of the message
    ("not_mapping.yaml", 1, None, ["expected a case file", "found a list"]),
    ("empty.yaml", 1, None, ["empty"]),
    ("missing_members.yaml", 1, "members", ["missing the top-level key 'members'"]),
    ("unknown_top_key.yaml", 4, "tie", ["unknown top-level key 'tie'", "did you mean 'ties'"]),
    ("missing_required.yaml", 4, "members[1].groups", ["missing groups", "id, name, groups"]),
    ("unknown_group.yaml", 8, "members[1].groups", ["'funders'", *STAKEHOLDER_GROUPS]),
    ("unknown_sector.yaml", 3, "members[0].sector", ["'public'", *SECTORS]),
    ("unknown_tie_kind.yaml", 9, "ties[1].kind", ["'friendship'", *TIE_KINDS]),
    ("tie_unknown_member.yaml", 7, "ties[1].target", ["'cabb'", "did you mean 'cab'", "lsc, cab"]),
    ("duplicate_member_id.yaml", 5, "members[2].id", ["duplicate member id 'cab'", "line 3"]),
    ("duplicate_key.yaml", 7, "members[0].sector", ["'sector' appears twice", "line 6"]),
    ("bad_year.yaml", 3, "partnership.established", ["expected a year", "'around 2000'"]),
    ("champion_unknown.yaml", 5, "partnership.champions", ["'counsil'", "did you mean 'council'"]),
    ("self_tie.yaml", 5, "ties[0].target", ["itself"]),
    (
        "bad_representative.yaml",
        8,
        "members[0].representatives[1].email",
        ["unknown key 'email'", "name, role, since, until"],
    ),
]


@pytest.mark.parametrize(("fixture", "line", "field", "fragments"), ERRORS, ids=[e[0] for e in ERRORS])
def test_malformed_case_files(fixture, line, field, fragments):
    exc = _error(FIX / fixture)
    assert Path(exc.file).name == fixture
    assert exc.line == line
    assert exc.field == field
    for frag in fragments:
        assert frag in exc.message
    assert str(exc).startswith(f"{exc.file}:{line}: ")


def test_unknown_vocabulary_value_raises_unknown_value_error():
    assert isinstance(_error(FIX / "unknown_tie_kind.yaml"), UnknownValueError)


@pytest.mark.parametrize(
    ("fixture", "line", "column", "fragment"),
    [
        # the parser trips over the ':' of 'members:' (line 2, column 8) inside the unclosed '{'
        ("syntax_error.yaml", 2, 8, "did not find expected ',' or '}'"),
        ("tab_indent.yaml", 2, 1, "indent with spaces"),
        ("two_documents.yaml", 3, 1, "one document"),
    ],
)
def test_yaml_syntax_errors_give_line_and_column(fixture, line, column, fragment):
    exc = _error(FIX / fixture)
    assert isinstance(exc, CaseSyntaxError)
    assert (exc.line, exc.column) == (line, column)
    assert fragment in exc.message
    assert str(exc).startswith(f"{exc.file}:{line}:{column}: YAML syntax error")


def test_file_problems(tmp_path):
    missing = tmp_path / "nope.yaml"
    exc = _error(missing)
    assert exc.file == str(missing) and "no such" in exc.message
    exc = _error(tmp_path)
    assert "is a directory" in exc.message
    latin1 = tmp_path / "latin1.yaml"
    latin1.write_bytes(b"partnership: {name: P}\nmembers:\n  - {id: a, name: \xa3A, groups: [funder]}\n")
    exc = _error(latin1)
    assert exc.line == 3 and "not UTF-8" in exc.message and "'£'" in exc.message
    utf16 = tmp_path / "utf16.yaml"
    utf16.write_text("partnership: {name: P}\nmembers: []\n", encoding="utf-16")
    assert "UTF-16" in _error(utf16).message


@pytest.mark.parametrize(
    ("text", "line", "field", "fragment"),
    [
        ("partnership: [a]\nmembers: []\n", 1, "partnership", "expected a mapping"),
        ("partnership: {name: P}\nmembers: {a: 1}\n", 2, "members", "expected a list of members"),
        ("partnership: {name: P}\nmembers:\n  - lsc\n", 3, "members[0]", "expected a member"),
        ("partnership: {name: P}\nmembers:\n  - {id: a, name: A, groups: {x: 1}}\n", 3,
         "members[0].groups", "list of text values"),
        ("partnership: {name: P}\nmembers:\n  - {id: a, name: A, groups: [funder], resources: .nan}\n",
         3, "members[0].resources", "finite number"),
        ("partnership: {name: !!python/object:os.system P}\nmembers: []\n", 1, "partnership.name",
         "unsupported YAML tag"),
        ("partnership: {name: P, x: !!python/object:os.system P}\nmembers: []\n", 1, "partnership.x",
         "unsupported YAML tag"),
        ("partnership:\n  name: P\n  extra:\n    a: 1\n    a: 2\nmembers: []\n", 5, "partnership.extra",
         "'a' appears twice"),
        ("partnership:\n  name: P\n  membership_changes:\n    - {year: 2001, member: a, change: jumped}\n"
         "members: []\n", 4, "partnership.membership_changes[0].change", "joined, left"),
        ("partnership: {name: '  '}\nmembers: []\n", 1, "partnership.name", "non-empty name"),
    ],
)
def test_more_errors_from_strings(text, line, field, fragment):
    with pytest.raises(CLSPInputError) as info:
        loads_case(text, source="s.yaml")
    exc = info.value
    assert (exc.file, exc.line, exc.field) == ("s.yaml", line, field)
    assert fragment in exc.message


def test_long_member_lists_are_shortened_in_messages():
    members = "".join(f"  - {{id: m{i}, name: M{i}, groups: [provider]}}\n" for i in range(100))
    text = f"partnership: {{name: P}}\nmembers:\n{members}ties:\n  - {{source: m1, target: zz, kind: referral}}\n"
    with pytest.raises(CLSPInputError) as info:
        loads_case(text)
    assert "and 75 more" in info.value.message and "m99" not in info.value.message


# --------------------------------------------------------------------------------------
# Warnings
# --------------------------------------------------------------------------------------
def test_warnings_fixture():
    r = validate_file(FIX / "warnings.yaml")
    assert r.valid and (r.members, r.ties) == (3, 3) and not r.errors
    got = {(w.line, w.field) for w in r.warnings}
    assert got == {
        (8, "members[1].sectr"),  # did you mean 'sector'?
        (9, "members[2]"),  # isolated
        (11, "ties[0]"),  # funding from a non-funder
        (13, "ties[2]"),  # repeats ties[1] (undirected kind, reversed direction)
        (5, "partnership.membership_changes[0].member"),  # unknown member: a warning
    }
    by_field = {w.field: w.message for w in r.warnings}
    assert "did you mean 'sector'" in by_field["members[1].sectr"]
    assert "repeats ties[1] (line 12)" in by_field["ties[2]"]
    assert all(w.level == "warning" and w.file == str(FIX / "warnings.yaml") for w in r.warnings)


def test_check_case_directed_kinds_in_opposite_directions_are_not_repeats():
    p = Partnership(
        "P",
        [Member("a", "A", groups=("provider",)), Member("b", "B", groups=("provider",))],
        [Tie("a", "b", "referral"), Tie("b", "a", "referral")],
    )
    assert check_case(p) == []
    p.add_tie(Tie("a", "b", "referral", since=2001))
    assert [w.message.split(";")[0] for w in check_case(p)] == ["the referral tie 'a' -> 'b' repeats ties[0]"]


def test_funding_pointing_the_wrong_way():
    p = Partnership(
        "P",
        [Member("lsc", "LSC", groups=("funder",)), Member("cab", "CAB", groups=("provider",))],
        [Tie("cab", "lsc", "funding")],
    )
    (w,) = check_case(p)
    assert "wrong way" in w.message and "'lsc'" in w.message


def test_validate_file_never_raises(tmp_path):
    r = validate_file(tmp_path / "missing.yaml")
    assert not r.valid and r.members is None and r.errors[0].level == "error"
    r = validate_file(FIX / "syntax_error.yaml")
    d = r.to_dict()
    assert d["errors"][0]["line"] == 2 and d["errors"][0]["column"] == 8
    json.dumps(d)  # JSON-ready


# --------------------------------------------------------------------------------------
# Round trips through YAML
# --------------------------------------------------------------------------------------
def test_save_and_load_fixture_round_trip(tmp_path):
    p = load_case(FIX / "valid.yaml")
    out = save_case(p, tmp_path / "sub" / "copy.yaml")
    q = load_case(out)
    assert q == p
    assert dumps_case(q) == out.read_text(encoding="utf-8")  # stable


def test_save_failure_keeps_the_old_file(tmp_path):
    target = tmp_path / "case.yaml"
    target.write_text("old contents", encoding="utf-8")
    p = Partnership("P", [Member("a", "A", groups=("funder",), attrs={"bad": object()})])
    with pytest.raises(CLSPInputError, match="cannot write"):
        save_case(p, target)
    assert target.read_text(encoding="utf-8") == "old contents"
    assert sorted(f.name for f in tmp_path.iterdir()) == ["case.yaml"]


def test_save_rejects_attrs_named_like_fields(tmp_path):
    p = Partnership("P", [Member("a", "A", groups=("funder",), attrs={"sector": "x"})])
    with pytest.raises(CLSPInputError, match="has the name of a field"):
        save_case(p, tmp_path / "c.yaml")


_FIELD_NAMES = {f.name for cls in (PartnershipInfo, Member, Tie) for f in fields(cls)}
# any text XML can hold: the reader refuses other control characters (yamlread._CONTROL)
_XML_UNSAFE = "".join(chr(c) for c in [*range(9), 11, 12, *range(14, 32)]) + "\ufffe\uffff"
_text = st.text(st.characters(codec="utf-8", exclude_characters=_XML_UNSAFE), max_size=12)
_name = _text.filter(lambda s: s.strip())
_ids = st.text(string.ascii_letters + string.digits + "_-.", min_size=1, max_size=6)
_year = st.none() | st.integers(1900, 2100)
_number = st.none() | st.integers(0, 10**12) | st.floats(0, 1e12, allow_nan=False, allow_infinity=False)
_flag = st.none() | st.booleans()
_texts = st.lists(_text, max_size=3).map(tuple)
# finite numbers of at most 100 digits: what the reader accepts (yamlread.MAX_DIGITS, no .inf)
_scalar = (st.none() | st.booleans() | st.integers(-10**99, 10**99) | st.floats(allow_nan=False, allow_infinity=False)
           | _text)
_value = st.recursive(
    _scalar,
    lambda c: st.lists(c, max_size=3) | st.dictionaries(_text, c, max_size=3),
    max_leaves=6,
)
_attrs = st.dictionaries(_text.filter(lambda k: k not in _FIELD_NAMES), _value, max_size=3)


def _opt(values):
    return st.none() | st.sampled_from(values)


@st.composite
def partnerships(draw, *, member_attrs=_attrs, tie_attrs=_attrs, info_attrs=_attrs, text=_text, name=_name):
    ids = draw(st.lists(_ids, min_size=0, max_size=6, unique=True))
    members = []
    for mid in ids:
        members.append(
            Member(
                mid,
                draw(name),
                groups=tuple(draw(st.lists(st.sampled_from(STAKEHOLDER_GROUPS), min_size=1, max_size=3, unique=True))),
                sector=draw(_opt(SECTORS)),
                categories=draw(st.lists(text, max_size=3).map(tuple)),
                client_groups=draw(st.lists(text, max_size=2).map(tuple)),
                resources=draw(_number),
                attitude=draw(st.none() | text),
                representatives=tuple(
                    Representative(draw(name), draw(st.none() | text), draw(_year), draw(_year))
                    for _ in range(draw(st.integers(0, 2)))
                ),
                joined=draw(_year),
                left=draw(_year),
                area=draw(st.none() | text),
                attrs=draw(member_attrs),
            )
        )
    ties = []
    if len(ids) >= 2:
        for _ in range(draw(st.integers(0, 8))):
            s, t = draw(st.lists(st.sampled_from(ids), min_size=2, max_size=2, unique=True))
            ties.append(
                Tie(
                    s,
                    t,
                    draw(st.sampled_from(TIE_KINDS)),
                    formal=draw(_flag),
                    since=draw(_year),
                    amount=draw(_number),
                    categories=draw(st.lists(text, max_size=2).map(tuple)),
                    attrs=draw(tie_attrs),
                )
            )
    info = PartnershipInfo(
        name=draw(name),
        area=draw(st.none() | text),
        established=draw(_year),
        shared_mission=draw(_flag),
        steering_group=draw(_flag),
        working_groups=draw(st.lists(text, max_size=2).map(tuple)),
        coordinator=draw(_flag),
        budget=draw(_opt(BUDGET_TYPES)),
        evaluation=draw(_flag),
        champions=tuple(draw(st.lists(st.sampled_from(ids), max_size=2, unique=True))) if ids else (),
        joint_working_history=draw(_number),
        meetings_per_year=draw(_number),
        small_wins=draw(st.lists(text, max_size=2).map(tuple)),
        status=draw(_opt(("mandatory", "permissive", "recommended"))),
        level=draw(_opt(("strategic", "operational"))),
        membership_changes=tuple(
            MembershipChange(draw(st.integers(1900, 2100)), draw(_ids), draw(st.sampled_from(MEMBERSHIP_CHANGES)),
                             draw(st.none() | text))
            for _ in range(draw(st.integers(0, 2)))
        ),
        description=draw(st.none() | text),
        references=draw(st.lists(text, max_size=2).map(tuple)),
        attrs=draw(info_attrs),
    )
    return Partnership(info, members, ties)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(partnerships())
def test_yaml_round_trip_property(p):
    text = dumps_case(p)
    q = loads_case(text)
    assert q == p
    assert dumps_case(q) == text


# --------------------------------------------------------------------------------------
# CSV import
# --------------------------------------------------------------------------------------
def test_csv_fixture():
    p = load_csv(FIX / "members.csv", FIX / "ties.csv", name="Exampleton")
    assert p.name == "Exampleton"
    assert list(p.members) == ["lsc", "cab"]
    cab = p.member("cab")
    assert cab.name == "Exampleton CAB"  # stray whitespace removed
    assert cab.groups == ("provider", "network")
    assert cab.categories == ("debt", "housing")
    assert cab.client_groups == ("older_people",)  # header 'Client groups'
    assert cab.resources == 120000  # "120,000"
    assert cab.joined == 2000  # "2000.0" from a spreadsheet
    assert cab.attrs == {"notes": "keen"}
    assert p.member("lsc").attrs == {}  # empty extra cells are not kept
    (f,) = p.ties_of_kind("funding")
    got = (f.source, f.target, f.formal, f.since, f.amount, f.categories)
    assert got == ("lsc", "cab", True, 2000, 120000, ("debt",))
    (i,) = p.ties_of_kind("information_exchange")
    assert i.formal is False and i.amount is None


def test_csv_default_name(tmp_path):
    m = tmp_path / "anytown_members.csv"
    m.write_text("id,name,groups\na,A,funder\n", encoding="utf-8")
    assert load_csv(m).name == "anytown"
    d = tmp_path / "bigtown"
    d.mkdir()
    (d / "members.csv").write_text("id,name,groups\na,A,funder\n", encoding="utf-8")
    assert load_csv(d / "members.csv").name == "bigtown"


CSV_ERRORS = [
    # members file, ties file, file at fault, line, column, fragments
    ("members_bad_group.csv", None, "members_bad_group.csv", 3, "groups", ["'funders'", *STAKEHOLDER_GROUPS]),
    ("members_missing_column.csv", None, "members_missing_column.csv", 1, "groups",
     ["missing column groups", "id, name, groups"]),
    ("members.csv", "ties_bad_flag.csv", "ties_bad_flag.csv", 2, "formal", ["true or false", "'perhaps'"]),
    ("members.csv", "ties_unknown_member.csv", "ties_unknown_member.csv", 4, "target",
     ["'cabb'", "did you mean 'cab'", "lsc, cab"]),
]


@pytest.mark.parametrize(("members", "ties", "culprit", "line", "column", "fragments"), CSV_ERRORS,
                         ids=[e[2] for e in CSV_ERRORS])
def test_csv_errors(members, ties, culprit, line, column, fragments):
    with pytest.raises(CLSPInputError) as info:
        load_csv(FIX / members, None if ties is None else FIX / ties)
    exc = info.value
    assert Path(exc.file).name == culprit
    assert (exc.line, exc.field) == (line, column)
    for frag in fragments:
        assert frag in exc.message


@pytest.mark.parametrize(
    ("text", "line", "column", "fragment"),
    [
        ("id,name,groups\na,A,funder\na,B,provider\n", 3, "id", "duplicate member id 'a' (first on line 2)"),
        ("id,name,groups\na,,funder\n", 2, "name", "the name is empty"),
        ("id,name,groups,joined\na,A,funder,2001.5\n", 2, "joined", "whole number"),
        ("id,name,groups,resources\na,A,funder,lots\n", 2, "resources", "expected a number"),
        ("id,name,groups\na,A,funder,surplus\n", 2, None, "4 values but the header names 3"),
        ("id,name,groups,\na,A,funder,x\n", 2, None, "no name in the header"),
        ("id,name,groups,name\na,A,funder,B\n", 1, "name", "appears twice"),
        ('id,name,groups\n"a,A,funder\n', 2, None, "not valid CSV"),
        ("", 1, None, "empty"),
        ("id,name,groups,representatives\na,A,funder,[oops\n", 2, "representatives", "JSON"),
        # a multi-line quoted cell: the next row's line number still counts physical lines
        ('id,name,groups\na,"A\nwith a second line",funder\nb,B,fundr\n', 4, "groups", "'fundr'"),
    ],
)
def test_csv_members_errors_from_text(tmp_path, text, line, column, fragment):
    f = tmp_path / "m.csv"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(CLSPInputError) as info:
        load_csv(f)
    exc = info.value
    assert (exc.file, exc.line, exc.field) == (str(f), line, column)
    assert fragment in exc.message


def test_csv_delimiters_booleans_and_representatives():
    members = read_members_csv(io.StringIO(
        'id;name;groups;representatives\n'
        'a;A;"funder;provider";"J. Smith; K. Jones"\n'
    ))
    # a semicolon-separated file (Excel in many locales): list cells must be quoted
    assert members[0].groups == ("funder", "provider")
    assert [r.name for r in members[0].representatives] == ["J. Smith", "K. Jones"]
    with pytest.raises(CLSPInputError, match="5 values but the header names 4"):
        read_members_csv(io.StringIO("id;name;groups;representatives\na;A;funder;J. Smith; K. Jones\n"))
    tsv = read_members_csv(io.StringIO(
        'id\tname\tgroups\trepresentatives\n'
        'a\tA\tfunder\t[{"name": "J. Smith", "since": 2001}, "K. Jones"]\n'
    ))
    assert tsv[0].representatives == (Representative("J. Smith", since=2001), Representative("K. Jones"))
    flags = ["true", "FALSE", "Yes", "no", "1", "0", "y", "N"]
    rows = "".join(f"a,b,agreement,{f}\n" for f in flags)
    ties = read_ties_csv(io.StringIO("source,target,kind,formal\n" + rows))
    assert [t.formal for t in ties] == [True, False, True, False, True, False, True, False]


_csv_text = st.text(
    st.characters(codec="utf-8", exclude_characters=";" + _XML_UNSAFE), min_size=1, max_size=10
).filter(lambda s: s == s.strip() and not s.startswith("["))
# extra CSV columns: text that does not look like a number or a boolean, or numbers and booleans
_csv_extra = (
    _csv_text.filter(lambda s: cio._csv_extra(s) == s)
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.booleans()
)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    partnerships(
        member_attrs=st.dictionaries(
            st.from_regex(r"[a-z][a-z0-9_]{0,6}", fullmatch=True).filter(lambda k: k not in _FIELD_NAMES),
            _csv_extra,
            max_size=2,
        ),
        tie_attrs=st.dictionaries(st.sampled_from(["until", "note"]), _csv_extra, max_size=2),
        info_attrs=st.just({}),
        text=_csv_text,
        name=_csv_text,
    )
)
def test_csv_round_trip_property(tmp_path_factory, p):
    d = tmp_path_factory.mktemp("csv")
    m, t, _ = export_csv(p, d)
    assert load_csv(m, t, info=p.info) == p


# --------------------------------------------------------------------------------------
# Exports
# --------------------------------------------------------------------------------------
@pytest.fixture
def valid_case() -> Partnership:
    return load_case(FIX / "valid.yaml")


def _edge_kinds(g: nx.MultiDiGraph) -> Counter:
    return Counter((u, v, d["kind"]) for u, v, d in g.edges(data=True))


def test_graphml_read_back(tmp_path, valid_case):
    p = valid_case
    path = export_graphml(p, tmp_path / "p.graphml")
    g = nx.read_graphml(path)
    assert isinstance(g, nx.MultiDiGraph)
    assert list(g.nodes) == list(p.members)
    assert json.loads(g.nodes["council"]["groups"]) == ["funder", "provider"]  # lists as JSON
    assert g.nodes["council"]["label"] == "Exampleton Council"
    reps = json.loads(g.nodes["council"]["representatives"])  # every field of a representative is kept
    assert reps[0] == {"name": "A. Officer", "role": "head of advice", "since": 2000, "until": 2002}
    assert [r["name"] for r in reps] == ["A. Officer", "B. Officer"]
    assert g.nodes["cab"]["website"] == "https://cab.example.invalid"
    assert "sector" not in g.nodes["007"] or g.nodes["007"]["sector"] == "private"
    assert "resources" not in g.nodes["lsc"]  # None is dropped
    assert _edge_kinds(g) == Counter((t.source, t.target, t.kind) for t in p.ties)
    assert not any(k in d for *_, d in g.edges(data=True) for k in ("networkx_key", "key", "directed"))
    assert g.graph["name"] == p.name and json.loads(g.graph["champions"]) == ["council"]


def test_gexf_read_back(tmp_path, valid_case):
    p = valid_case
    g = nx.read_gexf(export_gexf(p, tmp_path / "p.gexf"))
    assert set(g.nodes) == set(p.members)
    assert json.loads(g.nodes["cab"]["groups"]) == ["provider"]
    assert g.nodes["cab"]["label"] == "Exampleton CAB"
    assert _edge_kinds(g) == Counter((t.source, t.target, t.kind) for t in p.ties)
    amounts = sorted(d["amount"] for *_, d in g.edges(data=True) if "amount" in d)
    assert amounts == [40000.5, 120000.0]
    assert not any("networkx_key" in d for *_, d in g.edges(data=True))


def test_exports_type_mixed_attributes_once_and_read_back_equal(tmp_path):
    from clsp_research.partnership.importers import read_network

    p = Partnership("P", [
        Member("a", "A", groups=("funder",), attrs={"size": 3, "flag": True}),
        Member("b", "B", groups=("provider",), attrs={"size": "large", "flag": 2}),
        Member("c", "C", groups=("provider",), attrs={"size": 1.5}),
    ])
    g = nx.read_gexf(export_gexf(p, tmp_path / "p.gexf"))
    # one declared type per attribute: mixed ones are JSON text, named in clsp_json
    assert [g.nodes[n]["size"] for n in "abc"] == ["3", '"large"', "1.5"]
    h = nx.read_graphml(export_graphml(p, tmp_path / "p.graphml"))
    assert [h.nodes[n]["size"] for n in "abc"] == ["3", '"large"', "1.5"]
    assert json.loads(h.graph["clsp_json"])["node"] == ["flag", "size"]
    for f in ("p.gexf", "p.graphml"):
        q, _ = read_network(tmp_path / f)
        assert q == p and q.member("a").attrs == {"size": 3, "flag": True}


def test_attrs_clashing_with_format_keywords_are_renamed(tmp_path):
    from clsp_research.partnership.importers import read_network

    p = Partnership("P", [Member("a", "A", groups=("funder",), attrs={"label": "x", "id": "y"}),
                          Member("b", "B", groups=("funder",))],
                    [Tie("a", "b", "agreement", attrs={"weight": 5, "type": "z"})])
    g = nx.read_gexf(export_gexf(p, tmp_path / "p.gexf"))
    assert g.nodes["a"]["label"] == "A" and g.nodes["a"]["attr_label"] == "x" and g.nodes["a"]["attr_id"] == "y"
    (d,) = [d for *_, d in g.edges(data=True)]
    assert d["attr_weight"] == 5 and d["attr_type"] == "z"
    assert read_network(tmp_path / "p.gexf")[0] == p  # and the names come back


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_failed_export_leaves_no_file(tmp_path, valid_case, monkeypatch, fmt):
    def boom(g, fh, **kw):
        fh.write(b"<partial")
        raise RuntimeError("disk full")

    if fmt == "gexf":  # written by the package itself: fail in the middle of writing
        from xml.etree import ElementTree

        monkeypatch.setattr(ElementTree, "tostring", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("disk full")))
    monkeypatch.setattr(nx, f"write_{fmt}", boom)
    target = tmp_path / f"p.{fmt}"
    with pytest.raises(RuntimeError):
        export(valid_case, fmt, target)
    assert list(tmp_path.iterdir()) == []
    target.write_text("previous", encoding="utf-8")
    with pytest.raises(RuntimeError):
        export(valid_case, fmt, target)
    assert target.read_text(encoding="utf-8") == "previous"
    assert [f.name for f in tmp_path.iterdir()] == [target.name]


def test_failed_csv_export_leaves_neither_table(tmp_path, valid_case, monkeypatch):
    calls = []

    def second_fails(fh, columns, rows):
        calls.append(columns)
        fh.write("id,name\n")
        if len(calls) == 2:
            raise OSError("disk full")

    monkeypatch.setattr(cio, "_write_table", second_fails)
    with pytest.raises(OSError):
        export_csv(valid_case, tmp_path / "out")
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []


def test_csv_export_of_list_values_with_semicolons_is_refused(tmp_path):
    p = Partnership("P", [Member("a", "A", groups=("funder",), categories=("debt;housing",))])
    with pytest.raises(CLSPInputError, match="contains ';'"):
        export_csv(p, tmp_path / "out")
    assert not (tmp_path / "out" / "members.csv").exists()


def test_csv_export_round_trip_of_fixture(tmp_path, valid_case):
    m, t, i = export_csv(valid_case, tmp_path)
    assert i.name == "partnership.csv"
    q = load_csv(m, t)
    assert q == valid_case  # the partnership's own fields come back from partnership.csv
    assert q.member("council") == valid_case.member("council")
    assert Counter((x.source, x.target, x.kind, x.amount) for x in q.ties) == Counter(
        (x.source, x.target, x.kind, x.amount) for x in valid_case.ties
    )
    assert q.ties_of_kind("joint_project")[0].attrs == {"project": "debt clinic"}


@pytest.mark.parametrize(
    ("dest", "expected"),
    [
        ("out", ("out/members.csv", "out/ties.csv", "out/partnership.csv")),
        ("out/", ("out/members.csv", "out/ties.csv", "out/partnership.csv")),
        ("out/anytown_", ("out/anytown_members.csv", "out/anytown_ties.csv", "out/anytown_partnership.csv")),
        ("anytown-", ("anytown-members.csv", "anytown-ties.csv", "anytown-partnership.csv")),
        ("anytown.csv", ("anytown_members.csv", "anytown_ties.csv", "anytown_partnership.csv")),
    ],
)
def test_csv_destinations(dest, expected):
    assert [str(p) for p in export_paths("csv", dest)] == [str(Path(e)) for e in expected]


def test_export_dispatcher(tmp_path, valid_case):
    assert export(valid_case, "graphml", tmp_path / "a.graphml") == [tmp_path / "a.graphml"]
    assert export(valid_case, "csv", tmp_path / "c_") == [tmp_path / "c_members.csv", tmp_path / "c_ties.csv",
                                                          tmp_path / "c_partnership.csv"]
    with pytest.raises(UnknownValueError) as info:
        export(valid_case, "pdf", tmp_path / "x.pdf")
    assert "graphml, gexf, csv" in info.value.message
    assert not (tmp_path / "x.pdf").exists()


def test_resolve_case(tmp_path):
    f = tmp_path / "c.yaml"
    f.write_text("partnership: {name: P}\nmembers: []\n", encoding="utf-8")
    assert resolve_case(f) == f
    with pytest.raises(CLSPInputError, match="case studies are"):
        resolve_case("no_such_case_study_name")
    with pytest.raises(CLSPInputError, match="no such case file"):
        resolve_case(tmp_path / "missing.yaml")


TRICKY = ["<<", "=", "yes", "No", "007", "0x1F", "1_000", "~", "null", "", " lead", "trail ", "a: b", "- x",
          "#hash", "\x85", "\u2028", "\ufeff", "tab\there", "line\nbreak", "cr\rhere", "2001-01-01", ".nan", "é"]


def test_yaml_round_trip_of_tricky_strings():
    m = Member("a", "A", groups=("provider",), categories=tuple(TRICKY), attitude="yes",
               attrs={t: t for t in TRICKY} | {"list": TRICKY, "n": 7})
    p = Partnership(PartnershipInfo("007", small_wins=tuple(TRICKY)), [m, Member("b", "no", groups="funder")],
                    [Tie("b", "a", "funding", categories=tuple(TRICKY), attrs={"<<": "merge?"})])
    q = loads_case(dumps_case(p))
    assert q == p
    assert q.member("a").attrs["n"] == 7 and q.member("a").attrs["007"] == "007"


@pytest.mark.parametrize(
    ("cell", "value"),
    [("12", 12), ("-3", -3), ("0.5", 0.5), ("1e3", 1000.0), ("TRUE", True), ("false", False),
     ("007", "007"), ("1,200", "1,200"), ("yes", "yes"), ("12 pounds", "12 pounds"), ("1e999", "1e999")],
)
def test_csv_extra_columns_are_typed(cell, value):
    (m,) = read_members_csv(io.StringIO(f'id,name,groups,extra\na,A,funder,"{cell}"\n'))
    assert m.attrs["extra"] == value and type(m.attrs["extra"]) is type(value)


def test_comma_in_flow_mapping_is_warned_about(tmp_path):
    f = tmp_path / "c.yaml"
    f.write_text(
        "partnership: {name: P}\n"
        "members:\n"
        "  - {id: a, name: A, groups: [funder]}\n"
        "  - {id: b, name: B, groups: [provider]}\n"
        "ties:\n"
        "  - {source: a, target: b, kind: joint_project, project: mapping, needs analysis}\n",
        encoding="utf-8",
    )
    r = validate_file(f)
    (w,) = r.warnings
    assert (w.line, w.field) == (6, "ties[0].needs analysis")
    assert "unquoted comma" in w.message
