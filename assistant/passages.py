"""Cut published content into passages: a task card, each section of a lesson, an FAQ answer.

Only what anyone may read is cut: live lessons without view restrictions, task cards (the
catalogue is public) and the answers the public FAQ lists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape as unescape_entities
from typing import Any

from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags

from assistant.models import Passage, PassageKind
from courses.models import CoursePage, DecentralisedTask, LessonPage
from lib.anchors import heading_anchor
from lib.text import clean_text
from lib.tokens import tokens
from training import selectors as training_selectors
from training.models import Question

# Block ends inside rich text become line breaks, so list items read as sentences.
_BLOCK_END = re.compile(r"</(p|li|h[1-6]|div|blockquote)>|<br\s*/?>", re.IGNORECASE)


def _plain(html: str) -> str:
    text = unescape_entities(strip_tags(_BLOCK_END.sub("\n", html)))
    return "\n".join(clean_text(line) for line in text.splitlines() if line.strip())


def _index_tokens(title: str, *rest: str) -> str:
    # The title counts twice: a passage named for the question is the one to cite.
    return " ".join(tokens(title) * 2 + tokens(" \n ".join(rest)))


def task_passages(task: DecentralisedTask) -> list[Passage]:
    with translation.override("vi"):
        levels = f"{task.get_from_level_display()} → {task.get_to_level_display()}"
        kind = str(task.get_kind_display())
    text = task.description or task.name
    return [
        Passage(
            kind=PassageKind.TASK,
            source_id=task.pk,
            field_id=task.field_id,
            title=task.name,
            heading=levels,
            code=task.code,
            citation=task.legal_basis,
            text=text,
            tokens=_index_tokens(
                task.name, task.code, text, task.legal_basis, levels, kind, task.field.name
            ),
            url=task.get_absolute_url(),
        )
    ]


@dataclass
class _Section:
    heading: str = ""
    lines: list[str] = field(default_factory=list)


def _block_text(block_type: str, value: Any) -> str:
    if block_type == "paragraph":
        return _plain(value.source)
    if block_type == "callout":
        return "\n".join(filter(None, [clean_text(value["title"]), clean_text(value["text"])]))
    if block_type == "legal_reference":
        parts = [value["document"], value["article"], value["note"]]
        return " – ".join(clean_text(part) for part in parts if part)
    if block_type == "task_card" and value is not None:
        return f"{value.code}: {value.name}"
    return ""


def lesson_sections(lesson: LessonPage) -> list[_Section]:
    """The lesson's body cut at its headings; text before the first heading has none."""
    sections = [_Section()]
    for block in lesson.body:
        if block.block_type == "heading":
            sections.append(_Section(heading=clean_text(block.value)))
            continue
        text = _block_text(block.block_type, block.value)
        if text:
            sections[-1].lines.append(text)
    return [s for s in sections if s.lines]


def lesson_passages(lesson: LessonPage) -> list[Passage]:
    course = CoursePage.objects.ancestor_of(lesson).first()
    url = lesson.url or ""
    passages = []
    for part, section in enumerate(lesson_sections(lesson)):
        anchor = heading_anchor(section.heading) if section.heading else ""
        text = "\n".join(section.lines)
        passages.append(
            Passage(
                kind=PassageKind.LESSON,
                source_id=lesson.pk,
                part=part,
                field_id=course.field_id if course else None,
                title=lesson.title,
                heading=section.heading,
                anchor=anchor,
                code=lesson.slug,
                citation=course.title if course else "",
                text=text,
                tokens=_index_tokens(
                    f"{lesson.title} {section.heading}", text, course.title if course else ""
                ),
                url=f"{url}#{anchor}" if anchor else url,
            )
        )
    return passages


def faq_passages(question: Question) -> list[Passage]:
    unit = question.assigned_unit.name if question.assigned_unit else ""
    return [
        Passage(
            kind=PassageKind.FAQ,
            source_id=question.pk,
            field_id=question.field_id,
            title=question.text,
            citation=unit,
            code=question.task.code if question.task else "",
            text=question.answer,
            tokens=_index_tokens(question.text, question.answer, question.field.name),
            url=f"{reverse('training:faq')}#q-{question.pk}",
        )
    ]


def visible_lessons() -> Any:
    """Lessons anyone may read: live, and not behind a view restriction."""
    return LessonPage.objects.live().public()


def visible_answers() -> Any:
    """The answers the public FAQ lists."""
    return training_selectors.faq()
