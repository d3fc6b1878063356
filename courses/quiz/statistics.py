"""Quiz and item statistics over graded attempts, as in Moodle's quiz statistics report.

* Facility index: the mean fraction of the marks officers earned on the question (%).
* Discrimination index: the correlation (×100) between the mark on the question and the
  mark on the rest of the quiz; high means the question separates strong from weak.
* Option frequencies: how often each choice was picked (choice types), or the most
  frequent answers (short answer and numeric).

A fixed number of queries reads the data whatever the number of attempts; marks come
back as floats and responses are decoded only for the questions whose answers are counted.
"""

import io
import math
import statistics as stats
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import FloatField
from django.db.models.functions import Cast
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from .grading import normalise_text
from .models import Answer, Attempt, AttemptQuestion, Question, QuizPage


@dataclass
class OptionCount:
    text: str
    count: int
    percent: float
    is_right: bool = False


@dataclass
class ItemStats:
    question_id: int
    label: str
    type: str
    type_label: str
    version: int
    attempts: int
    facility: float | None
    discrimination: float | None
    mean_points: float | None
    max_points: float
    options: list[OptionCount] = field(default_factory=list)


@dataclass
class QuizStats:
    attempts: int
    officers: int
    mean: float | None
    median: float | None
    pass_rate: float | None
    highest: float | None
    lowest: float | None
    items: list[ItemStats]


def _pearson(xs: list[float], ys: list[float]) -> float | None:
    n = len(xs)
    if n < 2:
        return None
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mean_x) ** 2 for x in xs)
    syy = sum((y - mean_y) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    return sxy / math.sqrt(sxx * syy)


def quiz_statistics(quiz: QuizPage) -> QuizStats:
    attempts = list(
        Attempt.objects.filter(quiz=quiz, state=Attempt.State.FINISHED).values_list(
            "pk", "user_id", "percent", "passed", "score", "max_score"
        )
    )
    percents = [float(p) for _pk, _u, p, _pa, _s, _m in attempts if p is not None]
    totals = {pk: (float(s or 0), float(m or 0)) for pk, _u, _p, _pa, s, m in attempts}
    summary = dict(
        attempts=len(attempts),
        officers=len({u for _pk, u, *_rest in attempts}),
        mean=round(stats.fmean(percents), 2) if percents else None,
        median=round(stats.median(percents), 2) if percents else None,
        pass_rate=(
            round(100 * sum(1 for a in attempts if a[3]) / len(attempts), 2) if attempts else None
        ),
        highest=max(percents) if percents else None,
        lowest=min(percents) if percents else None,
    )
    graded = AttemptQuestion.objects.filter(
        attempt__quiz=quiz, attempt__state=Attempt.State.FINISHED
    )
    # Marks as floats computed by the database: no Decimal object per row, no JSON.
    rows = graded.annotate(
        points_f=Cast("score", FloatField()), max_f=Cast("max_points", FloatField())
    ).values_list("attempt_id", "question_id", "points_f", "max_f", "position")
    per_question: dict[int, list] = defaultdict(list)
    first_position: dict[int, float] = {}
    for attempt_id, question_id, score, max_points, position in rows:
        per_question[question_id].append((attempt_id, score, max_points))
        first_position.setdefault(question_id, position)
    questions = {
        q.pk: q
        for q in Question.objects.filter(pk__in=per_question).only(
            "pk", "title", "stem", "type", "version", "points", "accent_insensitive"
        )
    }
    # Responses are read only for the questions whose answers are counted.
    counted = [
        pk
        for pk, q in questions.items()
        if q.type in (*Question.CHOICE_TYPES, Question.Type.SHORT, Question.Type.NUMERIC)
    ]
    responses: dict[int, list] = defaultdict(list)
    for question_id, score, max_points, response, layout in (
        graded.filter(question_id__in=counted)
        .order_by("attempt_id", "position")
        .values_list("question_id", "score", "max_points", "response", "layout")
    ):
        responses[question_id].append((score, max_points, response, layout))
    answers: dict[int, list] = defaultdict(list)
    for pk, question_id, text, fraction in (
        Answer.objects.filter(question_id__in=counted)
        .order_by("sort_order", "pk")
        .values_list("pk", "question_id", "text", "fraction")
    ):
        answers[question_id].append((pk, text, fraction))
    items = [
        _item(questions[qid], per_question[qid], totals, responses[qid], answers[qid])
        for qid in sorted(per_question, key=lambda q: (first_position[q], q))
        if qid in questions
    ]
    return QuizStats(items=items, **summary)


def _item(
    question: Question, rows: list, totals: dict, responses: list, answers: list
) -> ItemStats:
    fractions, rests, points = [], [], []
    for attempt_id, score, max_points in rows:
        if score is None or not max_points:
            continue
        total, total_max = totals.get(attempt_id, (0.0, 0.0))
        rest_max = total_max - max_points
        fractions.append(score / max_points)
        points.append(score)
        rests.append((total - score) / rest_max if rest_max > 0 else 0.0)
    correlation = _pearson(fractions, rests)
    label = question.title or strip_tags(question.stem).replace("&nbsp;", " ").strip()
    return ItemStats(
        question_id=question.pk,
        label=Truncator(label).chars(100),
        type=question.type,
        type_label=question.get_type_display(),
        version=question.version,
        attempts=len(rows),
        facility=round(100 * stats.fmean(fractions), 2) if fractions else None,
        discrimination=round(100 * correlation, 2) if correlation is not None else None,
        mean_points=round(stats.fmean(points), 2) if points else None,
        max_points=rows[0][2] if rows else float(question.points),
        options=_options(question, responses, answers),
    )


def _options(question: Question, rows: list, answers: list) -> list[OptionCount]:
    total = len(rows)
    if not total:
        return []
    if question.type in Question.CHOICE_TYPES:
        counts: Counter = Counter()
        for _score, _max, response, layout in rows:
            response = response or {}
            choices = (layout or {}).get("choices", [])
            picked = [response["choice"]] if "choice" in response else response.get("choices", [])
            for index in picked:
                if isinstance(index, int) and 0 <= index < len(choices):
                    counts[choices[index]] += 1
        return [
            OptionCount(text, counts[pk], round(100 * counts[pk] / total, 1), fraction > 0)
            for pk, text, fraction in answers
        ]
    if question.type in (Question.Type.SHORT, Question.Type.NUMERIC):
        counts = Counter()
        shown = {}
        for score, max_points, response, _layout in rows:
            text = (response or {}).get("text", "")
            if not text.strip():
                continue
            key = normalise_text(text, accent_insensitive=question.accent_insensitive)
            shown.setdefault(
                key, (" ".join(text.split()), bool(max_points and score == max_points))
            )
            counts[key] += 1
        ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:10]
        return [
            OptionCount(shown[key][0], count, round(100 * count / total, 1), shown[key][1])
            for key, count in ranked
        ]
    return []


def statistics_xlsx(quiz: QuizPage, result: QuizStats) -> bytes:
    """The report as a workbook: a summary sheet, the items, and the option counts."""
    workbook = Workbook()
    summary = workbook.active
    summary.title = _("Summary")
    bold = Font(bold=True)
    for label, value in [
        (_("Quiz"), quiz.title),
        (_("Graded attempts"), result.attempts),
        (_("Officers"), result.officers),
        (_("Mean grade (%)"), result.mean),
        (_("Median grade (%)"), result.median),
        (_("Pass rate (%)"), result.pass_rate),
        (_("Highest (%)"), result.highest),
        (_("Lowest (%)"), result.lowest),
    ]:
        summary.append([label, value])
        summary.cell(summary.max_row, 1).font = bold
    items = workbook.create_sheet(_("Questions"))
    items.append(
        [
            "#",
            _("Question"),
            _("Type"),
            _("Version"),
            _("Attempts"),
            _("Facility index (%)"),
            _("Discrimination index (%)"),
            _("Mean points"),
            _("Out of"),
        ]
    )
    options = workbook.create_sheet(_("Answers"))
    options.append(["#", _("Question"), _("Answer"), _("Right"), _("Chosen"), _("Chosen (%)")])
    for number, item in enumerate(result.items, 1):
        items.append(
            [
                number,
                item.label,
                item.type_label,
                item.version,
                item.attempts,
                item.facility,
                item.discrimination,
                item.mean_points,
                item.max_points,
            ]
        )
        for option in item.options:
            options.append(
                [
                    number,
                    item.label,
                    option.text,
                    _("yes") if option.is_right else "",
                    option.count,
                    option.percent,
                ]
            )
    for sheet in (items, options):
        for cell in sheet[1]:
            cell.font = bold
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
