"""ipywidgets controllers: one module per notebook app.

Each controller builds its widgets in ``__init__``, exposes the top-level
container as ``.widget`` (display it in a notebook), keeps its latest results as
attributes (so tests can assert on them headlessly by setting ``.value`` on the
widgets), and calls pure functions of the package for every computation.
ipywidgets is imported inside these modules only, never by ``clsp_research``.
"""
