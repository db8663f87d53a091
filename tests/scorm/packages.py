"""The test suite's SCORM packages, built by the app's builder (scorm.package_builder): a SCORM
1.2 one (one SCO, mastery score 70) and a SCORM 2004 4th edition one (two SCOs sharing a script).
Each SCO is a self-check of five questions; four right answers score 80% and pass. Hostile and
broken variants are made in the tests from these entries and MANIFEST_12."""

from __future__ import annotations

from pathlib import Path

from scorm import package_builder as builder
from scorm.package_builder import Question, SelfCheck

QUESTIONS = tuple(
    Question(
        identifier=f"cau-{n}",
        text=text,
        choices=(("a", "Bộ Khoa học và Công nghệ"), ("b", "Ủy ban nhân dân cấp tỉnh")),
        correct="b",
    )
    for n, text in enumerate(
        [
            "Ai cấp giấy phép cho đài vô tuyến điện nghiệp dư?",
            "Ai thẩm định nhiệm vụ khoa học và công nghệ cấp tỉnh?",
            "Ai xây dựng chiến lược chuyển đổi số của tỉnh?",
            "Ai cấp giấy phép viễn thông không có hạ tầng mạng?",
            "Ai quản lý chất lượng hàng hóa trên địa bàn tỉnh?",
        ],
        start=1,
    )
)

SCO_12 = SelfCheck(
    identifier="item-1", title="Thẩm quyền của Sở KH&CN", questions=QUESTIONS, passing=0.7
)
TITLE_12 = "Bài học SCORM 1.2: Thẩm quyền cấp phép"
MANIFEST_12 = builder.manifest_12(identifier="vn.taphuan.scorm12", title=TITLE_12, sco=SCO_12)

SCOS_2004 = (
    SelfCheck(identifier="item-1", title="Phần 1: Khái niệm", questions=QUESTIONS, passing=0.7),
    SelfCheck(identifier="item-2", title="Phần 2: Kiểm tra", questions=QUESTIONS, passing=0.7),
)


def entries_12() -> dict[str, bytes]:
    return builder.entries_12(identifier="vn.taphuan.scorm12", title=TITLE_12, sco=SCO_12)


def entries_2004() -> dict[str, bytes]:
    return builder.entries_2004(
        identifier="vn.taphuan.scorm2004",
        title="Bài học SCORM 2004: Chuyển đổi số",
        scos=SCOS_2004,
    )


def build_12() -> bytes:
    return builder.build_zip(entries_12())


def build_2004() -> bytes:
    return builder.build_zip(entries_2004())


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
