"""Attempts: deterministic seeding, isolation, versions, completion, and refusals of bad
input (submitting twice, acting in someone else's workspace, acting after submission)."""

import datetime
import json

import pytest
from django.core.exceptions import ValidationError

from courses.models import ActivityProgress, Enrolment
from sandbox.models import Dossier, DossierEvent, Workspace
from sandbox.scenarios.models import ScenarioAttempt, ScenarioVersion
from sandbox.scenarios.services import (
    ScenarioError,
    attempt_reassess,
    attempt_reset,
    attempt_start,
    workspace_from_spec,
)
from sandbox.services import (
    RoleNotAllowed,
    WorkspaceClosed,
    WorkspaceForbidden,
    dossier_transition,
    workspace_advance_clock,
)
from tests.scenarios.factories import Player, enrolled_officer, make_scenario

pytestmark = pytest.mark.django_db

TET = "hen-tra-qua-tet"
HKD = "ho-kinh-doanh-thieu-giay-to"


def solve_tet(p: Player, *, date="2025-02-05"):
    p.check_all()
    p.do("A", "desk_accept", "TN", {"appointment_date": date, "fee_amount": 100000})
    p.do("A", "transfer", "TN", {"to_unit": "tc-kh"})


def snapshot(workspace):
    return [
        (d.applicant_name, d.applicant_id_number, d.code, d.status, d.procedure.code)
        for d in Dossier.objects.filter(workspace=workspace).order_by("pk")
    ]


class TestSeeding:
    def test_same_seed_same_dossiers_other_seed_other_applicants(self):
        scenario = make_scenario(HKD)
        spec = scenario.current_version().spec
        one, map_one, truth_one = workspace_from_spec(spec, seed=7, owner=None, title="a")
        two, map_two, truth_two = workspace_from_spec(spec, seed=7, owner=None, title="b")
        other, _m, _t = workspace_from_spec(spec, seed=8, owner=None, title="c")
        assert snapshot(one) == snapshot(two)
        assert list(truth_one.values()) == list(truth_two.values())
        assert [s[0] for s in snapshot(one)] != [s[0] for s in snapshot(other)]

    def test_two_officers_get_different_applicants(self):
        scenario = make_scenario(HKD)
        a = Player(scenario, enrolled_officer(scenario))
        b = Player(scenario, enrolled_officer(scenario))
        assert a.attempt.seed != b.attempt.seed
        assert a.dossier().applicant_name != b.dossier().applicant_name or (
            a.dossier().applicant_id_number != b.dossier().applicant_id_number
        )

    def test_clock_and_roles_of_the_new_workspace(self):
        scenario = make_scenario(TET)
        p = Player(scenario, enrolled_officer(scenario))
        ws = p.workspace
        assert ws.now == datetime.datetime.fromisoformat("2025-01-24T09:30:00+07:00")
        assert ws.role_list == ["TN"] and ws.scripted and ws.manual_calculation
        assert ws.owner == p.user
        assert p.dossier().status == "at_desk"
        # Unchecked papers say what the applicant handed over.
        assert all(c.note for c in p.components())


class TestIsolation:
    def test_other_officer_cannot_act_or_see(self):
        scenario = make_scenario(TET)
        p = Player(scenario, enrolled_officer(scenario))
        intruder = enrolled_officer(scenario)
        dossier = p.dossier()
        with pytest.raises(WorkspaceForbidden):
            dossier_transition(
                dossier=dossier,
                action="add_note",
                actor=intruder,
                role="TN",
                payload={"text": "x"},
                expected_version=dossier.version,
            )
        assert not Workspace.objects.visible_to(intruder).filter(pk=p.workspace.pk).exists()
        assert not ScenarioAttempt.objects.visible_to(intruder).filter(pk=p.attempt.pk).exists()
        assert DossierEvent.objects.filter(dossier=dossier).count() == dossier.version

    def test_only_the_trainee_roles(self):
        scenario = make_scenario(TET)
        p = Player(scenario, enrolled_officer(scenario))
        with pytest.raises(RoleNotAllowed, match="Other actors are simulated"):
            p.do("A", "add_note", "LDP", {"text": "Tôi là lãnh đạo."})


class TestSubmission:
    def test_acting_after_submission_is_refused_and_changes_nothing(self):
        scenario = make_scenario(TET)
        p = Player(scenario, enrolled_officer(scenario))
        solve_tet(p)
        p.submit()
        dossier = p.dossier()
        with pytest.raises(WorkspaceClosed, match="submitted for assessment"):
            p.do("A", "add_note", "TN", {"text": "Thêm ghi chú."})
        with pytest.raises(WorkspaceClosed):
            workspace_advance_clock(workspace=p.workspace, days=1)
        assert p.dossier().version == dossier.version
        assert not Workspace.objects.get(pk=p.workspace.pk).can_act(p.user)

    def test_submitting_twice_is_refused(self):
        scenario = make_scenario(TET)
        p = Player(scenario, enrolled_officer(scenario))
        solve_tet(p)
        first = p.submit()
        with pytest.raises(ScenarioError, match="already been submitted"):
            p.submit()
        again = ScenarioAttempt.objects.get(pk=first.pk)
        assert again.result == first.result and again.score == first.score

    def test_reassessing_gives_the_same_result(self):
        scenario = make_scenario(TET)
        p = Player(scenario, enrolled_officer(scenario))
        solve_tet(p, date="2025-01-27")
        first = p.submit()
        assert attempt_reassess(attempt=first).result == first.result

    def test_simulated_deadline_submits_the_attempt(self):
        scenario = make_scenario(TET)
        p = Player(scenario, enrolled_officer(scenario))
        p.check_all()
        p.advance(working_days=3)
        assert p.attempt.state == "assessed" and p.attempt.auto_submitted
        assert "Có Giấy tiếp nhận và hẹn trả kết quả (Mẫu 01)" in p.lost()

    def test_another_officer_cannot_submit(self):
        from sandbox.scenarios.services import attempt_submit

        scenario = make_scenario(TET)
        p = Player(scenario, enrolled_officer(scenario))
        with pytest.raises(ScenarioError):
            attempt_submit(attempt=p.attempt, user=enrolled_officer(scenario))
        p.attempt.refresh_from_db()
        assert p.attempt.is_in_progress


class TestCompletion:
    def test_a_passed_assessed_attempt_completes_the_activity(self):
        scenario = make_scenario(TET)
        user = enrolled_officer(scenario)
        p = Player(scenario, user)
        solve_tet(p)
        p.submit()
        progress = ActivityProgress.objects.get(user=user, activity_id=scenario.pk)
        assert progress.passed and progress.score == 100

    def test_practice_attempts_do_not_count(self):
        scenario = make_scenario(TET)
        user = enrolled_officer(scenario)
        p = Player(scenario, user, mode="practice")
        solve_tet(p)
        p.submit()
        assert not ActivityProgress.objects.filter(user=user, activity_id=scenario.pk).exists()

    def test_a_failed_attempt_does_not_complete(self):
        scenario = make_scenario(TET)
        user = enrolled_officer(scenario)
        p = Player(scenario, user)
        p.submit()
        assert p.attempt.passed is False
        progress = ActivityProgress.objects.get(user=user, activity_id=scenario.pk)
        assert not progress.passed
        assert Enrolment.objects.get(user=user, course=scenario.course).status != "completed"

    def test_assessed_attempts_are_limited(self):
        scenario = make_scenario(TET, assessed_attempts=1)
        user = enrolled_officer(scenario)
        Player(scenario, user).submit()
        with pytest.raises(ScenarioError, match="all your assessed attempts"):
            attempt_start(scenario=scenario, user=user, course=scenario.course, mode="assessed")
        practice = attempt_start(
            scenario=scenario, user=user, course=scenario.course, mode="practice"
        )
        assert practice.mode == "practice"


class TestPracticeReset:
    def test_reset_reseeds_the_same_dossiers(self):
        scenario = make_scenario(HKD)
        p = Player(scenario, enrolled_officer(scenario), mode="practice")
        before = snapshot(p.workspace)
        old_workspace = p.workspace.pk
        p.check_all()
        attempt = attempt_reset(attempt=p.attempt, user=p.user)
        assert attempt.workspace.pk != old_workspace
        assert not Workspace.objects.filter(pk=old_workspace).exists()
        assert [s[:2] for s in snapshot(attempt.workspace)] == [s[:2] for s in before]
        assert all(d.version == 1 for d in Dossier.objects.filter(workspace=attempt.workspace))

    def test_assessed_attempts_cannot_be_reset(self):
        scenario = make_scenario(HKD)
        p = Player(scenario, enrolled_officer(scenario))
        with pytest.raises(ScenarioError, match="Only practice"):
            attempt_reset(attempt=p.attempt, user=p.user)


class TestVersions:
    def test_editing_makes_a_new_version_and_old_attempts_keep_theirs(self):
        scenario = make_scenario(TET)
        first_user = enrolled_officer(scenario)
        p = Player(scenario, first_user)
        solve_tet(p)
        first = p.submit()
        assert first.score == 100
        # The trainer makes the due-date criterion critical and changes the pass mark.
        rubric = json.loads(json.dumps(list(scenario.rubric.raw_data)))
        rubric[1]["value"]["critical"] = True
        scenario.rubric = json.dumps(rubric)
        scenario.pass_mark = 90
        scenario.save_revision().publish()
        scenario.refresh_from_db()
        second = Player(scenario, enrolled_officer(scenario))
        assert second.attempt.version.number == 2
        assert ScenarioVersion.objects.filter(scenario=scenario).count() == 2
        first.refresh_from_db()
        assert first.version.number == 1 and first.score == 100
        assert attempt_reassess(attempt=first).result == first.result

    def test_unchanged_scenario_reuses_its_version(self):
        scenario = make_scenario(TET)
        Player(scenario, enrolled_officer(scenario))
        Player(scenario, enrolled_officer(scenario))
        assert ScenarioVersion.objects.filter(scenario=scenario).count() == 1


class TestPublishing:
    @pytest.mark.parametrize(
        "change, message",
        [
            (lambda r: r.clear(), "at least one criterion"),
            (lambda r: r[0]["value"].update(rule="R-XYZ"), "unknown rule"),
            (lambda r: r[0]["value"].update(weight="0"), "weight must be positive"),
            (lambda r: r[0]["value"].update(weight="-2"), "weight must be positive"),
            (lambda r: r[0]["value"].update(dossier="Z"), "no seeded dossier"),
        ],
    )
    def test_an_ungradable_scenario_cannot_be_published(self, change, message):
        scenario = make_scenario(TET)
        rubric = json.loads(json.dumps(list(scenario.rubric.raw_data)))
        change(rubric)
        scenario.rubric = json.dumps(rubric)
        with pytest.raises(ValidationError, match=message):
            scenario.full_clean()


class TestExerciseBoundaries:
    def test_trainers_cannot_act_in_an_officers_exercise(self):
        from training.people.roles import Role

        scenario = make_scenario(TET)
        p = Player(scenario, enrolled_officer(scenario))
        trainer = enrolled_officer(scenario, roles=(Role.TRAINER,))
        dossier = p.dossier()
        with pytest.raises(WorkspaceForbidden, match="Only the officer doing this exercise"):
            dossier_transition(
                dossier=dossier,
                action="add_note",
                actor=trainer,
                role="TN",
                payload={"text": "Giảng viên ghi chú."},
                expected_version=dossier.version,
            )
        assert p.dossier().version == dossier.version

    def test_no_new_dossier_can_be_added_to_an_exercise(self):
        from sandbox.models import Procedure
        from sandbox.services import dossier_create
        from tests.sandbox.factories import applicant

        scenario = make_scenario(TET)
        p = Player(scenario, enrolled_officer(scenario))
        with pytest.raises(WorkspaceForbidden, match="dossiers come from the scenario"):
            dossier_create(
                workspace=p.workspace,
                procedure=Procedure.objects.filter(code="SANDBOX-11").first(),
                channel="desk",
                actor=p.user,
                role="TN",
                applicant=applicant(),
            )
        assert Dossier.objects.filter(workspace=p.workspace).count() == 1

    def test_checking_a_paper_keeps_what_the_applicant_handed_over(self):
        scenario = make_scenario(HKD)
        p = Player(scenario, enrolled_officer(scenario))
        paper = p.components()[0]
        note = paper.note
        p.do("A", "check_component", "TN", {"component": paper.pk, "state": "present"})
        paper.refresh_from_db()
        assert paper.state == "present" and paper.note == note

    def test_the_report_of_an_exercise_in_progress_is_hidden_from_its_officer(self, client):
        from django.urls import reverse

        scenario = make_scenario(TET)
        p = Player(scenario, enrolled_officer(scenario))
        client.force_login(p.user)
        url = reverse("sandbox_stats:report", args=[p.workspace.pk])
        response = client.get(url)
        assert response.status_code == 302
        solve_tet(p)
        p.submit()
        assert client.get(url).status_code == 200


class TestVariants:
    def test_officers_draw_different_starts_and_the_assessor_follows(self):
        from sandbox.calendar import WorkingCalendar
        from sandbox.scenarios.assessor import expected_due_date
        from sandbox.scenarios.services import attempt_clock_start, load_trace

        scenario = make_scenario(TET, variants=True)
        starts, answers = set(), set()
        for _n in range(8):
            p = Player(scenario, enrolled_officer(scenario))
            start = attempt_clock_start(p.attempt)
            assert p.workspace.now == start
            assert p.dossier().submitted_at == start
            starts.add(start)
            p.check_all()
            p.do("A", "desk_accept", "TN", {"appointment_date": "2025-02-05", "fee_amount": 100000})
            state = next(iter(load_trace(p.attempt).dossiers.values()))
            answers.add(expected_due_date(state, WorkingCalendar.for_profile("B")))
        assert len(starts) >= 2
        assert answers <= {
            datetime.date(2025, 2, 3),
            datetime.date(2025, 2, 4),
            datetime.date(2025, 2, 5),
        }
        assert len(answers) >= 2

    def test_page_counts_vary_and_the_fee_follows(self):
        scenario = make_scenario("chung-thuc-sau-15-gio-truoc-le", variants=True)
        fees = {}
        for _n in range(8):
            p = Player(scenario, enrolled_officer(scenario))
            pages = p.attempt.truth[str(p.dossier().pk)]["pages"]
            assert f"bản chính {pages:02d} trang" in p.dossier().request_summary
            p.check_all()
            p.do(
                "A",
                "desk_accept",
                "TN",
                {"appointment_date": "2024-09-04", "fee_amount": 2000 * 2 + 1000 * (pages - 2)},
            )
            fees[pages] = p.submit().score
        assert len(fees) >= 2 and all(score == 100 for score in fees.values())


class TestRubricValidation:
    @pytest.mark.parametrize(
        "change, message",
        [
            (lambda r: r[2]["value"].update(value="100.000"), "whole number"),
            (lambda r: r[0]["value"].update(value="mau_99"), "document kind"),
            (lambda r: r[0]["value"].update(warning=True), "cannot be critical"),
            (
                lambda r: [c["value"].update(warning=True, critical=False) for c in r],
                "not all can be warnings",
            ),
        ],
    )
    def test_parameters_that_cannot_be_graded_are_refused(self, change, message):
        scenario = make_scenario(TET)
        rubric = json.loads(json.dumps(list(scenario.rubric.raw_data)))
        change(rubric)
        scenario.rubric = json.dumps(rubric)
        with pytest.raises(ValidationError, match=message):
            scenario.full_clean()

    def test_a_criterion_saved_before_validation_fails_instead_of_the_submission(self):
        scenario = make_scenario(TET)
        p = Player(scenario, enrolled_officer(scenario))
        version = p.attempt.version
        version.spec["rubric"][2]["value"] = "100.000"
        version.save()
        attempt = p.submit()
        fee = next(c for c in attempt.result["criteria"] if c["rule"] == "R-FEE")
        assert not fee["passed"] and "cannot be graded" in fee["observed"]


class TestGeneratedHistory:
    @pytest.mark.parametrize("target", ["95", "85", "60", "20"])
    def test_sampled_assessments_agree_with_their_score(self, target):
        import random
        from decimal import Decimal

        from sandbox.scenarios.demo import sampled_result, scenario_page
        from sandbox.scenarios.demo_content import SCENARIOS

        for definition in SCENARIOS[:5]:
            spec = scenario_page(definition).build_spec()
            for n, c in enumerate(spec["rubric"]):
                c["key"] = f"k{n}"
            score, passed, result = sampled_result(spec, random.Random(n), Decimal(target))
            points = sum(Decimal(c["points"]) for c in result["criteria"])
            assert Decimal(result["points"]) == points
            assert score == (points * 100 / Decimal(result["max_points"])).quantize(Decimal("0.01"))
            assert passed == (not result["critical_failures"] and score >= spec["pass_mark"])
            assert passed == (Decimal(target) >= spec["pass_mark"])


def test_papers_wait_unchecked_until_the_desk_checks_them():
    scenario = make_scenario(HKD)
    p = Player(scenario, enrolled_officer(scenario))
    assert {c.state for c in p.components()} == {"unchecked"}
    paper = p.components()[0]
    with pytest.raises(Exception, match="Choose the state"):
        p.do("A", "check_component", "TN", {"component": paper.pk, "state": "unchecked"})
    p.do("A", "check_component", "TN", {"component": paper.pk, "state": "present"})
    assert p.components()[0].get_state_display() == "Present and valid"
