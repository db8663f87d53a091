"""Demo accounts for a development site. Every password is `demo12345`."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from people.models import Unit, User
from people.roles import Role
from people.services import StaffData, grant_role, upsert_staff

DEMO_PASSWORD = "demo12345"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    unit_code: str
    position: str
    role: Role
    staff_code: str


ACCOUNTS: list[DemoAccount] = [
    DemoAccount(
        "admin",
        "Trần Minh Quân",
        "vu-phap-che",
        "Chuyên viên chính",
        Role.MINISTRY_ADMIN,
        "BO-0001",
    ),
    DemoAccount(
        "giangvien",
        "Lê Thị Thu Hà",
        "cuc-so-huu-tri-tue",
        "Giảng viên kiêm chức",
        Role.TRAINER,
        "BO-0002",
    ),
    DemoAccount(
        "quanly.quangtri",
        "Hoàng Văn Đức",
        "so-khcn-quang-tri",
        "Phó Giám đốc Sở",
        Role.PROVINCE_MANAGER,
        "QT-0001",
    ),
    DemoAccount(
        "hocvien", "Nguyễn Thị Hương", "so-khcn-quang-tri", "Chuyên viên", Role.LEARNER, "QT-0002"
    ),
]

# Fictional learners in a few provinces, so that managers' lists are not empty.
LEARNERS: list[tuple[str, str, str, str]] = [
    ("phamvanlong", "Phạm Văn Long", "so-khcn-quang-tri", "QT-0003"),
    ("dangthimai", "Đặng Thị Mai", "quang-tri-dac-khu-con-co", "QT-0004"),
    ("vuquocbao", "Vũ Quốc Bảo", "so-khcn-thanh-hoa", "TH-0001"),
    ("ngothiyen", "Ngô Thị Yến", "thanh-hoa-xa-ha-trung", "TH-0002"),
    ("buixuanhieu", "Bùi Xuân Hiếu", "so-khcn-hung-yen", "HY-0001"),
    ("doanthuytrang", "Đoàn Thùy Trang", "so-khcn-ha-noi", "HN-0001"),
    ("lyvanphuc", "Lý Văn Phúc", "so-khcn-lai-chau", "LC-0001"),
    ("trinhngocanh", "Trịnh Ngọc Ánh", "so-khcn-ho-chi-minh", "HCM-0001"),
]


def _account(username: str, full_name: str, unit_code: str, position: str, code: str) -> User:
    unit = Unit.objects.get(code=unit_code)
    profile, _ = upsert_staff(
        StaffData(
            full_name=full_name,
            unit=unit,
            email=f"{username}@demo.tap-huan.vn",
            staff_code=code,
            position=position,
            username=username,
        )
    )
    user = profile.user
    user.set_password(DEMO_PASSWORD)
    user.save(update_fields=["password"])
    return user


@transaction.atomic
def ensure_demo_users() -> list[User]:
    """Create or refresh the demo accounts (needs the organisation loaded first)."""
    users = []
    for account in ACCOUNTS:
        user = _account(
            account.username,
            account.full_name,
            account.unit_code,
            account.position,
            account.staff_code,
        )
        grant_role(user, account.role)
        if account.role is Role.MINISTRY_ADMIN:
            user.is_staff = user.is_superuser = True
            user.save(update_fields=["is_staff", "is_superuser"])
        users.append(user)
    for username, full_name, unit_code, code in LEARNERS:
        users.append(_account(username, full_name, unit_code, "Công chức", code))
    return users
