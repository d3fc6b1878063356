"""Grading of every question type, from the stored key, without the database."""

import random
from decimal import Decimal

import pytest
from django.http import QueryDict

from courses.quiz.grading import (
    InvalidResponse,
    build_layout,
    grade,
    key_errors,
    normalise_text,
    parse_number,
    parse_response,
)
from courses.quiz.models import Answer, Question

T = Question.Type


def question(kind, answers, **fields):
    """An unsaved question whose answers have ids 1, 2, 3… in the given order."""
    q = Question(type=kind, stem="<p>?</p>", points=Decimal("2"), **fields)
    rows = []
    for i, data in enumerate(answers, 1):
        data = dict(data)
        data.setdefault("fraction", 0)
        data["fraction"] = Decimal(str(data["fraction"]))
        data["tolerance"] = Decimal(str(data.get("tolerance", 0)))
        rows.append(Answer(pk=i, sort_order=i, **data))
    return q, rows


def fraction(q, answers, layout, response):
    return grade(q, answers, layout, response)


CHOICES = [{"text": "A", "fraction": 100}, {"text": "B"}, {"text": "C"}, {"text": "D"}]


@pytest.mark.parametrize(
    ("response", "expected"),
    [({"choice": 0}, "1"), ({"choice": 1}, "0"), ({}, "0"), (None, "0"), ({"choice": 9}, "0")],
)
def test_single_choice_uses_the_weight_of_the_chosen_answer(response, expected):
    q, answers = question(T.SINGLE, CHOICES)
    # Shown shuffled: index 0 is answer 1 (A), index 1 is answer 3 (C)…
    layout = {"choices": [1, 3, 2, 4]}
    assert fraction(q, answers, layout, response) == Decimal(expected)


def test_single_choice_with_a_half_right_answer():
    q, answers = question(T.SINGLE, [{"text": "A", "fraction": 100}, {"text": "B", "fraction": 50}])
    assert fraction(q, answers, {"choices": [2, 1]}, {"choice": 0}) == Decimal("0.5")


MULTI = [
    {"text": "right 1", "fraction": 50},
    {"text": "right 2", "fraction": 50},
    {"text": "bad", "fraction": -100},
    {"text": "neutral", "fraction": 0},
]


@pytest.mark.parametrize(
    ("chosen", "partial", "all_or_nothing"),
    [
        ([0, 1], "1", "1"),
        ([0], "0.5", "0"),
        ([0, 1, 3], "1", "0"),
        ([0, 2], "0", "0"),  # 50 - 100 is floored at 0
        ([0, 1, 2], "0", "0"),
        ([2], "0", "0"),
        ([], "0", "0"),
    ],
)
def test_multiple_choice_partial_credit_and_all_or_nothing(chosen, partial, all_or_nothing):
    layout = {"choices": [1, 2, 3, 4]}
    q, answers = question(T.MULTIPLE, MULTI, multiple_grading=Question.MultipleGrading.PARTIAL)
    assert fraction(q, answers, layout, {"choices": chosen}) == Decimal(partial)
    q.multiple_grading = Question.MultipleGrading.ALL_OR_NOTHING
    assert fraction(q, answers, layout, {"choices": chosen}) == Decimal(all_or_nothing)


def test_true_false():
    q, answers = question(T.TRUE_FALSE, [{"text": "Đúng"}, {"text": "Sai", "fraction": 100}])
    layout = {"choices": [1, 2]}
    assert fraction(q, answers, layout, {"choice": 1}) == 1
    assert fraction(q, answers, layout, {"choice": 0}) == 0


@pytest.mark.parametrize(
    ("given", "accents", "expected"),
    [
        ("Phiếu kiểm soát", False, "1"),
        ("  phiếu   KIỂM soát ", False, "1"),
        ("PHIẾU KIỂM SOÁT", False, "1"),
        ("Phieu kiem soat", False, "0"),
        ("Phieu kiem soat", True, "1"),
        ("phiéu kiêm soat", True, "1"),
        ("Sổ theo dõi", False, "0.5"),
        ("So theo doi", True, "0.5"),
        ("Đăng ký", True, "0"),
        ("", False, "0"),
    ],
)
def test_short_answer_is_case_space_and_optionally_accent_insensitive(given, accents, expected):
    q, answers = question(
        T.SHORT,
        [{"text": "Phiếu kiểm soát", "fraction": 100}, {"text": "Sổ theo dõi", "fraction": 50}],
        accent_insensitive=accents,
    )
    assert fraction(q, answers, {}, {"text": given}) == Decimal(expected)


def test_short_answer_compares_unicode_nfc_and_d_with_stroke():
    # "ả" typed as a + combining hook (NFD), as some keyboards on Windows do.
    decomposed = "Ha\u0300 No\u0323\u0302i"
    q, answers = question(T.SHORT, [{"text": "Hà Nội", "fraction": 100}])
    assert fraction(q, answers, {}, {"text": decomposed}) == 1
    assert normalise_text("Đống Đa", accent_insensitive=True) == "dong da"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("42000", "1"),
        ("42.000", "1"),
        ("42 000", "1"),
        ("42000,0", "1"),
        ("41999", "1"),  # within the tolerance of 1
        ("41998", "0"),
        ("4,2", "0"),
        ("bốn mươi", "0"),
        ("", "0"),
        ("40000", "0.5"),
    ],
)
def test_numeric_with_tolerance_and_vietnamese_number_formats(given, expected):
    q, answers = question(
        T.NUMERIC,
        [
            {"text": "42000", "fraction": 100, "tolerance": 1},
            {"text": "40000", "fraction": 50, "tolerance": 0},
        ],
    )
    assert fraction(q, answers, {}, {"text": given}) == Decimal(expected)


def test_parse_number_reads_decimal_commas_and_thousand_dots():
    assert parse_number("3,5") == Decimal("3.5")
    assert parse_number("1.234,5") == Decimal("1234.5")
    assert parse_number("7.5") == Decimal("7.5")
    assert parse_number("NaN") is None


def test_matching_gives_credit_per_right_pair():
    q, answers = question(
        T.MATCHING,
        [
            {"text": "Mẫu 01", "match_text": "Tiếp nhận"},
            {"text": "Mẫu 02", "match_text": "Bổ sung"},
            {"text": "Mẫu 03", "match_text": "Từ chối"},
            {"text": "", "match_text": "Xin lỗi"},
        ],
    )
    layout = {"rows": [3, 1, 2], "targets": ["Xin lỗi", "Từ chối", "Tiếp nhận", "Bổ sung"]}
    assert fraction(q, answers, layout, {"matches": [1, 2, 3]}) == 1
    assert fraction(q, answers, layout, {"matches": [1, 2, 0]}) == Decimal(2) / 3
    assert fraction(q, answers, layout, {"matches": [None, None, None]}) == 0


def test_ordering_gives_credit_per_item_in_its_place():
    q, answers = question(T.ORDERING, [{"text": s} for s in ("1", "2", "3", "4")])
    layout = {"choices": [3, 1, 4, 2]}  # shown: "3", "1", "4", "2"
    assert fraction(q, answers, layout, {"order": [2, 0, 3, 1]}) == 1
    assert fraction(q, answers, layout, {"order": [2, 0, 1, 3]}) == Decimal("0.5")
    assert fraction(q, answers, layout, {}) == 0


def test_essay_waits_for_a_person_unless_blank():
    q, answers = question(T.ESSAY, [])
    assert fraction(q, answers, {}, {"text": "Bài làm"}) is None
    assert fraction(q, answers, {}, {"text": "   "}) == 0


def test_layout_shuffles_choices_reproducibly_and_never_shows_ordering_solved():
    q, answers = question(T.SINGLE, CHOICES)
    first = build_layout(q, answers, random.Random(7), shuffle=True)
    again = build_layout(q, answers, random.Random(7), shuffle=True)
    assert first == again and sorted(first["choices"]) == [1, 2, 3, 4]
    assert build_layout(q, answers, random.Random(7), shuffle=False) == {"choices": [1, 2, 3, 4]}
    ordering, items = question(T.ORDERING, [{"text": "a"}, {"text": "b"}, {"text": "c"}])
    for seed in range(30):
        assert build_layout(ordering, items, random.Random(seed), shuffle=False)["choices"] != [
            1,
            2,
            3,
        ]


@pytest.mark.parametrize(
    ("kind", "layout", "data", "expected"),
    [
        (T.SINGLE, {"choices": [5, 6]}, "q0=1", {"choice": 1}),
        (T.SINGLE, {"choices": [5, 6]}, "q0=", {}),
        (T.MULTIPLE, {"choices": [5, 6, 7]}, "q0=2&q0=0&q0=2", {"choices": [0, 2]}),
        (T.SHORT, {}, "q0=+Ha+Noi+", {"text": " Ha Noi "}),
        (
            T.MATCHING,
            {"rows": [1, 2], "targets": ["x", "y"]},
            "q0-0=1&q0-1=",
            {"matches": [1, None]},
        ),
        (T.ORDERING, {"choices": [1, 2]}, "q0-0=1&q0-1=0", {"order": [1, 0]}),
        (T.SINGLE, {"choices": [5, 6]}, "q1=0", None),
    ],
)
def test_parse_response(kind, layout, data, expected):
    assert parse_response(kind, layout, 0, QueryDict(data)) == expected


@pytest.mark.parametrize(
    ("kind", "layout", "data"),
    [
        (T.SINGLE, {"choices": [5, 6]}, "q0=2"),
        (T.SINGLE, {"choices": [5, 6]}, "q0=5"),
        (T.SINGLE, {"choices": [5, 6]}, "q0=-1"),
        (T.SINGLE, {"choices": [5, 6]}, "q0=abc"),
        (T.SINGLE, {"choices": [5, 6]}, "q0=0&q0=1"),
        (T.MULTIPLE, {"choices": [5, 6]}, "q0=0&q0=7"),
        (T.MATCHING, {"rows": [1], "targets": ["x"]}, "q0-0=1"),
        (T.MATCHING, {"rows": [1], "targets": ["x"]}, "q0-3=0"),
        (T.ORDERING, {"choices": [1, 2]}, "q0-0=2"),
    ],
)
def test_tampered_values_are_rejected(kind, layout, data):
    with pytest.raises(InvalidResponse):
        parse_response(kind, layout, 0, QueryDict(data))


@pytest.mark.parametrize(
    ("kind", "answers", "grading", "fragment"),
    [
        (T.SINGLE, [{"text": "a", "fraction": 100}], "", "two choices"),
        (T.SINGLE, [{"text": "a"}, {"text": "b"}], "", "right"),
        (
            T.TRUE_FALSE,
            [{"text": "a", "fraction": 100}, {"text": "b", "fraction": 100}],
            "",
            "other wrong",
        ),
        (
            T.MULTIPLE,
            [{"text": "a", "fraction": 60}, {"text": "b", "fraction": 60}],
            "partial",
            "add up to 100",
        ),
        (T.SHORT, [{"text": "a", "fraction": 50}], "", "weight 100"),
        (T.NUMERIC, [{"text": "abc", "fraction": 100}], "", "not a number"),
        (T.MATCHING, [{"text": "a", "match_text": "1"}], "", "two pairs"),
        (T.ORDERING, [{"text": "a"}], "", "two items"),
        (T.ESSAY, [{"text": "a"}], "", "no answers"),
    ],
)
def test_key_errors_explain_what_is_wrong(kind, answers, grading, fragment):
    errors = key_errors(kind, answers, multiple_grading=grading)
    assert any(fragment in error for error in errors), errors


def test_a_valid_key_has_no_errors():
    assert key_errors(T.SINGLE, CHOICES) == []
    assert key_errors(T.MULTIPLE, MULTI, multiple_grading="partial") == []
