import pytest
from django.urls import resolve
from django.urls.exceptions import Resolver404

from lib.converters import MAX_ID
from lib.params import id_list, id_param, text_param


def test_search_text_loses_nul_and_control_characters():
    assert text_param("Nguy\x00ễn\x1f\t Văn\x7f\x85") == "Nguyễn Văn"
    assert text_param("Nguye\u0302\u0303n") == "Nguyễn"  # NFC
    assert text_param("a" * 300) == "a" * 100
    assert text_param(None) == ""


@pytest.mark.parametrize(
    "value", ["abc", "1.5", "-1", "0", "", None, "1\x00", "٣", "²", str(MAX_ID + 1), "9" * 40]
)
def test_anything_but_a_database_id_is_none(value):
    assert id_param(value) is None


def test_ids_in_range_are_read():
    assert id_param(" 42 ") == 42 and id_param(MAX_ID) == MAX_ID
    assert id_list(["3", "abc", "3", "9" * 40, "7"]) == [3, 7]


@pytest.mark.parametrize("number", [str(MAX_ID + 1), "9" * 20, "0"])
def test_a_path_id_no_table_can_hold_matches_no_view_of_ours(number):
    # Only Wagtail's catch-all page route is left, which answers 404.
    assert resolve(f"/hoi-nghi/{number}/").url_name == "wagtail_serve"
    with pytest.raises(Resolver404):
        resolve(f"/hoi-nghi/{number}/bao-cao.xlsx")


def test_a_path_id_in_range_resolves():
    assert resolve(f"/hoi-nghi/{MAX_ID}/").kwargs == {"pk": MAX_ID}


@pytest.mark.parametrize(
    "path", ["/verify/A\x00B/", "/nhiem-vu/SHTT\x01/", "/chung-chi/A\x7f/tai-ve/"]
)
def test_a_code_with_a_control_character_matches_no_view_of_ours(path):
    try:
        match = resolve(path)
    except Resolver404:
        return
    assert match.url_name == "wagtail_serve"  # Wagtail finds no such page: 404


def test_a_code_resolves():
    assert resolve("/verify/BKHCN-2025-000123/").kwargs == {"code": "BKHCN-2025-000123"}
    assert resolve("/nhiem-vu/SHTT-01/").url_name == "task_detail"
