"""Catalogue search ranks courses by where the words match: title, then summary, then the rest."""

from __future__ import annotations

import pytest

from courses import selectors
from tests.factories import make_course

pytestmark = pytest.mark.django_db


def _course(title: str, summary: str, **fields: object):
    return make_course(title=title, summary=summary, modules=0, **fields)


def test_the_course_named_by_the_query_comes_first():
    for n in range(5):
        _course(
            f"Phân cấp lĩnh vực {n}",
            "Khóa học cho công chức cấp xã.",
            objectives="Ứng dụng chuyển đổi số trong thủ tục hành chính.",
        )
    _course("Sở hữu trí tuệ", "Chuyển đổi số trong quản lý sở hữu trí tuệ.")
    wanted = _course("Chuyển đổi số ở cấp xã", "Khóa học nền tảng.")
    found = selectors.catalogue(query="chuyen doi so")
    assert len(found) == 7
    assert found[0] == wanted
    assert found[1].title == "Sở hữu trí tuệ"
    # Equal scores keep the catalogue order.
    assert [c.title for c in found[2:]] == [f"Phân cấp lĩnh vực {n}" for n in range(5)]


def test_without_a_query_the_catalogue_order_stays():
    titles = ["Chuyển đổi số", "An toàn bức xạ", "Tần số vô tuyến"]
    for title in titles:
        _course(title, "Khóa học.")
    assert [c.title for c in selectors.catalogue()] == titles


def test_every_word_must_still_match():
    _course("Chuyển đổi số", "Khóa học.")
    _course("Chuyển giao công nghệ", "Khóa học.")
    assert [c.title for c in selectors.catalogue(query="chuyển đổi")] == ["Chuyển đổi số"]
