"""Pure grading of each question type, including partial credit and Vietnamese short answers."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from quizzes import grading
from quizzes.grading import InvalidResponse, grade, normalise_response


def single() -> dict:
    return {
        "kind": "single",
        "text": "Cơ quan nào?",
        "options": [
            {"id": "a", "text": "Sở KH&CN", "correct": True, "feedback": "Đúng: Sở KH&CN."},
            {"id": "b", "text": "Bộ Tài chính", "correct": False, "feedback": "Không phải."},
            {"id": "c", "text": "UBND xã", "correct": False, "feedback": ""},
        ],
    }


def multiple(rule: str = "net") -> dict:
    return {
        "kind": "multiple",
        "text": "Hình thức nào?",
        "partial_credit": rule,
        "options": [
            {"id": "a", "text": "Phân quyền", "correct": True, "feedback": ""},
            {"id": "b", "text": "Phân cấp", "correct": True, "feedback": "Phân cấp đúng."},
            {"id": "c", "text": "Ủy quyền", "correct": False, "feedback": "Sai."},
            {"id": "d", "text": "Tập trung", "correct": False, "feedback": ""},
        ],
    }


def true_false(truth: bool = True) -> dict:
    return {
        "kind": "truefalse",
        "text": "Cấp huyện đã bị bãi bỏ.",
        "options": [
            {"id": "true", "text": "", "correct": truth, "feedback": "Vì Luật 2025."},
            {"id": "false", "text": "", "correct": not truth, "feedback": ""},
        ],
    }


def short(*, ignore_case: bool = True, ignore_diacritics: bool = False) -> dict:
    return {
        "kind": "short",
        "text": "Tên gọi?",
        "accepted": [
            {"text": "Phân cấp", "feedback": "Chính xác."},
            {"text": "phân cấp quản lý", "feedback": ""},
        ],
        "ignore_case": ignore_case,
        "ignore_diacritics": ignore_diacritics,
    }


def matching() -> dict:
    return {
        "kind": "matching",
        "text": "Ghép cơ quan với lĩnh vực.",
        "prompts": [
            {"id": "p1", "text": "Sáng chế", "match": "m1"},
            {"id": "p2", "text": "Tiêu chuẩn", "match": "m2"},
            {"id": "p3", "text": "Bức xạ", "match": "m3"},
        ],
        "matches": [
            {"id": "m1", "text": "Cục SHTT"},
            {"id": "m2", "text": "Ủy ban TCĐLCL"},
            {"id": "m3", "text": "Cục ATBXHN"},
            {"id": "m4", "text": "Vụ Pháp chế"},
        ],
    }


def ordering() -> dict:
    return {
        "kind": "ordering",
        "text": "Sắp xếp các bước.",
        "items": [
            {"id": "i1", "text": "Tiếp nhận"},
            {"id": "i2", "text": "Thẩm định"},
            {"id": "i3", "text": "Cấp giấy"},
            {"id": "i4", "text": "Công bố"},
        ],
    }


class TestSingleChoice:
    def test_right_option_earns_full_mark_with_its_feedback(self):
        outcome = grade(single(), "a")
        assert outcome.fraction == 1 and outcome.is_correct
        assert outcome.feedback == ["Đúng: Sở KH&CN."]

    def test_wrong_option_earns_nothing(self):
        outcome = grade(single(), "b")
        assert outcome.fraction == 0 and outcome.feedback == ["Không phải."]

    def test_blank_earns_nothing(self):
        assert grade(single(), None).fraction == 0

    def test_unknown_option_is_refused(self):
        with pytest.raises(InvalidResponse):
            normalise_response(single(), "z")

    def test_a_list_is_refused(self):
        with pytest.raises(InvalidResponse):
            normalise_response(single(), ["a"])


class TestMultipleResponse:
    @pytest.mark.parametrize(
        ("chosen", "expected"),
        [
            (["a", "b"], Fraction(1)),
            (["a"], Fraction(1, 2)),
            (["a", "b", "c"], Fraction(1, 2)),
            (["a", "c"], Fraction(0)),
            (["a", "c", "d"], Fraction(0)),  # never below zero
            (["a", "b", "c", "d"], Fraction(0)),  # ticking everything earns nothing
            (["c"], Fraction(0)),
        ],
    )
    def test_right_minus_wrong(self, chosen, expected):
        assert grade(multiple("net"), chosen).fraction == expected

    @pytest.mark.parametrize(
        ("chosen", "expected"), [(["a", "b"], 1), (["a"], 0), (["a", "b", "c"], 0)]
    )
    def test_all_or_nothing(self, chosen, expected):
        assert grade(multiple("all"), chosen).fraction == expected

    def test_feedback_of_every_chosen_option(self):
        assert grade(multiple(), ["b", "c"]).feedback == ["Phân cấp đúng.", "Sai."]

    def test_normalised_to_option_order_without_duplicates(self):
        assert normalise_response(multiple(), ["c", "a", "a"]) == ["a", "c"]

    @pytest.mark.parametrize("raw", ["a", ["a", "x"], [1], {"a": True}])
    def test_bad_shapes_and_foreign_options_are_refused(self, raw):
        with pytest.raises(InvalidResponse):
            normalise_response(multiple(), raw)

    def test_partial_outcome_flag(self):
        assert grade(multiple(), ["a"]).is_partial


class TestTrueFalse:
    def test_true_statement(self):
        assert grade(true_false(True), "true").fraction == 1
        assert grade(true_false(True), "false").fraction == 0

    def test_false_statement(self):
        assert grade(true_false(False), "false").fraction == 1
        assert grade(true_false(False), "true").fraction == 0

    def test_only_true_or_false_is_accepted(self):
        with pytest.raises(InvalidResponse):
            normalise_response(true_false(), "yes")


class TestShortAnswer:
    def test_exact_variant(self):
        outcome = grade(short(), "Phân cấp")
        assert outcome.fraction == 1 and outcome.feedback == ["Chính xác."]

    def test_second_variant_is_accepted(self):
        assert grade(short(), "Phân cấp quản lý").fraction == 1

    def test_case_ignored_when_asked(self):
        assert grade(short(ignore_case=True), "PHÂN CẤP").fraction == 1

    def test_case_matters_when_asked(self):
        assert grade(short(ignore_case=False), "PHÂN CẤP").fraction == 0
        assert grade(short(ignore_case=False), "Phân cấp").fraction == 1

    def test_diacritics_matter_by_default(self):
        assert grade(short(), "phan cap").fraction == 0

    @pytest.mark.parametrize("answer", ["phan cap", "Phan Cap", "PHAN CAP QUAN LY", "phân cap"])
    def test_diacritics_ignored_when_asked(self, answer):
        assert grade(short(ignore_diacritics=True), answer).fraction == 1

    def test_d_with_stroke_folds_to_d(self):
        data = short(ignore_diacritics=True)
        data["accepted"] = [{"text": "Đo lường", "feedback": ""}]
        assert grade(data, "do luong").fraction == 1

    def test_decomposed_unicode_equals_composed(self):
        # A phone keyboard may send NFD; clean_text normalises it to NFC.
        import unicodedata

        assert grade(short(), unicodedata.normalize("NFD", "Phân cấp")).fraction == 1

    def test_spaces_are_collapsed(self):
        assert normalise_response(short(), "  Phân   cấp ") == "Phân cấp"
        assert grade(short(), "  Phân   cấp ").fraction == 1

    def test_wrong_answer(self):
        assert grade(short(ignore_diacritics=True), "phan quyen").fraction == 0

    def test_blank_is_no_answer(self):
        assert normalise_response(short(), "   ") is None

    def test_overlong_answer_is_refused(self):
        with pytest.raises(InvalidResponse):
            normalise_response(short(), "x" * 301)


class TestMatching:
    def test_all_pairs_right(self):
        assert grade(matching(), {"p1": "m1", "p2": "m2", "p3": "m3"}).fraction == 1

    def test_partial_credit_per_pair(self):
        assert grade(matching(), {"p1": "m1", "p2": "m4", "p3": "m2"}).fraction == Fraction(1, 3)

    def test_unanswered_prompts_count_as_wrong(self):
        assert grade(matching(), {"p1": "m1", "p2": "m2"}).fraction == Fraction(2, 3)

    def test_empty_choices_are_dropped(self):
        assert normalise_response(matching(), {"p1": "", "p2": "m2"}) == {"p2": "m2"}

    @pytest.mark.parametrize("raw", [{"p9": "m1"}, {"p1": "m9"}, ["m1"], {"p1": 3}])
    def test_foreign_prompts_or_matches_are_refused(self, raw):
        with pytest.raises(InvalidResponse):
            normalise_response(matching(), raw)


class TestOrdering:
    def test_right_order(self):
        assert grade(ordering(), ["i1", "i2", "i3", "i4"]).fraction == 1

    def test_partial_credit_by_position(self):
        assert grade(ordering(), ["i1", "i2", "i4", "i3"]).fraction == Fraction(1, 2)
        assert grade(ordering(), ["i4", "i3", "i2", "i1"]).fraction == 0

    @pytest.mark.parametrize(
        "raw", [["i1", "i2", "i3"], ["i1", "i1", "i2", "i3"], ["i1", "i2", "i3", "x"]]
    )
    def test_not_a_permutation_is_refused(self, raw):
        with pytest.raises(InvalidResponse):
            normalise_response(ordering(), raw)


class TestMarks:
    def test_score_rounds_to_hundredths(self):
        assert grading.score_of(Decimal("2"), Fraction(1, 3)) == Decimal("0.67")
        assert grading.score_of(Decimal("1.5"), Fraction(1, 2)) == Decimal("0.75")

    def test_percent(self):
        assert grading.percent_of(Decimal("7.5"), Decimal("10")) == Decimal("75.00")
        assert grading.percent_of(Decimal("0"), Decimal("0")) == Decimal("0.00")

    @pytest.mark.parametrize(
        ("method", "expected"),
        [("highest", "80"), ("last", "60"), ("first", "40"), ("average", "60.00")],
    )
    def test_overall_grade_by_method(self, method, expected):
        percents = [Decimal("40"), Decimal("80"), Decimal("60")]
        assert grading.overall_grade(method, percents) == Decimal(expected)

    def test_no_attempts_no_grade(self):
        assert grading.overall_grade("highest", []) is None
