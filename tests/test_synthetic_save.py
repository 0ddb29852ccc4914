"""Synthetic partnerships save and load back: plain Python values only, numpy scalars converted or refused."""

from __future__ import annotations

import numpy as np
import pytest

from clsp_research.errors import CLSPInputError
from clsp_research.partnership.casefile import dumps_case, load_case, save_case
from clsp_research.partnership.model import Member, Partnership, Tie
from clsp_research.partnership.synthetic import synthetic_partnership, synthetic_portfolio

#: Every size scripts/bench_assess.py and scripts/bench_measures.py draw synthetic partnerships of.
BENCH_SIZES = (50, 60, 500, 5000, pytest.param(20000, marks=pytest.mark.slow))  # 20,000: about 8 s
_PLAIN = (str, int, float, bool, type(None))


def _values(p: Partnership):
    for m in p.members.values():
        yield from (m.id, m.name, m.sector, *m.groups, *m.categories)
    for t in p.ties:
        yield from (t.source, t.target, t.kind, t.amount, *t.categories)


@pytest.mark.parametrize("n", BENCH_SIZES)
def test_synthetic_partnership_of_every_bench_size_saves_and_loads_back(n, tmp_path):
    p = synthetic_partnership(n, seed=0)
    bad = {type(v).__name__ for v in _values(p) if type(v) not in _PLAIN}
    assert not bad, f"numpy values in a synthetic partnership: {bad}"
    path = save_case(p, tmp_path / f"synthetic_{n}.yaml")
    q = load_case(path)
    assert q == p
    assert len(q) == n and q.n_ties == p.n_ties


def test_synthetic_portfolio_saves(tmp_path):
    for i, p in enumerate(synthetic_portfolio(5, seed=3)):
        assert load_case(save_case(p, tmp_path / f"p{i}.yaml")) == p


def test_save_case_converts_numpy_scalars_in_extra_attributes(tmp_path):
    p = Partnership("P", [Member("a", "A", groups=("funder",), attrs={"staff": np.int64(4), "region": np.str_("north"),
                                                                            "active": np.bool_(True)}),
                          Member("b", "B", groups=("provider",))],
                    [Tie("a", "b", "funding", amount=np.float64(2500.0))])
    text = dumps_case(p)
    assert "staff: 4" in text and "region: north" in text and "active: true" in text and "amount: 2500.0" in text
    q = load_case(save_case(p, tmp_path / "p.yaml"))
    assert q.member("a").attrs == {"staff": 4, "region": "north", "active": True}
    assert type(q.ties[0].amount) is float


def test_save_case_refuses_an_array_with_a_clear_message(tmp_path):
    p = Partnership("P", [Member("a", "A", groups=("funder",), attrs={"scores": np.arange(3)})])
    with pytest.raises(CLSPInputError, match=r"members\[0\].*cannot write a value of type ndarray"):
        save_case(p, tmp_path / "p.yaml")
    assert not (tmp_path / "p.yaml").exists()
