"""No English on the screens trainers, province managers and ministry admins open.

The walk signs in as each role on the demo data, opens the admin's dashboard and follows every
link it finds (one screen per URL shape, so /admin/pages/7/edit/ and /admin/pages/9/edit/ count
once), adds the screens reached only by forms or modals (page creation for every page type, the
unit chooser, the exports), and fails listing each English word with where it was seen.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.models import Page

from courses.models import CourseIndexPage, CoursePage, LessonPage, ModulePage
from people.models import User
from tests.config.screen_text import ALLOWED_TEXTS, english_words, screen_texts, translated_msgids

pytestmark = pytest.mark.django_db

MAX_SCREENS = 150
# The admin, and the staff screens outside it (reports, sessions, certificates, statistics).
STAFF_PATHS = re.compile(
    r"^/(admin|quan-ly|hoi-nghi|chung-chi|diem-danh|hoi-dap|bai-kiem-tra/\d+/thong-ke)/"
)
# Links that end a session or only work as a POST; GET on the rest is safe in Wagtail's admin.
# Also left out: endpoints that are not screens (API, sprite, pings, previews of the public
# site, file downloads) and bulk actions, which need a selection.
SKIPPED = re.compile(
    r"/logout/|/dang-xuat/|/i18n/|/static/|/media/|/documents/\d+/|/jsi18n/|/admin/api/"
    r"|/sprite/|/editing-sessions/|/dismissibles/|/preview/|/block-preview/|/tai-ve/|/bulk/"
)
# Links, URLs in data attributes, and those in the JSON the sidebar menu is drawn from.
_LINKS = re.compile(r'(?:="|&quot;|\\?")(/[^"#&\\]*(?:&amp;[^"#&\\]*)*)')
_SHAPE = re.compile(r"\d+|[0-9a-f]{8}-[0-9a-f-]{27}")
_EXPORT_FORM = re.compile(r"<form[^>]*action=\"([^\"]*quan-ly/xuat/)\"[^>]*>(.*?)</form>", re.S)
_HIDDEN = re.compile(r"<input[^>]*type=\"hidden\"[^>]*name=\"([^\"]+)\"[^>]*value=\"([^\"]*)\"")


def _shape(url: str) -> str:
    return _SHAPE.sub("N", urlsplit(url).path)


def _extra_screens() -> list[str]:
    """Screens reached through buttons, menus and modals rather than plain links."""
    module = ModulePage.objects.first()
    catalogue = CourseIndexPage.objects.get()
    course = CoursePage.objects.first()
    urls = [
        "/admin/",
        f"/admin/pages/{catalogue.pk}/",
        f"/admin/pages/add/courses/coursepage/{catalogue.pk}/",
        f"/admin/pages/add/courses/modulepage/{course.pk}/",
        "/admin/snippets/people/unit/",
        "/admin/snippets/choose/people/unit/",
        "/admin/snippets/choose/people/unit/results/?p=2",
        "/admin/reports/site-history/",
        "/admin/reports/aging-pages/",
        "/admin/reports/locked/",
        "/admin/reports/workflow/",
        "/admin/reports/workflow_tasks/",
        reverse("reports:dashboard"),
    ]
    for model in Page.allowed_subpage_models():
        if module and "ModulePage" in {m.__name__ for m in model.allowed_parent_page_models()}:
            meta = model._meta
            urls.append(f"/admin/pages/add/{meta.app_label}/{meta.model_name}/{module.pk}/")
    lesson = LessonPage.objects.first()
    if lesson:
        urls += [f"/admin/pages/{lesson.pk}/edit/", f"/admin/pages/{lesson.pk}/history/"]
    return urls


def _links(base: str, html: str) -> Iterator[str]:
    for href in _LINKS.findall(html):
        url = urljoin(base, href.replace("&amp;", "&"))
        parts = urlsplit(url)
        if (
            parts.netloc not in ("", "testserver")
            or SKIPPED.search(parts.path)
            or not STAFF_PATHS.match(parts.path)
        ):
            continue
        yield parts.path + (f"?{parts.query}" if parts.query else "")


def _problems(url: str, html: str) -> list[str]:
    found = []
    msgids = translated_msgids()
    for text in screen_texts(html):
        words = english_words(text)
        if words or (text in msgids and text not in ALLOWED_TEXTS):
            found.append(f"{url}: {text[:120]!r} {sorted(set(words))}")
    return found


def _english_header(response: HttpResponse) -> list[str]:
    """The English cells of the header row of a CSV or XLSX download (nothing for others)."""
    kind = response.get("Content-Type", "")
    if "csv" not in kind and "spreadsheet" not in kind:
        return []
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if "csv" in kind:
        header = next(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    else:
        sheet = load_workbook(io.BytesIO(content), read_only=True).active
        header = [str(cell or "") for cell in next(sheet.iter_rows(values_only=True))]
    return [f"header {cell!r}" for cell in header if english_words(cell)]


def _export_problems(client: Client, url: str, html: str) -> list[str]:
    """Post each export form of the screen in both formats and read the header rows."""
    found = []
    for action, body in _EXPORT_FORM.findall(html):
        data = dict(_HIDDEN.findall(body))
        for fmt in ("csv", "xlsx"):
            response = client.post(urljoin(url, action), {**data, "format": fmt})
            found += [f"export {data.get('report')}.{fmt} {c}" for c in _english_header(response)]
    return found


def walk(user: User) -> tuple[list[str], int]:
    """Open every screen `user` can reach; the English found and how many screens were seen."""
    client = Client()
    client.force_login(user)
    queue = _extra_screens()
    seen: set[str] = set()
    problems: list[str] = []
    screens = 0
    while queue and screens < MAX_SCREENS:
        url = queue.pop(0)
        shape = _shape(url) + ("?results" if "/results/" in url else "")
        if shape in seen:
            continue
        seen.add(shape)
        response = client.get(url)
        if response.status_code != 200:
            continue
        if "html" not in response.get("Content-Type", ""):
            problems += [f"{url} {cell}" for cell in _english_header(response)]
            continue
        screens += 1
        html = response.content.decode()
        problems += _problems(url, html)
        problems += _export_problems(client, url, html)
        queue += [link for link in _links(url, html) if _shape(link) not in seen]
    return problems, screens


def _roles() -> dict[str, User]:
    return {
        "trainer": User.objects.get(username="giangvien"),
        "province manager": User.objects.get(username="quanly.quangtri"),
        "ministry admin (superuser)": User.objects.get(username="admin"),
    }


def test_no_english_on_the_screens_of_trainers_managers_and_admins(settings):
    settings.DEBUG = True  # the demo accounts are only made in development
    call_command("seed_demo", verbosity=0)
    settings.DEBUG = False
    found = []
    for role, user in _roles().items():
        problems, screens = walk(user)
        assert screens > 10, role
        found += [f"[{role}] {problem}" for problem in sorted(set(problems))]
    assert not found, f"{len(found)} English strings:\n" + "\n".join(found)
