"""What the officer's browser may receive about a question, and nothing more.

Templates never see `Answer` rows: they get the dicts built here, which hold the option
texts in the attempt's shuffled order and, only when the `Reveal` allows it, marks,
feedback, the right answer and the explanation. Keeping this in one place is what makes
"no key in the HTML before the review options allow it" checkable.
"""

from dataclasses import dataclass
from decimal import Decimal

import bleach
from django.utils.html import linebreaks
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.rich_text import expand_db_html

from .grading import field_name, parse_number
from .models import Attempt, AttemptQuestion, Question, Review

ESSAY_TAGS = ["p", "br", "b", "strong", "i", "em", "u", "ul", "ol", "li"]


@dataclass(frozen=True)
class Reveal:
    score: bool = False
    correctness: bool = False
    feedback: bool = False
    answers: bool = False

    @classmethod
    def everything(cls) -> "Reveal":
        return cls(True, True, True, True)


def reveal_for(attempt: Attempt, user, now=None) -> Reveal:
    """What `user` may see of a finished attempt: trainers and HR all, owners per the quiz."""
    if attempt.is_in_progress:
        return Reveal()
    if attempt.user_id != user.pk and user.has_perm("quiz.view_attempt"):
        return Reveal.everything()
    quiz = attempt.quiz
    allowed = {
        what: quiz.review_allows(what, finished_at=attempt.finished_at, now=now)
        for what in (Review.SCORE, Review.CORRECTNESS, Review.FEEDBACK, Review.ANSWERS)
    }
    return Reveal(
        score=allowed[Review.SCORE],
        correctness=allowed[Review.CORRECTNESS],
        feedback=allowed[Review.FEEDBACK],
        answers=allowed[Review.ANSWERS],
    )


def essay_html(text: str) -> str:
    """An officer's essay as safe HTML: a few formatting tags kept, everything else stripped."""
    cleaned = bleach.clean(text or "", tags=ESSAY_TAGS, attributes={}, strip=True)
    if "<p>" not in cleaned:
        cleaned = linebreaks(cleaned)
    return mark_safe(cleaned)  # noqa: S308 - bleach has just removed every other tag


def _rich(html: str) -> str:
    return mark_safe(expand_db_html(html)) if html else ""  # noqa: S308 - trainer-written rich text


def slot_view(slot: AttemptQuestion, reveal: Reveal, *, editable: bool = False) -> dict:
    """Template data for one question of an attempt."""
    question = slot.question
    answers = question.ordered_answers()
    by_id = {a.pk: a for a in answers}
    response = slot.response or {}
    # A question checked during the attempt ("answers at end" off) shows its result.
    if slot.checked:
        reveal = Reveal.everything()
    T = Question.Type
    view = {
        "slot": slot,
        "number": slot.number,
        "position": slot.position,
        "field": field_name(slot.position),
        "type": question.type,
        "type_label": question.get_type_display(),
        "stem": _rich(question.stem),
        "image": question.image,
        "max_points": slot.max_points,
        "answered": bool(response),
        "editable": editable and not slot.checked,
        "checked": slot.checked,
        "reveal": reveal,
        "multiple_hint": "",
    }
    if question.type in Question.CHOICE_TYPES:
        chosen = (
            {response.get("choice")} if "choice" in response else set(response.get("choices", []))
        )
        options = []
        for index, answer_id in enumerate(slot.layout.get("choices", [])):
            answer = by_id.get(answer_id)
            if answer is None:
                continue
            option = {"index": index, "text": answer.text, "selected": index in chosen}
            if reveal.feedback and option["selected"] and answer.feedback:
                option["feedback"] = answer.feedback
            if reveal.answers:
                option["is_key"] = answer.fraction > 0
            options.append(option)
        view["options"] = options
        view["input_type"] = "checkbox" if question.type == T.MULTIPLE else "radio"
        if question.type == T.MULTIPLE:
            view["multiple_hint"] = _("Choose every answer that applies.")
    elif question.type in (T.SHORT, T.NUMERIC):
        view["text"] = response.get("text", "")
    elif question.type == T.ESSAY:
        view["text"] = response.get("text", "")
        view["essay_html"] = essay_html(view["text"])
    elif question.type == T.MATCHING:
        targets = slot.layout.get("targets", [])
        matches = response.get("matches") or []
        view["targets"] = [{"index": i, "text": t} for i, t in enumerate(targets)]
        view["rows"] = []
        for row, answer_id in enumerate(slot.layout.get("rows", [])):
            answer = by_id.get(answer_id)
            chosen = matches[row] if row < len(matches) else None
            item = {
                "index": row,
                "name": f"{view['field']}-{row}",
                "text": answer.text if answer else "",
                "chosen": chosen,
                "chosen_text": targets[chosen]
                if chosen is not None and chosen < len(targets)
                else "",
            }
            if reveal.answers and answer:
                item["key"] = answer.match_text
            view["rows"].append(item)
    elif question.type == T.ORDERING:
        shown = slot.layout.get("choices", [])
        order = response.get("order") or []
        view["positions"] = list(range(len(shown)))
        view["items"] = []
        for item_index, answer_id in enumerate(shown):
            answer = by_id.get(answer_id)
            chosen = order[item_index] if item_index < len(order) else None
            view["items"].append(
                {
                    "index": item_index,
                    "name": f"{view['field']}-{item_index}",
                    "text": answer.text if answer else "",
                    "chosen": chosen,
                }
            )
        if reveal.answers:
            view["key_order"] = [a.text for a in answers]
    if reveal.score and slot.score is not None and not slot.needs_marking:
        view["score"] = slot.score
    if reveal.correctness:
        view["status"] = _status(slot)
    if reveal.feedback:
        view["general_feedback"] = _rich(question.general_feedback)
        view["comment"] = slot.comment
    if reveal.answers:
        view["right_answer"] = right_answer_text(question, answers)
        view["explanation"] = _rich(question.explanation)
    return view


def _status(slot: AttemptQuestion) -> str:
    if slot.needs_marking:
        return "pending"
    if not slot.response:
        return "unanswered" if slot.score in (None, Decimal("0")) else "right"
    fraction = slot.fraction
    if fraction is None:
        return "pending"
    if fraction >= 1:
        return "right"
    if fraction > 0:
        return "partial"
    return "wrong"


STATUS_LABELS = {
    "right": gettext_lazy("Right"),
    "partial": gettext_lazy("Partly right"),
    "wrong": gettext_lazy("Wrong"),
    "pending": gettext_lazy("Waiting for marking"),
    "unanswered": gettext_lazy("Not answered"),
}


def right_answer_text(question: Question, answers) -> str:
    """The key in words, for review: e.g. "Mẫu 02", "42000 (± 0)", "A → 1; B → 2"."""
    T = Question.Type
    if question.type in Question.CHOICE_TYPES:
        return "; ".join(a.text for a in answers if a.fraction > 0)
    if question.type == T.SHORT:
        best = [a.text for a in answers if a.fraction >= 100] or [a.text for a in answers]
        return " / ".join(best)
    if question.type == T.NUMERIC:
        parts = []
        for a in answers:
            if a.fraction >= 100:
                value = parse_number(a.text)
                parts.append(
                    f"{value}" + (f" (± {a.tolerance.normalize()})" if a.tolerance else "")
                )
        return " / ".join(parts)
    if question.type == T.MATCHING:
        return "; ".join(f"{a.text} → {a.match_text}" for a in answers if a.text.strip())
    if question.type == T.ORDERING:
        return " → ".join(a.text for a in answers)
    return ""
