"""The kernel a workshop page runs in: IPython's kernel without its debugger.

A room of participants is a room of kernels, one per page, so what a kernel loads at start is
paid thirty times. ipykernel imports debugpy (the debugger that JupyterLab's visual debugger
talks to) as it starts: about 8 MB of every kernel (36 against 44 MB for a bare kernel,
measured with psutil's PSS), and a participant's page never debugs. This module starts the
same kernel with debugpy unavailable, which ipykernel handles by switching its debugger off.

``clsp workshop`` serves the app with this kernel through a kernel specification of its own
(:func:`~clsp_research.workshop.serving.kernel_spec_path`, first on the server's ``JUPYTER_PATH``);
JupyterLab and the notebooks keep the ordinary kernel, debugger included.

Examples
--------
>>> KERNEL_ARGV[1:3]
['-m', 'clsp_research.workshop.kernel']
"""

from __future__ import annotations

import sys

__all__ = ["KERNEL_ARGV", "main"]

#: The command a kernel specification gives Jupyter to start this kernel.
KERNEL_ARGV = [sys.executable, "-m", "clsp_research.workshop.kernel", "-f", "{connection_file}"]


def main() -> None:
    """Start an IPython kernel with the command line Jupyter passes (``-f CONNECTION_FILE``), without debugpy."""
    sys.modules["debugpy"] = None  # type: ignore[assignment]  # an import of it now fails: no debugger
    from ipykernel import kernelapp

    kernelapp.launch_new_instance()


if __name__ == "__main__":
    main()
