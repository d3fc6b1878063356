"""Due-date reminders: the right e-mail, on the right Hanoi day, once."""

from datetime import UTC, date, datetime, timedelta
from io import StringIO
from unittest import mock

import pytest
from django.core.management import CommandError, call_command

from courses.models import Enrolment
from courses.reminders import EnrolmentReminder
from courses.services import assignment_create, enrolment_self_enrol
from tests.courses.factories import make_course
from tests.people.factories import make_officer
from training.people.services import officer_set_active

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings):
    """Assert on the English msgids, whatever the Vietnamese catalogue says by then."""
    settings.LANGUAGE_CODE = "en"


TODAY = date(2026, 11, 28)


def assign(officer, *, due: date, course=None):
    """An assigned enrolment, created well before any reminder window opens."""
    course = course or make_course()
    assignment_create(course=course, due_date=due, assigned_by=None, officers=[officer])
    enrolment = Enrolment.objects.get(user=officer.user, course=course)
    Enrolment.objects.filter(pk=enrolment.pk).update(created_at=datetime(2026, 1, 1, tzinfo=UTC))
    return enrolment


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    def run(today: date | None = TODAY, *extra) -> str:
        out = StringIO()
        args = [f"--today={today:%Y-%m-%d}"] if today else []
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_course_reminders", *args, *extra, stdout=out)
        return out.getvalue()

    return run


def test_due_in_seven_days_sends_one_reminder_and_a_second_run_sends_nothing(run, mailoutbox):
    officer = make_officer()
    enrolment = assign(officer, due=TODAY + timedelta(days=7))

    summary = run()

    assert "1 due-soon and 0 overdue" in summary
    (mail,) = mailoutbox
    assert mail.to == [officer.user.email]
    assert enrolment.course.title in mail.subject and "7 days" in mail.subject
    assert "05/12/2026" in mail.body
    assert "http://testserver" + enrolment.course.url in mail.body
    assert officer.full_name in mail.body

    assert "0 due-soon and 0 overdue" in run()
    assert len(mailoutbox) == 1
    reminder = EnrolmentReminder.objects.get()
    assert (reminder.kind, reminder.days_before, reminder.sent_at is not None) == (
        "due_soon",
        7,
        True,
    )


def test_each_lead_time_reminds_once_and_a_missed_day_is_caught_up(run, mailoutbox):
    enrolment = assign(make_officer(), due=TODAY + timedelta(days=10))
    sent_on = {}
    for offset in range(0, 11):
        day = TODAY + timedelta(days=offset)
        if offset == 3:
            continue  # the server was down on the day the 7-day reminder was due
        before = len(mailoutbox)
        run(day)
        if len(mailoutbox) > before:
            sent_on[day] = mailoutbox[-1].subject
    assert list(sent_on) == [TODAY + timedelta(days=4), TODAY + timedelta(days=9)]
    assert "6 days" in sent_on[TODAY + timedelta(days=4)]
    assert "1 day" in sent_on[TODAY + timedelta(days=9)]
    assert enrolment.reminders.count() == 2


def test_overdue_sends_one_notice_however_often_the_command_runs(run, mailoutbox):
    enrolment = assign(make_officer(), due=TODAY - timedelta(days=1))
    run()
    run()
    run(TODAY + timedelta(days=1))
    (mail,) = mailoutbox
    assert "Overdue" in mail.subject and enrolment.course.title in mail.subject
    assert "27/11/2026" in mail.body


@pytest.mark.parametrize(
    "case",
    ["completed", "inactive officer", "no e-mail address", "self-enrolled without due date"],
)
def test_nobody_is_reminded_who_should_not_be(run, mailoutbox, case):
    officer = make_officer()
    if case == "self-enrolled without due date":
        enrolment_self_enrol(user=officer.user, course=make_course())
    else:
        for due in (TODAY + timedelta(days=7), TODAY - timedelta(days=3)):
            enrolment = assign(officer, due=due)
            if case == "completed":
                Enrolment.objects.filter(pk=enrolment.pk).update(status=Enrolment.Status.COMPLETED)
        if case == "inactive officer":
            officer_set_active(officer=officer, active=False)
        if case == "no e-mail address":
            officer.user.email = ""
            officer.user.save()
    run()
    assert mailoutbox == []
    assert not EnrolmentReminder.objects.exists()


def test_an_officer_assigned_inside_the_window_is_not_reminded_at_once(run, mailoutbox):
    officer = make_officer()
    enrolment = assign(officer, due=TODAY + timedelta(days=5))
    Enrolment.objects.filter(pk=enrolment.pk).update(
        created_at=datetime(2026, 11, 27, 3, 0, tzinfo=UTC)
    )
    run()  # the assignment e-mail, two days ago, already gave the date
    assert mailoutbox == []
    run(TODAY + timedelta(days=4))
    assert len(mailoutbox) == 1 and "1 day" in mailoutbox[0].subject


def test_moving_the_due_date_brings_new_reminders(run, mailoutbox):
    enrolment = assign(make_officer(), due=TODAY + timedelta(days=7))
    run()
    Enrolment.objects.filter(pk=enrolment.pk).update(due_date=TODAY + timedelta(days=8))
    run(TODAY + timedelta(days=1))
    assert len(mailoutbox) == 2
    assert "05/12/2026" in mailoutbox[0].body
    assert "06/12/2026" in mailoutbox[1].body


def test_a_reminder_queued_before_the_officer_finished_is_not_sent(mailoutbox):
    from courses.reminders import send_enrolment_reminder

    enrolment = assign(make_officer(), due=TODAY + timedelta(days=7))
    reminder = EnrolmentReminder.objects.create(
        enrolment=enrolment,
        kind="due_soon",
        days_before=7,
        due_date=enrolment.due_date,
        queued_on=TODAY,
    )
    Enrolment.objects.filter(pk=enrolment.pk).update(status=Enrolment.Status.COMPLETED)
    send_enrolment_reminder.enqueue(reminder.pk)
    assert mailoutbox == []


@pytest.mark.parametrize(
    "utc_now, reminded",
    [
        # 18:00 UTC on 27/11 is already 01:00 on 28/11 in Hanoi: the due date 05/12 is 7 days away.
        (datetime(2026, 11, 27, 18, 0, tzinfo=UTC), True),
        # 16:59 UTC is 23:59 on 27/11 in Hanoi: still 8 days away.
        (datetime(2026, 11, 27, 16, 59, tzinfo=UTC), False),
    ],
)
def test_the_day_is_the_hanoi_day_not_the_utc_day(run, mailoutbox, utc_now, reminded):
    assign(make_officer(), due=date(2026, 12, 5))
    with mock.patch("django.utils.timezone.now", return_value=utc_now):
        summary = run(today=None)
    assert summary.startswith("2026-11-28" if reminded else "2026-11-27")
    assert len(mailoutbox) == (1 if reminded else 0)


def test_lead_times_come_from_settings(run, mailoutbox, settings):
    settings.COURSES_REMINDER_DAYS_BEFORE = (3,)
    assign(make_officer(), due=TODAY + timedelta(days=7))
    assign(make_officer(), due=TODAY + timedelta(days=3))
    run()
    (mail,) = mailoutbox
    assert "3 days" in mail.subject


def test_dry_run_lists_and_sends_nothing(run, mailoutbox):
    officer = make_officer()
    assign(officer, due=TODAY + timedelta(days=1))
    assign(officer, due=TODAY - timedelta(days=2))
    output = run(TODAY, "--dry-run")
    assert officer.user.username in output
    assert "1 due-soon and 1 overdue reminder(s) would be queued" in output
    assert mailoutbox == []
    assert not EnrolmentReminder.objects.exists()


def test_a_malformed_date_is_refused():
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_course_reminders", "--today=28/11/2026")
