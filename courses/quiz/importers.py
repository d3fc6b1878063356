"""Import of questions from GIFT, Aiken or XLSX: preview first, import on confirmation.

`import_preview` parses the file and stores every question with its errors in a
`QuestionImport`; nothing reaches the bank. `import_commit` creates all the questions in
one transaction, and refuses while any question has an error, so a file is never
half-imported. `category_export` writes a category (and its sub-categories) back out.
"""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .formats import FormatError, ParsedQuestion, exporter_for, parser_for
from .models import Category, Question, QuestionImport
from .services import QuizError, category_get_or_create_path, question_create

MAX_UPLOAD = 5 * 1024 * 1024


def import_preview(
    *, data: bytes, filename: str, file_format: str, category: Category, user
) -> QuestionImport:
    """Parse an uploaded file into a previewed import. Raises `FormatError` if unreadable."""
    if len(data) > MAX_UPLOAD:
        raise FormatError(_("The file is larger than 5 MB."))
    questions = parser_for(file_format)(data)
    if not questions:
        raise FormatError(_("No questions were found in the file."))
    return QuestionImport.objects.create(
        uploaded_by=user,
        original_filename=filename[:255],
        file_format=file_format,
        category=category,
        questions=[q.to_json() for q in questions],
        error_count=sum(1 for q in questions if q.errors),
    )


@transaction.atomic
def import_commit(*, question_import: QuestionImport, user) -> list[Question]:
    """Create every previewed question, or none: refuses an import that has errors."""
    question_import = QuestionImport.objects.select_for_update().get(pk=question_import.pk)
    if question_import.status != QuestionImport.Status.PREVIEWED:
        raise QuizError(_("This import has already been imported or cancelled."))
    if question_import.error_count:
        raise QuizError(_("Fix the errors in the file and upload it again: nothing was imported."))
    created = []
    categories: dict[str, Category] = {}
    for data in question_import.questions:
        parsed = ParsedQuestion.from_json(data)
        if parsed.category not in categories:
            categories[parsed.category] = category_get_or_create_path(
                path=parsed.category, root=question_import.category
            )
        created.append(
            question_create(
                category=categories[parsed.category],
                type=parsed.type,
                stem=parsed.stem,
                title=parsed.title[:200],
                points=Decimal(str(parsed.points)),
                answers=parsed.answers,
                general_feedback=parsed.general_feedback,
                explanation=parsed.explanation,
                multiple_grading=parsed.multiple_grading,
                accent_insensitive=parsed.accent_insensitive,
                shuffle_answers=parsed.shuffle_answers,
                tags=parsed.tags,
                user=user,
            )
        )
    question_import.status = QuestionImport.Status.IMPORTED
    question_import.imported_count = len(created)
    question_import.imported_at = timezone.now()
    question_import.save(update_fields=["status", "imported_count", "imported_at"])
    return created


def import_cancel(*, question_import: QuestionImport) -> None:
    QuestionImport.objects.filter(
        pk=question_import.pk, status=QuestionImport.Status.PREVIEWED
    ).update(status=QuestionImport.Status.CANCELLED)


def category_export(*, category: Category, file_format: str) -> bytes:
    """The current questions of a category and its sub-categories, in `file_format`.

    Sub-categories are written as paths relative to `category`, so importing the file
    into another category rebuilds the same tree below it.
    """
    ids = category.descendant_ids()
    names = {c.pk: c for c in Category.objects.filter(pk__in=ids)}

    def relative_path(question: Question) -> str:
        parts, node = [], names.get(question.category_id)
        while node is not None and node.pk != category.pk:
            parts.append(node.name)
            node = names.get(node.parent_id)
        return "/".join(reversed(parts))

    questions = (
        Question.objects.current()
        .filter(category_id__in=ids)
        .prefetch_related("answers", "tags")
        .order_by("category_id", "pk")
    )
    return exporter_for(file_format)(list(questions), category_path=relative_path)
