"""The walk's English detector catches leftover UI words and spares Vietnamese."""

from tests.browser.phone_checks import english_in


def test_finds_english_ui_words_left_in_vietnamese_text():
    assert english_in("Cập nhật 12 minutes trước · Progress percent") == [
        "Progress",
        "minutes",
        "percent",
    ]
    assert english_in("True/False") == ["False", "True"]


def test_spares_vietnamese_words_spelt_like_english_ones():
    # "in" (print), "to" (large) and codes such as XLSX or H5P are not English UI text.
    assert english_in("In chứng chỉ khổ to · Tải XLSX · Hoạt động H5P · KH&CN") == []
