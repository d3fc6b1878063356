"""The transcript as an A4 PDF (reportlab), in the reader's language.

Set in the DejaVu Serif fonts shipped in `courses/fonts` (the certificates' fonts), which
cover every Vietnamese letter, so names and course titles keep their diacritics. Rendered
on request like the certificates, never stored.
"""

from __future__ import annotations

import io
from decimal import Decimal
from functools import cache
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.formats import get_format
from django.utils.translation import gettext as _

from courses.certificates import FONTS_DIR

from .transcript import Transcript

DISTRICT = "UBND QUẬN THANH XUÂN"  # the committee's official name, shown as is
SYSTEM = "DVC Academy"
FONT, FONT_BOLD, FONT_ITALIC = "TranscriptSerif", "TranscriptSerif-Bold", "TranscriptSerif-Italic"

NAVY = "#1d3b6f"
RED = "#9b1c1c"
GREY = "#4a5365"
RULE = "#c9d0dc"
ZEBRA = "#f3f5f9"


@cache
def _register_fonts() -> None:
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for name, file in [
        (FONT, "DejaVuSerif.ttf"),
        (FONT_BOLD, "DejaVuSerif-Bold.ttf"),
        (FONT_ITALIC, "DejaVuSerif-Italic.ttf"),
    ]:
        pdfmetrics.registerFont(TTFont(name, FONTS_DIR / file))
    # <b> and <i> inside paragraphs pick the bold and italic faces.
    addMapping(FONT, 0, 0, FONT)
    addMapping(FONT, 1, 0, FONT_BOLD)
    addMapping(FONT, 0, 1, FONT_ITALIC)
    addMapping(FONT, 1, 1, FONT_BOLD)


def _date(value) -> str:
    if value is None:
        return "—"
    if hasattr(value, "hour"):
        value = timezone.localtime(value)
    return value.strftime("%d/%m/%Y")


def _score(value) -> str:
    """A percentage such as 87.5% or 90%, with the language's decimal separator."""
    if value is None:
        return "—"
    # One decimal at most, as the report pages show it (floatformat:"-1").
    text = f"{Decimal(value):.1f}".removesuffix(".0")
    return text.replace(".", get_format("DECIMAL_SEPARATOR")) + "%"


def _passed(value) -> str:
    if value is None:
        return "—"
    return _("Yes") if value else _("No")


def transcript_pdf(transcript: Transcript) -> bytes:
    """The transcript as A4 portrait PDF bytes: header, officer, summary and four tables."""
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_RIGHT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    _register_fonts()
    officer = transcript.officer
    generated = timezone.localtime(transcript.generated_at)
    base = ParagraphStyle("base", fontName=FONT, fontSize=9, leading=11.5)
    cell = ParagraphStyle("cell", parent=base, fontSize=7.5, leading=9.5)
    cell_right = ParagraphStyle("cell_right", parent=cell, alignment=TA_RIGHT)
    head = ParagraphStyle("head", parent=cell, fontName=FONT_BOLD, textColor=colors.white)
    title = ParagraphStyle(
        "title", parent=base, fontName=FONT_BOLD, fontSize=16, leading=20, alignment=TA_CENTER,
        textColor=colors.HexColor(RED), spaceBefore=6, spaceAfter=10,
    )  # fmt: skip
    section = ParagraphStyle(
        "section", parent=base, fontName=FONT_BOLD, fontSize=11, leading=14,
        textColor=colors.HexColor(NAVY), spaceBefore=10, spaceAfter=4,
    )  # fmt: skip
    muted = ParagraphStyle("muted", parent=base, textColor=colors.HexColor(GREY))

    def p(text, style=cell) -> Paragraph:
        return Paragraph(escape(str(text)), style)

    width = A4[0] - 30 * mm

    def table(headers, rows, widths, numeric=()) -> Table:
        data = [[p(h, head) for h in headers]]
        for row in rows:
            data.append([p(v, cell_right if i in numeric else cell) for i, v in enumerate(row)])
        scale = width / sum(widths)
        result = Table(data, colWidths=[w * scale for w in widths], repeatRows=1)
        result.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(NAVY)),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LINEBELOW", (0, 1), (-1, -1), 0.4, colors.HexColor(RULE)),
                    ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor(ZEBRA)]),
                    ("TOPPADDING", (0, 0), (-1, -1), 3),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                    ("LEFTPADDING", (0, 0), (-1, -1), 3),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                ]
            )
        )
        return result

    story = []
    # Header: the district on the left, the generation date on the right.
    header = Table(
        [
            [
                Paragraph(f"<b>{escape(DISTRICT)}</b><br/>{escape(SYSTEM)}", base),
                Paragraph(
                    escape(
                        _("Generated on %(date)s") % {"date": generated.strftime("%d/%m/%Y %H:%M")}
                    ),
                    ParagraphStyle("right", parent=muted, alignment=TA_RIGHT),
                ),
            ]
        ],
        colWidths=[width * 0.55, width * 0.45],
    )
    header.setStyle(
        TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (0, 0), 0)])
    )
    story += [header, Paragraph(escape(_("Training transcript").upper()), title)]

    facts = [
        (_("Full name"), officer.full_name),
        (_("Employee code"), officer.employee_code),
        (_("Unit"), officer.unit.name if officer.unit_id else "—"),
        (_("Position"), officer.position.name if officer.position_id else "—"),
    ]
    label = ParagraphStyle("label", parent=base, textColor=colors.HexColor(GREY))
    value = ParagraphStyle("value", parent=base, fontName=FONT_BOLD)
    identity = Table(
        [[p(k, label), p(v, value)] for k, v in facts], colWidths=[35 * mm, width - 35 * mm]
    )
    identity.setStyle(
        TableStyle(
            [
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    story += [identity, Spacer(1, 6)]
    summary = _(
        "%(courses)s courses: %(completed)s completed, %(in_progress)s in progress, "
        "%(not_started)s not started, %(overdue)s overdue. %(certificates)s valid certificates."
    ) % {
        "courses": len(transcript.courses),
        "completed": transcript.completed_count,
        "in_progress": transcript.in_progress_count,
        "not_started": transcript.not_started_count,
        "overdue": transcript.overdue_count,
        "certificates": transcript.valid_certificate_count,
    }
    story.append(p(summary, muted))

    def add_section(heading, headers, rows, widths, numeric=(), empty=""):
        story.append(p(heading, section))
        if rows:
            story.append(table(headers, rows, widths, numeric))
        else:
            story.append(p(empty, muted))

    add_section(
        _("Courses"),
        [
            _("Course"),
            _("Source"),
            _("Due date"),
            _("Status"),
            _("Started"),
            _("Completed"),
            _("Score"),
            _("Certificate"),
        ],  # fmt: skip
        [
            [
                line.course_title,
                line.source_label,
                _date(line.enrolment.due_date),
                line.state_label,
                _date(line.enrolment.started_at),
                _date(line.enrolment.completed_at),
                _score(line.enrolment.score),
                line.certificate.number if line.certificate else "—",
            ]
            for line in transcript.courses
        ],
        [140, 50, 50, 62, 50, 50, 32, 77],
        numeric=(6,),
        empty=_("No courses yet."),
    )
    add_section(
        _("Certificates"),
        [_("Number"), _("Course"), _("Issued"), _("Score"), _("Status")],
        [
            [
                c.number,
                c.course_title,
                _date(c.issued_at),
                _score(c.score),
                _("Revoked on %(date)s") % {"date": _date(c.revoked_at)}
                if c.is_revoked
                else _("Valid"),
            ]
            for c in transcript.certificates
        ],
        [77, 250, 50, 32, 102],
        numeric=(3,),
        empty=_("No certificates yet."),
    )
    add_section(
        _("Quiz attempts"),
        [_("Quiz"), _("Course"), _("Attempt"), _("Date"), _("Grade"), _("Passed")],
        [
            [
                a.quiz.title,
                a.course.title,
                a.number,
                _date(a.finished_at or a.started_at),
                _score(a.percent) if a.is_finished else a.get_state_display(),
                _passed(a.passed),
            ]
            for a in transcript.quiz_attempts
        ],
        [165, 165, 36, 50, 35, 60],
        numeric=(2, 4),
        empty=_("No quiz attempts yet."),
    )
    add_section(
        _("Scenario attempts"),
        [
            _("Scenario"),
            _("Course"),
            _("Attempt"),
            _("Mode"),
            _("Date"),
            _("Score"),
            _("Passed"),
        ],
        [
            [
                line.title,
                line.course_title,
                line.attempt.number,
                line.mode_label,
                _date(line.date),
                _score(line.attempt.score),
                _passed(line.attempt.passed),
            ]
            for line in transcript.scenario_attempts
        ],
        [130, 120, 36, 90, 50, 35, 50],
        numeric=(2, 5),
        empty=_("No scenario attempts yet."),
    )

    footer_text = f"{SYSTEM} · {officer.full_name} ({officer.employee_code})"
    page_label = _("Page %(number)s of %(total)s")

    def on_page(canvas, doc):
        canvas.saveState()
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(colors.HexColor(GREY))
        canvas.drawString(15 * mm, 9 * mm, footer_text)
        canvas.restoreState()

    class NumberedCanvas(Canvas):
        """Writes "Page n of N" once the number of pages is known (at save)."""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages = []

        def showPage(self):
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self.setFont(FONT, 7.5)
                self.setFillColor(colors.HexColor(GREY))
                self.drawRightString(
                    A4[0] - 15 * mm,
                    9 * mm,
                    page_label % {"number": self._pageNumber, "total": total},
                )
                super().showPage()
            super().save()

    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=14 * mm,
        bottomMargin=16 * mm,
        title=f"{_('Training transcript')} · {officer.full_name}",
        author=f"{DISTRICT} · {SYSTEM}",
        subject=officer.full_name,
        creator=SYSTEM,
    )
    document.build(story, onFirstPage=on_page, onLaterPages=on_page, canvasmaker=NumberedCanvas)
    return buffer.getvalue()
