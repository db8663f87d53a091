"""Read queries for H5P: the library store, playability, the player's grant, results."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.urls import reverse

from courses.models import Enrolment
from people.models import User
from people.roles import Role, has_role
from people.scope import scope_to
from quizzes.h5p.manifest import PlayManifest, build_manifest
from quizzes.h5p.models import H5PActivityPage, H5PContent, H5PLibrary, H5PResult, H5PUserData
from quizzes.h5p.tokens import PlayerGrant, sign_grant


def split_key(key: str) -> tuple[str, int, int] | None:
    """("H5P.MultiChoice", 1, 16) from "H5P.MultiChoice-1.16", or None."""
    machine, _, version = key.rpartition("-")
    major, _, minor = version.partition(".")
    if not machine or not major.isdigit() or not minor.isdigit():
        return None
    return machine, int(major), int(minor)


def _key_filter(keys: Iterable[str]) -> Q:
    query = Q(pk__in=[])
    for key in keys:
        parts = split_key(key)
        if parts:
            query |= Q(machine_name=parts[0], major_version=parts[1], minor_version=parts[2])
    return query


def approved_libraries() -> dict[str, dict[str, Any]]:
    """The library.json of the newest approved version of every library in the store, by key."""
    rows = H5PLibrary.objects.filter(approved=True).order_by("patch_version")
    return {library.key: library.metadata for library in rows}


def awaiting_libraries() -> dict[str, dict[str, Any]]:
    """The library.json of libraries installed in the store with no approved version yet."""
    approved = set(approved_libraries())
    rows = H5PLibrary.objects.filter(approved=False).order_by("patch_version")
    return {lib.key: lib.metadata for lib in rows if lib.key not in approved}


def newest_library(key: str, *, approved_only: bool = False) -> H5PLibrary | None:
    libraries = H5PLibrary.objects.filter(_key_filter([key]))
    if approved_only:
        libraries = libraries.filter(approved=True)
    return libraries.order_by("-patch_version").first()


def libraries_for_keys(keys: Iterable[str]) -> QuerySet[H5PLibrary]:
    return H5PLibrary.objects.filter(_key_filter(keys))


def unapproved_keys(content: H5PContent) -> list[str]:
    """The libraries the content needs that have no approved version yet."""
    approved = {
        lib.key for lib in libraries_for_keys(content.dependency_keys).filter(approved=True)
    }
    return [key for key in content.dependency_keys if key not in approved]


def is_playable(content: H5PContent) -> bool:
    return content.status == H5PContent.Status.READY and not unapproved_keys(content)


def served_libraries(content: H5PContent) -> dict[str, H5PLibrary]:
    """The newest approved version of every library this content may fetch, by key."""
    rows = libraries_for_keys(content.dependency_keys).filter(approved=True)
    return {library.key: library for library in rows.order_by("patch_version")}


def play_manifest(content: H5PContent) -> PlayManifest:
    """The libraries the player loads for this content, in the core's order (approved code)."""
    served = served_libraries(content)
    return build_manifest(content.metadata, {key: lib.metadata for key, lib in served.items()})


def supports_fullscreen(content: H5PContent) -> bool:
    """Whether the content's main library declares fullscreen support (library.json)."""
    main = newest_library(content.main_library, approved_only=True)
    return main is not None and main.metadata.get("fullscreen") in (1, True, "1")


def library_to_serve(content: H5PContent, key: str) -> H5PLibrary | None:
    """The newest approved version of a library that this content needs, or None."""
    if key not in content.dependency_keys:
        return None
    return newest_library(key, approved_only=True)


def h5p_origin(request: HttpRequest) -> str:
    """Where players and package files are served: H5P_ORIGIN, or the platform itself."""
    return settings.H5P_ORIGIN or f"{request.scheme}://{request.get_host()}"


def preloaded_state(user_id: int, content_id: int) -> dict[str, dict[str, str]]:
    """Saved state shaped as H5P's contentUserData: {subContentId: {dataType: json}}."""
    state: dict[str, dict[str, str]] = {}
    for row in H5PUserData.objects.filter(user_id=user_id, content_id=content_id, preload=True):
        state.setdefault(row.sub_content_id, {})[row.data_type] = row.data
    return state


def result_of(user: User | AnonymousUser, content: H5PContent) -> H5PResult | None:
    if not user.is_authenticated:
        return None
    return H5PResult.objects.filter(user=user, content=content).first()


def activity_state(
    page: H5PActivityPage, request: HttpRequest, enrolment: Enrolment | None
) -> dict[str, Any]:
    """What the activity block shows: the player's URL, or why it cannot play; the result."""
    user = request.user
    content = page.content
    state: dict[str, Any] = {"player_url": "", "player_token": "", "blocked": "", "result": None}
    if content is None or content.status != H5PContent.Status.READY:
        state["blocked"] = "not_ready"
        return state
    if unapproved_keys(content):
        state["blocked"] = "unapproved"
        return state
    previewer = has_role(user, Role.TRAINER) or has_role(user, Role.MINISTRY_ADMIN)
    if not user.is_authenticated or (enrolment is None and not previewer):
        state["blocked"] = "enrol"
        return state
    grant = PlayerGrant(
        user_id=user.pk,
        content_id=content.pk,
        page_id=page.pk,
        parent_origin=f"{request.scheme}://{request.get_host()}",
    )
    token = sign_grant(grant)
    state["player_token"] = token
    state["player_url"] = f"{h5p_origin(request)}{reverse('h5p:player', args=[token])}"
    state["result"] = result_of(user, content)
    state["recording"] = enrolment is not None
    return state


def visible_results(viewer: User | AnonymousUser) -> QuerySet[H5PResult]:
    """Results the viewer may see: their own, their province's, or all."""
    return scope_to(
        viewer,
        H5PResult.objects.select_related("user__profile", "content", "page").order_by(
            "-updated_at"
        ),
        province="user__profile__unit__province",
        person="user",
    )


def recent_contents() -> QuerySet[H5PContent]:
    return H5PContent.objects.select_related("uploaded_by").order_by("-created_at")


def libraries() -> QuerySet[H5PLibrary]:
    return H5PLibrary.objects.select_related("approved_by", "uploaded_by").order_by(
        "approved", "machine_name", "-major_version", "-minor_version", "-patch_version"
    )
