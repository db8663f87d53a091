"""The fields of state management and the catalogue of decentralised tasks (real data).

Loaded by `manage.py bootstrap` in every environment, from the JSON beside this module.
Idempotent: fields and task cards are matched by slug and code and refreshed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.db import transaction

from courses.models import DecentralisedTask, Field

DATA_DIR = Path(__file__).resolve().parent / "data"

FIELDS: list[tuple[str, str, str]] = [
    ("tieu-chuan-do-luong-chat-luong", "Tiêu chuẩn – đo lường – chất lượng", "TCĐLCL"),
    ("so-huu-tri-tue", "Sở hữu trí tuệ", "SHTT"),
    ("an-toan-buc-xa-hat-nhan", "An toàn bức xạ và hạt nhân", "ATBXHN"),
    ("tan-so-vo-tuyen-dien", "Tần số vô tuyến điện", "Tần số"),
    ("buu-chinh-vien-thong", "Bưu chính, viễn thông", "BCVT"),
    ("doi-moi-sang-tao", "Đổi mới sáng tạo", "ĐMST"),
    ("chuyen-doi-so", "Chuyển đổi số", "CĐS"),
    ("nhiem-vu-khcn", "Quản lý nhiệm vụ KH&CN địa phương", "Nhiệm vụ KH&CN"),
]


def load_fields() -> dict[str, Field]:
    fields = {}
    for order, (slug, name, short) in enumerate(FIELDS):
        fields[slug], _ = Field.objects.update_or_create(
            slug=slug, defaults={"name": name, "short_name": short, "sort_order": order}
        )
    return fields


def load_tasks(fields: dict[str, Field]) -> dict[str, DecentralisedTask]:
    with open(DATA_DIR / "tasks.json", encoding="utf-8") as handle:
        items: list[dict[str, Any]] = json.load(handle)
    tasks = {}
    for item in items:
        task, _ = DecentralisedTask.objects.update_or_create(
            code=item["code"].upper(),
            defaults={
                "name": item["name"],
                "field": fields[item["field"]],
                "legal_basis": item["legal_basis"],
                "from_level": item.get("from_level", "bo"),
                "to_level": item["to_level"],
                "kind": item["kind"],
                "processing_time": item.get("processing_time", ""),
                "description": item.get("description", ""),
            },
        )
        tasks[task.code] = task
    return tasks


@transaction.atomic
def load_task_catalogue() -> dict[str, int]:
    """Create or refresh the fields and the task cards; counts of each."""
    fields = load_fields()
    return {"fields": len(fields), "tasks": len(load_tasks(fields))}
