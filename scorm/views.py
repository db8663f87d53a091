"""The launcher and package files (content origin only, no cookie: a signed token in the path),
the commit endpoint the lesson page posts to (platform origin, session and CSRF), results."""

from __future__ import annotations

import json
import mimetypes
import posixpath
from typing import Any
from urllib.parse import unquote

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET, require_POST

from lib.rate_limit import over_limit
from people.models import User
from scorm import selectors, store
from scorm.models import Sco, ScormActivityPage, ScormAttempt, ScormPackage
from scorm.services import tracking
from scorm.tokens import LaunchGrant, read_grant

CONTENT_TYPES = {
    "js": "text/javascript; charset=utf-8",
    "css": "text/css; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "htm": "text/html; charset=utf-8",
    "json": "application/json",
    "svg": "image/svg+xml",
    "xml": "application/xml",
    "vtt": "text/vtt; charset=utf-8",
    "woff2": "font/woff2",
}
RESULTS_PER_PAGE = 50
# A SCO commits on its own schedule; a few per second at most is already generous.
COMMITS_PER_MINUTE = 120


def _grant(request: HttpRequest, token: str) -> tuple[LaunchGrant, ScormPackage, Sco]:
    # Launchers and package files are served on the content origin only, never as the platform.
    if selectors.platform_origin(request) != settings.SCORM_ORIGIN:
        raise Http404
    try:
        grant = read_grant(token)
    except signing.BadSignature:
        raise Http404 from None
    package = ScormPackage.objects.filter(
        pk=grant.package_id, status=ScormPackage.Status.READY
    ).first()
    sco = Sco.objects.filter(pk=grant.sco_id, package=package).first() if package else None
    if package is None or sco is None:
        raise Http404
    return grant, package, sco


def _launcher_csp(origin: str, parent_origin: str) -> str:
    return "; ".join(
        [
            "default-src 'none'",
            f"script-src {origin}",
            f"style-src {origin}",
            f"img-src {origin} data:",
            f"frame-src {origin}",
            "form-action 'none'",
            "base-uri 'none'",
            f"frame-ancestors {parent_origin}",
        ]
    )


def _sco_url(origin: str, token: str, href: str) -> str:
    """The SCO's file URL; the item's parameters stay a query string the SCO can read."""
    path, _, query = href.partition("?")
    url = f"{origin}{reverse('scorm:file', args=[token, path])}"
    return f"{url}?{query}" if query else url


@require_GET
@xframe_options_exempt
def launch(request: HttpRequest, token: str) -> HttpResponse:
    """The runtime page on the content origin: scorm-again provides window.API (1.2) or
    window.API_1484_11 (2004) to the SCO, framed beneath it on the same origin, and passes
    every commit to the lesson page by postMessage."""
    grant, package, sco = _grant(request, token)
    user = User.objects.filter(pk=grant.user_id, is_active=True).first()
    if user is None:
        raise Http404
    attempt = (
        ScormAttempt.objects.filter(pk=grant.attempt_id, user=user, sco=sco).first()
        if grant.attempt_id
        else None
    )
    origin = settings.SCORM_ORIGIN
    scorm_12 = not package.is_2004
    runtime = "scorm12.min.js" if scorm_12 else "scorm2004.min.js"
    config = {
        "version": "1.2" if scorm_12 else "2004",
        "scoUrl": _sco_url(origin, token, sco.href),
        "resume": tracking.resume_data(attempt, user, scorm_12=scorm_12),
        "masteryScore": sco.mastery_score,
    }
    response = render(
        request,
        "scorm/launcher.html",
        {
            "config": config,
            "title": sco.title,
            "parent_origin": grant.parent_origin,
            "runtime_js": f"{origin}{static(f'scorm/vendor/{runtime}')}",
            "launcher_js": f"{origin}{static('scorm/js/launcher.js')}",
            "launcher_css": f"{origin}{static('scorm/css/launcher.css')}",
        },
    )
    response["Content-Security-Policy"] = _launcher_csp(origin, grant.parent_origin)
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _clean(path: str) -> str | None:
    path = unquote(path.split("?", 1)[0])
    normal = posixpath.normpath(path)
    if not path or "\\" in path or normal.startswith(("../", "/")) or normal in (".", ".."):
        return None
    return normal


@require_GET
@xframe_options_exempt
def package_file(request: HttpRequest, token: str, path: str) -> HttpResponseBase:
    """One file of the package, for the holder of a valid launch grant."""
    grant, package, _sco = _grant(request, token)
    clean = _clean(path)
    if clean is None:
        raise Http404
    stored = f"{package.storage_path}/{clean}"
    if not store.exists(stored):
        raise Http404
    ext = clean.rsplit(".", 1)[-1].lower() if "." in clean.rsplit("/", 1)[-1] else ""
    content_type = CONTENT_TYPES.get(ext) or mimetypes.guess_type(clean)[0]
    served = FileResponse(
        store.open_file(stored), content_type=content_type or "application/octet-stream"
    )
    # The SCO runs beneath the launcher (this origin), inside the learner's lesson page;
    # frame-ancestors names every ancestor. Never sniffed.
    served["Content-Security-Policy"] = f"frame-ancestors 'self' {grant.parent_origin}"
    served["X-Content-Type-Options"] = "nosniff"
    served["Referrer-Policy"] = "no-referrer"
    served["Cache-Control"] = "private, max-age=3600"
    if ext == "svg":
        served["Content-Disposition"] = "attachment"
    return served


def _error(message: str, status: int) -> JsonResponse:
    return JsonResponse({"detail": message}, status=status)


@require_POST
def commit(request: HttpRequest, page_id: int) -> JsonResponse:
    """Store a commit relayed by the lesson page (session and CSRF token, like any form)."""
    if not request.user.is_authenticated:
        return _error(_("Sign in to record your progress."), 403)
    if over_limit(f"scorm-commit:{request.user.pk}", COMMITS_PER_MINUTE, 60):
        return _error(_("Too many saves in a short time; wait a moment."), 429)
    if len(request.body) > tracking.MAX_COMMIT_BYTES + 4096:
        return _error(_("The commit is too large."), 400)
    page = get_object_or_404(ScormActivityPage.objects.select_related("package"), pk=page_id)
    try:
        body: Any = json.loads(request.body)
        grant = read_grant(str(body["token"]))
        data, terminate = body["cmi"], bool(body.get("terminate"))
    except signing.SignatureExpired:
        return _error(_("This activity has been open too long. Reload the page."), 403)
    except (ValueError, KeyError, TypeError, signing.BadSignature):
        return _error(_("The commit is not valid."), 400)
    try:
        attempt = tracking.record_commit(
            request.user,  # type: ignore[arg-type]
            page,
            grant,
            data,
            terminate=terminate,
        )
    except tracking.ActivityNotAvailable:
        return _error(_("You are not enrolled in the course of this activity."), 403)
    except tracking.NotYourAttempt as exc:
        return _error(str(exc), 403)
    except tracking.CommitRejected as exc:
        return _error(str(exc), 400)
    done = tracking.lesson_done(request.user, page)  # type: ignore[arg-type]
    return JsonResponse(
        {
            "status": attempt.status,
            "completed": attempt.completed,
            "passed": attempt.passed,
            "score": attempt.percent,
            "lesson_done": done,
            "source": attempt.source,
        }
    )


@login_required
def my_results(request: HttpRequest) -> HttpResponse:
    """SCORM attempts the viewer may see (their own; managers their province), marked as
    reported by the browser."""
    attempts = selectors.visible_attempts(request.user)
    page = Paginator(attempts, RESULTS_PER_PAGE).get_page(request.GET.get("p"))
    return render(request, "scorm/results.html", {"page_obj": page, "attempts": page.object_list})


def not_served(request: HttpRequest) -> HttpResponse:
    """Package files straight from media storage: never (see urls.py)."""
    raise Http404
