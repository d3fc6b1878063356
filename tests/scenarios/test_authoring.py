"""Trainers author scenarios in the Wagtail admin; an ungradable rubric is refused there."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, streamfield

from tests.people.factories import make_officer
from tests.scenarios.factories import make_scenario
from tests.utils import choose_english
from training.people.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead_client(client):
    user = make_officer(roles=("Giảng viên chính",), full_name="Đỗ Thị Trưởng Nhóm").user
    client.force_login(user)
    return client


STREAMS = ("dossiers", "history", "scripts", "expected_path", "rubric")


def _plain(state):
    """A select's form state is a one-item list; the posted value is the item."""
    if isinstance(state, dict):
        return {k: _plain(v) for k, v in state.items()}
    if isinstance(state, list) and len(state) == 1 and isinstance(state[0], str):
        return state[0]
    return state


def edit_form(client, page):
    """The edit form's fields; StreamFields (rendered by JavaScript) from their form state."""
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    streams = {
        name: streamfield(
            [
                (child.block_type, _plain(child.block.get_form_state(child.value)))
                for child in getattr(page, name)
            ]
        )
        for name in STREAMS
    }
    for key, value in nested_form_data(streams).items():
        if value is False:
            continue  # an unticked checkbox is not posted
        data[key] = "" if value is None else value
    return data


def form_errors(response):
    form = response.context["form"]
    return {name: [str(e) for e in errors] for name, errors in form.errors.items()}


def test_the_edit_form_round_trips_and_saves_a_draft(lead_client):
    scenario = make_scenario("hen-tra-qua-tet")
    data = edit_form(lead_client, scenario)
    assert data.getlist("trainee_roles") == ["TN"]
    data["title"] = "Ngày hẹn trả qua Tết (bản sửa)"
    response = lead_client.post(reverse("wagtailadmin_pages:edit", args=[scenario.pk]), data)
    assert response.status_code == 302, form_errors(response)
    scenario.refresh_from_db()
    assert scenario.get_latest_revision().as_object().title == "Ngày hẹn trả qua Tết (bản sửa)"
    assert scenario.get_latest_revision().as_object().trainee_roles == "TN"


def test_a_zero_weight_is_refused_with_a_message(lead_client):
    choose_english(lead_client)
    scenario = make_scenario("hen-tra-qua-tet")
    data = edit_form(lead_client, scenario)
    data["rubric-0-value-weight"] = "0"
    response = lead_client.post(reverse("wagtailadmin_pages:edit", args=[scenario.pk]), data)
    assert response.status_code == 200
    # On the weight field of that criterion (the StreamField's own validation).
    assert "The weight must be more than 0." in response.content.decode()
    scenario.refresh_from_db()
    assert scenario.rubric[0].value["weight"] > 0


def test_trainers_can_add_a_scenario_to_a_module():
    from courses.models import ModulePage
    from sandbox.scenarios.models import ScenarioPage

    assert ScenarioPage in ModulePage.allowed_subpage_models()
    trainer = make_officer(roles=(Role.TRAINER,)).user
    scenario = make_scenario("hen-tra-qua-tet")
    assert scenario.permissions_for_user(trainer).can_edit()


def test_unreadable_parameters_are_refused_on_their_field(lead_client):
    choose_english(lead_client)
    scenario = make_scenario("hen-tra-qua-tet")
    data = edit_form(lead_client, scenario)
    fee = next(n for n, child in enumerate(scenario.rubric) if child.value["check"] == "fee")
    data[f"rubric-{fee}-value-value"] = "100.000"
    response = lead_client.post(reverse("wagtailadmin_pages:edit", args=[scenario.pk]), data)
    assert response.status_code == 200
    assert "the value must be a whole number" in response.content.decode()
    scenario.refresh_from_db()
    assert scenario.rubric[fee].value["value"] == ""
