"""Accent-insensitive search over courses and lessons, the same on SQLite and PostgreSQL.

Officers often type Vietnamese without diacritics ("ho kinh doanh" for "hộ kinh doanh").
Neither database folds Vietnamese on its own: SQLite FTS5's unicode61 tokenizer keeps letters
carrying two marks ("ộ", "ự") and never maps "đ", and PostgreSQL needs the `unaccent`
extension plus a custom text-search configuration. So each course and lesson also indexes an
accent-folded copy of its searchable text (`AccentFoldedSearchMixin`, `FOLDED_SEARCH_FIELDS`)
and every query is folded the same way before it reaches Wagtail's database backend. Queries
typed with diacritics still rank pages that have the exact spelling first.

This module is imported by `courses.models`, so it imports no model at module level.
"""

import re
import unicodedata
from dataclasses import dataclass

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from wagtail.search import index
from wagtail.search.query import Or, PlainText

FOLDED_FIELD = "search_text_folded"

# Indexed twice: as a SearchField for whole-word matches and as an AutocompleteField for
# prefix matches while the officer is still typing the last word.
FOLDED_SEARCH_FIELDS = [index.SearchField(FOLDED_FIELD), index.AutocompleteField(FOLDED_FIELD)]

MAX_QUERY_LENGTH = 200
# A bound on the size of the full-text expression, whatever is pasted into the box.
MAX_TERMS = 20
SNIPPET_LENGTH = 220

# Letters that carry a stroke rather than a combining mark, so NFD leaves them alone.
_STROKED = {"đ": "d"}
_WORD = re.compile(r"\w+")


class _FoldTable(dict):
    """`str.translate` table built lazily: lower case, no combining marks, đ → d."""

    def __missing__(self, codepoint: int) -> str:
        char = chr(codepoint)
        if unicodedata.category(char) == "Mn":
            folded = ""
        else:
            lowered = char.lower()
            decomposed = unicodedata.normalize("NFD", lowered)
            folded = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
            folded = _STROKED.get(folded, folded)
            # Characters that decompose into several letters (Hangul syllables) stay whole.
            if len(folded) != 1:
                folded = lowered if len(lowered) == 1 else char
        self[codepoint] = folded
        return folded


_FOLD_TABLE = _FoldTable()


def fold(text: str) -> str:
    """Lower-case `text` and strip its diacritics: "ĐĂNG KÝ Hộ" → "dang ky ho"."""
    return unicodedata.normalize("NFC", text).translate(_FOLD_TABLE)


def _as_text(value) -> str:
    # Mirrors how the database backend flattens a field value (StreamField gives a list).
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, list | tuple):
        return " ".join(_as_text(item) for item in value)
    if isinstance(value, dict):
        return " ".join(_as_text(item) for item in value.values())
    return str(value)


def searchable_text(page, *, include_title: bool = True) -> str:
    """The text Wagtail indexes for `page` (every SearchField but the folded copy)."""
    parts = []
    for field in page.get_search_fields():
        if not isinstance(field, index.SearchField) or field.field_name == FOLDED_FIELD:
            continue
        if field.field_name == "title" and not include_title:
            continue
        parts.append(_as_text(field.get_value(page)))
    return " ".join(part for part in parts if part)


class AccentFoldedSearchMixin:
    """Gives a page model the folded copy of its text that `FOLDED_SEARCH_FIELDS` index.

    Add the mixin to the model's bases and `*FOLDED_SEARCH_FIELDS` to its `search_fields`.
    """

    def search_text_folded(self) -> str:
        return fold(searchable_text(self))


def query_words(text: str) -> list[str]:
    """The words of a query with punctuation dropped (no search syntax reaches the backend)."""
    words = _WORD.findall(unicodedata.normalize("NFC", text).lower().replace("_", " "))
    return words[:MAX_TERMS]


def searchable_pages():
    """Live, public courses and activities whose course and module are live too.

    Activities are lessons plus any other activity type (quiz, scenario) that opts in with
    `AccentFoldedSearchMixin`. Wagtail only unpublishes descendants when asked to, so a
    live lesson can sit in an unpublished course or module; it must not show up.
    """
    from django.db.models import Q
    from wagtail.models import Page

    from .models import (
        CourseIndexPage,
        CoursePage,
        LessonPage,
        ModulePage,
        activity_page_models,
    )

    activities = [m for m in activity_page_models() if issubclass(m, AccentFoldedSearchMixin)]
    hidden = Q()
    for path in (
        Page.objects.not_live()
        .type(CourseIndexPage, CoursePage, ModulePage)
        .values_list("path", flat=True)
    ):
        hidden |= Q(path__startswith=path)
    return Page.objects.live().public().type(CoursePage, LessonPage, *activities).exclude(hidden)


def search_pages(text: str):
    """Search results (lazy, sliceable, countable) for what the officer typed.

    Whole words first, ranked by Wagtail (titles weigh more); when no page has every word,
    the last word is treated as the beginning of a word ("khai si" finds "khai sinh").
    """
    words = query_words(text)
    if not words:
        return []
    folded = " ".join(fold(word) for word in words)
    typed = " ".join(words)
    pages = searchable_pages()
    query = PlainText(folded, operator="and")
    if typed != folded:
        # Also match the exact spelling: pages that have it score higher.
        query = Or([query, PlainText(typed, operator="and")])
    results = pages.search(query)
    if results.count():
        return results
    return pages.autocomplete(folded, operator="and")


def highlight(text: str, words: list[str], *, length: int = SNIPPET_LENGTH) -> SafeString:
    """An excerpt of `text` around the first matching word, matches wrapped in <mark>.

    Words match accent-insensitively; when the last word is nowhere in full, it also matches
    as a prefix, as the officer may still be typing it.
    """
    text = " ".join(unicodedata.normalize("NFC", text).split())
    tokens = [(m.span(), fold(m.group())) for m in _WORD.finditer(text)]
    exact = {fold(word) for word in words}
    prefix = fold(words[-1]) if words else None
    if prefix in {token for _, token in tokens}:
        prefix = None
    spans = [
        span
        for span, token in tokens
        if token in exact or (prefix is not None and token.startswith(prefix))
    ]
    start = 0
    if spans and spans[0][0] > length // 3:
        # Open a little before the first match, at a word boundary.
        start = text.rfind(" ", 0, spans[0][0] - length // 3) + 1
    end = min(start + length, len(text))
    if end < len(text):
        boundary = text.rfind(" ", start, end)
        end = boundary if boundary > start else end
    pieces, cursor = [], start
    for span_start, span_end in spans:
        if span_start < start or span_end > end:
            continue
        pieces.append(escape(text[cursor:span_start]))
        pieces.append(format_html("<mark>{}</mark>", text[span_start:span_end]))
        cursor = span_end
    pieces.append(escape(text[cursor:end]))
    return format_html(
        "{}{}{}",
        "… " if start > 0 else "",
        SafeString("".join(pieces)),
        " …" if end < len(text) else "",
    )


@dataclass
class SearchHit:
    """One line of the results page: a course or a lesson with its course."""

    page: object
    course: object
    kind: str
    url: str
    course_url: str
    snippet: SafeString
    state: str | None = None
    state_label: str = ""

    @property
    def is_course(self) -> bool:
        return self.page.pk == self.course.pk

    @property
    def state_class(self) -> str:
        # Matches the .badge--not-started / --in-progress / ... classes of site.css.
        return (self.state or "").replace("_", "-")


STATE_LABELS = {
    "not_started": _("Not started"),
    "in_progress": _("In progress"),
    "completed": _("Completed"),
    "overdue": _("Overdue"),
}


def _course_path(page) -> str:
    from wagtail.models import Page

    from .models import CoursePage

    # A lesson sits two levels below its course (course → module → lesson).
    if issubclass(page.specific_class, CoursePage):
        return page.path
    return page.path[: -2 * Page.steplen]


def search_hits(pages, *, text: str, user, request=None) -> list[SearchHit]:
    """Turn one page of results into display rows in a fixed number of queries.

    Loads the specific pages together with their courses (one query, plus one per page
    type) and the officer's enrolment in those courses (one query).
    """
    from django.db.models import Q
    from wagtail.models import Page

    from .models import CoursePage, Enrolment

    pages = list(pages)
    if not pages:
        return []
    course_paths = {page.pk: _course_path(page) for page in pages}
    loaded = list(
        Page.objects.filter(
            Q(pk__in=course_paths) | Q(path__in=set(course_paths.values()))
        ).specific()
    )
    by_pk = {page.pk: page for page in loaded}
    courses = {page.path: page for page in loaded if isinstance(page, CoursePage)}
    states = dict(
        Enrolment.objects.filter(user=user, course__in=courses.values())
        .with_state()
        .values_list("course_id", "state")
    )
    words = query_words(text)
    hits = []
    for result in pages:
        page, course = by_pk.get(result.pk), courses.get(course_paths[result.pk])
        if page is None or course is None:
            continue
        state = states.get(course.pk)
        hits.append(
            SearchHit(
                page=page,
                course=course,
                kind=str(_("Course") if page is course else page.activity_label),
                url=page.get_url(request),
                course_url=course.get_url(request),
                snippet=highlight(searchable_text(page, include_title=False), words),
                state=state,
                state_label=str(STATE_LABELS.get(state, "")),
            )
        )
    return hits
