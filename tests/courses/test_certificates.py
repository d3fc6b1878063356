"""Certificates: issued at completion, numbered per year, printed, verified, revoked."""

import io
import re
import threading
import unicodedata
from datetime import datetime
from decimal import Decimal
from unittest import mock
from zoneinfo import ZoneInfo

import pypdf
import pytest
import segno
from django.contrib.auth.models import Group, Permission
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import include, path, reverse
from wagtail.admin.auth import require_admin_access
from wagtail.models import ModelLogEntry
from wagtail.utils.urlpatterns import decorate_urlpatterns

import training.urls
from courses.certificate_viewsets import CertificateViewSet
from courses.certificates import (
    Certificate,
    CertificateError,
    certificate_issue,
    certificate_pdf,
    certificate_revoke,
    certificate_verify_url,
)
from courses.models import Enrolment, LessonPage
from courses.services import activity_record_result, enrolment_self_enrol
from tests.courses.factories import make_course
from tests.people.factories import make_officer
from tests.utils import choose_english
from training.people.roles import Role

pytestmark = pytest.mark.django_db

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
COURSE_TITLE = "Dịch vụ công trực tuyến mức độ 3, 4 và cơ chế một cửa"

# The admin views are tested through this URLconf: the site's own plus the viewset, so the
# tests do not depend on how courses/wagtail_hooks.py groups it in the admin menu.
urlpatterns = [
    path(
        "admin/certificates/",
        include(
            (
                decorate_urlpatterns(CertificateViewSet().get_urlpatterns(), require_admin_access),
                "certificates",
            )
        ),
    ),
    *training.urls.urlpatterns,
]


def complete(officer, course) -> Enrolment:
    """Enrol the officer and pass every lesson, as the lesson pages do."""
    enrolment_self_enrol(user=officer.user, course=course)
    enrolment = None
    for lesson in LessonPage.objects.descendant_of(course).order_by("path"):
        enrolment = activity_record_result(user=officer.user, activity=lesson, passed=True)
    assert enrolment.status == Enrolment.Status.COMPLETED
    return enrolment


def completed_enrolment(*, completed_at: datetime, score=None, **officer_fields) -> Enrolment:
    """A completed enrolment stored directly, to control its date (no automatic issue)."""
    course = make_course(modules=1, lessons_per_module=1)
    return Enrolment.objects.create(
        user=make_officer(**officer_fields).user,
        course=course,
        source=Enrolment.Source.SELF,
        status=Enrolment.Status.COMPLETED,
        required_count=1,
        completed_count=1,
        score=score,
        completed_at=completed_at,
    )


def pdf_text(data: bytes) -> str:
    return pypdf.PdfReader(io.BytesIO(data)).pages[0].extract_text()


@pytest.fixture
def hr_can_manage_certificates():
    # The permissions HR needs; `training.people.roles.ROLE_PERMISSIONS` should list them.
    group = Group.objects.get(name=Role.HR)
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="courses",
            codename__in=["view_certificate", "revoke_certificate"],
        )
    )


class TestIssue:
    def test_completing_a_course_issues_exactly_one_certificate(self):
        course = make_course(modules=1, lessons_per_module=2, title=COURSE_TITLE)
        officer = make_officer(full_name="Nguyễn Thị Hường")
        enrolment = complete(officer, course)

        certificate = Certificate.objects.get()
        assert certificate.enrolment == enrolment and certificate.user == officer.user
        assert certificate.full_name == "Nguyễn Thị Hường"
        assert certificate.course_title == COURSE_TITLE
        assert certificate.issued_at == enrolment.completed_at
        assert re.fullmatch(r"DVC-\d{4}-\d{6}", certificate.number)
        assert re.fullmatch(r"[A-Z2-9]{12}", certificate.verification_code)
        assert Enrolment.objects.get(pk=enrolment.pk).certificate == certificate

        lesson = LessonPage.objects.descendant_of(course).first()
        activity_record_result(user=officer.user, activity=lesson, passed=True)
        assert certificate_issue(enrolment=enrolment) == certificate
        assert Certificate.objects.count() == 1

    def test_an_unfinished_course_earns_no_certificate(self):
        course = make_course(modules=1, lessons_per_module=2)
        officer = make_officer()
        enrolment = enrolment_self_enrol(user=officer.user, course=course)
        lesson = LessonPage.objects.descendant_of(course).first()
        activity_record_result(user=officer.user, activity=lesson, passed=True)
        assert not Certificate.objects.exists()
        with pytest.raises(CertificateError):
            certificate_issue(enrolment=enrolment)

    def test_two_officers_get_consecutive_numbers(self):
        course = make_course(modules=1, lessons_per_module=1)
        first = complete(make_officer(), course).certificate
        second = complete(make_officer(), course).certificate
        assert (first.year, second.year) == (first.year, first.year)
        assert second.serial == first.serial + 1
        assert second.number == f"DVC-{first.year}-{second.serial:06d}"
        assert first.verification_code != second.verification_code

    def test_numbering_restarts_each_year_in_vietnam_time(self):
        late_2025 = completed_enrolment(completed_at=datetime(2025, 12, 31, 22, 0, tzinfo=VIETNAM))
        also_2025 = completed_enrolment(completed_at=datetime(2025, 12, 31, 23, 0, tzinfo=VIETNAM))
        # 17:30 UTC on 31 December is already New Year in Hanoi.
        new_year = completed_enrolment(
            completed_at=datetime(2025, 12, 31, 17, 30, tzinfo=ZoneInfo("UTC"))
        )
        numbers = [certificate_issue(enrolment=e).number for e in (late_2025, also_2025, new_year)]
        assert numbers == ["DVC-2025-000001", "DVC-2025-000002", "DVC-2026-000001"]

    def test_an_explicit_issue_date_sets_the_year(self):
        enrolment = completed_enrolment(completed_at=datetime(2026, 3, 1, tzinfo=VIETNAM))
        certificate = certificate_issue(
            enrolment=enrolment, now=datetime(2027, 1, 2, 9, 0, tzinfo=VIETNAM)
        )
        assert certificate.number == "DVC-2027-000001"

    def test_names_typed_with_combining_accents_are_stored_precomposed(self):
        decomposed = unicodedata.normalize("NFD", "Trần Đức Thắng")
        enrolment = completed_enrolment(
            completed_at=datetime(2026, 5, 4, tzinfo=VIETNAM), full_name=decomposed
        )
        assert certificate_issue(enrolment=enrolment).full_name == "Trần Đức Thắng"

    def test_a_failure_to_issue_rolls_the_completion_back(self):
        course = make_course(modules=1, lessons_per_module=1)
        officer = make_officer()
        enrolment_self_enrol(user=officer.user, course=course)
        lesson = LessonPage.objects.descendant_of(course).get()
        with (
            mock.patch("courses.certificates._new_verification_code", side_effect=RuntimeError),
            pytest.raises(RuntimeError),
        ):
            activity_record_result(user=officer.user, activity=lesson, passed=True)
        enrolment = Enrolment.objects.get(user=officer.user)
        assert enrolment.status == Enrolment.Status.NOT_STARTED
        assert not Certificate.objects.exists()

    def test_the_completion_event_stays_within_its_query_budget(
        self, django_assert_max_num_queries
    ):
        course = make_course(modules=2, lessons_per_module=3)
        officer = make_officer()
        enrolment_self_enrol(user=officer.user, course=course)
        *rest, last = LessonPage.objects.descendant_of(course).order_by("path")
        for lesson in rest:
            activity_record_result(user=officer.user, activity=lesson, passed=True)
        with django_assert_max_num_queries(20):
            activity_record_result(user=officer.user, activity=last, passed=True)
        assert Certificate.objects.filter(user=officer.user).exists()


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite runs one writer at a time anyway"
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_completions_get_distinct_numbers():
    """Officers finishing at the same moment, in the first issue of a year, queue on the lock."""
    enrolments = [
        completed_enrolment(completed_at=datetime(2030, 1, 1, 8, tzinfo=VIETNAM)) for _ in range(6)
    ]
    barrier = threading.Barrier(len(enrolments))
    errors = []

    def issue(enrolment):
        try:
            barrier.wait()
            with transaction.atomic():
                certificate_issue(enrolment=enrolment)
        except Exception as error:  # reported below, a thread cannot fail the test itself
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue, args=(e,)) for e in enrolments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    serials = sorted(Certificate.objects.filter(year=2030).values_list("serial", flat=True))
    assert serials == [1, 2, 3, 4, 5, 6]


class TestPdf:
    @pytest.mark.parametrize("name", ["Nguyễn Thị Hường", "Trần Đức Thắng"])
    def test_the_pdf_prints_the_name_with_its_diacritics(self, name):
        course = make_course(modules=1, lessons_per_module=1, title=COURSE_TITLE)
        certificate = complete(make_officer(full_name=name), course).certificate
        data = certificate_pdf(certificate)
        text = pdf_text(data)
        assert data.startswith(b"%PDF")
        assert name in text and unicodedata.is_normalized("NFC", name)
        assert COURSE_TITLE in text
        assert "GIẤY CHỨNG NHẬN HOÀN THÀNH KHÓA HỌC" in text
        assert "UBND QUẬN THANH XUÂN" in text
        assert certificate.number in text
        assert certificate.verification_code in text
        assert certificate.issued_at.astimezone(VIETNAM).strftime("%d/%m/%Y") in text
        assert "Điểm" not in text  # lessons only: no score to print

    def test_the_page_is_a4_landscape_with_the_qr_code_image(self):
        certificate = complete(make_officer(), make_course(modules=1, lessons_per_module=1))
        page = pypdf.PdfReader(io.BytesIO(certificate_pdf(certificate.certificate))).pages[0]
        assert (round(page.mediabox.width), round(page.mediabox.height)) == (842, 595)
        assert len(page.images) == 1

    def test_the_qr_code_points_at_the_public_verification_page(self):
        certificate = complete(
            make_officer(), make_course(modules=1, lessons_per_module=1)
        ).certificate
        url = certificate_verify_url(certificate)
        assert (
            url == f"http://testserver/hoc-tap/chung-chi/xac-minh/{certificate.verification_code}/"
        )
        with mock.patch("segno.make", wraps=segno.make) as make_qr:
            text = pdf_text(certificate_pdf(certificate))
        assert make_qr.call_args.args[0] == url
        assert url in text

    def test_the_score_is_printed_when_there_is_one(self):
        enrolment = completed_enrolment(
            completed_at=datetime(2026, 4, 9, 10, 0, tzinfo=VIETNAM), score=Decimal("87.50")
        )
        text = pdf_text(certificate_pdf(certificate_issue(enrolment=enrolment)))
        assert "Điểm" in text and "87,5" in text
        assert "09/04/2026" in text

    def test_a_revoked_certificate_prints_with_a_revoked_stamp(self):
        certificate = complete(
            make_officer(), make_course(modules=1, lessons_per_module=1)
        ).certificate
        assert "ĐÃ THU HỒI" not in pdf_text(certificate_pdf(certificate))
        certificate_revoke(certificate=certificate, by=None, reason="Cấp nhầm.")
        assert "ĐÃ THU HỒI" in pdf_text(certificate_pdf(certificate))


class TestDownload:
    def test_who_may_download_the_pdf(self, client, subtests):
        holder = make_officer(unit="tu-phap")
        certificate = complete(holder, make_course(modules=1, lessons_per_module=1)).certificate
        url = certificate.get_pdf_url()
        assert url == f"/hoc-tap/chung-chi/{certificate.number}/pdf/"
        cases = [
            ("holder", holder.user, 200),
            ("officer of the same unit", make_officer(unit="tu-phap").user, 404),
            ("HR", make_officer(roles=(Role.HR,), unit="noi-vu").user, 200),
            ("administrator", make_officer(roles=(Role.ADMINISTRATOR,), unit="vp").user, 200),
            ("leader of the unit", make_officer(roles=(Role.LEADER,), unit="tu-phap").user, 200),
            ("leader of another unit", make_officer(roles=(Role.LEADER,), unit="y-te").user, 404),
        ]
        for label, user, status in cases:
            with subtests.test(msg=label):
                client.force_login(user)
                response = client.get(url)
                assert response.status_code == status
                if status == 200:
                    assert response["Content-Type"] == "application/pdf"
                    assert f'filename="{certificate.number}.pdf"' in response["Content-Disposition"]
                    assert response.content.startswith(b"%PDF")

    def test_anonymous_visitors_are_sent_to_the_login_page(self, client):
        certificate = complete(
            make_officer(), make_course(modules=1, lessons_per_module=1)
        ).certificate
        response = client.get(certificate.get_pdf_url())
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))

    def test_an_unknown_number_is_not_found(self, client):
        client.force_login(make_officer(roles=(Role.HR,)).user)
        assert client.get("/hoc-tap/chung-chi/DVC-2026-999999/pdf/").status_code == 404

    def test_the_enrolment_links_to_its_certificate(self):
        enrolment = complete(make_officer(), make_course(modules=1, lessons_per_module=1))
        enrolment = Enrolment.objects.select_related("certificate").get(pk=enrolment.pk)
        assert enrolment.certificate.get_absolute_url() == enrolment.certificate.get_pdf_url()


class TestVerify:
    @pytest.fixture
    def certificate(self):
        course = make_course(modules=1, lessons_per_module=1, title=COURSE_TITLE)
        return complete(make_officer(full_name="Trần Đức Thắng"), course).certificate

    def get(self, client, url):
        choose_english(client)
        return client.get(url)

    def test_anyone_sees_a_valid_certificate_and_nothing_more(self, client, certificate):
        response = self.get(client, certificate.get_verify_url())
        assert response.status_code == 200
        assert response.context["result"] == {
            "is_revoked": False,
            "revoked_at": None,
            "full_name": "Trần Đức Thắng",
            "course_title": COURSE_TITLE,
            "issued_at": certificate.issued_at,
        }
        html = response.content.decode()
        assert "This certificate is valid" in html
        assert "Trần Đức Thắng" in html and COURSE_TITLE in html
        assert certificate.issued_at.astimezone(VIETNAM).strftime("%d/%m/%Y") in html
        assert certificate.number not in html
        assert "noindex" in response["X-Robots-Tag"]

    def test_a_revoked_certificate_shows_the_date_but_not_the_reason(self, client, certificate):
        reason = "Hồ sơ học tập bị làm sai lệch."
        revoked_at = datetime(2026, 6, 15, 9, 30, tzinfo=VIETNAM)
        certificate_revoke(certificate=certificate, by=None, reason=reason, now=revoked_at)
        response = self.get(client, certificate.get_verify_url())
        html = response.content.decode()
        assert response.status_code == 200
        assert "This certificate has been revoked" in html
        assert "15/06/2026" in html
        assert reason not in html
        assert "This certificate is valid" not in html

    def test_an_unknown_code_says_so_with_a_404(self, client, certificate):
        response = self.get(client, reverse("courses:certificate_verify", args=["ABCDEFGHJKMN"]))
        assert response.status_code == 404
        assert "No certificate has this verification code" in response.content.decode()

    def test_the_form_accepts_a_code_typed_loosely(self, client, certificate):
        code = certificate.verification_code
        typed = f" {code[:4].lower()}-{code[4:8]} {code[8:]} "
        response = self.get(client, reverse("courses:certificate_lookup") + f"?code={typed}")
        assert response.status_code == 302
        assert response["Location"] == certificate.get_verify_url()
        lowercase = reverse("courses:certificate_verify", args=[code.lower()])
        assert self.get(client, lowercase).context["result"]["full_name"] == "Trần Đức Thắng"

    def test_the_form_rejects_something_that_is_not_a_code(self, client):
        response = self.get(client, reverse("courses:certificate_lookup") + "?code=xyz")
        assert response.status_code == 200
        assert response.context["form"].errors["code"]
        assert self.get(client, reverse("courses:certificate_lookup")).status_code == 200


class TestRevoke:
    @pytest.fixture
    def certificate(self):
        return complete(make_officer(), make_course(modules=1, lessons_per_module=1)).certificate

    def test_revoking_needs_a_reason(self, certificate):
        hr = make_officer(roles=(Role.HR,)).user
        for reason in ["", "   "]:
            with pytest.raises(CertificateError):
                certificate_revoke(certificate=certificate, by=hr, reason=reason)
        certificate.refresh_from_db()
        assert not certificate.is_revoked

    def test_revoking_records_who_why_and_when_in_the_audit_log(self, certificate):
        hr = make_officer(roles=(Role.HR,)).user
        certificate_revoke(certificate=certificate, by=hr, reason="  Cấp nhầm người.  ")
        certificate.refresh_from_db()
        assert certificate.is_revoked and certificate.revoked_by == hr
        assert certificate.revoke_reason == "Cấp nhầm người."
        entry = ModelLogEntry.objects.get(action="courses.certificate.revoke")
        assert entry.object_id == str(certificate.pk) and entry.user == hr
        assert entry.data == {"number": certificate.number, "reason": "Cấp nhầm người."}

    def test_a_certificate_cannot_be_revoked_twice(self, certificate):
        hr = make_officer(roles=(Role.HR,)).user
        first_time = datetime(2026, 2, 3, 8, 0, tzinfo=VIETNAM)
        certificate_revoke(certificate=certificate, by=hr, reason="Lần một.", now=first_time)
        with pytest.raises(CertificateError, match="03/02/2026"):
            certificate_revoke(certificate=certificate, by=hr, reason="Lần hai.")
        certificate.refresh_from_db()
        assert certificate.revoke_reason == "Lần một."
        assert ModelLogEntry.objects.filter(action="courses.certificate.revoke").count() == 1


@pytest.mark.urls(__name__)
@pytest.mark.usefixtures("hr_can_manage_certificates")
class TestAdmin:
    @pytest.fixture
    def certificate(self):
        return complete(make_officer(), make_course(modules=1, lessons_per_module=1)).certificate

    def test_hr_revokes_a_certificate_with_a_reason(self, client, certificate):
        hr = make_officer(roles=(Role.HR,), unit="noi-vu").user
        client.force_login(hr)
        url = reverse("certificates:revoke", args=[certificate.pk])
        assert client.get(url).status_code == 200

        response = client.post(url, {"reason": ""})
        assert response.status_code == 200 and response.context["form"].errors["reason"]
        certificate.refresh_from_db()
        assert not certificate.is_revoked

        response = client.post(url, {"reason": "Cấp nhầm khóa học."})
        assert response.status_code == 302
        assert response["Location"] == reverse("certificates:inspect", args=[certificate.pk])
        certificate.refresh_from_db()
        assert certificate.revoked_by == hr and certificate.revoke_reason == "Cấp nhầm khóa học."

        # A second attempt (a stale tab) is refused with the service's message.
        response = client.post(url, {"reason": "Lần nữa."})
        assert response.status_code == 200 and response.context["form"].non_field_errors()

    @pytest.mark.parametrize("role", [Role.TRAINER, Role.OFFICER, Role.LEADER])
    def test_others_cannot_revoke(self, client, certificate, role):
        client.force_login(make_officer(roles=(role,), unit=certificate.user.officer.unit).user)
        response = client.post(
            reverse("certificates:revoke", args=[certificate.pk]), {"reason": "Thử."}
        )
        assert response.status_code in (302, 403)
        if response.status_code == 302:
            assert response["Location"] != reverse("certificates:inspect", args=[certificate.pk])
        certificate.refresh_from_db()
        assert not certificate.is_revoked

    def test_hr_lists_searches_and_filters_certificates(self, client, certificate):
        other = complete(
            make_officer(full_name="Lê Văn Bình"), make_course(modules=1, lessons_per_module=1)
        ).certificate
        certificate_revoke(certificate=other, by=None, reason="Cấp nhầm.")
        client.force_login(make_officer(roles=(Role.HR,), unit="noi-vu").user)
        index = reverse("certificates:index")

        listed = client.get(index).context["object_list"]
        assert {c.pk for c in listed} == {certificate.pk, other.pk}
        found = client.get(index, {"q": other.number}).context["object_list"]
        assert [c.pk for c in found] == [other.pk]
        revoked = client.get(index, {"status": "revoked"}).context["object_list"]
        assert [c.pk for c in revoked] == [other.pk]
        valid = client.get(index, {"status": "valid"}).context["object_list"]
        assert [c.pk for c in valid] == [certificate.pk]

        inspect = client.get(reverse("certificates:inspect", args=[other.pk]))
        assert inspect.status_code == 200 and "Cấp nhầm." in inspect.content.decode()

    def test_there_is_no_way_to_add_edit_or_delete(self, client, certificate):
        client.force_login(make_officer(roles=(Role.ADMINISTRATOR,), unit="vp").user)
        html = client.get(reverse("certificates:index")).content.decode()
        assert "/admin/certificates/new/" not in html
        assert f"/admin/certificates/edit/{certificate.pk}/" not in html
        assert client.get(f"/admin/certificates/edit/{certificate.pk}/").status_code == 404

    def test_the_listing_costs_the_same_queries_for_more_certificates(
        self, client, django_assert_max_num_queries
    ):
        client.force_login(make_officer(roles=(Role.HR,), unit="noi-vu").user)
        course = make_course(modules=1, lessons_per_module=1)
        complete(make_officer(), course)
        client.get(reverse("certificates:index"))  # warm caches (content types, site)
        with CaptureQueriesContext(connection) as few:
            client.get(reverse("certificates:index"))
        for _ in range(5):
            complete(make_officer(), course)
        with CaptureQueriesContext(connection) as many:
            client.get(reverse("certificates:index"))
        assert len(many) == len(few)
