"""The workshop: survey instruments, waves, collaboration levels, saved submissions and serving a room.

- :mod:`~clsp_research.workshop.survey`: the self-assessment instrument and its summaries;
- :mod:`~clsp_research.workshop.waves`: two rounds of a survey, or of a partnership, compared;
- :mod:`~clsp_research.workshop.collaboration_levels`: partner-to-partner Levels of Collaboration;
- :mod:`~clsp_research.workshop.submissions`: one file per participant's answers, read back by the debrief;
- :mod:`~clsp_research.workshop.serving`: what ``clsp workshop`` needs to serve the app with Voilà.

The submission functions are named here too, as they were when the workshop was one module.

Examples
--------
>>> from clsp_research.workshop import SCHEMA, save_submission
>>> SCHEMA
'clsp-workshop-response/1'
"""

from __future__ import annotations

from .submissions import SCHEMA, load_submissions, new_token, save_submission, submissions_to_factors

__all__ = ["SCHEMA", "load_submissions", "new_token", "save_submission", "submissions_to_factors"]
