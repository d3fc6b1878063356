"""Report II.06a: the hand-built set counted by hand, the article's figures, the query
count, the page's scoping and the XLSX export."""

from __future__ import annotations

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from sandbox.article_dataset import article_workspace_create
from sandbox.services import workspace_set_clock
from sandbox.statistics import totals, unit_report
from sandbox.workflow import Action, ActorRole, Status
from tests.people.factories import make_officer
from tests.sandbox.factories import PATHS, act, at, make_dossier, resolve, walk_to
from tests.utils import choose_english
from training.people.roles import Role

pytestmark = pytest.mark.django_db

D = datetime.date
START, END = D(2025, 3, 4), D(2025, 3, 14)


def _set_clock(ws, text):
    return workspace_set_clock(workspace=ws, to=at(text))


def _return_on(dossier, ws, text):
    _set_clock(ws, text)
    dossier.refresh_from_db()
    act(dossier, Action.RETURN_TO_DESK, ActorRole.VT)


@pytest.fixture
def hand_built():
    """Nine dossiers, Monday 03/03/2025 to Friday 14/03/2025, card SANDBOX-11 (3 working
    days, so a dossier received on Tuesday 04/03 is due Friday 07/03)."""
    from tests.sandbox.factories import make_workspace

    ws = make_workspace(now=at("2025-03-03 09:00"))
    d = {}
    d["carried_early"] = walk_to(Status.ISSUED, ws)  # received 03/03, due 06/03
    d["before_period"] = walk_to(Status.RETURNED, ws)  # resolved 03/03: not in the report
    ws = _set_clock(ws, "2025-03-04 09:00")
    for key in ("on_time", "late", "apology_late"):
        d[key] = walk_to(Status.ISSUED, ws)
    act(
        d["apology_late"],
        Action.DRAFT_APOLOGY,
        ActorRole.CV,
        {"reason": "Cần xác minh thêm", "new_date": "2025-03-12"},
    )
    act(d["apology_late"], Action.SIGN_APOLOGY, ActorRole.LDK, {"signer_capacity": "head"})
    d["overdue"] = walk_to(Status.APPRAISING, ws)
    d["withdrawn"] = walk_to(Status.ACCEPTED, ws)
    act(d["withdrawn"], Action.WITHDRAW, ActorRole.CD, {"reason": "Không còn nhu cầu"})
    # Received at the desk (direct), then waiting for a supplement at the period end.
    supplement = make_dossier(ws, channel="desk")
    for action, role, payload in PATHS[Status.SUPPLEMENT_REQUESTED][1][1:]:
        act(supplement, action, role, resolve(supplement, payload))
    d["supplement"] = supplement
    ws = _set_clock(ws, "2025-03-05 10:00")
    _return_on(d["carried_early"], ws, "2025-03-05 10:00")
    _return_on(d["on_time"], ws, "2025-03-07 10:00")
    _return_on(d["late"], ws, "2025-03-10 10:00")
    _return_on(d["apology_late"], ws, "2025-03-10 11:00")
    ws = _set_clock(ws, "2025-03-12 09:00")
    d["not_yet_due"] = walk_to(Status.APPRAISING, ws)  # due 17/03
    ws = _set_clock(ws, "2025-03-14 16:00")
    return ws, d


def test_hand_built_set_counted_by_hand(hand_built):
    ws, d = hand_built
    # The premises of the hand count.
    assert d["carried_early"].due_date == D(2025, 3, 6)
    assert d["on_time"].due_date == D(2025, 3, 7)
    assert d["not_yet_due"].due_date == D(2025, 3, 17)
    d["apology_late"].refresh_from_db()
    assert d["apology_late"].apology_due_date == D(2025, 3, 12)

    rows = unit_report(workspace=ws, period_start=START, period_end=END)
    assert len(rows) == 1
    row = rows[0]
    d["on_time"].refresh_from_db()
    assert row.unit == d["on_time"].handling_unit
    expected = {
        "carried_over": 1,  # carried_early
        "new_online": 6,  # on_time, late, apology_late, overdue, withdrawn, not_yet_due
        "new_direct": 1,  # supplement
        "received_total": 8,
        "resolved_early": 1,
        "resolved_on_time": 1,
        "resolved_late": 2,  # late, and apology_late despite its new date of 12/03
        "resolved_total": 4,
        "in_progress_within": 3,  # supplement (paused), withdrawn, not_yet_due
        "in_progress_overdue": 1,  # overdue: due 07/03, clock running
        "in_progress_total": 4,
    }
    assert {name: getattr(row, name) for name in expected} == expected
    assert row.resolution_rate == pytest.approx(0.5)
    assert row.on_time_rate == pytest.approx(0.5)


@pytest.mark.parametrize(
    ("start", "end", "carried", "new", "resolved", "in_progress", "overdue"),
    [
        # 05/03 only: what was received 03–04/03 and still open is carried over (not
        # before_period, resolved 03/03, nor withdrawn, closed 04/03); carried_early is
        # resolved that day.
        (D(2025, 3, 5), D(2025, 3, 5), 6, 0, 1, 5, 0),
        # As of 07/03 the appraisal is due that very day: still within time.
        (D(2025, 3, 4), D(2025, 3, 7), 1, 6, 2, 5, 0),
        # As of 10/03 it is overdue.
        (D(2025, 3, 4), D(2025, 3, 10), 1, 6, 4, 3, 1),
    ],
)
def test_report_is_historical(hand_built, start, end, carried, new, resolved, in_progress, overdue):
    ws, _d = hand_built
    total = totals(unit_report(workspace=ws, period_start=start, period_end=end))
    assert (
        total.carried_over,
        total.new_online + total.new_direct,
        total.resolved_total,
        total.in_progress_total,
        total.in_progress_overdue,
    ) == (carried, new, resolved, in_progress, overdue)
    assert total.received_total == total.resolved_total + total.in_progress_total


def test_query_count_does_not_grow_with_the_dossiers(hand_built):
    ws, _d = hand_built

    def count():
        with CaptureQueriesContext(connection) as ctx:
            unit_report(workspace=ws, period_start=START, period_end=END)
        return len(ctx.captured_queries)

    small = count()
    for _ in range(5):
        walk_to(Status.RETURNED, ws)
        walk_to(Status.SUPPLEMENT_REQUESTED, ws)
    assert count() == small <= 2


def test_article_figures():
    ws = article_workspace_create(title="Số liệu bài báo 2019")
    rows = unit_report(workspace=ws, period_start=D(2019, 1, 1), period_end=D(2019, 10, 31))
    total = totals(rows)
    assert total.received_total == 7149
    assert total.resolved_total == 6978
    assert total.in_progress_total == 171
    assert total.in_progress_within == 171
    assert total.in_progress_overdue == 0
    assert round(total.resolution_rate * 100) == 98
    assert total.resolved_late == 68  # 12 of them with an apology, still late

    officer = make_officer(roles=(Role.TRAINER,))
    from django.test import Client

    client = Client()
    client.force_login(officer.user)
    # Default period: the workspace clock's year to date, i.e. 01/01–31/10/2019.
    response = client.get(reverse("sandbox_stats:report", args=[ws.pk]))
    html = response.content.decode()
    assert 'data-col="received_total">7149<' in html
    assert 'data-col="resolved_total">6978<' in html
    assert 'data-col="in_progress_within">171<' in html
    assert 'data-col="in_progress_overdue">0<' in html


def _owned_workspace(owner):
    from tests.sandbox.factories import make_workspace

    ws = make_workspace(owner=owner.user)
    walk_to(Status.APPRAISING, ws)
    return ws


def test_page_scoping(client):
    choose_english(client)
    owner, other = make_officer(), make_officer()
    ws = _owned_workspace(owner)
    url = reverse("sandbox_stats:report", args=[ws.pk])
    assert client.get(url).status_code == 302  # login required
    client.force_login(other.user)
    assert client.get(url).status_code == 404
    assert client.get(reverse("sandbox_stats:xlsx", args=[ws.pk])).status_code == 404
    assert client.get(reverse("sandbox_stats:index"), {"workspace": ws.pk}).status_code == 404
    for user in (owner.user, make_officer(roles=(Role.HR,)).user):
        client.force_login(user)
        assert client.get(reverse("sandbox_stats:index"), {"workspace": ws.pk}).url == url
        response = client.get(url)
        assert response.status_code == 200
        assert "PRACTICE DATA" in response.content.decode()


def test_xlsx_export(client, hand_built):
    choose_english(client)
    ws, d = hand_built
    client.force_login(make_officer(roles=(Role.TRAINER,)).user)
    response = client.get(
        reverse("sandbox_stats:xlsx", args=[ws.pk]),
        {"period_start": "2025-03-04", "period_end": "2025-03-14", "unit": ""},
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert "PRACTICE" in sheet["A1"].value
    assert sheet["B3"].value.date() == START and sheet["D3"].value.date() == END
    header = [c.value for c in sheet[5]]
    assert header[2] == "Received: total" and header[-1] == "On-time rate"
    unit_line = [c.value for c in sheet[6]]
    total_line = [c.value for c in sheet[7]]
    d["on_time"].refresh_from_db()
    assert unit_line[0] == 1 and unit_line[1] == d["on_time"].handling_unit.name
    # received, online, direct, carried, resolved, early, on time, late, in progress, within,
    # overdue, then the two rates as numbers.
    assert unit_line[2:13] == [8, 6, 1, 1, 4, 1, 1, 2, 4, 3, 1]
    assert unit_line[13:] == [pytest.approx(0.5), pytest.approx(0.5)]
    assert total_line[1] == "Total" and total_line[2:13] == unit_line[2:13]


def test_invalid_period_shows_an_error(client, hand_built):
    ws, _d = hand_built
    client.force_login(make_officer(roles=(Role.TRAINER,)).user)
    response = client.get(
        reverse("sandbox_stats:report", args=[ws.pk]),
        {"period_start": "2025-03-14", "period_end": "2025-03-04"},
    )
    assert response.status_code == 200
    assert response.context["rows"] == []
    assert response.context["form"].errors
