"""The demo practice scenarios of `dossier-workflow.md` §6, as corrected by
`verification.md`: each with its briefing, seeded dossiers, scripted actors, expected path
and rubric. `sandbox.scenarios.demo` turns them into pages of the demo course; the tests
solve each one correctly and with each common mistake of §6.
"""

from .demo_desk import DESK_SCENARIOS
from .demo_processing import PROCESSING_SCENARIOS

SCENARIOS = [*DESK_SCENARIOS, *PROCESSING_SCENARIOS]
