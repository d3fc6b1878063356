"""Every write to the bank, attempts and marks goes through these functions.

Integrity rules kept here, not in views:
* an attempt is changed only by its owner, only while in progress and before its
  deadline plus a short grace; the row is locked (`select_for_update`) and its state
  checked first, so a second submit (two tabs, a double click, a replay) grades nothing;
* a request with any value that does not fit the attempt is rejected whole (the
  transaction rolls back, nothing is saved);
* grading reads the key from the stored question version, never from the request;
* a graded attempt reports the officer's quiz grade to `courses.services.activity_record_result`
  in the same transaction, so course completion follows.
"""

import random
import re
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from courses.services import activity_record_result, activity_start

from .grading import (
    InvalidResponse,
    answers_from_key,
    build_layout,
    grade,
    key_snapshot,
    parse_response,
    points,
)
from .models import Answer, Attempt, AttemptQuestion, Category, Question, QuizPage

HUNDRED = Decimal("100")
FIELD = re.compile(r"^q(\d+)(?:-(\d+))?$")


class QuizError(Exception):
    """A user-facing reason why a quiz action was refused; nothing was recorded."""


class AttemptClosed(QuizError):
    """The attempt can no longer change: submitted, or closed by its deadline."""


def grace_period() -> timedelta:
    """Answers sent just before the deadline may arrive a little after it."""
    return timedelta(seconds=getattr(settings, "QUIZ_GRACE_SECONDS", 30))


# ---- Availability and start ---------------------------------------------------------------


@dataclass
class Availability:
    can_start: bool
    reason: str = ""
    attempts_left: int | None = None


def quiz_availability(*, quiz: QuizPage, user, attempts=None, now=None) -> Availability:
    """Whether `user` may start a new attempt now, and if not, why (for the quiz page)."""
    now = now or timezone.now()
    if attempts is None:
        attempts = list(Attempt.objects.filter(quiz=quiz, user=user))
    left = None
    if quiz.max_attempts:
        left = max(0, quiz.max_attempts - len(attempts))
    if quiz.open_at and now < quiz.open_at:
        when = date_format(timezone.localtime(quiz.open_at), "SHORT_DATETIME_FORMAT")
        return Availability(False, _("This quiz opens on %s.") % when, left)
    if quiz.is_closed(now):
        return Availability(False, _("This quiz is closed."), left)
    if any(a.is_in_progress for a in attempts):
        return Availability(True, "", left)
    if left == 0:
        return Availability(False, _("You have used all your attempts at this quiz."), left)
    return Availability(True, "", left)


@transaction.atomic
def attempt_start(*, quiz: QuizPage, user, seed: int | None = None, now=None) -> Attempt:
    """Open a new attempt (or return the one in progress): draw, order and lay out questions.

    The draw is reproducible: the same seed on the same bank gives the same questions
    in the same order with the same shuffled choices.
    """
    now = now or timezone.now()
    existing = list(Attempt.objects.select_for_update().filter(quiz=quiz, user=user))
    current = next((a for a in existing if a.is_in_progress), None)
    if current is not None:
        if not _close_if_overdue(current, now=now):
            return current
        existing = list(Attempt.objects.filter(quiz=quiz, user=user))
    availability = quiz_availability(quiz=quiz, user=user, attempts=existing, now=now)
    if not availability.can_start:
        raise QuizError(availability.reason)
    seed = seed if seed is not None else random.SystemRandom().randrange(2**62)
    rng = random.Random(seed)
    questions = select_questions(quiz=quiz, rng=rng)
    if not questions:
        raise QuizError(_("This quiz has no questions yet."))
    deadline = now + quiz.time_limit if quiz.time_limit else None
    if quiz.close_at and (deadline is None or quiz.close_at < deadline):
        deadline = quiz.close_at
    one_per_page = quiz.layout == QuizPage.Layout.ONE
    try:
        # A double click on "Start" races here: the database keeps one attempt in progress.
        with transaction.atomic():
            attempt = Attempt.objects.create(
                quiz=quiz,
                user=user,
                course=quiz.course,
                number=max((a.number for a in existing), default=0) + 1,
                seed=seed,
                started_at=now,
                deadline=deadline,
                page_count=len(questions) if one_per_page else 1,
                max_score=sum((q.points for q in questions), Decimal("0")),
            )
    except IntegrityError:
        running = Attempt.objects.filter(
            quiz=quiz, user=user, state=Attempt.State.IN_PROGRESS
        ).first()
        if running is None:
            raise
        return running
    AttemptQuestion.objects.bulk_create(
        [
            AttemptQuestion(
                attempt=attempt,
                position=position,
                page=position if one_per_page else 0,
                question=question,
                max_points=question.points,
                layout=build_layout(
                    question, question.ordered_answers(), rng, shuffle=quiz.shuffle_answers
                ),
                key=key_snapshot(question.ordered_answers()),
            )
            for position, question in enumerate(questions)
        ]
    )
    activity_start(user=user, activity=quiz)
    return attempt


def select_questions(*, quiz: QuizPage, rng: random.Random) -> list[Question]:
    """The questions of one attempt: fixed ones and random draws, never one question twice.

    A fixed question that has been edited since the quiz was saved is asked in its current
    version. Candidates are taken in id order before sampling, so a seed reproduces a draw.
    """
    rules = list(quiz.question_rules.order_by("sort_order", "pk"))
    fixed_families = Question.objects.filter(
        pk__in=[r.question_id for r in rules if r.question_id]
    ).values_list("pk", "family")
    family_of = dict(fixed_families)
    current_by_family = dict(
        Question.objects.current().filter(family__in=family_of.values()).values_list("family", "pk")
    )
    chosen: list[int] = []
    used_families: set = set()
    for rule in rules:
        if rule.question_id:
            family = family_of.get(rule.question_id)
            pk = current_by_family.get(family)
            if pk is None or family in used_families:
                continue
            chosen.append(pk)
            used_families.add(family)
            continue
        category = rule.category
        category_ids = category.descendant_ids() if rule.include_subcategories else [category.pk]
        candidates = Question.objects.current().filter(category_id__in=category_ids)
        if rule.tag:
            candidates = candidates.filter(tags__name__iexact=rule.tag)
        pool = [
            (pk, family)
            for pk, family in candidates.order_by("pk").values_list("pk", "family").distinct()
            if family not in used_families
        ]
        if len(pool) < rule.count:
            raise QuizError(
                _(
                    "The category “%(category)s” has %(have)s questions left; the quiz draws %(need)s."
                )
                % {"category": category.name, "have": len(pool), "need": rule.count}
            )
        for pk, family in rng.sample(pool, rule.count):
            chosen.append(pk)
            used_families.add(family)
    if quiz.random_order:
        rng.shuffle(chosen)
    if quiz.max_questions:
        chosen = chosen[: quiz.max_questions]
    loaded = Question.objects.filter(pk__in=chosen).prefetch_related(
        Prefetch("answers", queryset=Answer.objects.order_by("sort_order", "pk"))
    )
    by_pk = {q.pk: q for q in loaded}
    return [by_pk[pk] for pk in chosen]


# ---- Saving, checking and submitting ---------------------------------------------------------


def _lock_attempt(attempt_id: int, user) -> Attempt:
    attempt = (
        Attempt.objects.select_for_update(of=("self",))
        .select_related("quiz", "course")
        .filter(pk=attempt_id)
        .first()
    )
    if attempt is None:
        raise QuizError(_("This attempt does not exist."))
    if attempt.user_id != user.pk:
        raise PermissionDenied(_("This attempt belongs to another officer."))
    attempt.user = user
    _share_course(attempt)
    return attempt


def _share_course(attempt: Attempt) -> None:
    # The course read with the attempt spares `activity_record_result` a tree query.
    if attempt.quiz.path.startswith(attempt.course.path):
        attempt.quiz.course = attempt.course


def _slots(attempt: Attempt) -> list[AttemptQuestion]:
    """The attempt's slots with their question versions: one query, keys included."""
    return list(
        AttemptQuestion.objects.filter(attempt=attempt)
        .select_related("question")
        .order_by("position")
    )


def _apply_responses(attempt: Attempt, slots: list[AttemptQuestion], data) -> list[AttemptQuestion]:
    """Set the responses found in `data` on the slots; reject anything that does not fit."""
    by_position = {slot.position: slot for slot in slots}
    positions = set()
    for key in data:
        match = FIELD.match(key)
        if match:
            positions.add(int(match.group(1)))
    unknown = positions - set(by_position)
    if unknown:
        raise InvalidResponse(_("The answers sent are for questions that are not in this attempt."))
    changed = []
    for position in sorted(positions):
        slot = by_position[position]
        response = parse_response(slot.question.type, slot.layout, position, data)
        if response is None:
            continue
        if slot.checked:
            if response != (slot.response or {}):
                raise InvalidResponse(
                    _("Question %s was checked and can no longer be changed.") % (position + 1)
                )
            continue
        if response != (slot.response or {}):
            slot.response = response
            changed.append(slot)
    return changed


def attempt_save(*, attempt_id: int, user, data, page: int | None = None, now=None) -> Attempt:
    """Save the answers in `data` (autosave, or moving between pages) and the page reached.

    Raises `AttemptClosed` when the attempt was submitted or its time is up (in which case
    it has just been graded with what was saved before), `InvalidResponse` for bad values.
    """
    now = now or timezone.now()
    with transaction.atomic():
        attempt = _lock_attempt(attempt_id, user)
        timed_out = _close_if_overdue(attempt, now=now)
        if not timed_out and attempt.is_in_progress:
            slots = _slots(attempt)
            changed = _apply_responses(attempt, slots, data)
            if changed:
                AttemptQuestion.objects.bulk_update(changed, ["response"])
            if page is not None and 0 <= page < attempt.page_count and page != attempt.current_page:
                attempt.current_page = page
                attempt.save(update_fields=["current_page"])
            return attempt
    if timed_out:
        raise AttemptClosed(_("Time is up: your saved answers were submitted and graded."))
    raise AttemptClosed(_("This attempt has already been submitted."))


def attempt_check(*, attempt_id: int, user, position: int, data, now=None) -> AttemptQuestion:
    """Immediate feedback ("answers at end" off): grade one question now and lock it."""
    now = now or timezone.now()
    with transaction.atomic():
        attempt = _lock_attempt(attempt_id, user)
        timed_out = _close_if_overdue(attempt, now=now)
        if not timed_out and attempt.is_in_progress:
            if attempt.quiz.answers_at_end:
                raise QuizError(_("This quiz shows the answers only at the end."))
            slots = _slots(attempt)
            changed = _apply_responses(attempt, slots, data)
            slot = next((s for s in slots if s.position == position), None)
            if slot is None:
                raise InvalidResponse(_("That question is not in this attempt."))
            if slot.question.needs_marking:
                raise QuizError(_("Essays are marked by a trainer after you submit."))
            if not slot.response:
                raise QuizError(_("Answer the question before checking it."))
            if not slot.checked:
                fraction = grade(
                    slot.question, answers_from_key(slot.key), slot.layout, slot.response
                )
                slot.score = points(fraction, slot.max_points)
                slot.checked = True
                changed = [s for s in changed if s.pk != slot.pk] + [slot]
            AttemptQuestion.objects.bulk_update(changed, ["response", "score", "checked"])
            return slot
    if timed_out:
        raise AttemptClosed(_("Time is up: your saved answers were submitted and graded."))
    raise AttemptClosed(_("This attempt has already been submitted."))


def attempt_submit(*, attempt_id: int, user, data=None, now=None) -> tuple[Attempt, bool]:
    """Submit and grade an attempt. Returns (attempt, graded by this call).

    A second submit of the same attempt changes nothing and returns False. After the
    deadline plus the grace, the answers in `data` are ignored and what was saved is graded.
    A constant number of queries, whatever the number of questions.
    """
    now = now or timezone.now()
    with transaction.atomic():
        attempt = _lock_attempt(attempt_id, user)
        if not attempt.is_in_progress:
            return attempt, False
        slots = _slots(attempt)
        late = attempt.closes_at() is not None and now > attempt.closes_at()
        if data and not late:
            _apply_responses(attempt, slots, data)
        # Submitted by the timer (or in the grace after it): the attempt ended at its deadline.
        timed_out = attempt.deadline is not None and now >= attempt.deadline
        _finish(
            attempt,
            slots,
            now=min(now, attempt.deadline) if timed_out else now,
            timed_out=timed_out,
        )
        return attempt, True


def attempt_close_if_overdue(*, attempt_id: int, now=None) -> bool:
    """Grade one attempt with its saved answers if its deadline and grace have passed."""
    now = now or timezone.now()
    with transaction.atomic():
        attempt = (
            Attempt.objects.select_for_update(of=("self",))
            .select_related("quiz", "course", "user")
            .get(pk=attempt_id)
        )
        _share_course(attempt)
        return _close_if_overdue(attempt, now=now)


def attempts_close_overdue(*, now=None) -> int:
    """Grade every attempt left open past its deadline (the officer closed the tab)."""
    now = now or timezone.now()
    ids = Attempt.objects.filter(
        state=Attempt.State.IN_PROGRESS, deadline__lt=now - grace_period()
    ).values_list("pk", flat=True)
    return sum(attempt_close_if_overdue(attempt_id=pk, now=now) for pk in list(ids))


def _close_if_overdue(attempt: Attempt, *, now) -> bool:
    closes_at = attempt.closes_at()
    if attempt.is_in_progress and closes_at is not None and now > closes_at:
        _finish(attempt, _slots(attempt), now=attempt.deadline, timed_out=True)
        return True
    return False


def _finish(attempt: Attempt, slots: list[AttemptQuestion], *, now, timed_out: bool) -> None:
    for slot in slots:
        if slot.checked:
            continue
        fraction = grade(slot.question, answers_from_key(slot.key), slot.layout, slot.response)
        slot.score = points(fraction, slot.max_points)
        slot.needs_marking = fraction is None
    AttemptQuestion.objects.bulk_update(slots, ["response", "score", "needs_marking"])
    attempt.finished_at = now
    attempt.timed_out = timed_out
    _total(attempt, slots)
    attempt.save(update_fields=["finished_at", "timed_out", "state", "score", "percent", "passed"])
    if attempt.state == Attempt.State.FINISHED:
        _record_result(attempt)


def _total(attempt: Attempt, slots: list[AttemptQuestion]) -> None:
    """Add up the points; an attempt with unmarked essays waits for marking."""
    attempt.score = sum((s.score or Decimal("0") for s in slots), Decimal("0"))
    attempt.max_score = sum((s.max_points for s in slots), Decimal("0")) or attempt.max_score
    if any(s.needs_marking for s in slots):
        attempt.state = Attempt.State.NEEDS_MARKING
        attempt.percent = None
        attempt.passed = None
        return
    attempt.state = Attempt.State.FINISHED
    attempt.percent = (
        (attempt.score * HUNDRED / attempt.max_score).quantize(Decimal("0.01"))
        if attempt.max_score
        else Decimal("0")
    )
    attempt.passed = attempt.percent >= attempt.quiz.pass_mark


def quiz_grade(*, quiz: QuizPage, user, attempt: Attempt | None = None) -> Decimal | None:
    """The officer's grade on a quiz by its grading method (None before a graded attempt).

    Given the attempt just graded, a first attempt is the grade without another query.
    """
    if attempt is not None and attempt.number == 1 and attempt.state == Attempt.State.FINISHED:
        return attempt.percent
    percents = list(
        Attempt.objects.filter(quiz=quiz, user=user, state=Attempt.State.FINISHED)
        .order_by("number")
        .values_list("percent", flat=True)
    )
    return grade_by_method(quiz.grading_method, percents)


def grade_by_method(method: str, percents: list[Decimal]) -> Decimal | None:
    if not percents:
        return None
    if method == QuizPage.GradingMethod.LAST:
        return percents[-1]
    if method == QuizPage.GradingMethod.FIRST:
        return percents[0]
    if method == QuizPage.GradingMethod.AVERAGE:
        return (sum(percents) / len(percents)).quantize(Decimal("0.01"))
    return max(percents)


def _record_result(attempt: Attempt) -> None:
    quiz = attempt.quiz
    grade_percent = quiz_grade(quiz=quiz, user=attempt.user, attempt=attempt)
    activity_record_result(
        user=attempt.user,
        activity=quiz,
        passed=grade_percent is not None and grade_percent >= quiz.pass_mark,
        score=grade_percent,
    )
    if not quiz.exam_paper:
        # A practice quiz keeps only the score, as django-quiz does without "exam paper".
        AttemptQuestion.objects.filter(attempt=attempt).delete()


# ---- Marking and regrading ---------------------------------------------------------------


@transaction.atomic
def slot_mark(*, slot_id: int, user, score: Decimal, comment: str = "") -> AttemptQuestion:
    """A trainer's mark for one essay; grades the attempt once nothing is left to mark."""
    slot = AttemptQuestion.objects.select_related("question").get(pk=slot_id)
    attempt = (
        Attempt.objects.select_for_update(of=("self",))
        .select_related("quiz", "course", "user")
        .get(pk=slot.attempt_id)
    )
    _share_course(attempt)
    if attempt.is_in_progress:
        raise QuizError(_("The officer has not submitted this attempt yet."))
    if not Decimal("0") <= score <= slot.max_points:
        raise QuizError(_("The mark must be between 0 and %s.") % slot.max_points)
    previous = slot.score
    slot.score = score.quantize(Decimal("0.01"))
    slot.comment = comment
    slot.needs_marking = False
    slot.marked_by = user
    slot.marked_at = timezone.now()
    slot.save(update_fields=["score", "comment", "needs_marking", "marked_by", "marked_at"])
    slots = list(AttemptQuestion.objects.filter(attempt=attempt))
    _total(attempt, slots)
    attempt.save(update_fields=["state", "score", "max_score", "percent", "passed"])
    log(
        instance=attempt,
        action="quiz.mark",
        user=user,
        data={
            "question": slot.number,
            "previous": str(previous) if previous is not None else None,
            "score": str(slot.score),
            "max": str(slot.max_points),
        },
    )
    if attempt.state == Attempt.State.FINISHED:
        _record_result(attempt)
    return slot


@dataclass
class RegradeResult:
    attempt: Attempt
    old_percent: Decimal | None
    new_percent: Decimal | None
    updated_questions: list[int]
    skipped_questions: list[int]


@transaction.atomic
def attempts_regrade(
    *, attempt_ids: list[int], user, to_latest: bool = True
) -> list[RegradeResult]:
    """Grade submitted attempts again, after a trainer fixed a question's key.

    With `to_latest`, each question is moved to its current version when that version
    has the same type and number of answers (choices keep their place); others keep the
    version they had. Marked essays keep their marks. Each attempt gets an audit entry.
    """
    attempts = list(
        Attempt.objects.select_for_update(of=("self",))
        .select_related("quiz", "course", "user__officer")
        .filter(pk__in=attempt_ids)
        .exclude(state=Attempt.State.IN_PROGRESS)
        .order_by("pk")
    )
    results = []
    for attempt in attempts:
        _share_course(attempt)
        slots = list(
            AttemptQuestion.objects.filter(attempt=attempt)
            .select_related("question")
            .prefetch_related(
                Prefetch("question__answers", queryset=Answer.objects.order_by("sort_order", "pk"))
            )
            .order_by("position")
        )
        updated, skipped = [], []
        if to_latest:
            updated, skipped = _move_to_latest(slots)
        for slot in slots:
            if slot.question.needs_marking:
                if slot.marked_at is None:
                    slot.needs_marking = (
                        grade(slot.question, [], slot.layout, slot.response) is None
                    )
                continue
            # The key is read again from the question version: that is what a fix changes.
            slot.key = key_snapshot(slot.question.ordered_answers())
            fraction = grade(slot.question, answers_from_key(slot.key), slot.layout, slot.response)
            slot.score = points(fraction, slot.max_points)
        AttemptQuestion.objects.bulk_update(
            slots, ["question", "layout", "key", "score", "needs_marking", "max_points"]
        )
        old_percent = attempt.percent
        _total(attempt, slots)
        attempt.save(update_fields=["state", "score", "max_score", "percent", "passed"])
        log(
            instance=attempt,
            action="quiz.regrade",
            user=user,
            # Whose attempt it was: the attempt's own label names only the quiz.
            title=f"{attempt} · {_attempt_holder(attempt)}",
            data={
                "old_percent": str(old_percent) if old_percent is not None else None,
                "new_percent": str(attempt.percent) if attempt.percent is not None else None,
                "updated_questions": updated,
                "skipped_questions": skipped,
            },
        )
        if attempt.state == Attempt.State.FINISHED:
            _record_result(attempt)
        results.append(RegradeResult(attempt, old_percent, attempt.percent, updated, skipped))
    return results


def _attempt_holder(attempt: Attempt) -> str:
    officer = getattr(attempt.user, "officer", None)
    return officer.full_name if officer is not None else attempt.user.get_username()


def _move_to_latest(slots: list[AttemptQuestion]) -> tuple[list[int], list[int]]:
    stale = [s for s in slots if not s.question.is_current]
    if not stale:
        return [], []
    latest = {
        q.family: q
        for q in Question.objects.current()
        .filter(family__in={s.question.family for s in stale})
        .prefetch_related(Prefetch("answers", queryset=Answer.objects.order_by("sort_order", "pk")))
    }
    updated, skipped = [], []
    for slot in stale:
        new = latest.get(slot.question.family)
        old_answers = slot.question.ordered_answers()
        if (
            new is None
            or new.type != slot.question.type
            or len(new.ordered_answers()) != len(old_answers)
        ):
            skipped.append(slot.number)
            continue
        mapping = {
            old.pk: fresh.pk for old, fresh in zip(old_answers, new.ordered_answers(), strict=True)
        }
        slot.layout = _remap_layout(slot.layout, mapping)
        slot.question = new
        slot.max_points = new.points
        updated.append(slot.number)
    return updated, skipped


def _remap_layout(layout: dict, mapping: dict[int, int]) -> dict:
    remapped = dict(layout)
    for key in ("choices", "rows"):
        if key in remapped:
            remapped[key] = [mapping.get(pk, pk) for pk in remapped[key]]
    return remapped


# ---- The bank ---------------------------------------------------------------------------


def question_is_used(question: Question) -> bool:
    return AttemptQuestion.objects.filter(question=question).exists()


@transaction.atomic
def question_archive_version(*, question: Question, user=None) -> Question | None:
    """Before an answered question is edited: keep what officers saw as an archived version.

    Copies the stored question (answers and tags too) to a new row with `is_current=False`
    and moves every attempt slot to that copy, remapping the answer ids of their layouts.
    The edited row keeps its id (quizzes keep pointing at it) and takes the next version
    number. Returns the archived copy, or None when no attempt has used the question.
    """
    if question.pk is None or not question_is_used(question):
        return None
    stored = Question.objects.select_for_update().get(pk=question.pk)
    answers = list(stored.answers.order_by("sort_order", "pk"))
    tag_names = list(stored.tags.values_list("name", flat=True))
    next_version = (
        max(Question.objects.filter(family=stored.family).values_list("version", flat=True)) + 1
    )
    Question.objects.filter(pk=stored.pk).update(version=next_version)
    question.version = next_version
    old_pk = stored.pk
    archived = stored
    archived.pk = archived.id = None
    archived._state.adding = True
    archived.is_current = False
    archived.save()
    copies = Answer.objects.bulk_create(
        [
            Answer(
                question=archived,
                sort_order=a.sort_order,
                text=a.text,
                match_text=a.match_text,
                fraction=a.fraction,
                tolerance=a.tolerance,
                feedback=a.feedback,
            )
            for a in answers
        ]
    )
    if tag_names:
        archived.tags.set(tag_names)
        archived.save()
    mapping = {old.pk: new.pk for old, new in zip(answers, copies, strict=True)}
    slots = list(AttemptQuestion.objects.select_for_update().filter(question_id=old_pk))
    for slot in slots:
        slot.question = archived
        slot.layout = _remap_layout(slot.layout, mapping)
        slot.key = [{**item, "id": mapping.get(item["id"], item["id"])} for item in slot.key]
    AttemptQuestion.objects.bulk_update(slots, ["question", "layout", "key"], batch_size=500)
    log(instance=archived, action="quiz.version", user=user, data={"current": old_pk})
    return archived


@transaction.atomic
def question_create(
    *,
    category: Category,
    type: str,
    stem: str,
    answers: list[dict],
    points: Decimal = Decimal("1"),
    title: str = "",
    general_feedback: str = "",
    explanation: str = "",
    multiple_grading: str = Question.MultipleGrading.ALL_OR_NOTHING,
    accent_insensitive: bool = False,
    shuffle_answers: bool = True,
    tags: list[str] = (),
    user=None,
) -> Question:
    """Add a question to the bank (importers and the demo use this; the admin uses its form)."""
    question = Question(
        category=category,
        type=type,
        stem=stem,
        points=points,
        title=title,
        general_feedback=general_feedback,
        explanation=explanation,
        multiple_grading=multiple_grading,
        accent_insensitive=accent_insensitive,
        shuffle_answers=shuffle_answers,
        created_by=user,
    )
    if tags:
        question.tags.set(list(tags))
    question.save()
    Answer.objects.bulk_create(
        [
            Answer(
                question=question,
                sort_order=i,
                text=a.get("text", ""),
                match_text=a.get("match_text", ""),
                fraction=Decimal(str(a.get("fraction", 0))),
                tolerance=Decimal(str(a.get("tolerance", 0))),
                feedback=a.get("feedback", ""),
            )
            for i, a in enumerate(answers)
        ]
    )
    return question


def category_get_or_create_path(*, path: str, root: Category | None = None) -> Category:
    """The category at "A/B/C" under `root` (or at the top), created as needed."""
    parent = root
    names = [name.strip() for name in path.split("/") if name.strip()]
    if not names:
        if root is None:
            raise QuizError(_("Give a category."))
        return root
    for name in names:
        parent, _created = Category.objects.get_or_create(parent=parent, name=name)
    return parent
