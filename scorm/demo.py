"""A demo SCORM 2004 activity for a development site: a two-part self-check on the tasks that
Decrees 133/2025/NĐ-CP (provinces) and 132/2025/NĐ-CP (communes) hand to local government.

The package is built by scorm.package_builder at seed time and imported through the same
services as an admin upload or `manage.py import_scorm` (validation, SHA-256, extraction).
Idempotent: the same content gives the same bytes, so the package is found by its SHA-256 and
its activity page by package before anything is created.
"""

from __future__ import annotations

import hashlib
import io

from courses.models import CoursePage
from scorm.models import ScormActivityPage, ScormPackage
from scorm.package_builder import Question, SelfCheck, build_zip, entries_2004
from scorm.services import packages

IDENTIFIER = "vn.gov.most.taphuan.tu-kiem-tra-phan-cap"
TITLE = "Tự kiểm tra: phân cấp quản lý nhà nước về KH&CN cho tỉnh và xã"
FILE_NAME = "tu-kiem-tra-phan-cap.zip"

PROVINCE = SelfCheck(
    identifier="phan-1-cap-tinh",
    title="Phần 1: Nhiệm vụ của cấp tỉnh (Nghị định 133/2025/NĐ-CP)",
    intro="Nghị định 133/2025/NĐ-CP quy định việc phân quyền, phân cấp trong lĩnh vực quản lý "
    "nhà nước của Bộ Khoa học và Công nghệ. Trả lời đúng ít nhất 3/4 câu để đạt.",
    questions=(
        Question(
            identifier="tinh-1",
            text="Nghị định 133/2025/NĐ-CP chuyển bao nhiêu nhiệm vụ về chính quyền cấp tỉnh?",
            choices=(
                ("a", "39 nhiệm vụ"),
                ("b", "78 nhiệm vụ (16 phân quyền và 62 phân cấp)"),
                ("c", "229 nhiệm vụ"),
            ),
            correct="b",
        ),
        Question(
            identifier="tinh-2",
            text="Hình thức nào cho phép địa phương tự quyết định, tự tổ chức thực hiện và tự "
            "chịu trách nhiệm?",
            choices=(("a", "Phân cấp"), ("b", "Phân quyền"), ("c", "Ủy quyền")),
            correct="b",
        ),
        Question(
            identifier="tinh-3",
            text="Với một nhiệm vụ được phân cấp, Sở Khoa học và Công nghệ thực hiện thế nào?",
            choices=(
                ("a", "Tự quyết định, không chịu sự giám sát của Bộ"),
                ("b", "Thực hiện trong khuôn khổ hướng dẫn, giám sát của Bộ"),
                ("c", "Chuyển hồ sơ về Bộ để Bộ quyết định"),
            ),
            correct="b",
        ),
        Question(
            identifier="tinh-4",
            text="Theo Điều 29 Nghị định 133/2025/NĐ-CP, ai cấp giấy phép sử dụng tần số và "
            "thiết bị vô tuyến điện cho đài vô tuyến điện nghiệp dư?",
            choices=(
                ("a", "Bộ Khoa học và Công nghệ"),
                ("b", "Ủy ban nhân dân cấp tỉnh"),
                ("c", "Ủy ban nhân dân cấp xã"),
            ),
            correct="b",
        ),
    ),
)

COMMUNE = SelfCheck(
    identifier="phan-2-cap-xa",
    title="Phần 2: Nhiệm vụ của cấp xã (Nghị định 132/2025/NĐ-CP)",
    intro="Nghị định 132/2025/NĐ-CP phân định thẩm quyền của chính quyền địa phương hai cấp "
    "trong lĩnh vực quản lý nhà nước của Bộ Khoa học và Công nghệ. Trả lời đúng ít nhất 3/4 "
    "câu để đạt.",
    questions=(
        Question(
            identifier="xa-1",
            text="Chính quyền địa phương vận hành theo mô hình hai cấp (tỉnh và xã) từ ngày nào?",
            choices=(("a", "12/6/2025"), ("b", "01/7/2025"), ("c", "01/01/2026")),
            correct="b",
        ),
        Question(
            identifier="xa-2",
            text="Việc nào sau đây Ủy ban nhân dân cấp xã thực hiện theo Nghị định 132/2025/NĐ-CP?",
            choices=(
                ("a", "Kiểm tra nhà nước về đo lường trên địa bàn cấp xã"),
                ("b", "Thẩm định, phê duyệt nhiệm vụ khoa học và công nghệ cấp tỉnh"),
                ("c", "Cấp phép thành lập tổ chức khoa học và công nghệ có yếu tố nước ngoài"),
            ),
            correct="a",
        ),
        Question(
            identifier="xa-3",
            text="Việc nào KHÔNG thuộc các nhóm việc Nghị định 132/2025/NĐ-CP giao cho cấp xã?",
            choices=(
                ("a", "Quản lý chất lượng sản phẩm, hàng hóa trên địa bàn"),
                ("b", "Cung cấp thông tin của chính quyền cấp xã trên môi trường mạng"),
                ("c", "Cấp giấy phép sử dụng tần số cho đài vô tuyến điện nghiệp dư"),
            ),
            correct="c",
        ),
        Question(
            identifier="xa-4",
            text="Theo Nghị định 132/2025/NĐ-CP, ai thành lập đoàn kiểm tra đo lường, chất "
            "lượng và giải quyết khiếu nại, tố cáo về chất lượng hàng hóa tại cấp xã?",
            choices=(
                ("a", "Ủy ban nhân dân cấp xã"),
                ("b", "Bộ Khoa học và Công nghệ"),
                ("c", "Tòa án nhân dân"),
            ),
            correct="a",
        ),
    ),
)


def build_demo_package() -> bytes:
    """The demo package's zip: the same bytes on every call."""
    return build_zip(entries_2004(identifier=IDENTIFIER, title=TITLE, scos=(PROVINCE, COMMUNE)))


def load_demo_scorm() -> ScormActivityPage | None:
    """Import the demo package once and add its published lesson to the overview course."""
    course = CoursePage.objects.live().filter(field__isnull=True).order_by("path").first()
    if course is None:
        return None
    data = build_demo_package()
    package = (
        ScormPackage.objects.filter(sha256=hashlib.sha256(data).hexdigest())
        .exclude(status=ScormPackage.Status.FAILED)
        .order_by("pk")
        .first()
    )
    if package is None:
        package = packages.submit_package(
            file_name=FILE_NAME, stream=io.BytesIO(data), size=len(data), uploader=None
        )
    # Extraction is idempotent: whether or not a worker also ran it, it is done here.
    package = packages.extract_package(package.pk)
    existing = ScormActivityPage.objects.descendant_of(course).filter(package=package).first()
    return existing or packages.add_activity_page(package, course, publish=True)
