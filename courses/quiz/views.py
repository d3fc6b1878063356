"""Officer-facing attempt views: take (page by page), autosave, summary and submit, review.

The quiz page itself (intro, start or resume) is `QuizPage`, served through
`ActivityPage.serve`, which checks enrolment. These views load the attempt by id, check
that it belongs to the signed-in officer (trainers and HR may only review), that the
officer is still enrolled, then call one service and redirect.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from courses.models import Enrolment

from .display import STATUS_LABELS, Reveal, reveal_for, slot_view
from .grading import InvalidResponse
from .models import Answer, Attempt, AttemptQuestion
from .services import (
    AttemptClosed,
    QuizError,
    attempt_check,
    attempt_close_if_overdue,
    attempt_save,
    attempt_submit,
    quiz_grade,
)


def _forbidden(request, message: str):
    return TemplateResponse(request, "quiz/unavailable.html", {"message": message}, status=403)


def _own_attempt(request, pk: int) -> Attempt:
    """The officer's own attempt; raises 404 (unknown) or PermissionDenied (someone else's)."""
    attempt = Attempt.objects.select_related("quiz").filter(pk=pk).first()
    if attempt is None:
        raise Http404
    if attempt.user_id != request.user.pk:
        raise PermissionDenied(_("This attempt belongs to another officer."))
    course_path = attempt.quiz.path[: -attempt.quiz.steplen * 2]
    if not Enrolment.objects.filter(user=request.user, course__path=course_path).exists():
        raise PermissionDenied(_("You are not enrolled in this course."))
    return attempt


def _slot_queryset():
    return AttemptQuestion.objects.select_related("question__image").prefetch_related(
        Prefetch("question__answers", queryset=Answer.objects.order_by("sort_order", "pk"))
    )


def _page_from(value, attempt: Attempt) -> int:
    try:
        page = int(value)
    except (TypeError, ValueError):
        return attempt.current_page
    return max(0, min(page, attempt.page_count - 1))


@never_cache
@login_required
def attempt_take(request, pk: int):
    try:
        attempt = _own_attempt(request, pk)
    except PermissionDenied as error:
        return _forbidden(request, str(error) or _("You cannot open this attempt."))
    if attempt.is_in_progress and attempt_close_if_overdue(attempt_id=attempt.pk):
        messages.warning(request, _("Time is up: your saved answers were submitted and graded."))
        return redirect(attempt.get_review_url())
    if not attempt.is_in_progress:
        return redirect(attempt.get_review_url())
    if request.method == "POST":
        return _take_post(request, attempt)
    page = _page_from(request.GET.get("page"), attempt)
    slots = list(_slot_queryset().filter(attempt=attempt, page=page).order_by("position"))
    navigation = list(
        AttemptQuestion.objects.filter(attempt=attempt)
        .order_by("position")
        .values("position", "page", "response", "checked")
    )
    context = {
        "attempt": attempt,
        "quiz": attempt.quiz,
        "page_number": page,
        "questions": [slot_view(slot, Reveal(), editable=True) for slot in slots],
        "navigation": [
            {
                "number": item["position"] + 1,
                "page": item["page"],
                "answered": bool(item["response"]),
                "checked": item["checked"],
                "current": item["page"] == page,
            }
            for item in navigation
        ],
        "has_previous": page > 0,
        "has_next": page < attempt.page_count - 1,
        "seconds_left": attempt.seconds_left(),
        "autosave_url": reverse("quiz:autosave", args=[attempt.pk]),
        "status_labels": STATUS_LABELS,
    }
    return TemplateResponse(request, "quiz/attempt.html", context)


def _take_post(request, attempt: Attempt):
    page = _page_from(request.POST.get("page"), attempt)
    action = request.POST.get("action", "save")
    target = page
    if action == "next":
        target = min(page + 1, attempt.page_count - 1)
    elif action == "previous":
        target = max(page - 1, 0)
    elif action.startswith("goto-"):
        target = _page_from(action.removeprefix("goto-"), attempt)
    try:
        if action == "submit":
            _attempt, graded = attempt_submit(
                attempt_id=attempt.pk, user=request.user, data=request.POST
            )
            if not graded:
                messages.info(request, _("This attempt had already been submitted."))
            return redirect(attempt.get_review_url())
        if action.startswith("check-"):
            position = int(action.removeprefix("check-"))
            attempt_check(
                attempt_id=attempt.pk, user=request.user, position=position, data=request.POST
            )
            return redirect(f"{attempt.get_absolute_url()}?page={page}#q{position + 1}")
        attempt_save(attempt_id=attempt.pk, user=request.user, data=request.POST, page=target)
    except AttemptClosed as error:
        messages.warning(request, str(error))
        return redirect(attempt.get_review_url())
    except (InvalidResponse, QuizError, ValueError) as error:
        messages.error(request, str(error) or _("Your answers could not be saved."))
        return redirect(f"{attempt.get_absolute_url()}?page={page}")
    if action == "finish":
        return redirect(reverse("quiz:summary", args=[attempt.pk]))
    return redirect(f"{attempt.get_absolute_url()}?page={target}")


@never_cache
@login_required
@require_POST
def attempt_autosave(request, pk: int):
    """Save the answers on the officer's screen; answers JSON for `quiz.js`."""
    try:
        attempt = _own_attempt(request, pk)
        page = _page_from(request.POST.get("page"), attempt)
        attempt = attempt_save(
            attempt_id=attempt.pk, user=request.user, data=request.POST, page=page
        )
    except PermissionDenied as error:
        return JsonResponse({"ok": False, "message": str(error)}, status=403)
    except AttemptClosed as error:
        return JsonResponse(
            {
                "ok": False,
                "closed": True,
                "message": str(error),
                "redirect": reverse("quiz:review", args=[pk]),
            },
            status=409,
        )
    except (InvalidResponse, QuizError) as error:
        return JsonResponse({"ok": False, "message": str(error)}, status=400)
    now = timezone.now()
    return JsonResponse(
        {
            "ok": True,
            "saved_at": timezone.localtime(now).strftime("%H:%M:%S"),
            "seconds_left": attempt.seconds_left(now),
        }
    )


@never_cache
@login_required
def attempt_summary(request, pk: int):
    """Before submitting: which questions are answered; POST submits and grades."""
    try:
        attempt = _own_attempt(request, pk)
    except PermissionDenied as error:
        return _forbidden(request, str(error))
    if request.method == "POST":
        try:
            attempt, graded = attempt_submit(attempt_id=attempt.pk, user=request.user)
        except QuizError as error:
            messages.error(request, str(error))
            return redirect(reverse("quiz:summary", args=[pk]))
        if not graded:
            messages.info(request, _("This attempt had already been submitted."))
        return redirect(attempt.get_review_url())
    if attempt.is_in_progress and attempt_close_if_overdue(attempt_id=attempt.pk):
        messages.warning(request, _("Time is up: your saved answers were submitted and graded."))
        return redirect(attempt.get_review_url())
    if not attempt.is_in_progress:
        return redirect(attempt.get_review_url())
    rows = list(
        AttemptQuestion.objects.filter(attempt=attempt)
        .order_by("position")
        .values("position", "page", "response")
    )
    unanswered = sum(1 for row in rows if not row["response"])
    context = {
        "attempt": attempt,
        "quiz": attempt.quiz,
        "rows": [
            {"number": r["position"] + 1, "page": r["page"], "answered": bool(r["response"])}
            for r in rows
        ],
        "unanswered": unanswered,
        "seconds_left": attempt.seconds_left(),
    }
    return TemplateResponse(request, "quiz/summary.html", context)


@never_cache
@login_required
def attempt_review(request, pk: int):
    """A finished attempt, showing what the review options (or the reviewer's role) allow."""
    attempt = (
        Attempt.objects.visible_to(request.user)
        .select_related("quiz", "user__officer")
        .filter(pk=pk)
        .first()
    )
    if attempt is None:
        if Attempt.objects.filter(pk=pk).exists():
            return _forbidden(request, _("This attempt belongs to another officer."))
        raise Http404
    is_owner = attempt.user_id == request.user.pk
    if attempt.is_in_progress and is_owner:
        return redirect(attempt.get_absolute_url())
    now = timezone.now()
    reveal = reveal_for(attempt, request.user, now=now)
    slots = list(_slot_queryset().filter(attempt=attempt).order_by("position"))
    quiz = attempt.quiz
    grade = quiz_grade(quiz=quiz, user=attempt.user) if reveal.score else None
    context = {
        "attempt": attempt,
        "quiz": attempt.quiz,
        "reveal": reveal,
        "is_owner": is_owner,
        "questions": [slot_view(slot, reveal) for slot in slots],
        "status_labels": STATUS_LABELS,
        "quiz_grade": grade,
        "show_outcome": reveal.score and attempt.state == Attempt.State.FINISHED,
    }
    return TemplateResponse(request, "quiz/review.html", context)
