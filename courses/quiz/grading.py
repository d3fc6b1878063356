"""Grading: pure functions from a question's key, a slot's layout and a response.

Nothing here touches the database, so every question type's rules are tested directly.
A response refers to choices by their index in the slot's layout (see
`AttemptQuestion`); `parse_response` turns submitted form values into that shape and
rejects anything that does not fit the layout (a tampered index, an unknown field).
"""

import random
import re
import unicodedata
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

ONE = Decimal("1")
ZERO = Decimal("0")
HUNDRED = Decimal("100")
MAX_TEXT = 5000
MAX_ESSAY = 50_000


class InvalidResponse(ValueError):
    """A submitted value that cannot belong to this question as shown to the officer."""


# ---- Text and numbers -------------------------------------------------------------------


def normalise_text(text: str, *, accent_insensitive: bool = False) -> str:
    """Compare short answers: Unicode NFC, case-folded, whitespace collapsed.

    With `accent_insensitive`, Vietnamese tone and vowel marks are dropped and đ counts as
    d, so "Ha Noi" matches "Hà Nội".
    """
    text = unicodedata.normalize("NFC", text or "")
    text = " ".join(text.split()).casefold()
    if accent_insensitive:
        text = text.replace("đ", "d")
        text = "".join(
            c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn"
        )
        text = unicodedata.normalize("NFC", text)
    return text


_GROUPED = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+$")


def parse_number(text: str) -> Decimal | None:
    """Read a number as Vietnamese officers write it: "3,5", "42.000", "1.234,5", "7.5".

    A dot followed by groups of exactly three digits is a thousands separator (42.000 is
    forty-two thousand, as on fee schedules); a comma is the decimal separator.
    """
    value = (text or "").strip().replace(" ", "").replace("\u00a0", "")
    if not value:
        return None
    if "," in value and "." in value:
        value = value.replace(".", "").replace(",", ".")
    elif "," in value:
        value = value.replace(",", ".")
    elif _GROUPED.match(value):
        value = value.replace(".", "")
    try:
        number = Decimal(value)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


# ---- The stored key ----------------------------------------------------------------


def key_snapshot(answers) -> list[dict]:
    """The grading part of a question's answers, stored on each attempt slot."""
    return [
        {
            "id": a.pk,
            "text": a.text,
            "match_text": a.match_text,
            "fraction": str(a.fraction),
            "tolerance": str(a.tolerance),
        }
        for a in answers
    ]


def answers_from_key(key: list[dict]) -> list:
    """Unsaved `Answer` objects rebuilt from a slot's stored key, in their stored order."""
    from .models import Answer

    return [
        Answer(
            pk=item["id"],
            text=item.get("text", ""),
            match_text=item.get("match_text", ""),
            fraction=Decimal(item.get("fraction", "0")),
            tolerance=Decimal(item.get("tolerance", "0")),
        )
        for item in key or []
    ]


# ---- Layout: what the officer sees, in which order ------------------------------------


def build_layout(question, answers, rng: random.Random, *, shuffle: bool) -> dict:
    """The per-attempt presentation of a question: answer ids in the order shown."""
    from .models import Question

    kind = question.type
    ids = [a.pk for a in answers]
    if kind in Question.CHOICE_TYPES:
        if shuffle and question.shuffle_answers and kind != Question.Type.TRUE_FALSE:
            rng.shuffle(ids)
        return {"choices": ids}
    if kind == Question.Type.ORDERING:
        # Always shuffled, and never shown already in the right order.
        shown = list(ids)
        for _attempt in range(10):
            rng.shuffle(shown)
            if shown != ids or len(ids) < 2:
                break
        return {"choices": shown}
    if kind == Question.Type.MATCHING:
        rows = [a.pk for a in answers if a.text.strip()]
        targets = sorted({a.match_text.strip() for a in answers if a.match_text.strip()})
        rng.shuffle(targets)
        if shuffle and question.shuffle_answers:
            rng.shuffle(rows)
        return {"rows": rows, "targets": targets}
    return {}


# ---- Responses ------------------------------------------------------------------------


def field_name(position: int) -> str:
    return f"q{position}"


def parse_response(question_type: str, layout: dict, position: int, data) -> dict | None:
    """The response to one slot from submitted form data, or None if the slot is absent.

    `data` is a QueryDict (or a dict of lists). Raises `InvalidResponse` for values that
    do not fit the slot's layout.
    """
    from .models import Question

    name = field_name(position)
    present = name in data or any(key.startswith(name + "-") for key in data)
    if not present:
        return None
    get_list = data.getlist if hasattr(data, "getlist") else (lambda k: _as_list(data.get(k)))
    choices = layout.get("choices", [])
    if question_type in (Question.Type.SINGLE, Question.Type.TRUE_FALSE):
        values = [v for v in get_list(name) if v != ""]
        if not values:
            return {}
        if len(values) > 1:
            raise InvalidResponse(
                _("Only one answer may be chosen for question %s.") % (position + 1)
            )
        return {"choice": _index(values[0], len(choices), position)}
    if question_type == Question.Type.MULTIPLE:
        picked = sorted({_index(v, len(choices), position) for v in get_list(name) if v != ""})
        return {"choices": picked} if picked else {}
    if question_type in (Question.Type.SHORT, Question.Type.NUMERIC, Question.Type.ESSAY):
        values = get_list(name)
        text = values[-1] if values else ""
        limit = MAX_ESSAY if question_type == Question.Type.ESSAY else MAX_TEXT
        if len(text) > limit:
            raise InvalidResponse(_("The answer to question %s is too long.") % (position + 1))
        text = unicodedata.normalize("NFC", text)
        return {"text": text} if text.strip() else {}
    if question_type == Question.Type.MATCHING:
        rows, targets = layout.get("rows", []), layout.get("targets", [])
        matches = []
        for row in range(len(rows)):
            values = [v for v in get_list(f"{name}-{row}") if v != ""]
            matches.append(_index(values[-1], len(targets), position) if values else None)
        _reject_unknown_subfields(data, name, len(rows), position)
        return {"matches": matches} if any(m is not None for m in matches) else {}
    if question_type == Question.Type.ORDERING:
        order = []
        for item in range(len(choices)):
            values = [v for v in get_list(f"{name}-{item}") if v != ""]
            order.append(_index(values[-1], len(choices), position) if values else None)
        _reject_unknown_subfields(data, name, len(choices), position)
        return {"order": order} if any(o is not None for o in order) else {}
    raise InvalidResponse(_("Unknown question type."))


def _as_list(value) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


def _index(value, size: int, position: int) -> int:
    try:
        index = int(str(value))
    except (TypeError, ValueError):
        index = -1
    if not 0 <= index < size:
        raise InvalidResponse(
            _("Question %s received a choice that is not one of its options.") % (position + 1)
        )
    return index


def _reject_unknown_subfields(data, name: str, size: int, position: int) -> None:
    for key in data:
        if key.startswith(name + "-"):
            suffix = key[len(name) + 1 :]
            if not suffix.isdigit() or int(suffix) >= size:
                raise InvalidResponse(
                    _("Question %s received an item that is not part of it.") % (position + 1)
                )


def is_answered(question_type: str, response) -> bool:
    return bool(response)


# ---- Grading ------------------------------------------------------------------------


def grade(question, answers, layout: dict, response) -> Decimal | None:
    """The fraction (0 to 1) of the question's points a response earns.

    None means a person must mark it (an essay with an answer). `answers` are the
    question's `Answer` rows in their stored order.
    """
    from .models import Question

    kind = question.type
    response = response or {}
    by_id = {a.pk: a for a in answers}
    if kind == Question.Type.ESSAY:
        return None if (response.get("text") or "").strip() else ZERO
    if kind in (Question.Type.SINGLE, Question.Type.TRUE_FALSE):
        answer = _chosen(layout, response.get("choice"), by_id)
        return _clamp(answer.fraction / HUNDRED) if answer else ZERO
    if kind == Question.Type.MULTIPLE:
        chosen = {
            a.pk for a in (_chosen(layout, i, by_id) for i in response.get("choices", [])) if a
        }
        if question.multiple_grading == Question.MultipleGrading.ALL_OR_NOTHING:
            right = {a.pk for a in answers if a.fraction > 0}
            return ONE if chosen and chosen == right else ZERO
        total = sum((by_id[pk].fraction for pk in chosen), ZERO)
        return _clamp(total / HUNDRED)
    if kind == Question.Type.SHORT:
        given = normalise_text(
            response.get("text", ""), accent_insensitive=question.accent_insensitive
        )
        if not given:
            return ZERO
        best = ZERO
        for answer in answers:
            expected = normalise_text(answer.text, accent_insensitive=question.accent_insensitive)
            if expected and expected == given:
                best = max(best, answer.fraction / HUNDRED)
        return _clamp(best)
    if kind == Question.Type.NUMERIC:
        number = parse_number(response.get("text", ""))
        if number is None:
            return ZERO
        best = ZERO
        for answer in answers:
            expected = parse_number(answer.text)
            if expected is not None and abs(number - expected) <= answer.tolerance:
                best = max(best, answer.fraction / HUNDRED)
        return _clamp(best)
    if kind == Question.Type.MATCHING:
        rows, targets = layout.get("rows", []), layout.get("targets", [])
        if not rows:
            return ZERO
        matches = response.get("matches") or []
        right = 0
        for row, answer_id in enumerate(rows):
            chosen = matches[row] if row < len(matches) else None
            answer = by_id.get(answer_id)
            if answer and chosen is not None and 0 <= chosen < len(targets):
                right += targets[chosen] == answer.match_text.strip()
        return Decimal(right) / Decimal(len(rows))
    if kind == Question.Type.ORDERING:
        shown = layout.get("choices", [])
        if not shown:
            return ZERO
        correct_position = {a.pk: i for i, a in enumerate(answers)}
        order = response.get("order") or []
        right = sum(
            1
            for item, answer_id in enumerate(shown)
            if item < len(order) and order[item] == correct_position.get(answer_id)
        )
        return Decimal(right) / Decimal(len(shown))
    return ZERO


def _chosen(layout: dict, index, by_id: dict):
    choices = layout.get("choices", [])
    if isinstance(index, int) and 0 <= index < len(choices):
        return by_id.get(choices[index])
    return None


def _clamp(value: Decimal) -> Decimal:
    return max(ZERO, min(ONE, value))


def points(fraction: Decimal | None, max_points: Decimal) -> Decimal | None:
    if fraction is None:
        return None
    return (fraction * max_points).quantize(Decimal("0.01"))


# ---- Validation of a question's key (admin forms and importers share it) -------------


def key_errors(question_type: str, answers: list[dict], *, multiple_grading: str = "") -> list[str]:
    """Why a set of answers cannot grade a question of this type (empty if it can).

    `answers` are dicts with text, match_text, fraction (Decimal) and tolerance.
    """
    from .models import Question

    T = Question.Type
    errors = []
    texts = [a for a in answers if (a.get("text") or "").strip()]
    fractions = [Decimal(a.get("fraction") or 0) for a in texts]
    if question_type in (T.SINGLE, T.MULTIPLE, T.TRUE_FALSE):
        if len(texts) < 2:
            errors.append(_("Give at least two choices."))
        if not any(f > 0 for f in fractions):
            errors.append(_("Mark at least one choice as right (a weight above 0)."))
    if question_type == T.SINGLE and fractions and max(fractions, default=0) != HUNDRED:
        errors.append(_("One choice must have the weight 100."))
    if question_type == T.TRUE_FALSE:
        if len(texts) != 2:
            errors.append(_("A true/false question has exactly two choices."))
        elif sorted(fractions) != [ZERO, HUNDRED]:
            errors.append(_("One of the two choices is right (100), the other wrong (0)."))
    if question_type == T.MULTIPLE and multiple_grading == Question.MultipleGrading.PARTIAL:
        positive = sum((f for f in fractions if f > 0), ZERO)
        if positive and positive != HUNDRED:
            errors.append(
                _("The positive weights must add up to 100 (they add up to %s).") % positive
            )
    if question_type in (T.SHORT, T.NUMERIC):
        if not texts:
            errors.append(_("Give at least one accepted answer."))
        elif max(fractions, default=ZERO) != HUNDRED:
            errors.append(_("At least one accepted answer must have the weight 100."))
        if any(f < 0 for f in fractions):
            errors.append(_("Accepted answers cannot have negative weights."))
    if question_type == T.NUMERIC:
        for answer in texts:
            if parse_number(answer["text"]) is None:
                errors.append(_("“%s” is not a number.") % answer["text"])
    if question_type == T.MATCHING:
        pairs = [a for a in answers if (a.get("text") or "").strip()]
        if len(pairs) < 2:
            errors.append(_("Give at least two pairs to match."))
        if any(not (a.get("match_text") or "").strip() for a in answers):
            errors.append(_("Every matching item needs what it matches."))
    if question_type == T.ORDERING and len(texts) < 2:
        errors.append(_("Give at least two items to put in order."))
    if question_type == T.ESSAY and texts:
        errors.append(_("Essay questions are marked by hand and take no answers."))
    return errors
