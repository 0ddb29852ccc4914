"""What every measure module shares: the prefix of their cache keys, and clipping into [0, 1]."""

from __future__ import annotations

_NS = "measures"  # prefix of the measures' cache keys on the partnership


def _clamp01(x: float) -> float:
    """Clip rounding noise (1.0000000000000002) into [0, 1].

    Examples
    --------
    >>> _clamp01(1.0000000000000002), _clamp01(-1e-17)
    (1.0, 0.0)
    """
    return min(1.0, max(0.0, x))
