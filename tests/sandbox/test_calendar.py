"""The working calendar against the worked examples of `dossier-workflow.md` §3.3 and the
corrections of `verification.md` "Priority 3", with and without the database."""

from datetime import date, datetime, time

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sandbox.calendar import (
    VN_TZ,
    DayKind,
    OfficeHoursRule,
    Override,
    OverrideKind,
    Pause,
    WorkingCalendar,
    override_problem,
)
from sandbox.models import CalendarOverride, OfficeHours
from tests.people.factories import make_officer
from tests.utils import choose_english
from training.people.roles import Role

# The confirmed overrides, as the seed migration stores them for profile B.
CONFIRMED = [
    Override(date(2024, 5, 4), OverrideKind.MAKEUP_WORKDAY, "Làm bù cho 29/04/2024"),
    Override(date(2025, 4, 26), OverrideKind.MAKEUP_WORKDAY, "Làm bù cho 02/05/2025"),
    Override(date(2026, 1, 2), OverrideKind.EXTRA_DAY_OFF, "Nghỉ Tết Dương lịch 2026"),
    Override(date(2026, 1, 10), OverrideKind.MAKEUP_WORKDAY, "Làm bù cho 02/01/2026"),
    Override(date(2026, 8, 22), OverrideKind.MAKEUP_WORKDAY, "Làm bù cho 31/08/2026"),
]


def at(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=VN_TZ)


# (case, received, working days or None for same day, due date)
WORKED_EXAMPLES = [
    ("HKD 3 days before Tết 2025", "2025-01-24 09:30", 3, date(2025, 2, 5)),
    ("GPXD 15 days before Tết 2026", "2026-02-10 09:00", 15, date(2026, 3, 10)),
    ("XN TTHN 3 days over 30/4–1/5/2025", "2025-04-28 09:00", 3, date(2025, 5, 6)),
    ("Chứng thực 15:20 before Quốc khánh", "2025-08-29 15:20", None, date(2025, 9, 3)),
    ("Khai sinh 15:05 on 31/12/2025", "2025-12-31 15:05", None, date(2026, 1, 5)),
    ("HKD 3 days over Hùng Vương / 30/4", "2024-04-24 09:00", 3, date(2024, 5, 2)),
    ("5 days over make-up Sat 22/8/2026", "2026-08-20 09:00", 5, date(2026, 8, 26)),
    ("3 days over make-up Sat 10/1/2026", "2026-01-08 09:00", 3, date(2026, 1, 12)),
    ("24/11/2026 is a working day", "2026-11-23 09:00", 1, date(2026, 11, 24)),
    ("Same day, 14:59", "2025-08-29 14:59", None, date(2025, 8, 29)),
    ("Same day, 15:00 is not after 15:00", "2025-08-29 15:00", None, date(2025, 8, 29)),
    ("Same day on a make-up Saturday", "2026-01-10 10:00", None, date(2026, 1, 10)),
    ("Same day on a Saturday", "2025-08-30 10:00", None, date(2025, 9, 3)),
    (
        "3 days from a Saturday: Monday is the receipt day",
        "2026-11-21 10:00",
        3,
        date(2026, 11, 26),
    ),
    ("3 days, 16:59 counts on the day", "2025-01-23 16:59", 3, date(2025, 2, 4)),
    ("3 days, 17:30 counts from the next day", "2025-01-23 17:30", 3, date(2025, 2, 5)),
]


def compute(calendar: WorkingCalendar, received: str, working_days: int | None) -> date:
    if working_days is None:
        return calendar.due_date(at(received), same_day=True)
    return calendar.due_date(at(received), working_days=working_days)


@pytest.fixture(scope="module")
def calendar() -> WorkingCalendar:
    return WorkingCalendar(overrides=CONFIRMED)


@pytest.mark.parametrize(
    ("received", "working_days", "due"),
    [case[1:] for case in WORKED_EXAMPLES],
    ids=[case[0] for case in WORKED_EXAMPLES],
)
def test_worked_examples(calendar, received, working_days, due):
    assert compute(calendar, received, working_days) == due


@pytest.mark.django_db
def test_seeded_calendar_gives_the_worked_examples_in_two_queries(django_assert_num_queries):
    with django_assert_num_queries(2):  # overrides, office hours: never one per day
        calendar = WorkingCalendar.for_profile("B")
        results = [compute(calendar, received, n) for _case, received, n, _due in WORKED_EXAMPLES]
    assert results == [due for *_rest, due in WORKED_EXAMPLES]


@pytest.mark.django_db
def test_query_count_stays_flat_as_overrides_grow(django_assert_max_num_queries):
    CalendarOverride.objects.bulk_create(
        CalendarOverride(
            date=date(2030, 1, 1).replace(month=month, day=day),
            kind=OverrideKind.EXTRA_DAY_OFF,
            name="x",
            source_document="test",
            effective_from=date(2029, 1, 1),
        )
        for month in range(2, 12)
        for day in (14, 15)
    )
    with django_assert_max_num_queries(2):
        calendar = WorkingCalendar.for_profile("B")
        calendar.due_date(at("2030-01-02 09:00"), working_days=200)


@pytest.mark.parametrize(
    ("day", "working", "kind"),
    [
        (date(2026, 1, 10), True, DayKind.MAKEUP),
        (date(2026, 1, 2), False, DayKind.EXTRA_DAY_OFF),
        (date(2026, 1, 3), False, DayKind.WEEKEND),
        (date(2026, 11, 24), True, DayKind.HOLIDAY_IGNORED),
        (date(2027, 11, 24), True, DayKind.HOLIDAY_IGNORED),
        (date(2029, 11, 26), True, DayKind.HOLIDAY_IGNORED),  # its "nghỉ bù" day
        (date(2026, 8, 22), True, DayKind.MAKEUP),
        (date(2026, 8, 31), False, DayKind.HOLIDAY),  # swapped for 22/8
        (date(2026, 4, 27), False, DayKind.HOLIDAY),  # Hùng Vương on Sunday, observed Monday
        (date(2024, 5, 4), True, DayKind.MAKEUP),
        (date(2025, 4, 26), True, DayKind.MAKEUP),
        (date(2025, 2, 1), False, DayKind.HOLIDAY),  # Tết on a Saturday
        (date(2025, 2, 3), True, DayKind.WORKING),
        (date(2014, 12, 27), True, DayKind.MAKEUP),  # worked for Fri 02/01/2015, next year
    ],
)
def test_day_classification(calendar, day, working, kind):
    info = calendar.day(day)
    assert (info.is_working, info.kind) == (working, kind)


def test_the_override_table_changes_the_result():
    bare = WorkingCalendar()
    assert bare.is_working_day(date(2026, 1, 2))
    assert not bare.is_working_day(date(2026, 1, 10))
    assert bare.due_date(at("2025-12-31 15:05"), same_day=True) == date(2026, 1, 2)
    assert bare.due_date(at("2026-01-08 09:00"), working_days=3) == date(2026, 1, 13)


def test_an_extra_day_off_cancels_a_make_up_day_the_package_knows():
    calendar = WorkingCalendar(
        overrides=[Override(date(2026, 8, 22), OverrideKind.EXTRA_DAY_OFF, "Không làm bù")]
    )
    assert calendar.due_date(at("2026-08-20 09:00"), working_days=5) == date(2026, 8, 27)


def test_a_disabled_holiday_becomes_a_working_day():
    calendar = WorkingCalendar(
        overrides=[Override(date(2025, 9, 2), OverrideKind.DISABLED_HOLIDAY, "Thử")]
    )
    assert calendar.is_working_day(date(2025, 9, 2))
    assert calendar.due_date(at("2025-08-29 15:20"), same_day=True) == date(2025, 9, 2)


def test_counting_helpers(calendar):
    assert calendar.add_working_days(date(2025, 1, 24), 0) == date(2025, 1, 24)
    assert calendar.next_working_day(date(2025, 12, 31)) == date(2026, 1, 5)
    assert calendar.working_days_between(date(2025, 1, 24), date(2025, 2, 5)) == 3
    assert calendar.working_days_between(date(2025, 1, 24), date(2025, 1, 24)) == 0
    for start, n in [(date(2024, 4, 24), 3), (date(2026, 2, 10), 15), (date(2026, 8, 20), 5)]:
        end = calendar.add_working_days(start, n)
        assert calendar.working_days_between(start, end) == n
    with pytest.raises(ValueError):
        calendar.add_working_days(date(2025, 1, 1), -1)
    with pytest.raises(ValueError):
        calendar.working_days_between(date(2025, 1, 2), date(2025, 1, 1))


@pytest.mark.parametrize(
    ("old_due", "start", "end", "new_due"),
    [
        # GPXD due 10/3/2026; Mẫu 02 on Wed 25/2, completed Mon 2/3: 26/2, 27/2, 2/3 paused.
        (date(2026, 3, 10), date(2026, 2, 25), date(2026, 3, 2), date(2026, 3, 13)),
        # Requested and completed the same day: nothing paused.
        (date(2026, 3, 10), date(2026, 2, 25), date(2026, 2, 25), date(2026, 3, 10)),
        # A pause across Tết 2025 pauses only the working day it ended on.
        (date(2025, 2, 5), date(2025, 1, 24), date(2025, 2, 3), date(2025, 2, 6)),
        # Completion on a rest day (Saturday 31/1/2026 is not worked) counts Fri 30/1 only.
        (date(2026, 2, 3), date(2026, 1, 29), date(2026, 1, 31), date(2026, 2, 4)),
    ],
)
def test_paused_due_date(calendar, old_due, start, end, new_due):
    assert calendar.paused_due_date(old_due, start, end) == new_due


def test_pauses_count_each_day_once_and_financial_waits_only_when_excluded(calendar):
    supplement = Pause(date(2026, 2, 25), date(2026, 3, 2))  # 26/2, 27/2, 2/3
    overlapping = Pause(date(2026, 2, 26), date(2026, 3, 3))  # adds 3/3
    financial = Pause(date(2026, 3, 4), date(2026, 3, 5), financial=True)  # 5/3
    due = date(2026, 3, 10)
    assert calendar.due_date_after_pauses(due, [supplement, overlapping]) == date(2026, 3, 16)
    assert calendar.due_date_after_pauses(due, [supplement, financial]) == date(2026, 3, 13)
    assert calendar.due_date_after_pauses(
        due, [supplement, financial], financial_waits_excluded=True
    ) == date(2026, 3, 16)


def test_pause_accepts_aware_datetimes(calendar):
    assert calendar.paused_due_date(
        date(2026, 3, 10), at("2026-02-25 10:00"), at("2026-03-02 16:00")
    ) == date(2026, 3, 13)


def test_office_hours_in_force_on_the_receipt_date():
    later = OfficeHoursRule(effective_from=date(2026, 1, 1), same_day_cutoff=time(16, 0))
    calendar = WorkingCalendar(hours=[OfficeHoursRule(), later])
    assert calendar.due_date(at("2025-12-30 15:30"), same_day=True) == date(2025, 12, 31)
    assert calendar.due_date(at("2026-01-06 15:30"), same_day=True) == date(2026, 1, 6)
    assert calendar.due_date(at("2026-01-06 15:30"), same_day=True, cutoff=time(15, 0)) == date(
        2026, 1, 7
    )


def test_after_hours_rollover_can_be_switched_off():
    calendar = WorkingCalendar(hours=[OfficeHoursRule(after_hours_next_working_day=False)])
    assert calendar.due_date(at("2025-01-23 17:30"), working_days=3) == date(2025, 2, 4)


def test_explanation_lists_counted_and_skipped_days(calendar):
    result = calendar.explain_due_date(at("2025-12-31 15:05"), same_day=True)
    assert result.after_cutoff
    assert [info.day for info in result.counted] == [date(2026, 1, 5)]
    assert [(info.day, info.name) for info in result.skipped[:2]] == [
        (date(2026, 1, 1), "Tết Dương lịch"),
        (date(2026, 1, 2), "Nghỉ Tết Dương lịch 2026"),
    ]
    rolled = calendar.explain_due_date(at("2026-11-21 10:00"), working_days=3)
    assert rolled.counted_from == datetime(2026, 11, 23, 8, 0, tzinfo=VN_TZ)
    assert len(rolled.counted) == 3


@pytest.mark.parametrize(
    "kwargs",
    [{}, {"working_days": 3, "same_day": True}, {"working_days": 0}, {"working_days": -2}],
)
def test_due_date_needs_exactly_one_valid_limit(calendar, kwargs):
    with pytest.raises(ValueError):
        calendar.due_date(at("2025-01-24 09:30"), **kwargs)


def test_naive_datetimes_are_refused(calendar):
    with pytest.raises(ValueError):
        calendar.due_date(datetime(2025, 1, 24, 9, 30), working_days=3)


def test_receipt_in_another_zone_is_read_in_vietnam_time(calendar):
    from zoneinfo import ZoneInfo

    # 03:30 in Paris is 09:30 in Hà Nội.
    received = datetime(2025, 1, 24, 3, 30, tzinfo=ZoneInfo("Europe/Paris"))
    assert calendar.due_date(received, working_days=3) == date(2025, 2, 5)


@pytest.mark.parametrize(
    ("entry", "refused"),
    [
        (Override(date(2026, 1, 9), OverrideKind.MAKEUP_WORKDAY), True),  # a Friday
        (Override(date(2026, 1, 17), OverrideKind.MAKEUP_WORKDAY), False),
        (Override(date(2026, 1, 1), OverrideKind.EXTRA_DAY_OFF), True),  # already a holiday
        (Override(date(2026, 1, 3), OverrideKind.EXTRA_DAY_OFF), True),  # a Saturday
        (Override(date(2026, 1, 2), OverrideKind.EXTRA_DAY_OFF), False),
        (Override(date(2026, 1, 5), OverrideKind.DISABLED_HOLIDAY), True),  # no holiday
        (Override(date(2026, 11, 24), OverrideKind.DISABLED_HOLIDAY), True),  # never counted
        (Override(date(2026, 9, 2), OverrideKind.DISABLED_HOLIDAY), False),
    ],
)
def test_override_problem(entry, refused):
    assert bool(override_problem(WorkingCalendar(), entry)) is refused


@pytest.mark.django_db
class TestSeededRules:
    def test_seeded_overrides_carry_their_sources(self):
        rows = {row.date: row for row in CalendarOverride.objects.filter(rule_profile="B")}
        assert {day: rows[day].kind for day in rows} == {e.day: e.kind for e in CONFIRMED}
        assert "12729/VPCP-KGVX" in rows[date(2026, 1, 2)].source_document
        assert "12729/VPCP-KGVX" in rows[date(2026, 1, 10)].source_document
        assert rows[date(2026, 1, 10)].effective_from == date(2025, 12, 25)

    def test_seeded_office_hours(self):
        rule = OfficeHours.objects.get(rule_profile="B").as_rule()
        assert (rule.desk_morning_start, rule.desk_morning_end) == (time(8), time(11))
        assert (rule.desk_afternoon_start, rule.desk_afternoon_end) == (time(13, 30), time(16, 30))
        assert (rule.opens, rule.closes, rule.same_day_cutoff) == (time(8), time(17), time(15))
        assert rule.desk_is_open(time(10, 59)) and not rule.desk_is_open(time(11, 0))

    def test_as_of_leaves_out_later_documents(self):
        before = WorkingCalendar.for_profile("B", as_of=date(2025, 12, 24))
        assert before.due_date(at("2025-12-31 15:05"), same_day=True) == date(2026, 1, 2)

    def test_other_profiles_do_not_see_profile_b_rows(self):
        assert WorkingCalendar.for_profile("C").is_working_day(date(2026, 1, 2))

    @pytest.mark.parametrize(
        ("day", "kind", "field"),
        [
            (date(2026, 1, 2), OverrideKind.EXTRA_DAY_OFF, "__all__"),  # duplicate date
            (date(2026, 1, 9), OverrideKind.MAKEUP_WORKDAY, "date"),
            (date(2026, 1, 4), OverrideKind.EXTRA_DAY_OFF, "date"),
        ],
    )
    def test_full_clean_refuses(self, day, kind, field):
        row = CalendarOverride(
            date=day, kind=kind, name="x", source_document="y", effective_from=day
        )
        with pytest.raises(ValidationError) as error:
            row.full_clean()
        assert field in error.value.message_dict

    def test_office_hours_out_of_order_are_refused(self):
        row = OfficeHours(
            effective_from=date(2027, 1, 1),
            desk_morning_end=time(7, 0),
            source_document="test",
        )
        with pytest.raises(ValidationError):
            row.full_clean()


def _form(**changes) -> dict:
    data = {
        "date": "2026-01-17",
        "rule_profile": "B",
        "kind": OverrideKind.MAKEUP_WORKDAY,
        "name": "Làm bù thử",
        "source_document": "Công văn thử",
        "effective_from": "2026-01-01",
        "note": "",
    }
    data.update(changes)
    return data


@pytest.mark.django_db
class TestCalendarOverrideAdmin:
    add_url = reverse("sandbox_calendar_overrides:add")
    index_url = reverse("sandbox_calendar_overrides:index")

    def test_administrator_lists_and_adds(self, client):
        client.force_login(make_officer(roles=(Role.ADMINISTRATOR,)).user)
        response = client.get(self.index_url)
        assert response.status_code == 200
        assert "12729/VPCP-KGVX" in response.content.decode()
        response = client.post(self.add_url, _form())
        assert response.status_code == 302
        assert CalendarOverride.objects.filter(date=date(2026, 1, 17)).exists()

    def test_index_query_count_is_flat(self, client, django_assert_max_num_queries):
        client.force_login(make_officer(roles=(Role.ADMINISTRATOR,)).user)
        client.get(self.index_url)
        with django_assert_max_num_queries(40) as captured:
            client.get(self.index_url)
        baseline = len(captured)
        CalendarOverride.objects.bulk_create(
            CalendarOverride(
                date=date(2031, 3, day),
                kind=OverrideKind.EXTRA_DAY_OFF,
                name="x",
                source_document="y",
                effective_from=date(2031, 1, 1),
            )
            for day in range(3, 8)
        )
        with django_assert_max_num_queries(baseline):
            client.get(self.index_url)

    @pytest.mark.parametrize(
        ("changes", "message"),
        [
            ({"date": "2026-01-02", "kind": OverrideKind.EXTRA_DAY_OFF}, "already has a calendar"),
            ({"date": "2026-01-16"}, "must be a Saturday or Sunday"),
            ({"date": "2026-01-18", "kind": OverrideKind.EXTRA_DAY_OFF}, "already a day off"),
            ({"source_document": ""}, "This field is required"),
        ],
    )
    def test_invalid_entries_are_explained(self, client, changes, message):
        client.force_login(make_officer(roles=(Role.ADMINISTRATOR,)).user)
        response = client.post(self.add_url, _form(**changes), **_english(client))
        assert response.status_code == 200
        assert message in response.content.decode()
        assert CalendarOverride.objects.count() == 5

    def test_trainer_with_the_recommended_permissions_can_add(self, client):
        from django.contrib.auth.models import Group, Permission

        trainers = Group.objects.get(name=Role.TRAINER)
        trainers.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="sandbox",
                codename__in=[
                    "view_calendaroverride",
                    "add_calendaroverride",
                    "change_calendaroverride",
                ],
            )
        )
        client.force_login(make_officer(roles=(Role.TRAINER,)).user)
        assert client.post(self.add_url, _form()).status_code == 302

    @pytest.mark.parametrize("role", [Role.HR, Role.OFFICER])
    def test_other_roles_cannot_reach_the_table(self, client, role):
        client.force_login(make_officer(roles=(role,)).user)
        response = client.get(self.index_url)
        assert response.status_code in (302, 403)
        assert client.post(self.add_url, _form()).status_code in (302, 403)
        assert not CalendarOverride.objects.filter(date=date(2026, 1, 17)).exists()


@pytest.mark.django_db
class TestOfficeHoursAdmin:
    def test_administrator_edits_hours_and_bad_order_is_refused(self, client):
        client.force_login(make_officer(roles=(Role.ADMINISTRATOR,)).user)
        assert client.get(reverse("sandbox_office_hours:index")).status_code == 200
        row = OfficeHours.objects.get(rule_profile="B")
        url = reverse("sandbox_office_hours:edit", args=[row.pk])
        assert client.get(url).status_code == 200
        data = {
            "rule_profile": "B",
            "effective_from": "2018-06-21",
            "office_morning_start": "08:00",
            "office_morning_end": "12:00",
            "office_afternoon_start": "13:00",
            "office_afternoon_end": "17:00",
            "desk_morning_start": "08:00",
            "desk_morning_end": "11:00",
            "desk_afternoon_start": "13:30",
            "desk_afternoon_end": "16:30",
            "same_day_cutoff": "16:00",
            "after_hours_next_working_day": "on",
            "source_document": row.source_document,
            "note": "",
        }
        assert client.post(url, data).status_code == 302
        row.refresh_from_db()
        assert row.same_day_cutoff == time(16, 0)
        response = client.post(url, {**data, "desk_morning_end": "07:00"}, **_english(client))
        assert response.status_code == 200
        assert "Desk hours must run in order" in response.content.decode()


_english = choose_english
