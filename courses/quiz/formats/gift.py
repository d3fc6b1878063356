"""GIFT (Moodle's plain-text question format), UTF-8.

Supported: ::title::, [html]/[moodle]/[plain]/[markdown] stems, $CATEGORY:, single and
multiple choice (=right ~wrong, ~%50% weights), true/false ({T}, {FALSE#wrong#right}),
short answer ({=a =b}), matching ({=a -> 1 =b -> 2}), numeric ({#3.5:0.5}, {#1..5},
{#=%50%3:1}), essay ({}), per-answer #feedback and ####general feedback, backslash escapes.

GIFT cannot say a question's points, an ordering question, partial versus
all-or-nothing grading, accent-insensitive matching, tags or an explanation, so exports
add them on comment lines that other GIFT readers ignore:

    //dvc: type=ordering; points=2; grading=partial; accents=yes; shuffle=no; tags=a, b
    //dvc-explanation: <p>…</p>
"""

import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from ..models import Question
from . import ParsedQuestion, clean_html, decimal_text, decode, from_question, text_to_html

T = Question.Type
SPECIAL = "~=#{}:\\"
TRUE_TEXT, FALSE_TEXT = "Đúng", "Sai"
_WEIGHT = re.compile(r"^%(-?\d+(?:\.\d+)?)%")
_FORMAT = re.compile(r"^\[(html|moodle|plain|markdown)\]", re.I)
_MOODLE_PREFIX = re.compile(r"^\$(course|system|module|cat\d*)\$/(top/)?", re.I)


# ---- Parsing -------------------------------------------------------------------------


def parse(data: bytes) -> list[ParsedQuestion]:
    lines = decode(data).split("\n")
    questions, block, start = [], [], 0
    category, directives = "", {}
    for number, raw in enumerate(lines, 1):
        line = raw.rstrip()
        stripped = line.strip()
        if not block and stripped.startswith("//"):
            _directive(stripped, directives)
            continue
        if block and stripped.startswith("//"):
            continue
        if not block and stripped.upper().startswith("$CATEGORY:"):
            category = _MOODLE_PREFIX.sub("", stripped[len("$CATEGORY:") :].strip()).strip("/")
            continue
        if not stripped:
            if block:
                questions.append(_question("\n".join(block), start, category, directives))
                block, directives = [], {}
            continue
        if not block:
            start = number
        block.append(line)
    if block:
        questions.append(_question("\n".join(block), start, category, directives))
    return questions


def _directive(line: str, directives: dict) -> None:
    body = line[2:].strip()
    if body.lower().startswith("dvc-explanation:"):
        directives["explanation"] = body.split(":", 1)[1].strip()
    elif body.lower().startswith("dvc:"):
        for part in body.split(":", 1)[1].split(";"):
            if "=" in part:
                key, value = part.split("=", 1)
                directives[key.strip().lower()] = value.strip()


def _find(text: str, token: str, start: int = 0) -> int:
    """Index of the first `token` in `text` not escaped with a backslash, or -1."""
    i = start
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text.startswith(token, i):
            return i
        i += 1
    return -1


def _split(text: str, separators: str) -> list[tuple[str, str]]:
    """Split an answer block at unescaped separator characters: [(separator, text)]."""
    parts, current, marker, i = [], [], "", 0
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text):
            current.append(text[i : i + 2])
            i += 2
            continue
        if char in separators:
            if marker or "".join(current).strip():
                parts.append((marker, "".join(current)))
            marker, current = char, []
        else:
            current.append(char)
        i += 1
    if marker or "".join(current).strip():
        parts.append((marker, "".join(current)))
    return parts


def unescape(text: str) -> str:
    out, i = [], 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text):
            nxt = text[i + 1]
            out.append("\n" if nxt == "n" else nxt)
            i += 2
            continue
        out.append(text[i])
        i += 1
    return "".join(out)


def _weight_and_rest(text: str) -> tuple[str | None, str]:
    match = _WEIGHT.match(text.strip())
    if match:
        return match.group(1), text.strip()[match.end() :]
    return None, text


def _text_and_feedback(text: str) -> tuple[str, str]:
    at = _find(text, "#")
    if at < 0:
        return unescape(text).strip(), ""
    return unescape(text[:at]).strip(), unescape(text[at + 1 :]).strip()


def _question(text: str, line: int, category: str, directives: dict) -> ParsedQuestion:
    q = ParsedQuestion(line=line, category=category)
    q.explanation = directives.get("explanation", "")
    q.points = directives.get("points", "1")
    q.tags = [t.strip() for t in directives.get("tags", "").split(",") if t.strip()]
    q.accent_insensitive = directives.get("accents", "").lower() in ("yes", "true", "1", "ignore")
    q.shuffle_answers = directives.get("shuffle", "yes").lower() not in ("no", "false", "0")
    rest = text.strip()
    if rest.startswith("::"):
        end = _find(rest, "::", 2)
        if end < 0:
            q.errors.append(_("The title is not closed with ::."))
            return q
        q.title = unescape(rest[2:end]).strip()
        rest = rest[end + 2 :].lstrip()
    is_html = False
    match = _FORMAT.match(rest)
    if match:
        is_html = match.group(1).lower() == "html"
        rest = rest[match.end() :]
    opening = _find(rest, "{")
    if opening < 0:
        q.errors.append(_("No answers: put them between { and }."))
        q.stem = text_to_html(unescape(rest))
        return q
    closing = _find(rest, "}", opening + 1)
    if closing < 0:
        q.errors.append(_("The answers opened with { are not closed with }."))
        return q
    before, body, after = rest[:opening], rest[opening + 1 : closing], rest[closing + 1 :]
    if _find(after, "{") >= 0:
        q.errors.append(_("A question may have only one answer block { }."))
    stem = unescape(before).strip()
    if after.strip():
        stem = f"{stem} _____ {unescape(after).strip()}"
    q.stem = clean_html(stem) if is_html else text_to_html(stem)
    general_at = _find(body, "####")
    if general_at >= 0:
        general = unescape(body[general_at + 4 :]).strip()
        q.general_feedback = clean_html(general) if is_html else text_to_html(general)
        body = body[:general_at]
    _answers(q, body, directives.get("type", ""), directives.get("grading", ""))
    return q.validate()


def _answers(q: ParsedQuestion, body: str, forced_type: str, grading: str) -> None:
    stripped = body.strip()
    if not stripped:
        q.type = T.ESSAY
        return
    if stripped.startswith("#"):
        q.type = T.NUMERIC
        _numeric(q, stripped[1:])
        return
    head, _feedback = _text_and_feedback(stripped)
    if head.upper() in ("T", "TRUE", "F", "FALSE") and not stripped.startswith(("=", "~")):
        q.type = T.TRUE_FALSE
        feedbacks = [unescape(p).strip() for p in _split_hash(stripped)[1:]]
        wrong_feedback = feedbacks[0] if feedbacks else ""
        right_feedback = feedbacks[1] if len(feedbacks) > 1 else ""
        truth = head.upper().startswith("T")
        q.answers = [
            {
                "text": TRUE_TEXT,
                "fraction": "100" if truth else "0",
                "feedback": right_feedback if truth else wrong_feedback,
            },
            {
                "text": FALSE_TEXT,
                "fraction": "0" if truth else "100",
                "feedback": wrong_feedback if truth else right_feedback,
            },
        ]
        return
    parts = _split(body, "=~")
    if any(marker == "" for marker, _text in parts):
        q.errors.append(_("Each answer must start with = (right) or ~ (wrong)."))
        return
    rights = [p for p in parts if p[0] == "="]
    wrongs = [p for p in parts if p[0] == "~"]
    if rights and all(_find(text, "->") >= 0 for _m, text in rights) and not wrongs:
        q.type = T.MATCHING
        for _marker, text in parts:
            at = _find(text, "->")
            left = unescape(text[:at]).strip()
            right, _fb = _text_and_feedback(text[at + 2 :])
            q.answers.append({"text": left, "match_text": right, "fraction": "0"})
        return
    answers = []
    explicit_weights = []
    for marker, text in parts:
        weight, rest = _weight_and_rest(text)
        answer_text, feedback = _text_and_feedback(rest)
        if weight is None:
            weight = "100" if marker == "=" else "0"
        else:
            explicit_weights.append(Decimal(weight))
        answers.append({"text": answer_text, "fraction": weight, "feedback": feedback})
    q.answers = answers
    if forced_type in (T.ORDERING, T.SHORT, T.SINGLE, T.MULTIPLE):
        q.type = forced_type
    elif not wrongs:
        q.type = T.SHORT
    elif len(rights) == 1 or not any(w > 0 for w in explicit_weights):
        q.type = T.SINGLE
    else:
        q.type = T.MULTIPLE
    if q.type == T.MULTIPLE:
        partial = any(w not in (0, 100) for w in explicit_weights)
        q.multiple_grading = grading or (
            Question.MultipleGrading.PARTIAL if partial else Question.MultipleGrading.ALL_OR_NOTHING
        )
    if q.type == T.ORDERING:
        for answer in q.answers:
            answer["fraction"] = "0"


def _split_hash(text: str) -> list[str]:
    parts, start = [], 0
    while True:
        at = _find(text, "#", start)
        if at < 0:
            parts.append(text[start:])
            return parts
        parts.append(text[start:at])
        start = at + 1


def _numeric(q: ParsedQuestion, body: str) -> None:
    entries = _split(body, "=") if body.strip().startswith("=") else [("=", body)]
    for _marker, text in entries:
        weight, rest = _weight_and_rest(text)
        value, feedback = _text_and_feedback(rest)
        value = value.replace(" ", "")
        try:
            if ".." in value:
                low, high = (Decimal(v) for v in value.split("..", 1))
                number, tolerance = (low + high) / 2, (high - low) / 2
            elif ":" in value:
                number, tolerance = (Decimal(v) for v in value.split(":", 1))
            else:
                number, tolerance = Decimal(value), Decimal("0")
        except (InvalidOperation, ValueError):
            q.errors.append(_("“%s” is not a number (write 3.5, 3.5:0.1 or 3..4).") % value)
            continue
        q.answers.append(
            {
                "text": decimal_text(number),
                "tolerance": decimal_text(abs(tolerance)),
                "fraction": weight or "100",
                "feedback": feedback,
            }
        )


# ---- Export ------------------------------------------------------------------------------


def escape(text: str) -> str:
    out = []
    for char in text or "":
        if char in SPECIAL:
            out.append("\\" + char)
        elif char == "\n":
            out.append("\\n")
        else:
            out.append(char)
    return "".join(out)


def _one_line(html: str) -> str:
    return " ".join((html or "").split())


def export_question(q: ParsedQuestion) -> str:
    directives = [f"type={q.type}", f"points={q.points}"]
    if q.type == T.MULTIPLE:
        directives.append(f"grading={q.multiple_grading}")
    if q.accent_insensitive:
        directives.append("accents=yes")
    if not q.shuffle_answers:
        directives.append("shuffle=no")
    if q.tags:
        directives.append("tags=" + ", ".join(t.replace(";", ",") for t in q.tags))
    lines = ["//dvc: " + "; ".join(directives)]
    if q.explanation:
        lines.append("//dvc-explanation: " + _one_line(q.explanation))
    title = f"::{escape(q.title)}::" if q.title else ""
    body = _export_answers(q)
    general = f"####{escape(_one_line(q.general_feedback))}" if q.general_feedback else ""
    lines.append(f"{title}[html]{escape(_one_line(q.stem))}{{{body}{general}}}")
    return "\n".join(lines)


def _feedback(answer: dict) -> str:
    return f"#{escape(answer['feedback'])}" if answer.get("feedback") else ""


def _export_answers(q: ParsedQuestion) -> str:
    answers = q.answers
    if q.type == T.ESSAY:
        return ""
    if q.type == T.TRUE_FALSE:
        truth = Decimal(answers[0]["fraction"]) > 0 if answers else True
        right = answers[0] if truth else answers[1]
        wrong = answers[1] if truth else answers[0]
        feedback = ""
        if right.get("feedback") or wrong.get("feedback"):
            feedback = f"#{escape(wrong.get('feedback', ''))}#{escape(right.get('feedback', ''))}"
        return ("TRUE" if truth else "FALSE") + feedback
    if q.type == T.NUMERIC:
        parts = []
        for a in answers:
            weight = "" if Decimal(a["fraction"]) == 100 else f"%{a['fraction']}%"
            parts.append(f"={weight}{a['text']}:{a.get('tolerance', '0')}{_feedback(a)}")
        return "#" + " ".join(parts)
    if q.type == T.MATCHING:
        return " ".join(f"={escape(a['text'])} -> {escape(a['match_text'])}" for a in answers)
    if q.type in (T.SHORT, T.ORDERING):
        parts = []
        for a in answers:
            weight = (
                ""
                if q.type == T.ORDERING or Decimal(a["fraction"]) == 100
                else f"%{a['fraction']}%"
            )
            parts.append(f"={weight}{escape(a['text'])}{_feedback(a)}")
        return " ".join(parts)
    parts = []
    for a in answers:
        fraction = Decimal(a["fraction"])
        if q.type == T.SINGLE and fraction == 100:
            marker = "="
        elif fraction == 0:
            marker = "~"
        else:
            marker = f"~%{a['fraction']}%"
        parts.append(f"{marker}{escape(a['text'])}{_feedback(a)}")
    return " ".join(parts)


def export(questions, category_path=lambda q: "") -> bytes:
    """GIFT text for bank questions, grouped under $CATEGORY lines."""
    chunks, current = [], None
    for question in questions:
        path = category_path(question)
        if path != current:
            chunks.append(f"$CATEGORY: {path}")
            current = path
        chunks.append(export_question(from_question(question)))
    return ("\n\n".join(chunks) + "\n").encode("utf-8")
