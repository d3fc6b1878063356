"""What the officer sees of a practice scenario: the scenario page starts an attempt, the
attempt page leads into the sandbox screens of the roles they play, submitting grades it,
the result explains every criterion and replays the trace; other people's attempts are a
404, trainers and HR only look, and nothing changes after submission."""

import pytest
from django.test import Client
from django.urls import reverse

from sandbox.models import Dossier, Workspace
from sandbox.scenarios.models import ScenarioAttempt
from sandbox.scenarios.services import REPORT_FIELDS
from sandbox.services import dossier_transition
from tests.people.factories import make_officer
from tests.scenarios.factories import Player, enrolled_officer, make_scenario
from tests.utils import choose_english
from training.people.roles import Role

pytestmark = pytest.mark.django_db

TET = "hen-tra-qua-tet"
REPORT = {"unit": "tc-kh", "period_start": "2025-01-01", "period_end": "2025-01-31"}


@pytest.fixture
def scenario():
    return make_scenario(TET)


@pytest.fixture
def officer(scenario):
    return enrolled_officer(scenario)


def client_for(user, *, english=True) -> Client:
    client = Client()
    client.force_login(user)
    if english:
        choose_english(client)
    return client


def solve_tet(p: Player, *, appointment="2025-02-05", unit="tc-kh"):
    p.check_all()
    p.do("A", "desk_accept", "TN", {"appointment_date": appointment, "fee_amount": 100000})
    p.do("A", "transfer", "TN", {"to_unit": unit})


def submit(client, attempt, **data):
    data.setdefault("confirm", "on")
    return client.post(reverse("scenarios:submit", args=[attempt.pk]), data, follow=True)


# -- the scenario page ------------------------------------------------------------------


def test_the_scenario_page_shows_the_briefing_roles_pass_mark_and_both_ways_to_start(
    scenario, officer
):
    page = client_for(officer).get(scenario.url).content.decode()
    assert "Ngày hẹn trả kết quả qua Tết Nguyên đán" in page
    assert "Tết Ất Tỵ 2025" in page  # the briefing
    assert "One-stop desk officer (TN)" in page
    assert "80%" in page
    assert 'name="mode" value="assessed"' in page and 'name="mode" value="practice"' in page
    assert "Assessed attempts left" in page


def test_starting_from_the_page_makes_an_attempt_in_the_chosen_mode(scenario, officer):
    client = client_for(officer)
    response = client.post(scenario.url, {"mode": "practice"})
    attempt = ScenarioAttempt.objects.get(user=officer)
    assert attempt.mode == "practice"
    assert response.status_code == 302 and response.url == attempt.get_absolute_url()
    # The page now offers to continue it, not to start another one.
    page = client.get(scenario.url).content.decode()
    assert attempt.get_absolute_url() in page and "Continue the attempt" in page
    assert 'name="mode"' not in page

    Player(scenario, officer).submit()
    client.post(scenario.url, {"mode": "assessed"})
    assessed = ScenarioAttempt.objects.get(user=officer, number=2)
    assert assessed.mode == "assessed" and assessed.is_in_progress
    page = client.get(scenario.url).content.decode()
    assert attempt.get_result_url() in page  # the practice attempt's result


def test_a_mode_that_is_not_available_is_refused_with_a_message():
    scenario = make_scenario(TET, mode="practice")
    officer = enrolled_officer(scenario)
    response = client_for(officer).post(scenario.url, {"mode": "assessed"}, follow=True)
    assert not ScenarioAttempt.objects.filter(user=officer).exists()
    assert "This kind of attempt is not available." in response.content.decode()


# -- the attempt page and the sandbox screens -------------------------------------------


def test_the_attempt_page_leads_into_the_queues_of_the_roles_the_officer_plays(scenario, officer):
    p = Player(scenario, officer)
    ws = p.workspace
    page = client_for(officer).get(p.attempt.get_absolute_url()).content.decode()
    assert "Tết Ất Tỵ 2025" in page  # briefing
    assert "Friday 24/01/2025 09:30" in page  # the simulated clock
    assert reverse("sandbox:queue", args=[ws.pk, "tn"]) in page
    for other in ("cd", "ldp", "cv", "ldk", "vt"):
        assert reverse("sandbox:queue", args=[ws.pk, other]) not in page
    assert reverse("sandbox:dossier", args=[ws.pk, "tn", p.dossier().pk]) in page
    assert "R-DUE" in page and "The appointment date equals the working-day calculation." in page
    assert "05/02/2025" not in page  # what is assessed, not the answers
    assert reverse("scenarios:submit", args=[p.attempt.pk]) in page
    assert reverse("scenarios:reset", args=[p.attempt.pk]) not in page  # assessed


def test_the_sandbox_screens_offer_only_the_allowed_roles_and_show_the_exercise(scenario, officer):
    p = Player(scenario, officer)
    ws = p.workspace
    client = client_for(officer)
    for url in (
        reverse("sandbox:workspace", args=[ws.pk]),
        reverse("sandbox:queue", args=[ws.pk, "tn"]),
        reverse("sandbox:dossier", args=[ws.pk, "tn", p.dossier().pk]),
    ):
        page = client.get(url).content.decode()
        assert f"Practice exercise: {scenario.title}" in page, url
        assert p.attempt.get_absolute_url() in page
        assert reverse("sandbox:queue", args=[ws.pk, "tn"]) in page
        for other in ("cd", "ldp", "cv", "ldk", "vt"):
            assert reverse("sandbox:queue", args=[ws.pk, other]) not in page, (url, other)
    # A role the officer does not play: no action forms, and a word why.
    accepted = client.get(reverse("sandbox:dossier", args=[ws.pk, "cv", p.dossier().pk]))
    assert "In this exercise this role is simulated" in accepted.content.decode()
    assert 'name="action"' not in accepted.content.decode()


def test_an_ordinary_workspace_has_no_exercise_banner_and_every_role(officer):
    from tests.sandbox.factories import make_workspace

    ws = make_workspace(owner=officer)
    page = client_for(officer).get(reverse("sandbox:workspace", args=[ws.pk])).content.decode()
    assert "Practice exercise" not in page
    for role in ("cd", "tn", "ldp", "cv", "ldk", "vt"):
        assert reverse("sandbox:queue", args=[ws.pk, role]) in page


# -- submitting and the result ----------------------------------------------------------


def test_submitting_needs_the_confirmation(scenario, officer):
    p = Player(scenario, officer)
    response = client_for(officer).post(reverse("scenarios:submit", args=[p.attempt.pk]), {})
    assert response.status_code == 400
    assert "Tick the box to confirm that you have finished." in response.content.decode()
    p.attempt.refresh_from_db()
    assert p.attempt.is_in_progress and p.workspace.closed_at is None


def test_submitting_grades_and_the_result_shows_every_criterion_with_its_feedback(
    scenario, officer
):
    p = Player(scenario, officer)
    # A common mistake: the appointment counted in calendar days (27/01, during Tết).
    solve_tet(p, appointment="2025-01-27")
    client = client_for(officer)
    response = submit(client, p.attempt)
    p.attempt.refresh_from_db()
    assert response.redirect_chain[-1][0] == p.attempt.get_result_url()
    assert not p.attempt.is_in_progress
    page = response.content.decode()
    assert "Your work has been submitted and assessed." in page
    assert p.attempt.score == 50 and "50%" in page  # 4 of 8 points lost
    for criterion in p.attempt.result["criteria"]:
        assert criterion["title"] in page
        assert criterion["rule"] in page
    lost = next(c for c in p.attempt.result["criteria"] if c["rule"] == "R-DUE")
    assert not lost["passed"]
    assert lost["feedback"] in page  # the feedback of the lost criterion
    assert "27/01/2025" in page and "05/02/2025" in page  # what they did, what was expected
    assert "Bộ luật Dân sự 2015 Điều 147, 148" in page  # the legal basis
    # The replay: the officer's steps beside the expected path, with their dates.
    assert "Appointment date: 27/01/2025" in page
    assert "To: Phòng Tài chính" in page
    assert "You followed the expected path, step by step." in page


def test_a_critical_failure_is_named_on_the_result(scenario, officer):
    p = Player(scenario, officer)
    p.check_all()  # but never accepts: no Mẫu 01 (critical)
    page = submit(client_for(officer), p.attempt).content.decode()
    assert "Not passed" in page
    assert "Failed on a critical criterion, whatever the score:" in page
    assert "First divergence: step 2" in page
    assert "You stopped before this step." in page


def test_a_solved_attempt_scores_100_and_passes(scenario, officer):
    p = Player(scenario, officer)
    solve_tet(p)
    page = submit(client_for(officer), p.attempt).content.decode()
    assert "100%" in page and "Passed" in page
    assert "You met every graded criterion." in page


def test_submitting_twice_is_refused_with_a_message(scenario, officer):
    p = Player(scenario, officer)
    solve_tet(p)
    client = client_for(officer)
    submit(client, p.attempt)
    p.attempt.refresh_from_db()
    first = (p.attempt.submitted_at, p.attempt.result)
    response = submit(client, p.attempt)
    assert "This attempt has already been submitted" in response.content.decode()
    p.attempt.refresh_from_db()
    assert (p.attempt.submitted_at, p.attempt.result) == first


def test_a_report_exercise_asks_for_the_figures_and_stores_them():
    scenario = make_scenario(TET, report=REPORT)
    officer = enrolled_officer(scenario)
    p = Player(scenario, officer)
    client = client_for(officer)
    page = client.get(p.attempt.get_absolute_url()).content.decode()
    assert "Received: total" in page and "In progress: overdue" in page
    assert "01/01/2025 to 31/01/2025" in page
    response = client.post(
        reverse("scenarios:submit", args=[p.attempt.pk]), {"confirm": "on", "received_total": 3}
    )
    assert response.status_code == 400
    p.attempt.refresh_from_db()
    assert p.attempt.is_in_progress
    figures = {name: n for n, name in enumerate(REPORT_FIELDS)}
    submit(client, p.attempt, **figures)
    p.attempt.refresh_from_db()
    assert p.attempt.answers == figures


# -- after submission: nothing changes ---------------------------------------------------


def test_acting_in_the_sandbox_after_submission_is_refused_and_changes_nothing(scenario, officer):
    p = Player(scenario, officer)
    p.check_all()
    client = client_for(officer)
    submit(client, p.attempt)
    dossier = p.dossier()
    ws = p.workspace
    url = reverse("sandbox:dossier", args=[ws.pk, "tn", dossier.pk])
    page = client.get(url).content.decode()
    assert "This exercise was submitted for assessment" in page
    assert 'name="action"' not in page  # the action forms are gone
    response = client.post(
        url,
        {
            "action": "desk_accept",
            "desk_accept-expected_version": dossier.version,
            "desk_accept-appointment_date": "2025-02-05",
            "desk_accept-fee_amount": 100000,
        },
        follow=True,
    )
    refusal = (
        'class="message message--error">This practice has been submitted for assessment; '
        "nothing in it can change now."
    )
    assert refusal in response.content.decode()
    after = Dossier.objects.get(pk=dossier.pk)
    assert (after.version, after.status) == (dossier.version, dossier.status)
    clock = client.post(
        reverse("sandbox:advance_clock", args=[ws.pk]), {"step": "day"}, follow=True
    )
    assert refusal in clock.content.decode()
    assert Workspace.objects.get(pk=ws.pk).now == ws.now


# -- other people ------------------------------------------------------------------------


def test_another_officers_attempt_is_a_404_everywhere(scenario, officer):
    p = Player(scenario, officer, mode="practice")
    intruder = client_for(enrolled_officer(scenario))
    attempt = p.attempt
    assert intruder.get(reverse("scenarios:attempt", args=[attempt.pk])).status_code == 404
    assert (
        intruder.post(reverse("scenarios:reset", args=[attempt.pk]), {"confirm": "on"}).status_code
        == 404
    )
    assert (
        intruder.post(reverse("scenarios:submit", args=[attempt.pk]), {"confirm": "on"}).status_code
        == 404
    )
    p.submit()
    assert intruder.get(reverse("scenarios:result", args=[attempt.pk])).status_code == 404
    ws = p.workspace
    assert intruder.get(reverse("sandbox:queue", args=[ws.pk, "tn"])).status_code == 404
    assert intruder.get(reverse("scenarios:attempt", args=[999999])).status_code == 404


@pytest.mark.parametrize("role", [Role.TRAINER, Role.HR])
def test_trainers_and_hr_see_attempts_and_results_read_only(scenario, officer, role):
    p = Player(scenario, officer, mode="practice")
    viewer = client_for(make_officer(roles=(role,)).user)
    page = viewer.get(p.attempt.get_absolute_url()).content.decode()
    assert "read-only" in page
    assert reverse("scenarios:submit", args=[p.attempt.pk]) not in page
    assert reverse("scenarios:reset", args=[p.attempt.pk]) not in page
    # Not theirs to submit or reset.
    assert (
        viewer.post(reverse("scenarios:submit", args=[p.attempt.pk]), {"confirm": "on"}).status_code
        == 404
    )
    assert (
        viewer.post(reverse("scenarios:reset", args=[p.attempt.pk]), {"confirm": "on"}).status_code
        == 404
    )
    p.attempt.refresh_from_db()
    assert p.attempt.is_in_progress
    # They see the officer's sandbox screens but do not act in them.
    dossier = p.dossier()
    url = reverse("sandbox:dossier", args=[p.workspace.pk, "tn", dossier.pk])
    screen = viewer.get(url)
    assert screen.status_code == 200 and 'name="action"' not in screen.content.decode()
    post = {
        "action": "check_component",
        "check_component-expected_version": dossier.version,
        "check_component-component": dossier.components.first().pk,
        "check_component-state": "present",
    }
    assert viewer.post(url, post).status_code == 404
    assert Dossier.objects.get(pk=dossier.pk).version == dossier.version
    solve_tet(p)
    p.submit()
    result = viewer.get(p.attempt.get_result_url())
    assert result.status_code == 200
    page = result.content.decode()
    assert officer.officer.full_name in page
    assert p.attempt.result["criteria"][0]["title"] in page
    assert "<form" not in page.split('id="main"', 1)[1]


# -- starting over ------------------------------------------------------------------------


def test_a_practice_attempt_can_be_started_over(scenario, officer):
    p = Player(scenario, officer, mode="practice")
    p.check_all()
    old_workspace = p.workspace.pk
    client = client_for(officer)
    page = client.get(p.attempt.get_absolute_url()).content.decode()
    assert reverse("scenarios:reset", args=[p.attempt.pk]) in page
    # Without the confirmation nothing happens.
    client.post(reverse("scenarios:reset", args=[p.attempt.pk]), {})
    assert ScenarioAttempt.objects.get(pk=p.attempt.pk).workspace_id == old_workspace
    response = client.post(
        reverse("scenarios:reset", args=[p.attempt.pk]), {"confirm": "on"}, follow=True
    )
    assert "The practice starts again with the same dossiers." in response.content.decode()
    attempt = ScenarioAttempt.objects.get(pk=p.attempt.pk)
    assert attempt.workspace_id != old_workspace
    assert not Workspace.objects.filter(pk=old_workspace).exists()
    fresh = Dossier.objects.get(pk=attempt.dossier_map["A"][0])
    assert fresh.status == "at_desk"
    assert not fresh.events.filter(actor__isnull=False).exists()


def test_an_assessed_attempt_cannot_be_started_over(scenario, officer):
    p = Player(scenario, officer)
    response = client_for(officer).post(
        reverse("scenarios:reset", args=[p.attempt.pk]), {"confirm": "on"}, follow=True
    )
    assert "Only practice attempts can be started over." in response.content.decode()
    assert ScenarioAttempt.objects.get(pk=p.attempt.pk).workspace_id == p.workspace.pk


# -- query counts --------------------------------------------------------------------------


def test_the_result_page_reads_a_short_and_a_long_trace_in_the_same_queries(
    scenario, django_assert_max_num_queries
):
    short = Player(scenario, enrolled_officer(scenario))
    short.check_all()
    short.submit()
    long = Player(scenario, enrolled_officer(scenario))
    solve_tet(long)
    for n in range(40):
        dossier_transition(
            dossier=long.dossier(),
            action="add_note",
            actor=long.user,
            role="TN",
            payload={"text": f"Ghi chú {n}"},
            expected_version=None,
        )
    long.submit()
    clients = {}
    for player in (short, long):
        clients[player] = client_for(player.user)
        # Warm the per-process caches (site root paths) so both counts are alike.
        clients[player].get(player.attempt.get_result_url())
    with django_assert_max_num_queries(15) as captured:
        assert clients[short].get(short.attempt.get_result_url()).status_code == 200
    with django_assert_max_num_queries(len(captured)):
        page = clients[long].get(long.attempt.get_result_url()).content.decode()
    assert page.count("Ghi chú") == 40


def test_the_attempt_page_has_a_bounded_number_of_queries(
    scenario, officer, django_assert_max_num_queries
):
    p = Player(scenario, officer)
    client = client_for(officer)
    client.get(p.attempt.get_absolute_url())
    with django_assert_max_num_queries(15):
        client.get(p.attempt.get_absolute_url())


def test_the_report_exercise_links_to_the_desks_tracking_book(client):
    scenario = make_scenario("doi-chieu-bao-cao-ii06a")
    p = Player(scenario, enrolled_officer(scenario))
    client.force_login(p.user)
    page = client.get(p.attempt.get_absolute_url()).content.decode()
    book_url = reverse("sandbox:tracking_book", args=[p.workspace.pk])
    assert book_url in page
    book = client.get(book_url + "?unit=khuong-mai&year=2024")
    assert book.status_code == 200
    html = book.content.decode()
    october = Dossier.objects.filter(
        workspace=p.workspace, receiving_unit__code="khuong-mai", received_at__month=10
    ).exclude(code="")
    assert october.exists()
    assert all(d.code in html for d in october[:20])


def test_the_history_says_which_paper_was_checked_and_how(client):
    scenario = make_scenario("hen-tra-qua-tet")
    p = Player(scenario, enrolled_officer(scenario))
    paper = p.components()[0]
    p.do("A", "check_component", "TN", {"component": paper.pk, "state": "present"})
    client.force_login(p.user)
    choose_english(client)
    page = client.get(reverse("sandbox:dossier", args=[p.workspace.pk, "tn", p.dossier().pk]))
    assert f"{paper.name}: Present and valid" in page.content.decode()
