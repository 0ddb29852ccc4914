"""The shipped case studies: loadable, labelled as illustrative, cited, internally consistent.

Each case study is a case file ``data/case_studies/<name>.yaml`` plus a narrative
``<name>.md``. The narrative's expectations (``expected_stage``, ``expected_flags``,
``expected_absent_flags``) are checked here only for valid ids and for consistency with
the definitions they rest on (the LSC page's five groups, the continuum's end stages);
whether the assessment engine agrees with them is tested with the engine.
"""

from __future__ import annotations

import re
from functools import cache

import pytest

from clsp_research.literature import parse_cite, reference
from clsp_research.partnership.datasets import case_studies, case_study_path, load_case_study
from clsp_research.partnership.model import STAKEHOLDER_GROUPS, TIE_KINDS, Partnership

#: The case studies the issue asks for (file stems).
REQUIRED = (
    "talking_shop",
    "pioneer_first_year",
    "funder_dominated",
    "referral_concordat",
    "joint_projects_manager",
    "integrated_commissioning",
)
#: Stages of the composite continuum and the risk flags (docs/architecture.md vocabulary).
STAGES = ("networking", "co-operation", "co-ordination", "integration")
RISK_FLAGS = (
    "talking_shop",
    "power_imbalance",
    "missing_stakeholder_group",
    "inner_core",
    "single_funder_dependency",
    "no_evaluation",
    "unclear_purpose",
    "high_turnover",
)
LABEL = "Illustrative composite: not a description of any real partnership"

ALL = case_studies()


@cache
def _case(name: str) -> Partnership:
    return load_case_study(name)


@cache
def _narrative(name: str) -> str:
    return case_study_path(name).with_suffix(".md").read_text(encoding="utf-8")


def _split(text: str) -> tuple[str, str]:
    """(body, references section) of a narrative."""
    body, sep, refs = text.partition("\n## References")
    assert sep, "the narrative needs a '## References' section"
    return body, refs


def _spans(text: str) -> list[str]:
    return re.findall(r"`([^`\n]+)`", text)


def _is_other_span(span: str) -> bool:
    """Back-quoted text in a narrative that is not a citation: ids and file names."""
    return span in RISK_FLAGS or span in STAGES or span.endswith(".yaml")


def _prose_words(text: str) -> int:
    body, _ = _split(text)
    return len(re.findall(r"[A-Za-z0-9][\w'-]*", re.sub(r"`[^`]*`", "", body)))


def test_required_case_studies_are_shipped() -> None:
    assert set(REQUIRED) <= set(ALL)
    for name in ALL:
        assert case_study_path(name).with_suffix(".md").is_file(), f"{name}.md is missing"


@pytest.mark.parametrize("name", ALL)
def test_loads_with_enough_members(name: str) -> None:
    p = _case(name)
    assert isinstance(p, Partnership)
    assert 10 <= len(p) <= 25
    assert p.n_ties > 0
    assert all(t.kind in TIE_KINDS for t in p.ties)


@pytest.mark.parametrize("name", ALL)
def test_labelled_illustrative(name: str) -> None:
    p = _case(name)
    assert p.info.description is not None and p.info.description.startswith(LABEL)
    head = _narrative(name)[:600]
    assert LABEL in head
    raw = case_study_path(name).read_text(encoding="utf-8")
    assert "ILLUSTRATIVE COMPOSITE" in raw.splitlines()[1] + raw.splitlines()[2]


@pytest.mark.parametrize("name", ALL)
def test_case_file_references_resolve(name: str) -> None:
    refs = _case(name).info.references
    assert refs, "a case study cites what it is built from"
    for r in refs:
        key, _ = parse_cite(r)
        assert reference(key).key == key


@pytest.mark.parametrize("name", ALL)
def test_narrative_citations_resolve(name: str) -> None:
    body, refs = _split(_narrative(name))
    ref_spans = _spans(refs)
    assert len(ref_spans) >= 3
    for span in ref_spans:  # every span in the reference list is a citation
        key, _ = parse_cite(span)
        assert reference(key).key == key, span
    for span in _spans(body):
        if not _is_other_span(span):
            key, _ = parse_cite(span)
            assert reference(key).key == key, span


@pytest.mark.parametrize("name", ALL)
def test_narrative_and_case_file_cite_the_same_works(name: str) -> None:
    _, refs = _split(_narrative(name))
    in_narrative = {parse_cite(s)[0] for s in _spans(refs)}
    in_case = {parse_cite(r)[0] for r in _case(name).info.references}
    assert in_narrative == in_case


@pytest.mark.parametrize("name", ALL)
def test_narrative_length(name: str) -> None:
    assert 300 <= _prose_words(_narrative(name)) <= 600


@pytest.mark.parametrize("name", ALL)
def test_expectations_use_valid_ids(name: str) -> None:
    attrs = _case(name).info.attrs
    assert attrs["expected_stage"] in STAGES
    expected = attrs.get("expected_flags", [])
    absent = attrs.get("expected_absent_flags", [])
    assert isinstance(expected, list) and isinstance(absent, list)
    assert set(expected) <= set(RISK_FLAGS) and set(absent) <= set(RISK_FLAGS)
    assert len(set(expected)) == len(expected) and len(set(absent)) == len(absent)
    assert not set(expected) & set(absent)
    # the narrative states the same expectations
    text = _narrative(name)
    assert f"**{attrs['expected_stage']}**" in text
    for flag in (*expected, *absent):
        assert f"`{flag}`" in text


def test_set_covers_every_stage_and_flag() -> None:
    stages = {_case(n).info.attrs["expected_stage"] for n in REQUIRED}
    flags = {f for n in REQUIRED for f in _case(n).info.attrs.get("expected_flags", [])}
    assert stages == set(STAGES)
    assert flags == set(RISK_FLAGS)


@pytest.mark.parametrize("name", ALL)
def test_missing_group_expectation_matches_membership(name: str) -> None:
    """The LSC page's five groups: the flag is expected exactly when one is absent."""
    p = _case(name)
    present = {g for m in p.members.values() for g in m.groups}
    missing = set(STAKEHOLDER_GROUPS) - present
    attrs = p.info.attrs
    if "missing_stakeholder_group" in attrs.get("expected_flags", []):
        assert missing
    if "missing_stakeholder_group" in attrs.get("expected_absent_flags", []):
        assert not missing


@pytest.mark.parametrize("name", ALL)
def test_end_stages_match_their_definitions(name: str) -> None:
    """Networking: information exchange only (§2.4); integration: a pooled budget (§2.7)."""
    p = _case(name)
    stage = p.info.attrs["expected_stage"]
    kinds = {t.kind for t in p.ties}
    if stage == "networking":
        assert kinds == {"information_exchange"}
        assert p.info.budget in (None, "none")
    if stage == "integration":
        assert p.info.budget == "pooled" and "pooled_budget" in kinds
        assert p.info.shared_mission is True


@pytest.mark.parametrize("name", ALL)
def test_ids_and_years_are_consistent(name: str) -> None:
    p = _case(name)
    info = p.info
    for c in info.champions:
        assert c in p
    for ch in info.membership_changes:
        assert ch.member in p
    as_of = info.attrs.get("as_of")
    assert isinstance(as_of, int) and info.established is not None
    assert info.established <= as_of
    years = [ch.year for ch in info.membership_changes]
    years += [t.since for t in p.ties if t.since is not None]
    for m in p.members.values():
        years += [y for y in (m.joined, m.left) if y is not None]
        years += [y for r in m.representatives for y in (r.since, r.until) if y is not None]
    assert all(y <= as_of for y in years)


@pytest.mark.parametrize("name", ALL)
def test_turnover_expectation_matches_records(name: str) -> None:
    """Recorded representative changes agree with the representatives' own years.

    A member may send two people at once (a chair and an officer), so a change is a
    representative whose term ended (``until``), not any second name.
    """
    p = _case(name)
    changes: dict[str, int] = {}
    for ch in p.info.membership_changes:
        if ch.change == "representative_changed":
            changes[ch.member] = changes.get(ch.member, 0) + 1
    for mid, m in p.members.items():
        ended = sum(1 for r in m.representatives if r.until is not None)
        if m.representatives:
            assert changes.get(mid, 0) == ended, mid
    total = sum(changes.values())
    attrs = p.info.attrs
    if "high_turnover" in attrs.get("expected_flags", []):
        assert total >= len(p) / 2
    if "high_turnover" in attrs.get("expected_absent_flags", []):
        assert total <= 1


@pytest.mark.parametrize("name", ALL)
def test_attitudes_use_the_catalogue_types(name: str) -> None:
    """Recorded attitudes are Lowndes and colleagues' four types (griffith2002, §3.63 n.61)."""
    from clsp_research.literature import framework

    types = set(framework("lowndes_attitudes").item_ids)
    recorded = {m.attitude for m in _case(name).members.values() if m.attitude is not None}
    assert recorded <= types


@pytest.mark.parametrize("name", ALL)
def test_validates_without_warnings(name: str) -> None:
    """A shipped case is a model for users: no isolated member, stray key or typo."""
    from clsp_research.partnership.checks import validate_file

    result = validate_file(case_study_path(name))
    assert result.valid and not result.errors
    assert not result.warnings, [str(w) for w in result.warnings]


def _expectations_in_narrative(name: str) -> tuple[str, set[str], set[str]]:
    """(stage, flags raised, flags ruled out) as the narrative's 'Expected placement' section states them."""
    section = _narrative(name).split("## Expected placement and flags", 1)[1].split("\n## ", 1)[0]
    stage = re.search(r"Stage: \*\*([a-z-]+)\*\*", section)
    assert stage, "the section names the stage as 'Stage: **stage**'"
    raised, _, ruled_out = section.partition("Ruled out:")
    flags_in = lambda text: {s for s in _spans(text) if s in RISK_FLAGS}  # noqa: E731
    return stage.group(1), flags_in(raised), flags_in(ruled_out)


@pytest.mark.parametrize("name", ALL)
def test_case_file_expectations_are_the_narratives(name: str) -> None:
    """The case file's expected_* fields say exactly what its narrative's expectations section says."""
    attrs = _case(name).info.attrs
    stage, raised, ruled_out = _expectations_in_narrative(name)
    assert attrs["expected_stage"] == stage
    assert set(attrs.get("expected_flags", [])) == raised
    assert set(attrs.get("expected_absent_flags", [])) == ruled_out


@pytest.mark.parametrize("name", ALL)
def test_saving_and_loading_gives_back_the_same_case(name: str, tmp_path) -> None:
    from clsp_research.assess import assess
    from clsp_research.partnership.casefile import load_case, save_case

    p = _case(name)
    q = load_case(save_case(p, tmp_path / f"{name}.yaml"))
    assert q == p
    assert q.info.attrs == p.info.attrs and [m.to_dict() for m in q.members.values()] == [
        m.to_dict() for m in p.members.values()]
    assert assess(q).to_dict() == assess(p).to_dict()
