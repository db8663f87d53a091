"""Load the Vietnamese demo courses from the JSON beside this file (needs the task catalogue).

Idempotent: pages that already exist (matched by slug under the same parent) are left as
trainers may have edited them.
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
from courses.taskcatalogue import load_fields, load_tasks
from people.models import Unit

DEMO_DIR = Path(__file__).resolve().parent


def _read(name: str) -> list[dict[str, Any]]:
    with open(DEMO_DIR / name, encoding="utf-8") as handle:
        data: list[dict[str, Any]] = json.load(handle)
    return data


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
    return {"pages_created": load_courses(fields, tasks, catalogue)}
