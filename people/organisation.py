"""The organisation in force since 1 July 2025: 34 provinces, each with its Sở KH&CN, and the
ministry's units (Nghị định 55/2025/NĐ-CP). `load_organisation` writes them idempotently."""

from __future__ import annotations

from django.db import transaction
from django.utils.text import slugify

from lib.text import fold
from people.models import Province, Unit

# (name, is a centrally-run city); Nghị quyết 202/2025/QH15.
PROVINCES: list[tuple[str, bool]] = [
    ("Hà Nội", True),
    ("Huế", True),
    ("Lai Châu", False),
    ("Điện Biên", False),
    ("Sơn La", False),
    ("Lạng Sơn", False),
    ("Quảng Ninh", False),
    ("Thanh Hóa", False),
    ("Nghệ An", False),
    ("Hà Tĩnh", False),
    ("Cao Bằng", False),
    ("Tuyên Quang", False),
    ("Lào Cai", False),
    ("Thái Nguyên", False),
    ("Phú Thọ", False),
    ("Bắc Ninh", False),
    ("Hưng Yên", False),
    ("Hải Phòng", True),
    ("Ninh Bình", False),
    ("Quảng Trị", False),
    ("Đà Nẵng", True),
    ("Quảng Ngãi", False),
    ("Gia Lai", False),
    ("Khánh Hòa", False),
    ("Lâm Đồng", False),
    ("Đắk Lắk", False),
    ("Hồ Chí Minh", True),
    ("Đồng Nai", False),
    ("Tây Ninh", False),
    ("Cần Thơ", True),
    ("Vĩnh Long", False),
    ("Đồng Tháp", False),
    ("Cà Mau", False),
    ("An Giang", False),
]

# The 63 provinces before 1 July 2025 and the one each belongs to since (Nghị quyết
# 202/2025/QH15): 11 kept as they were, 52 merged into 23.
FORMER_PROVINCES: dict[str, str] = {
    "Hà Nội": "Hà Nội",
    "Thừa Thiên Huế": "Huế",
    "Lai Châu": "Lai Châu",
    "Điện Biên": "Điện Biên",
    "Sơn La": "Sơn La",
    "Lạng Sơn": "Lạng Sơn",
    "Quảng Ninh": "Quảng Ninh",
    "Thanh Hóa": "Thanh Hóa",
    "Nghệ An": "Nghệ An",
    "Hà Tĩnh": "Hà Tĩnh",
    "Cao Bằng": "Cao Bằng",
    "Hà Giang": "Tuyên Quang",
    "Tuyên Quang": "Tuyên Quang",
    "Yên Bái": "Lào Cai",
    "Lào Cai": "Lào Cai",
    "Bắc Kạn": "Thái Nguyên",
    "Thái Nguyên": "Thái Nguyên",
    "Vĩnh Phúc": "Phú Thọ",
    "Hòa Bình": "Phú Thọ",
    "Phú Thọ": "Phú Thọ",
    "Bắc Giang": "Bắc Ninh",
    "Bắc Ninh": "Bắc Ninh",
    "Thái Bình": "Hưng Yên",
    "Hưng Yên": "Hưng Yên",
    "Hải Dương": "Hải Phòng",
    "Hải Phòng": "Hải Phòng",
    "Hà Nam": "Ninh Bình",
    "Nam Định": "Ninh Bình",
    "Ninh Bình": "Ninh Bình",
    "Quảng Bình": "Quảng Trị",
    "Quảng Trị": "Quảng Trị",
    "Quảng Nam": "Đà Nẵng",
    "Đà Nẵng": "Đà Nẵng",
    "Kon Tum": "Quảng Ngãi",
    "Quảng Ngãi": "Quảng Ngãi",
    "Bình Định": "Gia Lai",
    "Gia Lai": "Gia Lai",
    "Ninh Thuận": "Khánh Hòa",
    "Khánh Hòa": "Khánh Hòa",
    "Đắk Nông": "Lâm Đồng",
    "Bình Thuận": "Lâm Đồng",
    "Lâm Đồng": "Lâm Đồng",
    "Phú Yên": "Đắk Lắk",
    "Đắk Lắk": "Đắk Lắk",
    "Bình Dương": "Hồ Chí Minh",
    "Bà Rịa - Vũng Tàu": "Hồ Chí Minh",
    "Hồ Chí Minh": "Hồ Chí Minh",
    "Bình Phước": "Đồng Nai",
    "Đồng Nai": "Đồng Nai",
    "Long An": "Tây Ninh",
    "Tây Ninh": "Tây Ninh",
    "Sóc Trăng": "Cần Thơ",
    "Hậu Giang": "Cần Thơ",
    "Cần Thơ": "Cần Thơ",
    "Bến Tre": "Vĩnh Long",
    "Trà Vinh": "Vĩnh Long",
    "Vĩnh Long": "Vĩnh Long",
    "Tiền Giang": "Đồng Tháp",
    "Đồng Tháp": "Đồng Tháp",
    "Bạc Liêu": "Cà Mau",
    "Cà Mau": "Cà Mau",
    "Kiên Giang": "An Giang",
    "An Giang": "An Giang",
}
# Other ways the old names were written.
FORMER_SPELLINGS: dict[str, str] = {
    "TT Huế": "Thừa Thiên Huế",
    "Bà Rịa Vũng Tàu": "Bà Rịa - Vũng Tàu",
    "BR-VT": "Bà Rịa - Vũng Tàu",
    "Vũng Tàu": "Bà Rịa - Vũng Tàu",
    "Đắc Nông": "Đắk Nông",
    "Đăk Nông": "Đắk Nông",
    "Bắc Cạn": "Bắc Kạn",
}

MINISTRY_NAME = "Bộ Khoa học và Công nghệ"
MINISTRY_UNITS: list[str] = [
    "Vụ Bưu chính",
    "Vụ Đánh giá và Thẩm định công nghệ",
    "Vụ Khoa học kỹ thuật và công nghệ",
    "Vụ Khoa học Xã hội, Nhân văn và Tự nhiên",
    "Vụ Kinh tế và Xã hội số",
    "Vụ Kế hoạch - Tài chính",
    "Vụ Hợp tác quốc tế",
    "Vụ Pháp chế",
    "Vụ Tổ chức cán bộ",
    "Văn phòng Bộ",
    "Thanh tra Bộ",
    "Cục An toàn bức xạ và hạt nhân",
    "Cục Bưu điện Trung ương",
    "Cục Công nghiệp công nghệ thông tin",
    "Cục Chuyển đổi số quốc gia",
    "Cục Đổi mới sáng tạo",
    "Cục Khởi nghiệp và Doanh nghiệp công nghệ",
    "Cục Sở hữu trí tuệ",
    "Cục Tần số vô tuyến điện",
    "Cục Thông tin, Thống kê",
    "Cục Viễn thông",
    "Ủy ban Tiêu chuẩn Đo lường Chất lượng Quốc gia",
    "Trung tâm Công nghệ thông tin",
    "Học viện Chiến lược Khoa học và Công nghệ",
]

# Communes, wards and special zones named in the domain brief (checked against official lists).
COMMUNES: dict[str, list[str]] = {
    "Quảng Trị": ["Đặc khu Cồn Cỏ"],
    "An Giang": ["Đặc khu Kiên Hải", "Đặc khu Phú Quốc", "Đặc khu Thổ Châu"],
    "Hải Phòng": ["Đặc khu Cát Hải", "Đặc khu Bạch Long Vĩ"],
    "Quảng Ninh": ["Đặc khu Vân Đồn", "Đặc khu Cô Tô"],
    "Hồ Chí Minh": ["Đặc khu Côn Đảo"],
    "Đà Nẵng": ["Đặc khu Hoàng Sa"],
    "Khánh Hòa": ["Đặc khu Trường Sa"],
    "Lâm Đồng": ["Đặc khu Phú Quý"],
    "Quảng Ngãi": ["Đặc khu Lý Sơn"],
    "Thanh Hóa": ["Xã Hà Trung"],
    "Hưng Yên": ["Phường Phố Hiến"],
}


def province_code(name: str) -> str:
    return slugify(fold(name))


def department_code(province: Province) -> str:
    return f"so-khcn-{province.code}"


def department_name(province: Province) -> str:
    return f"Sở Khoa học và Công nghệ {province.name}"


@transaction.atomic
def load_organisation() -> dict[str, int]:
    """Create or refresh the provinces, their Sở KH&CN, the ministry units and known communes."""
    counts = {"provinces": 0, "units": 0}
    ministry, _ = Unit.objects.update_or_create(
        code="bo-khcn", defaults={"name": MINISTRY_NAME, "kind": Unit.Kind.MINISTRY}
    )
    for name in MINISTRY_UNITS:
        Unit.objects.update_or_create(
            code=slugify(fold(name)),
            defaults={"name": name, "kind": Unit.Kind.MINISTRY_UNIT, "parent": ministry},
        )
        counts["units"] += 1
    for name, is_city in PROVINCES:
        province, _ = Province.objects.update_or_create(
            code=province_code(name), defaults={"name": name, "is_city": is_city}
        )
        counts["provinces"] += 1
        department, _ = Unit.objects.update_or_create(
            code=department_code(province),
            defaults={
                "name": department_name(province),
                "kind": Unit.Kind.DEPARTMENT,
                "province": province,
            },
        )
        counts["units"] += 1
        for commune in COMMUNES.get(name, []):
            Unit.objects.update_or_create(
                code=f"{province.code}-{slugify(fold(commune))}",
                defaults={
                    "name": commune,
                    "kind": Unit.Kind.COMMUNE,
                    "province": province,
                    "parent": department,
                },
            )
            counts["units"] += 1
    return counts
