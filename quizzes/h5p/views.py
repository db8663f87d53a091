"""The isolated player and its package files (served to an opaque origin), and results."""

from __future__ import annotations

import mimetypes
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET, require_http_methods

from people.models import User
from quizzes.h5p import selectors, store
from quizzes.h5p.models import H5PActivityPage, H5PContent
from quizzes.h5p.services import actor_mail, object_iri
from quizzes.h5p.tokens import PlayerGrant, read_grant
from quizzes.h5p.translations import core_strings
from quizzes.h5p.validate import CONTENT_EXTENSIONS, LIBRARY_EXTENSIONS

# Whatever opens them (our iframe, a new tab, window.open, a copied link), the player and package
# files get an opaque origin: package code may run, but never as the platform (no cookies, no
# same-origin API or pages). Never add allow-same-origin: with it the sandbox protects nothing.
SANDBOX = "sandbox allow-scripts"
# Files are never run as documents: a package file opened directly gets no script, no plugin.
FILE_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; sandbox"
CONTENT_TYPES = {
    "js": "text/javascript; charset=utf-8",
    "css": "text/css; charset=utf-8",
    "json": "application/json",
    "svg": "image/svg+xml",
    "xml": "application/xml",
    "vtt": "text/vtt; charset=utf-8",
    "webvtt": "text/vtt; charset=utf-8",
}
RESULTS_PER_PAGE = 50

View = TypeVar("View", bound=Callable[..., HttpResponseBase])


def _with_sandbox(policy: str) -> str:
    directives = [part.strip() for part in policy.split(";") if part.strip()]
    if not any(part.split()[0] == "sandbox" for part in directives):
        directives.append(SANDBOX)
    return "; ".join(directives)


def isolated(view: View) -> View:
    """Every response of `view` is sandboxed into an opaque origin by its CSP header (added to
    the view's own policy, if any), is never sniffed and sends no referrer."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        policy = response.headers.get("Content-Security-Policy", "")
        response.headers["Content-Security-Policy"] = _with_sandbox(policy)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    return cast(View, wrapper)


def _grant(request: HttpRequest, token: str) -> tuple[PlayerGrant, H5PContent]:
    # With a separate H5P origin, players and package files are served there only.
    if f"{request.scheme}://{request.get_host()}" != selectors.h5p_origin(request):
        raise Http404
    try:
        grant = read_grant(token)
    except signing.BadSignature:
        raise Http404 from None
    content = H5PContent.objects.filter(pk=grant.content_id, status=H5PContent.Status.READY).first()
    if content is None:
        raise Http404
    return grant, content


def _player_csp(origin: str, parent_origin: str) -> str:
    return "; ".join(
        [
            "default-src 'none'",
            # No inline script (content HTML cannot run handlers); some content-type
            # libraries build functions at run time, so eval stays allowed in the sandbox.
            f"script-src {origin} 'unsafe-eval'",
            f"style-src {origin} 'unsafe-inline'",
            f"img-src {origin} data: blob:",
            f"media-src {origin} data: blob:",
            f"font-src {origin} data:",
            f"connect-src {origin}",
            "frame-src 'none'",
            "form-action 'none'",
            "base-uri 'none'",
            f"frame-ancestors {parent_origin}",
        ]
    )


@isolated
@require_GET
@xframe_options_exempt
def player(request: HttpRequest, token: str) -> HttpResponse:
    """The page inside the sandboxed iframe: h5p-standalone with signed paths."""
    grant, content = _grant(request, token)
    page = H5PActivityPage.objects.filter(pk=grant.page_id, content=content).first()
    user = User.objects.filter(pk=grant.user_id, is_active=True).first()
    if page is None or user is None or not selectors.is_playable(content):
        raise Http404
    origin = selectors.h5p_origin(request)
    files = f"{origin}{reverse('h5p:file', args=[token, 'h5p.json'])}".removesuffix("h5p.json")
    options: dict[str, Any] = {
        "id": str(content.pk),
        # The player page is itself the sandbox; h5p-standalone's own about:blank iframe
        # cannot be used in it (a sandboxed frame's children get a new opaque origin).
        "embedType": "div",
        "title": content.title,
        "h5pJsonPath": files.rstrip("/"),
        "librariesPath": f"{files}libraries",
        "frameJs": f"{origin}{static('h5p/vendor/frame.bundle.js')}",
        "frameCss": f"{origin}{static('h5p/vendor/styles/h5p.css')}",
        "xAPIObjectIRI": object_iri(page),
        "user": {"name": user.get_full_name() or user.get_username(), "mail": actor_mail(user)},
        "ajax": {"contentUserDataUrl": f"{files}user-data/:dataType/:subContentId"},
        "saveFreq": 10,
        "contentUserData": selectors.preloaded_state(user.pk, content.pk),
        "frame": False,
        "copyright": False,
        "export": False,
        "embed": False,
        "icon": False,
        # As the core: the fullscreen button for content types that declare they support it.
        "fullScreen": selectors.supports_fullscreen(content),
        "translations": {"H5P": core_strings()},
    }
    response = render(
        request,
        "h5p/player.html",
        {
            "options": options,
            "parent_origin": grant.parent_origin,
            "main_js": f"{origin}{static('h5p/vendor/main.bundle.js')}",
            "player_js": f"{origin}{static('h5p/js/player.js')}",
            "storage_js": f"{origin}{static('h5p/js/storage.js')}",
            "player_css": f"{origin}{static('h5p/css/player.css')}",
        },
    )
    response["Content-Security-Policy"] = _player_csp(origin, grant.parent_origin)
    response["Cache-Control"] = "private, no-store"
    return response


def _safe(path: str) -> bool:
    parts = path.split("/")
    return (
        bool(path)
        and "\\" not in path
        and all(part and not part.startswith((".", "_")) for part in parts)
    )


def _extension(path: str) -> str:
    leaf = path.rsplit("/", 1)[-1]
    return leaf.rsplit(".", 1)[1].lower() if "." in leaf else ""


def _user_data(grant: PlayerGrant, content: H5PContent, path: str) -> HttpResponse:
    parts = path.split("/")
    if len(parts) != 3:
        raise Http404
    state = selectors.preloaded_state(grant.user_id, content.pk)
    data = state.get(parts[2] or "0", {}).get(parts[1])
    response = JsonResponse({"success": True, "data": data if data is not None else False})
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "private, no-store"
    return response


@isolated
@require_http_methods(["GET", "OPTIONS"])
def package_file(request: HttpRequest, token: str, path: str) -> HttpResponseBase:
    """One file of the content or of a library it needs, for the holder of a valid grant."""
    grant, content = _grant(request, token)
    if request.method == "OPTIONS":
        # The CORS preflight of H5P core's jQuery request (it adds X-Requested-With).
        response = HttpResponse(status=204)
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Allow-Methods"] = "GET"
        response["Access-Control-Allow-Headers"] = "X-Requested-With"
        response["Access-Control-Max-Age"] = "3600"
        return response
    if path.startswith("user-data/"):
        return _user_data(grant, content, path)
    if not _safe(path):
        raise Http404
    ext = _extension(path)
    if path == "h5p.json" or (
        path.startswith("libraries/") and path.endswith("/library.json") and path.count("/") == 2
    ):
        return _manifest_file(content, path)
    if path.startswith("content/") and ext in CONTENT_EXTENSIONS:
        stored = f"{content.storage_path}/{path}"
    elif path.startswith("libraries/") and ext in LIBRARY_EXTENSIONS:
        key, _, rest = path.removeprefix("libraries/").partition("/")
        library = selectors.library_to_serve(content, key)
        if library is None or not rest:
            raise Http404
        stored = f"{library.storage_path}/{rest}"
    else:
        raise Http404
    if not store.exists(stored):
        raise Http404
    content_type = CONTENT_TYPES.get(ext) or mimetypes.guess_type(path)[0]
    served = FileResponse(
        store.open_file(stored), content_type=content_type or "application/octet-stream"
    )
    served["Access-Control-Allow-Origin"] = "*"
    served["Cross-Origin-Resource-Policy"] = "cross-origin"
    served["Content-Security-Policy"] = FILE_CSP
    served["Cache-Control"] = "private, max-age=3600"
    if ext == "svg":
        served["Content-Disposition"] = "attachment"
    return served


def _manifest_file(content: H5PContent, path: str) -> HttpResponse:
    """h5p.json or a library.json as the player must read them: the core's load order
    (see manifest.py)."""
    manifest = selectors.play_manifest(content)
    if path == "h5p.json":
        data: dict[str, Any] | None = manifest.h5p_json()
    else:
        key = path.removeprefix("libraries/").removesuffix("/library.json")
        data = manifest.library_json(key)
        if data is None:
            # Not loaded at play time (a dynamic dependency): its own library.json, if served.
            library = selectors.library_to_serve(content, key)
            data = library.metadata if library is not None else None
    if data is None:
        raise Http404
    response = JsonResponse(data)
    response["Access-Control-Allow-Origin"] = "*"
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    response["Content-Security-Policy"] = FILE_CSP
    response["Cache-Control"] = "private, no-store"
    return response


def not_served(request: HttpRequest) -> HttpResponse:
    """Package files straight from media storage: never (see urls.py)."""
    raise Http404


@login_required
def my_results(request: HttpRequest) -> HttpResponse:
    """H5P results the viewer may see (their own; managers their province), marked as
    reported by the browser."""
    results = selectors.visible_results(request.user)
    page = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("p"))
    return render(request, "h5p/results.html", {"page_obj": page, "results": page.object_list})
