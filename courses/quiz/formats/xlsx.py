"""The XLSX question template: one question per row, answers in groups of four columns.

Columns (read by position; the header row is for people): type code, category path
("Tư pháp/Hộ tịch", under the chosen category), tags (comma-separated), question text
(plain text, or HTML starting with "<"), points, options ("partial", "accents",
"noshuffle"), title, general feedback, explanation, then for each answer: answer,
matches / tolerance, weight %, feedback. Row numbers are reported as line numbers.
"""

import io
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from ..models import Question
from . import (
    FormatError,
    ParsedQuestion,
    clean_html,
    decimal_text,
    from_question,
    text_to_html,
)

T = Question.Type
FIXED = [
    "type",
    "category",
    "tags",
    "stem",
    "points",
    "options",
    "title",
    "feedback",
    "explanation",
]
ANSWER_COLUMNS = 4
MAX_ANSWERS = 12
MAX_ROWS = 5000


def headers() -> list[str]:
    fixed = [
        _("Type"),
        _("Category"),
        _("Tags"),
        _("Question"),
        _("Points"),
        _("Options"),
        _("Short name"),
        _("General feedback"),
        _("Explanation"),
    ]
    for n in range(1, MAX_ANSWERS + 1):
        fixed += [
            _("Answer %s") % n,
            _("Matches / tolerance %s") % n,
            _("Weight (%%) %s") % n,
            _("Feedback %s") % n,
        ]
    return fixed


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _rich(text: str) -> str:
    return clean_html(text) if text.lstrip().startswith("<") else text_to_html(text)


def parse(data: bytes) -> list[ParsedQuestion]:
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not XLSX
        raise FormatError(_("The file is not an XLSX workbook.")) from error
    sheet = workbook.worksheets[0]
    questions = []
    for number, row in enumerate(sheet.iter_rows(values_only=True), 1):
        if number == 1:
            continue
        if number > MAX_ROWS + 1:
            raise FormatError(_("The file has more than %s questions.") % MAX_ROWS, number)
        cells = [_cell(v) for v in row]
        if not any(cells):
            continue
        cells += [""] * (len(FIXED) + ANSWER_COLUMNS * MAX_ANSWERS - len(cells))
        fixed = dict(zip(FIXED, cells, strict=False))
        options = {o.strip().lower() for o in fixed["options"].split(",") if o.strip()}
        q = ParsedQuestion(
            line=number,
            type=fixed["type"].lower(),
            category=fixed["category"],
            tags=[t.strip() for t in fixed["tags"].split(",") if t.strip()],
            stem=_rich(fixed["stem"]),
            points=fixed["points"] or "1",
            title=fixed["title"],
            general_feedback=_rich(fixed["feedback"]) if fixed["feedback"] else "",
            explanation=_rich(fixed["explanation"]) if fixed["explanation"] else "",
            multiple_grading=(
                Question.MultipleGrading.PARTIAL
                if "partial" in options
                else Question.MultipleGrading.ALL_OR_NOTHING
            ),
            accent_insensitive="accents" in options,
            shuffle_answers="noshuffle" not in options,
        )
        rest = cells[len(FIXED) :]
        for i in range(0, len(rest) - ANSWER_COLUMNS + 1, ANSWER_COLUMNS):
            text, second, weight, feedback = rest[i : i + ANSWER_COLUMNS]
            if not (text or second):
                continue
            answer = {"text": text, "fraction": weight or "0", "feedback": feedback}
            if q.type == T.NUMERIC:
                answer["tolerance"] = second or "0"
            else:
                answer["match_text"] = second
            q.answers.append(answer)
        questions.append(q.validate())
    return questions


def export(questions, category_path=lambda q: "") -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Questions")
    sheet.append(headers())
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1D3B6F")
    for question in questions:
        q = from_question(question)
        options = []
        if q.type == T.MULTIPLE and q.multiple_grading == Question.MultipleGrading.PARTIAL:
            options.append("partial")
        if q.accent_insensitive:
            options.append("accents")
        if not q.shuffle_answers:
            options.append("noshuffle")
        row = [
            q.type,
            category_path(question),
            ", ".join(q.tags),
            q.stem,
            q.points,
            ", ".join(options),
            q.title,
            q.general_feedback,
            q.explanation,
        ]
        for answer in q.answers:
            second = answer.get("tolerance", "0") if q.type == T.NUMERIC else answer["match_text"]
            row += [
                answer["text"],
                second,
                decimal_text(Decimal(answer["fraction"])),
                answer["feedback"],
            ]
        sheet.append(row)
    sheet.freeze_panes = "A2"
    for index, width in enumerate([10, 24, 20, 60, 8, 14, 20, 30, 30], 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template() -> bytes:
    """An empty workbook with the headers and one example row."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers())
    sheet.append(
        [
            "single",
            "Tư pháp/Hộ tịch",
            "1.001193",
            "Thời hạn đăng ký khai sinh đúng hạn là bao nhiêu ngày kể từ ngày sinh?",
            "1",
            "",
            "",
            "",
            "Luật Hộ tịch 2014, Điều 15.",
            "60 ngày",
            "",
            "100",
            "Đúng.",
            "30 ngày",
            "",
            "0",
            "",
        ]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
