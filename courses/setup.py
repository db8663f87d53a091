"""Site structure and role permissions that must exist after every migrate.

Run from a post_migrate receiver, so a new database (tests included) always has the home page,
the catalogue at /khoa-hoc/, the four role groups with their Wagtail permissions and the course
approval workflow. Every step is idempotent.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from courses.models import CourseIndexPage, HomePage
from people.roles import Role

CATALOGUE_SLUG = "khoa-hoc"
WORKFLOW_NAME = "Phê duyệt khóa học"
APPROVAL_TASK_NAME = "Quản trị Bộ phê duyệt"

AUTHOR_PAGE_PERMISSIONS = ["add_page", "change_page"]
ADMIN_PAGE_PERMISSIONS = [
    "add_page",
    "change_page",
    "publish_page",
    "bulk_delete_page",
    "lock_page",
    "unlock_page",
]
AUTHOR_MODEL_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("courses", "add_decentralisedtask"),
    ("courses", "change_decentralisedtask"),
    ("courses", "view_decentralisedtask"),
    ("courses", "view_field"),
]
ADMIN_MODEL_PERMISSIONS = [
    *AUTHOR_MODEL_PERMISSIONS,
    ("courses", "add_field"),
    ("courses", "change_field"),
    ("courses", "delete_field"),
    ("courses", "delete_decentralisedtask"),
    ("people", "add_province"),
    ("people", "change_province"),
    ("people", "view_province"),
    ("people", "add_unit"),
    ("people", "change_unit"),
    ("people", "view_unit"),
    ("people", "add_user"),
    ("people", "change_user"),
    ("people", "view_user"),
    ("people", "add_staffprofile"),
    ("people", "change_staffprofile"),
    ("people", "view_staffprofile"),
]
MANAGER_MODEL_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("people", "view_staffprofile"),
    ("people", "add_staffprofile"),
    ("people", "change_staffprofile"),
]
MEDIA_COLLECTION_PERMISSIONS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
]


def _permission(app_label: str, codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def site_address() -> tuple[str, int]:
    """The host name and port of SITE_URL, where Wagtail's links (moderation e-mails) point."""
    url = urlsplit(settings.SITE_URL)
    return url.hostname or "localhost", url.port or (443 if url.scheme == "https" else 80)


def sync_site_address() -> Site | None:
    """Point the default Wagtail site at SITE_URL's host and port (idempotent)."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is not None and (site.hostname, site.port) != site_address():
        site.hostname, site.port = site_address()
        site.save()
    return site


def ensure_site() -> CourseIndexPage:
    """Create the home page and the catalogue once, and point the default site at them."""
    home = HomePage.objects.first()
    if home is None:
        Locale.objects.get_or_create(
            language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
        )
        root = Page.get_first_root_node() or Page.add_root(
            instance=Page(
                title="Root", slug="root", content_type=ContentType.objects.get_for_model(Page)
            )
        )
        welcome = Page.objects.filter(depth=2, slug="home", content_type__model="page").first()
        if welcome is not None:
            welcome.slug = "wagtail-welcome-old"
            welcome.save()
        home = root.add_child(instance=HomePage(title="Tập huấn KH&CN", slug="trang-chu"))
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            hostname, port = site_address()
            Site.objects.create(
                hostname=hostname,
                port=port,
                root_page=home,
                is_default_site=True,
                site_name="Tập huấn KH&CN",
            )
        else:
            site.root_page = home
            site.site_name = "Tập huấn KH&CN"
            site.save()
        if welcome is not None:
            welcome.delete()
    catalogue = CourseIndexPage.objects.first()
    if catalogue is None:
        catalogue = home.add_child(instance=CourseIndexPage(title="Khóa học", slug=CATALOGUE_SLUG))
    return catalogue


def ensure_roles(catalogue: CourseIndexPage) -> None:
    """Create the role groups with their permissions and the course approval workflow."""
    groups = {role: Group.objects.get_or_create(name=role.value)[0] for role in Role}
    for role, wanted in (
        (Role.TRAINER, AUTHOR_MODEL_PERMISSIONS),
        (Role.MINISTRY_ADMIN, ADMIN_MODEL_PERMISSIONS),
        (Role.PROVINCE_MANAGER, MANAGER_MODEL_PERMISSIONS),
    ):
        groups[role].permissions.add(*[_permission(app, code) for app, code in wanted])

    home = HomePage.objects.first()
    for group, page, codenames in (
        (groups[Role.TRAINER], catalogue, AUTHOR_PAGE_PERMISSIONS),
        (groups[Role.MINISTRY_ADMIN], home, ADMIN_PAGE_PERMISSIONS),
    ):
        for codename in codenames:
            GroupPagePermission.objects.get_or_create(
                group=group, page=page, permission=_permission("wagtailcore", codename)
            )

    root_collection = Collection.get_first_root_node() or Collection.add_root(name="Root")
    for group in (groups[Role.TRAINER], groups[Role.MINISTRY_ADMIN]):
        for app, codename in MEDIA_COLLECTION_PERMISSIONS:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=_permission(app, codename)
            )

    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    task = GroupApprovalTask.objects.filter(name=APPROVAL_TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=APPROVAL_TASK_NAME)
    task.groups.set([groups[Role.MINISTRY_ADMIN]])
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=catalogue, defaults={"workflow": workflow})


@transaction.atomic
def ensure_structure() -> None:
    ensure_roles(ensure_site())
