import unicodedata

from lib.dates import document_date, short_date
from lib.text import clean_text, fold


def test_clean_text_turns_nfd_into_nfc_and_trims():
    nfd = unicodedata.normalize("NFD", "  Nguyễn   Thị  Hương ")
    cleaned = clean_text(nfd)
    assert cleaned == "Nguyễn Thị Hương"
    assert unicodedata.is_normalized("NFC", cleaned)


def test_fold_removes_diacritics_and_d_stroke():
    assert fold("Quảng Trị") == "quang tri"
    assert fold("Phân cấp, phân quyền") == "phan cap, phan quyen"
    assert fold("ĐỔI MỚI sáng tạo") == "doi moi sang tao"
    assert fold(unicodedata.normalize("NFD", "Đắk Lắk")) == "dak lak"


def test_dates_follow_vietnamese_administrative_style():
    import datetime

    assert short_date(datetime.date(2025, 11, 13)) == "13/11/2025"
    assert document_date(datetime.date(2025, 11, 13)) == "ngày 13 tháng 11 năm 2025"
    assert document_date(datetime.date(2026, 2, 5)) == "ngày 05 tháng 02 năm 2026"
    assert document_date(datetime.date(2025, 7, 1)) == "ngày 01 tháng 7 năm 2025"
