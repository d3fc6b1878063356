"""Scenario helpers: a course holding demo scenarios, an enrolled officer, and the officer's
actions in their attempt (through the same services the screens call)."""

from __future__ import annotations

from courses.services import enrolment_self_enrol
from sandbox.models import Dossier
from sandbox.scenarios.demo import add_scenarios
from sandbox.scenarios.demo_content import SCENARIOS
from sandbox.scenarios.models import ScenarioPage
from sandbox.scenarios.services import attempt_start, attempt_submit
from sandbox.services import dossier_transition, workspace_advance_clock
from tests.courses.factories import make_course
from tests.people.factories import make_officer


def definition(slug: str) -> dict:
    return next(s for s in SCENARIOS if s["slug"] == slug)


def canonical(spec: dict) -> dict:
    """The scenario as §6 tells it: without the start-time and page-count variants."""
    dossiers = [dict(d, page_variants="") for d in spec["dossiers"]]
    return dict(spec, clock_variants=[], dossiers=dossiers)


def make_scenario(slug: str, *, course=None, variants=False, **overrides) -> ScenarioPage:
    """The demo scenario `slug` in a course of its own (plus one lesson module); by default
    without its variants, so that tests can check the dates and fees of §6."""
    course = course or make_course(modules=1, lessons_per_module=1)
    spec = definition(slug) if variants else canonical(definition(slug))
    module = add_scenarios(course, [dict(spec, **overrides)])
    page = ScenarioPage.objects.child_of(module).get()
    course.refresh_from_db()
    return page


def enrolled_officer(scenario: ScenarioPage, **kwargs):
    officer = make_officer(**kwargs)
    enrolment_self_enrol(user=officer.user, course=scenario.course)
    return officer.user


class Player:
    """An officer working an attempt: `p.do("A", "desk_accept", payload)`."""

    def __init__(self, scenario: ScenarioPage, user, *, mode="assessed", seed=None):
        self.scenario, self.user = scenario, user
        self.attempt = attempt_start(
            scenario=scenario, user=user, course=scenario.course, mode=mode, seed=seed
        )

    @property
    def workspace(self):
        return self.attempt.workspace

    def dossier(self, label="A", index=0) -> Dossier:
        return Dossier.objects.get(pk=self.attempt.dossier_map[label][index])

    def components(self, label="A"):
        return list(self.dossier(label).components.order_by("position"))

    def do(self, label, action, role, payload=None, *, index=0, upload=None):
        dossier = self.dossier(label, index)
        return dossier_transition(
            dossier=dossier,
            action=action,
            actor=self.user,
            role=role,
            payload=payload or {},
            expected_version=dossier.version,
            upload=upload,
        )

    def check_all(self, label="A", role="TN", *, truthful=True, index=0):
        """Check every paper as the truth says (or mark everything present)."""
        truth = self.attempt.truth[str(self.attempt.dossier_map[label][index])]
        bad = set(truth["missing"]) | set(truth["defective"])
        for c in self.dossier(label, index).components.order_by("position"):
            position = c.position + 1
            if truthful and position in truth["missing"]:
                state = "missing"
            elif truthful and position in truth["defective"]:
                state = "defective"
            else:
                state = "present"
            if not c.required and position not in bad:
                continue
            self.do(
                label, "check_component", role, {"component": c.pk, "state": state}, index=index
            )

    def advance(self, **amounts):
        workspace_advance_clock(workspace=self.workspace, **amounts)
        self.attempt.refresh_from_db()

    def submit(self, answers=None):
        attempt_submit(attempt=self.attempt, user=self.user, answers=answers)
        self.attempt.refresh_from_db()
        return self.attempt

    def result(self, key_title: str) -> dict:
        return next(c for c in self.attempt.result["criteria"] if c["title"] == key_title)

    def lost(self) -> list[str]:
        return [c["title"] for c in self.attempt.result["criteria"] if not c["passed"]]
