"""Figures (matplotlib/seaborn, imported inside each function). Every function takes ``ax=``.

One module per area: :mod:`.network` (partnership maps), :mod:`.assessment` (stage profiles,
factor charts), and the modules of later analyses.
"""
