"""The leader's weekly digest of overdue officers: once a week, only when someone is late."""

from datetime import UTC, date, datetime, timedelta
from io import StringIO
from unittest import mock

import pytest
from django.core.management import CommandError, call_command

from courses.models import Enrolment
from tests.courses.factories import make_course
from tests.people.factories import make_officer
from training.people.roles import Role
from training.people.services import officer_set_active
from training.reports.models import LeaderDigest

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 11, 30)


@pytest.fixture(autouse=True)
def english(settings):
    """Assert on the English msgids, whatever the Vietnamese catalogue says by then."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    def run(today: date | None = MONDAY, *extra) -> str:
        out = StringIO()
        args = [f"--today={today:%Y-%m-%d}"] if today else []
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_leader_digests", *args, *extra, stdout=out)
        return out.getvalue()

    return run


def enrol(officer, course, *, due: date, status=Enrolment.Status.NOT_STARTED) -> Enrolment:
    return Enrolment.objects.create(
        user=officer.user,
        course=course,
        source=Enrolment.Source.ASSIGNED,
        due_date=due,
        status=status,
        required_count=2,
    )


@pytest.fixture
def justice():
    """Phòng Tư pháp: a leader, two officers overdue on one course, one on time."""
    leader = make_officer(roles=(Role.LEADER, Role.OFFICER), full_name="Phạm Quốc Việt")
    course = make_course(title="Một cửa cơ bản")
    other = make_course(title="Kỹ năng giao tiếp")
    late = make_officer(full_name="Hoàng Văn Nam")
    later = make_officer(full_name="Vũ Thị Lan")
    on_time = make_officer(full_name="Bùi Anh Tuấn")
    enrol(late, course, due=MONDAY - timedelta(days=9))
    enrol(late, other, due=MONDAY - timedelta(days=2), status=Enrolment.Status.IN_PROGRESS)
    enrol(later, course, due=MONDAY - timedelta(days=1))
    enrol(on_time, course, due=MONDAY)  # due today: not overdue yet
    return leader, course


def test_one_digest_a_week_listing_the_overdue_officers(run, justice, mailoutbox):
    leader, course = justice
    ward_leader = make_officer(roles=(Role.LEADER,), unit="ha-dinh", full_name="Lê Văn Hòa")

    output = run()

    (mail,) = mailoutbox
    assert mail.to == [leader.user.email]
    assert mail.subject == "Weekly digest: 2 officers of Justice Division are overdue"
    body = mail.body
    assert "Dear Phạm Quốc Việt," in body
    assert "As of 30/11/2026, 2 officers of Justice Division have not completed" in body
    assert "Hoàng Văn Nam" in body and "due 21/11/2026, 9 days overdue" in body
    assert "Kỹ năng giao tiếp" in body and "due 28/11/2026, 2 days overdue" in body
    assert "Vũ Thị Lan" in body and "due 29/11/2026, 1 day overdue" in body
    assert "Bùi Anh Tuấn" not in body
    # The longest overdue first.
    assert body.index("Hoàng Văn Nam") < body.index("Vũ Thị Lan")
    assert "/bao-cao/?status=overdue" in body
    html, mimetype = mail.alternatives[0]
    assert mimetype == "text/html" and "<table" in html and "Hoàng Văn Nam" in html
    assert "/bao-cao/?status=overdue" in html
    assert f"{leader.user.username} (Phòng Tư pháp): 2 overdue officer(s), digest queued" in output
    assert f"{ward_leader.user.username} (Phường Hạ Đình): nobody overdue, no e-mail" in output
    assert "1 digest(s) queued, 0 already sent, 1 leader(s) with nobody overdue" in output
    digest = LeaderDigest.objects.get()
    assert (digest.leader, digest.week_start) == (leader.user, MONDAY)
    assert (digest.officer_count, digest.enrolment_count) == (2, 3)
    assert digest.sent_at is not None

    # Again on Sunday of the same ISO week: nothing new.
    output = run(MONDAY + timedelta(days=6))
    assert len(mailoutbox) == 1
    assert "digest already sent this week" in output

    # The next Monday: a new digest (they are still overdue, one more day each).
    run(MONDAY + timedelta(days=7))
    assert len(mailoutbox) == 2
    assert "10 days overdue" not in mailoutbox[0].body
    assert "16 days overdue" in mailoutbox[1].body
    assert LeaderDigest.objects.count() == 2


def test_nobody_overdue_means_no_email(run, mailoutbox):
    leader = make_officer(roles=(Role.LEADER,))
    course = make_course()
    enrol(make_officer(), course, due=MONDAY + timedelta(days=3))
    enrol(make_officer(), course, due=MONDAY - timedelta(days=3), status=Enrolment.Status.COMPLETED)

    output = run()

    assert mailoutbox == []
    assert not LeaderDigest.objects.exists()
    assert f"{leader.user.username} (Phòng Tư pháp): nobody overdue, no e-mail" in output


def test_overdue_starts_after_midnight_in_hanoi_not_in_utc(
    django_capture_on_commit_callbacks, mailoutbox
):
    leader = make_officer(roles=(Role.LEADER,))
    enrol(make_officer(), make_course(), due=MONDAY)

    def run_at(moment: datetime) -> None:
        with mock.patch("django.utils.timezone.now", return_value=moment):
            with django_capture_on_commit_callbacks(execute=True):
                call_command("send_leader_digests", stdout=StringIO())

    # 23:30 on Monday in Hà Nội (16:30 UTC): due today, not overdue.
    run_at(datetime(2026, 11, 30, 16, 30, tzinfo=UTC))
    assert mailoutbox == []
    # 00:30 on Tuesday in Hà Nội, still Monday in UTC: one day overdue.
    run_at(datetime(2026, 11, 30, 17, 30, tzinfo=UTC))
    (mail,) = mailoutbox
    assert mail.to == [leader.user.email] and "1 day overdue" in mail.body


def test_who_gets_a_digest(run, justice, mailoutbox):
    leader, _course = justice
    no_email = make_officer(roles=(Role.LEADER,), email="")
    gone = make_officer(roles=(Role.LEADER,))
    officer_set_active(officer=gone, active=False)
    not_a_leader = make_officer(roles=(Role.HR,))

    output = run()

    assert [mail.to for mail in mailoutbox] == [[leader.user.email]]
    for user in (no_email.user, gone.user, not_a_leader.user):
        assert user.username not in output


def test_the_list_is_read_again_when_the_email_goes_out(
    justice, django_capture_on_commit_callbacks, mailoutbox
):
    leader, course = justice
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        call_command("send_leader_digests", f"--today={MONDAY:%Y-%m-%d}", stdout=StringIO())
    # Everyone catches up before the queued e-mail is sent.
    Enrolment.objects.filter(due_date__lt=MONDAY).update(status=Enrolment.Status.COMPLETED)
    for callback in callbacks:
        callback()
    assert mailoutbox == []
    assert LeaderDigest.objects.get().sent_at is None


def test_a_digest_that_did_not_go_out_is_sent_by_the_next_run(
    run, justice, django_capture_on_commit_callbacks, mailoutbox
):
    leader, course = justice
    with django_capture_on_commit_callbacks(execute=False):
        # The mail queue was lost (e.g. the worker was down): recorded, never sent.
        call_command("send_leader_digests", f"--today={MONDAY:%Y-%m-%d}", stdout=StringIO())
    assert LeaderDigest.objects.get().sent_at is None
    run(MONDAY + timedelta(days=1))
    assert len(mailoutbox) == 1
    assert LeaderDigest.objects.get().sent_at is not None


def test_dry_run_records_and_sends_nothing(run, justice, mailoutbox):
    output = run(MONDAY, "--dry-run")
    assert "digest would be queued" in output
    assert mailoutbox == [] and not LeaderDigest.objects.exists()


def test_a_bad_date_is_a_clear_error():
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_leader_digests", "--today=30/11/2026", stdout=StringIO())


def test_the_help_documents_the_cron_line():
    from training.reports.management.commands.send_leader_digests import Command

    assert "30 7 * * 1" in Command.help
