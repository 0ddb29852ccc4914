"""warm_up() readies the plotting libraries and takes the long-lived objects out of the collector's way."""

from __future__ import annotations

import subprocess
import sys


def test_warm_up_imports_matplotlib_and_freezes_what_lives_on():
    code = ("import gc, sys\n"
            "assert 'matplotlib' not in sys.modules and gc.get_freeze_count() == 0\n"
            "from clsp_research.plotting.warm import warm_up\n"
            "warm_up(background=False)\n"
            "import matplotlib.figure\n"
            "frozen = gc.get_freeze_count()\n"
            "assert 'matplotlib.pyplot' in sys.modules\n"
            "assert frozen > 10_000, frozen  # the libraries' objects\n"
            "print(frozen)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert int(out.stdout) > 10_000
