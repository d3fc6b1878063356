"""Demo scenarios in the department and for the head of the desk (`dossier-workflow.md` §6
nos. 6, 7 and 15, corrected by `verification.md`)."""

from __future__ import annotations

from .demo_common import GPXD, MARITAL, criterion, step  # noqa: F401

PROCESSING_SCENARIOS: list[dict] = []
