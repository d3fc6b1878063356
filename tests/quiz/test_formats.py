"""GIFT, Aiken and XLSX: parsing, errors with line numbers, preview-then-import, round-trips."""

import io
from decimal import Decimal

import pytest
from django.test import TestCase
from django.urls import reverse
from openpyxl import Workbook

from courses.quiz.formats import FormatError, aiken, gift, plain_text, xlsx
from courses.quiz.importers import category_export, import_commit, import_preview
from courses.quiz.models import Category, Question, QuestionImport
from courses.quiz.services import QuizError
from tests.quiz.factories import DEFAULT_KEYS, T, make_category, make_question, make_trainer

GIFT_SAMPLE = """// Ngân hàng thử
$CATEGORY: $course$/top/Tư pháp/Hộ tịch

::Mẫu 02::Phiếu yêu cầu bổ sung là mẫu số mấy?{=Mẫu 02#Đúng ~Mẫu 01#Là giấy tiếp nhận ~Mẫu 03}

Chọn các biểu mẫu lập khi tiếp nhận {~%50%Mẫu 01 ~%50%Mẫu 05 ~%-100%Mẫu 04}

Mức độ 4 cho phép thanh toán trực tuyến.{TRUE}

Mức độ 2 cho phép nộp hồ sơ trực tuyến.{FALSE#Sai: chỉ tải biểu mẫu.#Đúng.}

Tên của Mẫu 06?{=Sổ theo dõi hồ sơ =%50%Sổ theo dõi ####Mẫu 06 khổ A4.}

Phí chứng thực 3 bản của bản gốc 12 trang?{#42000:0}

Số ngày xác minh kết hôn tối đa?{#=5 =%50%4..6}

Ghép mẫu với tên {=Mẫu 01 -> Giấy tiếp nhận =Mẫu 02 -> Yêu cầu bổ sung = -> Xin lỗi}

Trình bày cách xử lý hồ sơ thiếu.{}

Dấu \\{ ngoặc \\} và \\= bằng trong câu hỏi?{=a\\:b ~c\\#d}
"""


def parse_gift(text):
    return gift.parse(text.encode("utf-8"))


class TestGiftParsing:
    def test_every_question_type(self):
        questions = parse_gift(GIFT_SAMPLE)
        assert [q.errors for q in questions] == [[]] * 10
        assert [q.type for q in questions] == [
            T.SINGLE,
            T.MULTIPLE,
            T.TRUE_FALSE,
            T.TRUE_FALSE,
            T.SHORT,
            T.NUMERIC,
            T.NUMERIC,
            T.MATCHING,
            T.ESSAY,
            T.SINGLE,
        ]
        single, multiple, true, false, short, numeric, ranges, matching, _essay, escaped = questions
        assert single.title == "Mẫu 02" and single.category == "Tư pháp/Hộ tịch"
        assert single.answers[0] == {"text": "Mẫu 02", "fraction": "100", "feedback": "Đúng"}
        assert single.line == 4
        assert [a["fraction"] for a in multiple.answers] == ["50", "50", "-100"]
        assert multiple.multiple_grading == Question.MultipleGrading.PARTIAL
        assert [a["fraction"] for a in true.answers] == ["100", "0"]
        assert [a["fraction"] for a in false.answers] == ["0", "100"]
        assert (
            false.answers[1]["feedback"] == "Đúng."
            and false.answers[0]["feedback"] == "Sai: chỉ tải biểu mẫu."
        )
        assert [a["fraction"] for a in short.answers] == ["100", "50"]
        assert "Mẫu 06 khổ A4." in short.general_feedback
        assert numeric.answers == [
            {"text": "42000", "tolerance": "0", "fraction": "100", "feedback": ""}
        ]
        assert ranges.answers[1]["text"] == "5" and ranges.answers[1]["tolerance"] == "1"
        assert [a["match_text"] for a in matching.answers] == [
            "Giấy tiếp nhận",
            "Yêu cầu bổ sung",
            "Xin lỗi",
        ]
        assert matching.answers[2]["text"] == ""
        assert "{ ngoặc } và = bằng" in escaped.stem
        assert [a["text"] for a in escaped.answers] == ["a:b", "c#d"]

    @pytest.mark.parametrize(
        ("text", "line", "fragment"),
        [
            ("Câu một?{=a ~b}\n\nCâu hai thiếu ngoặc {=a ~b\n\nCâu ba?{=a ~b}", 3, "not closed"),
            ("Câu một?{=a ~b}\n\n\nKhông có đáp án", 4, "No answers"),
            ("Câu?{~a ~b}", 1, "Mark at least one choice as right"),
            ("Câu?{#abc}", 1, "not a number"),
            ("Câu?{=a ~b} và {=c}", 1, "only one answer block"),
            ("Câu?{a ~b}", 1, "must start with"),
            ("::Tiêu đề chưa đóng Câu?{=a ~b}", 1, "title"),
        ],
    )
    def test_errors_name_the_line(self, text, line, fragment):
        broken = [q for q in parse_gift(text) if q.errors]
        assert len(broken) == 1
        assert broken[0].line == line
        assert any(fragment in error for error in broken[0].errors), broken[0].errors

    def test_not_utf8(self):
        with pytest.raises(FormatError) as error:
            gift.parse("Câu một?{=a ~b}\n\nCâu hai".encode() + b"\n\xff\xfe{=a}")
        assert error.value.line == 4


AIKEN_SAMPLE = """Ở mức độ 3, người dân nộp lệ phí ở đâu?
A. Trực tuyến
B) Tại cơ quan khi nhận kết quả
C. Qua bưu điện
ANSWER: B

Mẫu nào là phiếu kiểm soát?
A. Mẫu 05
B. Mẫu 06
ANSWER: A
"""


class TestAiken:
    def test_parse(self):
        first, second = aiken.parse(AIKEN_SAMPLE.encode("utf-8"))
        assert first.errors == [] and second.errors == []
        assert first.type == T.SINGLE and first.line == 1 and second.line == 7
        assert [a["fraction"] for a in first.answers] == ["0", "100", "0"]
        assert plain_text(first.stem) == "Ở mức độ 3, người dân nộp lệ phí ở đâu?"

    @pytest.mark.parametrize(
        ("text", "line", "fragment"),
        [
            ("Câu hỏi?\nA. Một\nB. Hai\n\nCâu khác?\nA. x\nB. y\nANSWER: A", 1, "ANSWER"),
            ("Câu hỏi?\nA. Một\nB. Hai\nANSWER: D", 1, "not one of the choice letters"),
            ("Câu hỏi?\nA. Một\nANSWER: A", 1, "at least two choices"),
            (
                "Câu một?\nA. x\nB. y\nANSWER: A\nCâu hai?\nA. Một\nA. Hai\nANSWER: A",
                5,
                "same letter",
            ),
        ],
    )
    def test_errors_name_the_line(self, text, line, fragment):
        broken = [q for q in aiken.parse(text.encode("utf-8")) if q.errors]
        assert broken and broken[0].line == line
        assert any(fragment in error for error in broken[0].errors), broken[0].errors


def workbook(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(xlsx.headers())
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


class TestXlsx:
    def test_parse_with_row_numbers_as_lines(self):
        data = workbook(
            [
                [
                    "single",
                    "Tư pháp",
                    "1.001193, hộ tịch",
                    "Lệ phí khai sinh đúng hạn?",
                    1,
                    "",
                    "",
                    "",
                    "",
                    "Miễn",
                    "",
                    100,
                    "Đúng",
                    "8.000 đồng",
                    "",
                    0,
                    "",
                ],
                [],
                ["numeric", "", "", "Phí 3 trang?", 2, "", "", "", "", "5000", "0", 100, ""],
                [
                    "single",
                    "",
                    "",
                    "Thiếu đáp án đúng",
                    1,
                    "",
                    "",
                    "",
                    "",
                    "a",
                    "",
                    0,
                    "",
                    "b",
                    "",
                    0,
                    "",
                ],
                ["banana", "", "", "Loại lạ", 1],
                [
                    "multiple",
                    "",
                    "",
                    "Nhiều",
                    1,
                    "partial",
                    "",
                    "",
                    "",
                    "a",
                    "",
                    60,
                    "",
                    "b",
                    "",
                    60,
                    "",
                ],
            ]
        )
        questions = xlsx.parse(data)
        assert [q.line for q in questions] == [2, 4, 5, 6, 7]
        first, numeric, no_key, unknown, partial = questions
        assert (
            first.errors == []
            and first.tags == ["1.001193", "hộ tịch"]
            and first.category == "Tư pháp"
        )
        assert (
            numeric.errors == []
            and numeric.answers[0]["tolerance"] == "0"
            and numeric.points == "2"
        )
        assert any("right" in e for e in no_key.errors)
        assert any("banana" in e for e in unknown.errors)
        assert any("add up to 100" in e for e in partial.errors)

    def test_not_a_workbook(self):
        with pytest.raises(FormatError):
            xlsx.parse(b"not a zip file")

    def test_template_parses_cleanly(self):
        assert [q.errors for q in xlsx.parse(xlsx.template())] == [[]]


def canonical(question: Question, root: Category) -> dict:
    """What must survive a round-trip; the root category maps to the import's target."""
    return {
        "type": question.type,
        "stem": plain_text(question.stem),
        "title": question.title,
        "points": question.points,
        "answers": [
            (a.text, a.match_text, a.fraction, a.tolerance, a.feedback)
            for a in question.ordered_answers()
        ],
        "general_feedback": plain_text(question.general_feedback),
        "explanation": plain_text(question.explanation),
        "grading": question.multiple_grading if question.type == T.MULTIPLE else "",
        "accents": question.accent_insensitive,
        "shuffle": question.shuffle_answers,
        "tags": sorted(question.tags.names()),
        "category": "" if question.category_id == root.pk else question.category.name,
    }


class TestImportAndRoundTrip(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.source = make_category("Nguồn")
        cls.sub = make_category("Biểu mẫu", parent=cls.source)
        cls.questions = []
        for i, kind in enumerate(T.values):
            cls.questions.append(
                make_question(
                    kind,
                    category=cls.sub if i % 2 else cls.source,
                    title=f"Câu {i}: “ngoặc” {{ }} ~ = #",
                    stem=f"<p>Câu hỏi {kind} có dấu: đ, ư, ơ, ỹ; ký tự đặc biệt {{ }} ~ = # : ?</p>",
                    points=Decimal("2.5"),
                    general_feedback="<p>Nhận xét chung.</p>",
                    explanation="<p>Giải thích <b>rõ</b>.</p>",
                    tags=["1.001193", "hộ tịch"],
                    accent_insensitive=kind == T.SHORT,
                    shuffle_answers=kind != T.SINGLE,
                )
            )
        cls.user = make_trainer()

    def round_trip(self, file_format):
        data = category_export(category=self.source, file_format=file_format)
        target = make_category(f"Đích {file_format}")
        preview = import_preview(
            data=data,
            filename=f"x.{file_format}",
            file_format=file_format,
            category=target,
            user=self.user,
        )
        self.assertEqual(preview.error_count, 0, [q["errors"] for q in preview.questions])
        created = import_commit(question_import=preview, user=self.user)
        return created, target

    def test_gift_and_xlsx_round_trip_every_type(self):
        original = {q.type: canonical(q, self.source) for q in self.questions}
        for file_format in ("gift", "xlsx"):
            with self.subTest(file_format):
                created, target = self.round_trip(file_format)
                self.assertEqual(len(created), len(self.questions))
                for question in created:
                    expected = original[question.type]
                    self.assertEqual(canonical(question, target), expected, question.type)
                self.assertEqual(
                    sorted(Category.objects.filter(parent=target).values_list("name", flat=True)),
                    ["Biểu mẫu"],
                )

    def test_aiken_round_trips_single_choice(self):
        created, _target = self.round_trip("aiken")
        exported = [q for q in self.questions if q.type in (T.SINGLE, T.TRUE_FALSE)]
        self.assertEqual(len(created), len(exported))
        for new, old in zip(created, exported, strict=True):
            self.assertEqual(plain_text(new.stem), plain_text(old.stem))
            self.assertEqual(
                [(a.text, a.fraction) for a in new.ordered_answers()],
                [(a.text, a.fraction) for a in old.ordered_answers()],
            )

    def test_nothing_is_imported_before_confirmation_or_with_errors(self):
        before = Question.objects.count()
        broken = "Câu đúng?{=a ~b}\n\nCâu sai?{~a ~b}\n".encode()
        preview = import_preview(
            data=broken, filename="x.gift", file_format="gift", category=self.source, user=self.user
        )
        self.assertEqual(Question.objects.count(), before)
        self.assertEqual(preview.error_count, 1)
        with self.assertRaisesMessage(QuizError, "nothing was imported"):
            import_commit(question_import=preview, user=self.user)
        self.assertEqual(Question.objects.count(), before)

    def test_admin_upload_preview_confirm(self):
        self.client.force_login(self.user)
        upload = io.BytesIO(GIFT_SAMPLE.encode("utf-8"))
        upload.name = "ngan-hang.gift"
        before = Question.objects.count()
        response = self.client.post(
            reverse("quiz_import:upload"), {"file": upload, "category": self.source.pk}
        )
        question_import = QuestionImport.objects.latest("pk")
        self.assertRedirects(response, reverse("quiz_import:preview", args=[question_import.pk]))
        preview = self.client.get(response.url)
        self.assertContains(preview, "Chọn các biểu mẫu lập khi tiếp nhận")
        self.assertContains(preview, "Import 10 questions")
        self.assertEqual(Question.objects.count(), before)
        self.client.post(reverse("quiz_import:commit", args=[question_import.pk]))
        self.assertEqual(Question.objects.count(), before + 10)
        self.assertTrue(Category.objects.filter(name="Hộ tịch", parent__name="Tư pháp").exists())
        # A second confirmation (double click) imports nothing more.
        self.client.post(reverse("quiz_import:commit", args=[question_import.pk]))
        self.assertEqual(Question.objects.count(), before + 10)

    def test_admin_preview_lists_errors_with_lines(self):
        self.client.force_login(self.user)
        upload = io.BytesIO(b"Question?\nA. one\nB. two\nANSWER: Q\n")
        upload.name = "de.txt"
        response = self.client.post(
            reverse("quiz_import:upload"), {"file": upload, "category": self.source.pk}, follow=True
        )
        self.assertContains(response, "not one of the choice letters")
        self.assertContains(response, "<td>1</td>", html=True)
        self.assertNotContains(response, "Import 1 question")


def test_default_keys_cover_every_type():
    assert set(DEFAULT_KEYS) == set(T.values)
