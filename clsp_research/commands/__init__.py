"""Sub-commands of the ``clsp`` command line, one module each (see :mod:`clsp_research.cli`)."""
