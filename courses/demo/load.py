"""Load the Vietnamese demo catalogue (fields, task cards, courses) from the JSON beside this file.

Idempotent: fields and task cards are refreshed, pages that already exist (matched by slug under
the same parent) are left as trainers may have edited them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.db import transaction
from wagtail.models import Page

from courses.models import (
    CourseIndexPage,
    CoursePage,
    DecentralisedTask,
    Field,
    LessonPage,
    ModulePage,
)
from courses.setup import ensure_site
from people.models import Unit

DEMO_DIR = Path(__file__).resolve().parent

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


def _read(name: str) -> list[dict[str, Any]]:
    with open(DEMO_DIR / name, encoding="utf-8") as handle:
        data: list[dict[str, Any]] = json.load(handle)
    return data


def load_fields() -> dict[str, Field]:
    fields = {}
    for order, (slug, name, short) in enumerate(FIELDS):
        fields[slug], _ = Field.objects.update_or_create(
            slug=slug, defaults={"name": name, "short_name": short, "sort_order": order}
        )
    return fields


def load_tasks(fields: dict[str, Field]) -> dict[str, DecentralisedTask]:
    tasks = {}
    for item in _read("tasks.json"):
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


def _block(block: dict[str, Any], tasks: dict[str, DecentralisedTask]) -> dict[str, Any]:
    """One block in StreamField's raw JSON form (snippets by primary key)."""
    kind, value = block["type"], block["value"]
    if kind == "task_card":
        return {"type": kind, "value": tasks[value.upper()].pk}
    if kind == "legal_reference":
        value = {
            "document": value["document"],
            "article": value.get("article", ""),
            "note": value.get("note", ""),
            "file": None,
        }
    return {"type": kind, "value": value}


def _child(parent: Page, model: type[Page], slug: str, **fields: Any) -> tuple[Page, bool]:
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    if existing is not None:
        return existing, False
    page = parent.add_child(instance=model(slug=slug, **fields))
    page.save_revision().publish()
    return page, True


def load_courses(
    fields: dict[str, Field], tasks: dict[str, DecentralisedTask], catalogue: CourseIndexPage
) -> int:
    created = 0
    for item in _read("courses.json"):
        owner = Unit.objects.filter(name=item.get("owner_unit", "")).first()
        course, made = _child(
            catalogue,
            CoursePage,
            item["slug"],
            title=item["title"],
            field=fields.get(item["field"]) if item.get("field") else None,
            summary=item["summary"],
            objectives="\n".join(item.get("objectives", [])),
            audience=item.get("audience", ""),
            hours=item.get("hours", 1),
            legal_basis=item.get("legal_basis", ""),
            owner_unit=owner,
        )
        created += made
        for module_item in item["modules"]:
            module, made = _child(
                course,
                ModulePage,
                module_item["slug"],
                title=module_item["title"],
                intro=module_item.get("intro", ""),
            )
            created += made
            for lesson_item in module_item["lessons"]:
                _, made = _child(
                    module,
                    LessonPage,
                    lesson_item["slug"],
                    title=lesson_item["title"],
                    minutes=lesson_item.get("minutes", 15),
                    body=[_block(b, tasks) for b in lesson_item["body"]],
                )
                created += made
    return created


@transaction.atomic
def load_demo_catalogue() -> dict[str, int]:
    catalogue = ensure_site()
    fields = load_fields()
    tasks = load_tasks(fields)
    pages = load_courses(fields, tasks, catalogue)
    return {"fields": len(fields), "tasks": len(tasks), "pages_created": pages}
