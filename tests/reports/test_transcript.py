"""Officer transcripts: who may open which, what they show, and the PDF, XLSX and CSV."""

import csv
import io
from datetime import timedelta
from decimal import Decimal

import openpyxl
import pypdf
import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse

from courses.certificates import Certificate, certificate_revoke
from courses.quiz.models import Attempt
from sandbox.scenarios.models import ScenarioAttempt
from tests.people.factories import PASSWORD, make_officer
from tests.quiz.factories import make_question, make_quiz
from tests.reports.conftest import NOW, TODAY
from tests.utils import choose_english
from training.people.roles import Role
from training.reports.transcript import officer_transcript

pytestmark = pytest.mark.django_db


def login(client, officer):
    client.force_login(officer.user)
    return client


def urls(officer) -> dict[str, str]:
    return {
        "page": reverse("reports:transcript", args=[officer.pk]),
        "pdf": reverse("reports:transcript_pdf", args=[officer.pk]),
        "xlsx": reverse("reports:transcript_export", args=[officer.pk, "xlsx"]),
        "csv": reverse("reports:transcript_export", args=[officer.pk, "csv"]),
    }


def quiz_attempt(officer, course, *, number=1, percent="80", passed=True) -> Attempt:
    """A graded attempt stored directly (the quiz engine is tested in tests/quiz)."""
    quiz = Attempt.objects.filter(course=course).values_list("quiz", flat=True).first()
    if quiz is None:
        quiz = make_quiz(questions=[make_question()], title="Kiểm tra chương 1").pk
    return Attempt.objects.create(
        quiz_id=quiz,
        user=officer.user,
        course=course,
        number=number,
        seed=1,
        state=Attempt.State.FINISHED,
        started_at=NOW - timedelta(days=2, minutes=20),
        finished_at=NOW - timedelta(days=2),
        score=Decimal(percent) / 10,
        max_score=Decimal("10"),
        percent=Decimal(percent),
        passed=passed,
    )


class TestWhoSeesWhichTranscript:
    def test_leader_sees_their_unit_and_gets_404_for_another_unit(self, client, district):
        login(client, district.leader)
        for name, url in urls(district.huong).items():
            assert client.get(url).status_code == 200, name
        for name, url in urls(district.leader).items():
            assert client.get(url).status_code == 200, name
        # Lê Thị Cúc works in a ward: changing the id in the URL shows nothing of hers.
        for name, url in urls(district.cuc).items():
            assert client.get(url).status_code == 404, name

    def test_officer_sees_only_their_own(self, client, district):
        login(client, district.huong)
        assert client.get(urls(district.huong)["page"]).status_code == 200
        for name, url in urls(district.binh).items():
            assert client.get(url).status_code == 404, name
        # The list sends an officer straight to their own transcript.
        response = client.get(reverse("reports:transcripts"))
        assert response.status_code == 302
        assert response["Location"] == urls(district.huong)["page"]

    def test_hr_sees_everyone_and_visitors_must_sign_in(self, client, district):
        for name, url in urls(district.cuc).items():
            response = client.get(url)
            assert response.status_code == 302, name
            assert response["Location"].startswith(resolve_url(settings.LOGIN_URL)), name
        login(client, district.hr)
        for officer in (district.huong, district.cuc, district.dung):
            assert client.get(urls(officer)["page"]).status_code == 200

    def test_an_unknown_id_is_404(self, client, district):
        login(client, district.hr)
        assert client.get(reverse("reports:transcript", args=[999999])).status_code == 404

    def test_the_list_shows_the_leaders_unit_only(self, client, district):
        login(client, district.leader)
        response = client.get(reverse("reports:transcripts"))
        assert response.status_code == 200
        page = response.content.decode()
        assert "Nguyễn Thị Hường" in page and "Trần Văn Bình" in page
        assert "Lê Thị Cúc" not in page and "Phạm Đức Dũng" not in page
        # Asking for the ward by id is refused with a message, and lists nobody.
        choose_english(client)
        response = client.get(reverse("reports:transcripts"), {"unit": district.ward.pk})
        page = response.content.decode()
        assert response.status_code == 200
        assert "This unit does not exist or is not yours to see." in page
        assert "Lê Thị Cúc" not in page and "Nguyễn Thị Hường" not in page

    def test_hr_finds_an_officer_without_typing_the_accents(self, client, district):
        login(client, district.hr)
        response = client.get(reverse("reports:transcripts"), {"search": "nguyen thi huong"})
        page = response.content.decode()
        assert urls(district.huong)["page"] in page
        assert "Trần Văn Bình" not in page
        response = client.get(
            reverse("reports:transcripts"), {"search": "HD001", "unit": district.ward.pk}
        )
        assert "Lê Thị Cúc" in response.content.decode()

    def test_the_list_queries_do_not_grow_with_the_officers(
        self, client, district, django_assert_max_num_queries
    ):
        login(client, district.hr)
        with django_assert_max_num_queries(20) as few:
            client.get(reverse("reports:transcripts"))
        for _ in range(12):
            make_officer(unit=district.ward)
        with django_assert_max_num_queries(len(few.captured_queries)):
            response = client.get(reverse("reports:transcripts"))
        assert response.context["page"].paginator.count == 6 + 12

    def test_the_profile_links_to_the_own_transcript(self, client, district):
        login(client, district.binh)
        response = client.get(reverse("accounts:profile"))
        assert urls(district.binh)["page"] in response.content.decode()


class TestContent:
    def test_a_completed_course_with_score_certificate_and_attempt(self, client, district):
        quiz_attempt(district.huong, district.one_stop, percent="87.5")
        certificate = Certificate.objects.get(user=district.huong.user)
        login(client, district.leader)
        choose_english(client)
        page = client.get(urls(district.huong)["page"]).content.decode()
        assert "Training transcript" in page
        assert "Nguyễn Thị Hường" in page and "TP001" in page and "Justice Division" in page
        assert "Một cửa cơ bản" in page and "Completed" in page
        assert "90%" in page  # the course score
        assert certificate.number in page and certificate.get_pdf_url() in page
        assert "Kiểm tra chương 1" in page and "87.5%" in page and "Passed" in page
        # Printable: the transcript's print stylesheet hides the navigation.
        assert "reports/transcript.css" in page

    def test_overdue_and_revoked_are_shown_as_such(self, client, district):
        certificate = Certificate.objects.get(user=district.huong.user)
        certificate_revoke(certificate=certificate, by=district.hr.user, reason="Cấp nhầm.")
        login(client, district.hr)
        choose_english(client)
        page = client.get(urls(district.huong)["page"]).content.decode()
        assert f"Revoked on {TODAY:%d/%m/%Y}" in page
        page = client.get(urls(district.cuc)["page"]).content.decode()
        assert "Overdue" in page and "3 days late" in page

    def test_the_transcript_in_data(self, district):
        quiz_attempt(district.huong, district.one_stop, number=1, percent="40", passed=False)
        quiz_attempt(district.huong, district.one_stop, number=2, percent="90")
        transcript = officer_transcript(district.huong)
        (line,) = transcript.courses
        assert (line.state, line.enrolment.score) == ("completed", Decimal("90.00"))
        assert line.certificate is not None and line.is_assigned
        assert [a.number for a in transcript.quiz_attempts] == [1, 2]
        assert (transcript.completed_count, transcript.valid_certificate_count) == (1, 1)
        (overdue,) = officer_transcript(district.cuc).courses
        assert (overdue.state, overdue.days_overdue) == ("overdue", 3)

    def test_own_transcript_has_no_report_navigation(self, client, district):
        login(client, district.binh)
        page = client.get(urls(district.binh)["page"]).content.decode()
        assert 'class="report-nav"' not in page
        login(client, district.leader)
        page = client.get(urls(district.binh)["page"]).content.decode()
        assert 'class="report-nav"' in page

    def test_queries_do_not_grow_with_the_history(
        self, client, district, django_assert_max_num_queries
    ):
        login(client, district.hr)
        with django_assert_max_num_queries(20) as small:
            client.get(urls(district.binh)["page"])
        for number in range(1, 6):
            quiz_attempt(district.binh, district.one_stop, number=number)
        with django_assert_max_num_queries(len(small.captured_queries)):
            client.get(urls(district.binh)["page"])


def test_scenario_attempts_are_listed(client, district):
    from sandbox.scenarios.demo_content import SCENARIOS
    from sandbox.scenarios.models import ScenarioVersion
    from tests.scenarios.factories import make_scenario

    scenario = make_scenario(SCENARIOS[0]["slug"], course=district.one_stop)
    version = ScenarioVersion.objects.create(scenario=scenario, number=1, digest="v1", spec={})
    ScenarioAttempt.objects.create(
        scenario=scenario,
        version=version,
        user=district.huong.user,
        course=district.one_stop,
        number=1,
        mode="assessed",
        state="assessed",
        seed=1,
        submitted_at=NOW,
        score=Decimal("75.00"),
        passed=True,
    )
    login(client, district.hr)
    page = client.get(urls(district.huong)["page"]).content.decode()
    assert scenario.title in page and "75%" in page


class TestDownloads:
    def test_pdf_prints_vietnamese_names_and_the_header(self, client, district):
        login(client, district.hr)
        response = client.get(urls(district.huong)["pdf"])
        assert response["Content-Type"] == "application/pdf"
        assert "hoc-ba-tp001-nguyen-thi-huong.pdf" in response["Content-Disposition"]
        reader = pypdf.PdfReader(io.BytesIO(response.content))
        assert reader.pages[0].mediabox.width == pytest.approx(595.28, abs=1)  # A4
        text = reader.pages[0].extract_text()
        for expected in (
            "UBND QUẬN THANH XUÂN",
            "Nguyễn Thị Hường",
            "TP001",
            "Phòng Tư pháp",
            "Chuyên viên",
            "Một cửa cơ bản",
            f"{TODAY:%d/%m/%Y}",
            Certificate.objects.get(user=district.huong.user).number,
        ):
            assert expected in text

    def test_a_long_history_runs_over_several_pages(self, district):
        from training.reports.transcript_pdf import transcript_pdf

        for number in range(1, 70):
            quiz_attempt(district.binh, district.one_stop, number=number)
        data = transcript_pdf(officer_transcript(district.binh))
        reader = pypdf.PdfReader(io.BytesIO(data))
        assert len(reader.pages) >= 2
        assert "Trần Văn Bình" in reader.pages[1].extract_text()  # in the footer

    def test_xlsx_has_a_sheet_per_part_with_real_dates_and_numbers(self, client, district):
        quiz_attempt(district.huong, district.one_stop, percent="87.5")
        login(client, district.hr)
        choose_english(client)
        response = client.get(urls(district.huong)["xlsx"])
        workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
        sheets = ["Officer", "Courses", "Certificates", "Quiz attempts", "Scenario attempts"]
        assert workbook.sheetnames == sheets
        officer = list(workbook["Officer"].values)
        assert officer[1][:3] == ("Nguyễn Thị Hường", "TP001", "Justice Division")
        header, row = list(workbook["Courses"].values)
        assert header[0] == "Course" and row[0] == "Một cửa cơ bản"
        assert row[2].date() == TODAY + timedelta(days=10)  # due date, a real date
        assert row[3] == "Completed" and row[7] == 90
        attempt = list(workbook["Quiz attempts"].values)[1]
        assert attempt[:3] == ("Kiểm tra chương 1", "Một cửa cơ bản", 1) and attempt[6] == 87.5

    def test_csv_is_one_table_with_the_officer_on_every_row(self, client, district):
        quiz_attempt(district.huong, district.one_stop)
        login(client, district.hr)
        choose_english(client)
        response = client.get(urls(district.huong)["csv"])
        text = b"".join(response.streaming_content).decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text)))
        assert len(rows) == 1 + 3  # header, the course, its certificate, the attempt
        assert all(row[:2] == ["TP001", "Nguyễn Thị Hường"] for row in rows[1:])
        assert rows[1][2:4] == ["Course", "Một cửa cơ bản"]
        assert rows[1][8] == "90.00" and rows[1][-1].startswith("DVC-")

    def test_an_unknown_format_is_404(self, client, district):
        login(client, district.hr)
        url = urls(district.huong)["csv"].replace("/csv/", "/docx/")
        assert client.get(url).status_code == 404


def test_a_leader_of_a_ward_sees_the_ward(client, district):
    ward_leader = make_officer(roles=(Role.LEADER, Role.OFFICER), unit=district.ward)
    assert client.login(username=ward_leader.user.username, password=PASSWORD)
    assert client.get(urls(district.cuc)["page"]).status_code == 200
    assert client.get(urls(district.huong)["page"]).status_code == 404


def test_the_pdf_numbers_its_pages_with_the_total(client, district):
    import io

    from pypdf import PdfReader

    from tests.utils import choose_english

    client.force_login(district.hr.user)
    choose_english(client)
    response = client.get(reverse("reports:transcript_pdf", args=[district.huong.pk]))
    reader = PdfReader(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    )
    total = len(reader.pages)
    assert f"Page 1 of {total}" in reader.pages[0].extract_text()
