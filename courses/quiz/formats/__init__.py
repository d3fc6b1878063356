"""Question exchange formats: GIFT, Aiken and an XLSX template (import and export).

Each format module has `parse(data: bytes) -> list[ParsedQuestion]` and
`export(questions) -> bytes`. Parsing never writes: the questions, each with the line
(or row) it starts on and its errors, go to a preview first (`courses.quiz.importers`).
Questions are exchanged as `ParsedQuestion`; `from_question` turns a bank question into
one, so an export followed by an import gives back the same questions.
"""

import unicodedata
from dataclasses import asdict, dataclass, field
from decimal import Decimal, InvalidOperation

import bleach
from django.utils.html import escape, strip_tags
from django.utils.translation import gettext as _

from ..grading import key_errors
from ..models import Question

# Tags a stem written as HTML in an imported file may keep (the rest are stripped).
STEM_TAGS = ["p", "br", "b", "strong", "i", "em", "u", "ul", "ol", "li", "sub", "sup", "a"]
TYPE_CODES = {choice.value for choice in Question.Type}


class FormatError(ValueError):
    """The file as a whole cannot be read (not UTF-8, not an XLSX workbook...)."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.line = line


@dataclass
class ParsedQuestion:
    line: int
    type: str = ""
    stem: str = ""
    title: str = ""
    points: str = "1"
    answers: list[dict] = field(default_factory=list)
    general_feedback: str = ""
    explanation: str = ""
    multiple_grading: str = Question.MultipleGrading.ALL_OR_NOTHING
    accent_insensitive: bool = False
    shuffle_answers: bool = True
    tags: list[str] = field(default_factory=list)
    category: str = ""
    errors: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> "ParsedQuestion":
        return cls(**data)

    @property
    def label(self) -> str:
        text = self.title or " ".join(strip_tags(self.stem).split())
        return text[:120]

    def validate(self) -> "ParsedQuestion":
        """Add the errors that would stop this question from being imported."""
        if self.type not in TYPE_CODES:
            self.errors.append(_("Unknown question type “%s”.") % self.type)
            return self
        if not strip_tags(self.stem).strip() and "<img" not in self.stem:
            self.errors.append(_("The question has no text."))
        try:
            value = Decimal(str(self.points))
            if value <= 0 or value >= 10_000:
                raise InvalidOperation
        except (InvalidOperation, ValueError):
            self.errors.append(_("Points must be a positive number (got “%s”).") % self.points)
        for answer in self.answers:
            try:
                fraction = Decimal(str(answer.get("fraction", 0)))
                if not -100 <= fraction <= 100:
                    raise InvalidOperation
            except (InvalidOperation, ValueError):
                self.errors.append(
                    _("A weight must be a percentage between -100 and 100 (got “%s”).")
                    % answer.get("fraction")
                )
                return self
        self.errors.extend(
            key_errors(self.type, self.answers, multiple_grading=self.multiple_grading)
        )
        return self


def decode(data: bytes) -> str:
    """UTF-8 text (a BOM is allowed), in NFC; reports the line of the first bad byte."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise FormatError(
            _("The file is not UTF-8 text (line %s). Save it as UTF-8 and try again.") % line,
            line,
        ) from error
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))


def text_to_html(text: str) -> str:
    """Plain text from a file to the rich-text HTML of a stem: escaped, one paragraph per block."""
    blocks = [b.strip() for b in text.strip().split("\n\n") if b.strip()]
    return "".join("<p>" + escape(b).replace("\n", "<br/>") + "</p>" for b in blocks)


def clean_html(html: str) -> str:
    return bleach.clean(html, tags=STEM_TAGS, attributes={"a": ["href"]}, strip=True).strip()


def plain_text(html: str) -> str:
    """A stem or feedback as one line of plain text (Aiken, statistics)."""
    from html import unescape

    return " ".join(unescape(strip_tags(html.replace("<br/>", " ").replace("</p>", " "))).split())


def decimal_text(value) -> str:
    """Decimals as the files write them: 100, 33.33, -50, 0.5 (no trailing zeros)."""
    value = Decimal(str(value))
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "") else text


def from_question(question: Question, category_path: str = "") -> ParsedQuestion:
    """A bank question as an exchange record (answers in their stored order)."""
    return ParsedQuestion(
        line=0,
        type=question.type,
        stem=question.stem,
        title=question.title,
        points=decimal_text(question.points),
        answers=[
            {
                "text": a.text,
                "match_text": a.match_text,
                "fraction": decimal_text(a.fraction),
                "tolerance": decimal_text(a.tolerance),
                "feedback": a.feedback,
            }
            for a in question.ordered_answers()
        ],
        general_feedback=question.general_feedback,
        explanation=question.explanation,
        multiple_grading=question.multiple_grading,
        accent_insensitive=question.accent_insensitive,
        shuffle_answers=question.shuffle_answers,
        tags=sorted(t.name for t in question.tags.all()),
        category=category_path,
    )


def parser_for(file_format: str):
    from . import aiken, gift, xlsx

    return {"gift": gift.parse, "aiken": aiken.parse, "xlsx": xlsx.parse}[file_format]


def exporter_for(file_format: str):
    from . import aiken, gift, xlsx

    return {"gift": gift.export, "aiken": aiken.export, "xlsx": xlsx.export}[file_format]
