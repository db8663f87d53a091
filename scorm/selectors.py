"""Read queries for SCORM: the content origin, what an activity page shows, results in scope."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse

from courses.models import Enrolment
from people.models import User
from people.roles import Role, has_role
from people.scope import scope_to
from scorm.models import Sco, ScormActivityPage, ScormAttempt, ScormPackage
from scorm.tokens import LaunchGrant, sign_grant


def platform_origin(request: HttpRequest) -> str:
    return f"{request.scheme}://{request.get_host()}"


def scorm_origin(request: HttpRequest) -> str:
    """Where launchers and package files are served: SCORM_ORIGIN (a host of its own)."""
    return settings.SCORM_ORIGIN or platform_origin(request)


@dataclass
class TocRow:
    sco: Sco
    attempt: ScormAttempt | None
    current: bool

    @property
    def done(self) -> bool:
        from scorm.services.tracking import sco_done

        return self.attempt is not None and sco_done(self.attempt)


def latest_attempts(user: User, page: ScormActivityPage) -> dict[int, ScormAttempt]:
    """The learner's last attempt at each SCO of the page, by SCO id."""
    attempts: dict[int, ScormAttempt] = {}
    rows = ScormAttempt.objects.filter(user=user, page=page).order_by("sco_id", "number")
    for attempt in rows:
        previous = attempts.get(attempt.sco_id)
        # A completed earlier attempt still counts: keep the best, then the latest.
        if previous is None or not (previous.completed and not attempt.completed):
            attempts[attempt.sco_id] = attempt
    return attempts


def _chosen(scos: list[Sco], attempts: dict[int, ScormAttempt], wanted: str | None) -> Sco:
    """The SCO asked for, or (simple sequencing) the first one in order not yet done."""
    from scorm.services.tracking import sco_done

    by_id = {str(sco.pk): sco for sco in scos}
    if wanted in by_id:
        return by_id[wanted]  # type: ignore[index]
    for sco in scos:
        attempt = attempts.get(sco.pk)
        if sco.tracked and not (attempt is not None and sco_done(attempt)):
            return sco
    return scos[0]


def activity_state(
    page: ScormActivityPage, request: HttpRequest, enrolment: Enrolment | None
) -> dict[str, Any]:
    """What the activity shows: the launcher's URL for the chosen SCO (or why it cannot play),
    the table of contents with each SCO's status."""
    from scorm.services.tracking import open_attempt

    user = request.user
    package = page.package
    state: dict[str, Any] = {"launch_url": "", "blocked": "", "toc": [], "recording": False}
    if package is None or package.status != ScormPackage.Status.READY:
        state["blocked"] = "not_ready"
        return state
    scos = list(package.scos.all())
    previewer = has_role(user, Role.TRAINER) or has_role(user, Role.MINISTRY_ADMIN)
    if not scos or not user.is_authenticated or (enrolment is None and not previewer):
        state["blocked"] = "enrol" if scos else "not_ready"
        return state
    if scorm_origin(request) == platform_origin(request):
        # Package code must never run as the platform: without a content origin of its own,
        # nothing plays.
        state["blocked"] = "no_origin"
        return state
    recording = enrolment is not None and page.live
    attempts = latest_attempts(user, page) if recording else {}
    sco = _chosen(scos, attempts, request.GET.get("sco"))
    attempt = open_attempt(user, page, sco) if recording else None
    grant = LaunchGrant(
        user_id=user.pk,
        page_id=page.pk,
        package_id=package.pk,
        sco_id=sco.pk,
        attempt_id=attempt.pk if attempt is not None else 0,
        parent_origin=platform_origin(request),
    )
    token = sign_grant(grant)
    if attempt is not None:
        attempts.setdefault(sco.pk, attempt)
    state.update(
        {
            "launch_url": f"{scorm_origin(request)}{reverse('scorm:launch', args=[token])}",
            "launch_token": token,
            "content_origin": scorm_origin(request),
            "recording": recording,
            "sco": sco,
            "toc": [TocRow(s, attempts.get(s.pk), s.pk == sco.pk) for s in scos],
            "multi_sco": len(scos) > 1,
            "next_sco": next((s for s in scos[scos.index(sco) + 1 :] if s.tracked), None),
        }
    )
    return state


def visible_attempts(viewer: User | AnonymousUser) -> QuerySet[ScormAttempt]:
    """Attempts the viewer may see: their own, their province's, or all."""
    return scope_to(
        viewer,
        ScormAttempt.objects.select_related("user__profile", "sco", "page", "page__package")
        .filter(commits__gt=0)
        .order_by("-updated_at"),
        province="user__profile__unit__province",
        person="user",
    )


def recent_packages() -> QuerySet[ScormPackage]:
    return ScormPackage.objects.select_related("uploaded_by").order_by("-created_at")
