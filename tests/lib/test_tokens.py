"""Questions typed with or without diacritics read the same; pairs keep word order."""

from lib.tokens import sentences, syllables, tokens


def test_folding_makes_accented_and_plain_questions_equal():
    assert tokens("Đăng ký nhãn hiệu ở Sở?") == tokens("dang ky nhan hieu o so")
    assert syllables("Đo lường, KH&CN") == ["do", "luong", "kh", "cn"]


def test_pairs_follow_the_syllables():
    assert tokens("sở hữu trí tuệ") == [
        "so", "huu", "tri", "tue", "so_huu", "huu_tri", "tri_tue",
    ]  # fmt: skip


def test_sentences_keep_dates_and_abbreviations_whole():
    text = "Từ 01/7/2025, Sở KH&CN cấp thẻ. Hồ sơ cũ giải quyết tiếp;\ntheo quy định cũ"
    assert sentences(text) == [
        "Từ 01/7/2025, Sở KH&CN cấp thẻ.",
        "Hồ sơ cũ giải quyết tiếp;",
        "theo quy định cũ",
    ]
