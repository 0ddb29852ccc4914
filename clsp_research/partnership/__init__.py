"""The partnership itself: the model, case files, other formats, shipped data, structural measures.

- :mod:`~clsp_research.partnership.model`: members, typed ties, partnership-level attributes;
- :mod:`~clsp_research.partnership.casefile`: reading YAML case files (with located errors) and writing them;
- :mod:`~clsp_research.partnership.checks`: warnings about a case that loads but looks odd; validating files;
- :mod:`~clsp_research.partnership.formats`: members and ties CSV tables in; GraphML, GEXF and CSV out;
- :mod:`~clsp_research.partnership.datasets`: the shipped case studies and example data;
- :mod:`~clsp_research.partnership.synthetic`: seeded synthetic partnerships for teaching and benchmarks;
- :mod:`~clsp_research.partnership.tables`: small validated CSV tables (need, provision, affiliations);
- :mod:`~clsp_research.partnership.measures`: structural measures, each tied to the concept it stands for.

Underneath: :mod:`~clsp_research.partnership.inputs` (what every reader shares) and
:mod:`~clsp_research.partnership.yamlread` (YAML that keeps its line numbers).
"""
