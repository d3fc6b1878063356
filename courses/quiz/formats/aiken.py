"""Aiken: single-choice questions as plain UTF-8 text.

    Ở mức độ 3, người dân nộp lệ phí ở đâu?
    A. Trực tuyến
    B. Tại cơ quan khi nhận kết quả
    ANSWER: B

The question may run over several lines; choices are "A." or "A)"; a blank line between
questions is optional. Only single-choice and true/false questions can be exported.
"""

import re

from django.utils.translation import gettext as _

from ..models import Question
from . import ParsedQuestion, decode, from_question, plain_text, text_to_html

_OPTION = re.compile(r"^([A-Z])\s*[.)]\s+(.*)$")
_ANSWER = re.compile(r"^ANSWER\s*:\s*(.*)$", re.I)
EXPORTABLE = (Question.Type.SINGLE, Question.Type.TRUE_FALSE)


def parse(data: bytes) -> list[ParsedQuestion]:
    questions: list[ParsedQuestion] = []
    stem: list[str] = []
    options: list[tuple[str, str]] = []
    start = 0
    for number, raw in enumerate(decode(data).split("\n"), 1):
        line = raw.strip()
        if not line:
            continue
        answer = _ANSWER.match(line)
        option = _OPTION.match(line)
        if answer:
            questions.append(_finish(start or number, stem, options, answer.group(1).strip()))
            stem, options, start = [], [], 0
        elif option and stem:
            options.append((option.group(1), option.group(2).strip()))
        elif options:
            # Text after the choices without an ANSWER line: that question is broken.
            questions.append(_finish(start, stem, options, None))
            stem, options, start = [line], [], number
        else:
            start = start or number
            stem.append(line)
    if stem or options:
        questions.append(_finish(start, stem, options, None))
    return questions


def _finish(line: int, stem: list[str], options: list[tuple[str, str]], answer: str | None):
    q = ParsedQuestion(line=line, type=Question.Type.SINGLE, stem=text_to_html("\n".join(stem)))
    letters = [letter for letter, _text in options]
    if not stem:
        q.errors.append(_("The question text is missing before the choices."))
    if len(options) < 2:
        q.errors.append(_("Give at least two choices, each on its own line as “A. …”."))
    if len(set(letters)) != len(letters):
        q.errors.append(_("Two choices have the same letter."))
    if answer is None:
        q.errors.append(_("The line “ANSWER: …” is missing."))
    elif answer.upper() not in letters:
        q.errors.append(_("The answer “%s” is not one of the choice letters.") % answer)
    right = (answer or "").upper()
    q.answers = [
        {"text": text, "fraction": "100" if letter == right else "0"} for letter, text in options
    ]
    return q if q.errors else q.validate()


def export(questions, category_path=None) -> bytes:
    """Aiken text for the single-choice and true/false questions among `questions`."""
    chunks = []
    for question in questions:
        if question.type not in EXPORTABLE:
            continue
        record = from_question(question)
        lines = [plain_text(record.stem)]
        right = "A"
        for index, answer in enumerate(record.answers):
            letter = chr(ord("A") + index)
            lines.append(f"{letter}. {' '.join(answer['text'].split())}")
            if float(answer["fraction"]) >= 100:
                right = letter
        lines.append(f"ANSWER: {right}")
        chunks.append("\n".join(lines))
    return ("\n\n".join(chunks) + "\n").encode("utf-8")
