"""Certificates of course completion: issue, revoke, verify, and the printable PDF.

A certificate is issued by `certificate_issue`, called from the `course_completed` signal
inside the completion transaction, so an enrolment is never completed without its
certificate. It snapshots what it certifies (the officer's name, the course title, the
score): the document stays true even if the roster or the course page changes later, and
it survives the deletion of the course or the account (the links are then null).

Numbers read `DVC-<year>-<serial>` with a serial that restarts each (Vietnam time) year.
Serials come from a per-year counter row locked with `select_for_update`, so concurrent
completions on PostgreSQL never get the same number; (year, serial) is unique as a last
guard. The verification code is random (60 bits), so the public verification page cannot
be used to enumerate certificates.

The PDF is rendered on request, never stored: it is cheap (tens of milliseconds), it always
shows the current state (a revoked certificate prints with a "revoked" stamp), and there is
no file to keep in step with the database.
"""

import io
import secrets
import unicodedata
from datetime import datetime
from decimal import Decimal
from functools import cache
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import LogFormatter

from .signals import course_completed

__all__ = ["Certificate"]

# Unambiguous letters and digits (no 0/O, 1/I/L): codes are read off paper and typed in.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12
REVOKE_ACTION = "courses.certificate.revoke"
NUMBER_PREFIX = "DVC"
FONTS_DIR = Path(__file__).resolve().parent / "fonts"


class CertificateError(Exception):
    """A user-facing reason why a certificate cannot be issued or revoked."""


class CertificateQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Certificates `user` may download: their own, their unit's (leaders), all (HR, admins).

        Same rule as `Enrolment.objects.visible_to`, but certificates outlive their
        enrolment, so it is applied to the certificate's own `user`.
        """
        from training.people.models import Officer
        from training.people.roles import Role, user_roles

        if not user.is_authenticated:
            return self.none()
        if user_roles(user) & {Role.HR, Role.ADMINISTRATOR}:
            return self.all()
        visible_officers = Officer.objects.visible_to(user).values("user_id")
        return self.filter(Q(user=user) | Q(user_id__in=visible_officers))

    def valid(self):
        return self.filter(revoked_at__isnull=True)

    def revoked(self):
        return self.filter(revoked_at__isnull=False)


class CertificateSequence(models.Model):
    """The last serial handed out in a year; its row is the lock that serialises issuing."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_serial = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("certificate number sequence")

    def __str__(self):
        return f"{self.year}: {self.last_serial}"


class Certificate(models.Model):
    """Proof that an officer completed a course, verifiable by anyone holding its code.

    Invariants: one certificate per enrolment; (year, serial) and `number` unique;
    `revoked_at` is set exactly when a revocation reason is recorded. Written only by
    `certificate_issue` and `certificate_revoke`.
    """

    enrolment = models.OneToOneField(
        "courses.Enrolment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="certificate",
        verbose_name=_("enrolment"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="certificates",
        verbose_name=_("holder's account"),
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="certificates",
        verbose_name=_("course"),
    )
    full_name = models.CharField(_("holder's full name"), max_length=150)
    course_title = models.CharField(_("course title"), max_length=255)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2, null=True, blank=True)
    issued_at = models.DateTimeField(_("issued at"))
    year = models.PositiveSmallIntegerField(_("year"))
    serial = models.PositiveIntegerField(_("serial"))
    number = models.CharField(_("certificate number"), max_length=24, unique=True)
    verification_code = models.CharField(_("verification code"), max_length=16, unique=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("revoked by"),
    )
    revoke_reason = models.TextField(_("reason for revocation"), blank=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_at", "-pk"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        permissions = [("revoke_certificate", _("Can revoke certificate"))]
        constraints = [
            models.UniqueConstraint(fields=["year", "serial"], name="certificate_serial_per_year"),
            models.CheckConstraint(condition=Q(serial__gte=1), name="certificate_serial_positive"),
            models.CheckConstraint(
                condition=(
                    Q(revoked_at__isnull=True, revoke_reason="")
                    | (Q(revoked_at__isnull=False) & ~Q(revoke_reason=""))
                ),
                name="certificate_revoked_with_reason",
            ),
        ]
        indexes = [models.Index(fields=["user", "issued_at"])]

    def __str__(self):
        return f"{self.number} · {self.full_name}"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def get_pdf_url(self) -> str:
        return reverse("courses:certificate_pdf", args=[self.number])

    # The dashboard and course page link a certificate to its PDF.
    get_absolute_url = get_pdf_url

    def get_verify_url(self) -> str:
        """The public verification page, as a path (see `certificate_verify_url`)."""
        return reverse("courses:certificate_verify", args=[self.verification_code])


def format_number(year: int, serial: int) -> str:
    return f"{NUMBER_PREFIX}-{year}-{serial:06d}"


def normalise_code(code: str) -> str:
    """A typed verification code in canonical form: upper case, without spaces or dashes."""
    return "".join(code.split()).replace("-", "").upper()


def certificate_verify_url(certificate: Certificate) -> str:
    """The absolute URL of the certificate's public verification page (printed as a QR code)."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + certificate.get_verify_url()


def _new_verification_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def _next_serial(year: int) -> int:
    # The counter row is the lock: two completions in the same year queue on it, so each
    # reads the other's committed serial. The first certificate of a year creates the
    # row; a concurrent creator fails on the primary key and then waits on the lock.
    sequence = CertificateSequence.objects.select_for_update().filter(year=year).first()
    if sequence is None:
        try:
            with transaction.atomic():
                CertificateSequence.objects.create(year=year, last_serial=1)
            return 1
        except IntegrityError:
            sequence = CertificateSequence.objects.select_for_update().get(year=year)
    sequence.last_serial += 1
    sequence.save(update_fields=["last_serial"])
    return sequence.last_serial


def _holder_name(user) -> str:
    officer = getattr(user, "officer", None)
    name = (officer.full_name if officer else "") or user.get_full_name() or user.get_username()
    # Names typed with a "combining" Vietnamese keyboard arrive decomposed; print and
    # compare them in the precomposed form the font and the verification page expect.
    return unicodedata.normalize("NFC", " ".join(name.split()))


# No savepoint: inside the completion transaction a failure must undo the completion
# anyway, and the completion event has a query budget.
@transaction.atomic(savepoint=False)
def certificate_issue(*, enrolment, now: datetime | None = None) -> Certificate:
    """Issue the certificate of a completed enrolment, or return the one it already has.

    Locks the enrolment, so concurrent calls for the same officer and course create one
    certificate. The issue date is the completion time unless `now` is given. Raises
    `CertificateError` if the enrolment is not completed.
    """
    from .models import Enrolment

    locked = (
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("course", "user__officer", "certificate")
        .get(pk=enrolment.pk)
    )
    try:
        return locked.certificate
    except Certificate.DoesNotExist:
        pass
    if locked.status != Enrolment.Status.COMPLETED:
        raise CertificateError(gettext("Only a completed course earns a certificate."))
    issued_at = now or locked.completed_at or timezone.now()
    year = timezone.localtime(issued_at).year
    serial = _next_serial(year)
    certificate = Certificate.objects.create(
        enrolment=locked,
        user=locked.user,
        course=locked.course,
        full_name=_holder_name(locked.user),
        course_title=unicodedata.normalize("NFC", locked.course.title),
        score=locked.score,
        issued_at=issued_at,
        year=year,
        serial=serial,
        number=format_number(year, serial),
        verification_code=_new_verification_code(),
    )
    enrolment.certificate = certificate
    return certificate


@transaction.atomic
def certificate_revoke(
    *, certificate: Certificate, by, reason: str, now: datetime | None = None
) -> Certificate:
    """Revoke a certificate for a stated reason, and record who did it in the audit log.

    The verification page then shows it as revoked (with the date, never the reason).
    Raises `CertificateError` without a reason or if it is already revoked.
    """
    from wagtail.log_actions import log

    reason = (reason or "").strip()
    if not reason:
        raise CertificateError(gettext("Give the reason for revoking this certificate."))
    locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if locked.revoked_at is not None:
        raise CertificateError(
            gettext("This certificate was already revoked on %(date)s.")
            % {"date": format_date(locked.revoked_at)}
        )
    locked.revoked_at = now or timezone.now()
    locked.revoked_by = by
    locked.revoke_reason = reason
    locked.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
    log(
        instance=locked,
        action=REVOKE_ACTION,
        user=by,
        data={"number": locked.number, "reason": reason},
    )
    for field in ("revoked_at", "revoked_by", "revoke_reason"):
        setattr(certificate, field, getattr(locked, field))
    return locked


# Registered here, beside the service that writes it, rather than in wagtail_hooks.py:
# Wagtail refuses to save a log entry for an unknown action, and this module is loaded
# with the models, long before the first revocation.
class RevokedFormatter(LogFormatter):
    label = _("Revoke certificate")

    def format_message(self, log_entry):
        reason = (log_entry.data or {}).get("reason")
        if not reason:
            return gettext("Certificate revoked")
        return gettext("Certificate revoked: %(reason)s") % {"reason": reason}


@hooks.register("register_log_actions")
def register_certificate_log_actions(actions) -> None:
    actions.register_action(REVOKE_ACTION)(RevokedFormatter)


@receiver(course_completed, dispatch_uid="courses.certificates.issue_on_completion")
def _issue_on_completion(sender, enrolment, **kwargs):
    # Runs inside the completion transaction: a failure here rolls the completion back.
    certificate_issue(enrolment=enrolment)


# ---- The PDF ---------------------------------------------------------------------------
#
# A certificate is a document of the district administration: its wording is fixed
# Vietnamese (with an English subtitle), whatever language the officer reads the site in,
# so the texts below are deliberately not passed through gettext.

ISSUER = "UBND QUẬN THANH XUÂN"
ISSUER_SUB = "DVC Academy · Hệ thống đào tạo cán bộ"
NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
TITLE = "GIẤY CHỨNG NHẬN HOÀN THÀNH KHÓA HỌC"
TITLE_EN = "Certificate of Course Completion"
REVOKED_STAMP = "ĐÃ THU HỒI"

RED = "#9b1c1c"
GOLD = "#b08d3c"
INK = "#1f2a44"
GREY = "#4a5365"


def format_date(moment: datetime) -> str:
    """dd/mm/yyyy in the district's time zone."""
    return timezone.localtime(moment).strftime("%d/%m/%Y")


def format_score(score: Decimal) -> str:
    """A score the Vietnamese way: decimal comma, no trailing zeros (87,5; 90)."""
    text = f"{score.quantize(Decimal('0.01')):f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


@cache
def _register_fonts() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for name, file in [
        ("CertSerif", "DejaVuSerif.ttf"),
        ("CertSerif-Bold", "DejaVuSerif-Bold.ttf"),
        ("CertSerif-Italic", "DejaVuSerif-Italic.ttf"),
    ]:
        pdfmetrics.registerFont(TTFont(name, FONTS_DIR / file))


def _qr_png(url: str) -> io.BytesIO:
    import segno

    buffer = io.BytesIO()
    # Level M survives a crease or a smudge on a printed copy; border=0 because the
    # layout leaves its own white quiet zone around the code.
    segno.make(url, error="m", micro=False).save(buffer, kind="png", scale=8, border=0)
    buffer.seek(0)
    return buffer


def _fit_size(text: str, font: str, size: float, min_size: float, width: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    while size > min_size and stringWidth(text, font, size) > width:
        size -= 0.5
    return size


def _wrap(text: str, font: str, width: float, sizes: tuple[float, ...], max_lines: int):
    """The largest size at which `text` fits in `max_lines` lines, with those lines."""
    from reportlab.lib.utils import simpleSplit

    for size in sizes:
        lines = simpleSplit(text, font, size, width)
        if len(lines) <= max_lines:
            return size, lines
    return sizes[-1], lines


def certificate_pdf(certificate: Certificate) -> bytes:
    """The certificate as an A4 landscape PDF (bytes), with its QR verification code."""
    from reportlab.lib.colors import Color, HexColor
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen.canvas import Canvas

    _register_fonts()
    regular, bold, italic = "CertSerif", "CertSerif-Bold", "CertSerif-Italic"
    width, height = landscape(A4)
    centre = width / 2
    buffer = io.BytesIO()
    pdf = Canvas(buffer, pagesize=(width, height), pageCompression=1)
    pdf.setTitle(f"{TITLE} {certificate.number}")
    pdf.setAuthor(f"{ISSUER} · DVC Academy")
    pdf.setSubject(f"{certificate.full_name} · {certificate.course_title}")
    pdf.setCreator("DVC Academy")

    # Frame: a heavy red rule, a thin gold rule inside it, and gold corner marks.
    pdf.setFillColor(HexColor("#fffdf7"))
    pdf.rect(0, 0, width, height, stroke=0, fill=1)
    pdf.setStrokeColor(HexColor(RED))
    pdf.setLineWidth(5)
    pdf.rect(22, 22, width - 44, height - 44)
    pdf.setStrokeColor(HexColor(GOLD))
    pdf.setLineWidth(1.2)
    pdf.rect(32, 32, width - 64, height - 64)
    pdf.setFillColor(HexColor(GOLD))
    for x, y in [(32, 32), (width - 32, 32), (32, height - 32), (width - 32, height - 32)]:
        pdf.saveState()
        pdf.translate(x, y)
        pdf.rotate(45)
        pdf.rect(-6, -6, 12, 12, stroke=0, fill=1)
        pdf.restoreState()

    # Header: the issuing body on the left, the national motto on the right.
    left_x, right_x, top = 200, width - 215, height - 72
    pdf.setFillColor(HexColor(INK))
    pdf.setFont(bold, 12.5)
    pdf.drawCentredString(left_x, top, ISSUER)
    pdf.setFont(italic, 9.5)
    pdf.drawCentredString(left_x, top - 16, ISSUER_SUB)
    pdf.setStrokeColor(HexColor(INK))
    pdf.setLineWidth(0.8)
    pdf.line(left_x - 40, top - 24, left_x + 40, top - 24)
    pdf.setFont(bold, 12.5)
    pdf.drawCentredString(right_x, top, NATION)
    pdf.setFont(bold, 11.5)
    pdf.drawCentredString(right_x, top - 16, MOTTO)
    motto_half = stringWidth(MOTTO, bold, 11.5) / 2
    pdf.line(right_x - motto_half, top - 20, right_x + motto_half, top - 20)

    # Title.
    pdf.setFillColor(HexColor(RED))
    pdf.setFont(bold, 25)
    pdf.drawCentredString(centre, height - 165, TITLE)
    pdf.setFillColor(HexColor(GREY))
    pdf.setFont(italic, 12)
    pdf.drawCentredString(centre, height - 186, TITLE_EN)
    pdf.setStrokeColor(HexColor(GOLD))
    pdf.setLineWidth(1)
    pdf.line(centre - 120, height - 199, centre - 8, height - 199)
    pdf.line(centre + 8, height - 199, centre + 120, height - 199)
    pdf.setFillColor(HexColor(GOLD))
    pdf.circle(centre, height - 199, 2.5, stroke=0, fill=1)

    # Holder and course.
    text_width = width - 200
    pdf.setFillColor(HexColor(GREY))
    pdf.setFont(italic, 13)
    pdf.drawCentredString(centre, height - 232, "Chứng nhận ông/bà")
    name_size = _fit_size(certificate.full_name, bold, 32, 18, text_width)
    pdf.setFillColor(HexColor(INK))
    pdf.setFont(bold, name_size)
    pdf.drawCentredString(centre, height - 272, certificate.full_name)
    pdf.setFillColor(HexColor(GREY))
    pdf.setFont(italic, 13)
    pdf.drawCentredString(centre, height - 303, "đã hoàn thành khóa học")
    size, lines = _wrap(certificate.course_title, bold, text_width, (19, 17, 15, 13), 2)
    pdf.setFillColor(HexColor(RED))
    pdf.setFont(bold, size)
    y = height - 332
    for line in lines:
        pdf.drawCentredString(centre, y, line)
        y -= size * 1.3

    # Date and score on one line, centred under the course.
    facts = [("Ngày hoàn thành: ", format_date(certificate.issued_at))]
    if certificate.score is not None:
        facts.append(("Điểm: ", format_score(certificate.score)))
    gap = 36
    pieces = [
        (stringWidth(label, regular, 12.5), stringWidth(value, bold, 12.5), label, value)
        for label, value in facts
    ]
    total = sum(a + b for a, b, _l, _v in pieces) + gap * (len(pieces) - 1)
    x = centre - total / 2
    y = min(y - 8, height - 392)
    for label_w, value_w, label, value in pieces:
        pdf.setFillColor(HexColor(GREY))
        pdf.setFont(regular, 12.5)
        pdf.drawString(x, y, label)
        pdf.setFillColor(HexColor(INK))
        pdf.setFont(bold, 12.5)
        pdf.drawString(x + label_w, y, value)
        x += label_w + value_w + gap

    # Bottom left: QR code with the number and the verification code beside it.
    verify_url = certificate_verify_url(certificate)
    qr_size, qr_x, qr_y = 92, 64, 60
    pdf.setFillColor(HexColor("#ffffff"))
    pdf.rect(qr_x - 6, qr_y - 6, qr_size + 12, qr_size + 12, stroke=0, fill=1)
    pdf.drawImage(ImageReader(_qr_png(verify_url)), qr_x, qr_y, qr_size, qr_size)
    info_x = qr_x + qr_size + 16
    rows = [
        ("Số hiệu:", certificate.number, 11),
        ("Mã xác minh:", certificate.verification_code, 11),
    ]
    y = qr_y + qr_size - 14
    for label, value, size in rows:
        pdf.setFillColor(HexColor(GREY))
        pdf.setFont(regular, 10)
        pdf.drawString(info_x, y, label)
        pdf.setFillColor(HexColor(INK))
        pdf.setFont(bold, size)
        pdf.drawString(info_x + 78, y, value)
        y -= 18
    pdf.setFillColor(HexColor(GREY))
    pdf.setFont(italic, 8.5)
    pdf.drawString(info_x, y - 2, "Quét mã QR hoặc truy cập địa chỉ sau để xác minh:")
    pdf.setFont(regular, _fit_size(verify_url, regular, 8.5, 6, 330))
    pdf.drawString(info_x, y - 15, verify_url)

    # Bottom right: place and date, and the issuing system in place of a signature.
    sign_x = width - 200
    issued = timezone.localtime(certificate.issued_at)
    pdf.setFillColor(HexColor(GREY))
    pdf.setFont(italic, 12)
    pdf.drawCentredString(
        sign_x,
        150,
        f"Thanh Xuân, ngày {issued:%d} tháng {issued:%m} năm {issued:%Y}",
    )
    pdf.setFillColor(HexColor(INK))
    pdf.setFont(bold, 12)
    pdf.drawCentredString(sign_x, 128, "HỆ THỐNG ĐÀO TẠO DVC ACADEMY")
    pdf.setFillColor(HexColor(GREY))
    pdf.setFont(italic, 9.5)
    pdf.drawCentredString(sign_x, 110, "Giấy chứng nhận điện tử, có giá trị khi")
    pdf.drawCentredString(sign_x, 97, "xác minh hợp lệ bằng mã QR.")

    if certificate.is_revoked:
        pdf.saveState()
        pdf.translate(centre, height / 2)
        pdf.rotate(22)
        pdf.setFillColor(Color(0.75, 0.1, 0.1, alpha=0.28))
        pdf.setStrokeColor(Color(0.75, 0.1, 0.1, alpha=0.45))
        pdf.setLineWidth(4)
        stamp_w = stringWidth(REVOKED_STAMP, bold, 72)
        pdf.roundRect(-stamp_w / 2 - 24, -28, stamp_w + 48, 100, 12, stroke=1, fill=0)
        pdf.setFont(bold, 72)
        pdf.drawCentredString(0, 0, REVOKED_STAMP)
        pdf.restoreState()

    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
