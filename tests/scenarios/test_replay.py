"""The replay of an attempt: a pure function from event rows to a timeline beside the
expected path, with the first divergence found."""

import datetime

import pytest

from sandbox.calendar import VN_TZ
from sandbox.scenarios.replay import build_replay, event_details, load_replay
from tests.scenarios.factories import Player, enrolled_officer, make_scenario

START = datetime.datetime(2025, 1, 24, 9, 30, tzinfo=VN_TZ)
PATH = [
    {"dossier": "A", "role": "TN", "action": "check_component", "note": "Mọi giấy tờ có."},
    {"dossier": "A", "role": "TN", "action": "desk_accept", "note": "Hẹn 05/02/2025."},
    {"dossier": "A", "role": "TN", "action": "transfer", "note": "Chuyển TC-KH."},
]


def rows(*events, dossier_id=1, code="000.00.01.H49-250124-0001"):
    """Event rows as `load_replay` reads them: (action, role, actor_id[, payload])."""
    out = []
    for n, (action, role, actor, *rest) in enumerate(events, start=1):
        out.append(
            {
                "id": n,
                "dossier_id": dossier_id,
                "dossier__code": code,
                "action": action,
                "role": role,
                "actor_id": actor,
                "actor_name": "Dữ liệu kịch bản" if actor is None else "Nguyễn Văn A",
                "payload": rest[0] if rest else {},
                "sim_at": START + datetime.timedelta(minutes=n),
            }
        )
    return out


def replay_of(*events, path=PATH):
    return build_replay(events=rows(*events), labels={1: "A"}, expected_path=path)


def test_following_the_path_has_no_divergence_and_checks_count_as_one_step():
    replay = replay_of(
        ("desk_intake", "TN", None),
        ("check_component", "TN", 7),
        ("check_component", "TN", 7),
        ("add_note", "TN", 7),
        ("check_component", "TN", 7),
        ("open_attachment", "TN", 7),
        ("desk_accept", "TN", 7),
        ("transfer", "TN", 7),
    )
    assert replay.divergence is None
    assert replay.matched == 3
    assert [s.state for s in replay.expected] == ["done", "done", "done"]
    assert [e.step for e in replay.timeline] == [None, 0, 0, None, 0, None, 1, 2]
    assert [e.repeat for e in replay.timeline if e.step == 0] == [False, True, True]
    assert replay.timeline[0].scripted and not replay.timeline[1].scripted


def test_a_different_step_is_the_first_divergence_and_is_marked_on_both_sides():
    replay = replay_of(
        ("check_component", "TN", 7),
        ("desk_request_supplement", "TN", 7),
    )
    d = replay.divergence
    assert (d.index, d.number, d.kind) == (1, 2, "different")
    assert d.expected.action == "desk_accept" and d.actual.action == "desk_request_supplement"
    assert [s.state for s in replay.expected] == ["done", "diverges", "not_reached"]
    assert [e.diverges for e in replay.timeline] == [False, True]
    assert replay.matched == 1


def test_stopping_early_is_a_missing_step():
    replay = replay_of(("check_component", "TN", 7), ("desk_accept", "TN", 7))
    d = replay.divergence
    assert (d.index, d.kind, d.actual) == (2, "missing", None)
    assert d.expected.action == "transfer"
    assert replay.expected[2].state == "diverges"
    assert not any(e.diverges for e in replay.timeline)


def test_doing_nothing_diverges_at_the_first_step():
    replay = replay_of(("desk_intake", "TN", None))
    assert replay.divergence.index == 0 and replay.divergence.kind == "missing"
    assert replay.steps == []


def test_going_on_after_the_path_is_an_extra_step():
    replay = replay_of(
        ("check_component", "TN", 7),
        ("desk_accept", "TN", 7),
        ("transfer", "TN", 7),
        ("withdraw", "TN", 7),
    )
    d = replay.divergence
    assert (d.index, d.kind, d.expected) == (3, "extra", None)
    assert replay.timeline[-1].diverges


def test_scripted_events_are_shown_but_never_compared():
    replay = replay_of(
        ("check_component", "TN", 7),
        ("citizen_supplement", "CD", None),
        ("desk_accept", "TN", 7),
        ("transfer", "TN", 7),
    )
    assert replay.divergence is None
    assert replay.timeline[1].scripted and replay.timeline[1].step is None


def test_the_dossier_label_matters():
    events = rows(("check_component", "TN", 7)) + rows(
        ("desk_accept", "TN", 7), dossier_id=2, code="B-1"
    )
    events[1]["id"] = 2
    replay = build_replay(events=events, labels={1: "A", 2: "B"}, expected_path=PATH)
    assert replay.divergence.index == 1
    assert replay.divergence.actual.dossier_label == "B"


def test_checks_on_two_dossiers_in_a_row_are_two_steps():
    events = rows(("check_component", "TN", 7)) + rows(
        ("check_component", "TN", 7), dossier_id=2, code="B-1"
    )
    events[1]["id"] = 2
    replay = build_replay(events=events, labels={1: "A", 2: "B"}, expected_path=[])
    assert [e.step for e in replay.timeline] == [0, 1]


def test_event_details_give_dates_amounts_units_and_papers():
    accept = event_details(
        "desk_accept", {"due_date": "2025-02-05", "fee_amount": 100000, "number": "1"}
    )
    assert "Appointment date: 05/02/2025" in accept
    assert any(line.startswith("Fee: 100") and line.endswith("VND") for line in accept)
    assert event_details("transfer", {"to_unit": "tc-kh", "to_unit_name": "Phòng TC-KH"}) == [
        "To: Phòng TC-KH"
    ]
    assert event_details("check_component", {"name": "Giấy đề nghị", "state": "missing"}) == [
        "Giấy đề nghị: Missing"
    ]
    supplement = event_details(
        "desk_request_supplement",
        {"items": [{"name": "Bản sao CCCD"}, {"name": "Biên bản họp"}], "reason": "Thiếu."},
    )
    assert supplement == ["Papers asked for: Bản sao CCCD; Biên bản họp", "Thiếu."]
    assert len(event_details("add_note", {"text": "x" * 500})[0]) <= 140


@pytest.mark.django_db
def test_load_replay_reads_a_real_attempt_in_one_query(django_assert_num_queries):
    scenario = make_scenario("hen-tra-qua-tet")
    p = Player(scenario, enrolled_officer(scenario))
    p.check_all()
    p.do("A", "desk_accept", "TN", {"appointment_date": "2025-02-05", "fee_amount": 100000})
    attempt = p.attempt
    attempt.version  # noqa: B018 - loaded with the attempt in the views
    with django_assert_num_queries(1):
        replay = load_replay(attempt)
    assert replay.divergence.kind == "missing" and replay.divergence.expected.action == "transfer"
    actions = [e.action for e in replay.timeline]
    # The seeded intake at the start of the clock is shown (scripted), then the officer.
    assert actions[0] == "desk_intake" and replay.timeline[0].scripted
    assert actions[-1] == "desk_accept" and not replay.timeline[-1].scripted
    assert "Appointment date: 05/02/2025" in replay.timeline[-1].details
