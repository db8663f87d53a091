"""Public verification, Open Badges endpoints and the learner's certificates."""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from certificates import credentials, selectors, signature_check
from certificates.codes import normalise_code
from certificates.forms import CodeForm, UploadForm
from certificates.models import Certificate, CertificateStatus
from certificates.services import may_act_for
from lib.client_address import client_address
from lib.rate_limit import over_limit

JSON_LD = "application/ld+json"


def rate_limited(request: HttpRequest) -> bool:
    """Count one lookup for the client; True once it is over the limit for the window.

    The counter lives in the default cache, shared by every web process when CACHE_URL
    points to Redis, and the client is the real one behind the trusted reverse proxy.
    """
    limit, window = settings.CERTIFICATE_VERIFY_RATE
    return over_limit(f"certificates:verify:{client_address(request)}", limit, window)


def _too_many(request: HttpRequest) -> HttpResponse:
    response = render(request, "certificates/too_many.html", status=429)
    response["Retry-After"] = str(settings.CERTIFICATE_VERIFY_RATE[1])
    return response


def _check_upload(form: UploadForm) -> dict[str, object]:
    """The upload's fingerprint against the issued PDFs, and what its signature says."""
    upload = form.cleaned_data["pdf"]
    data = b"".join(upload.chunks())
    digest = hashlib.sha256(data).hexdigest()
    return {
        "checked": True,
        "match": selectors.by_pdf_hash(digest),
        "digest": digest,
        "signature": signature_check.validate_pdf(data),
    }


@never_cache
@require_http_methods(["GET", "POST"])
def verify_index(request: HttpRequest) -> HttpResponse:
    """Look up a code, or check a PDF file against the issued certificates."""
    code_form = CodeForm(request.GET or None)
    upload_form = UploadForm(request.POST or None, request.FILES or None)
    context: dict[str, object] = {"code_form": code_form, "upload_form": upload_form}
    if request.method == "POST":
        if rate_limited(request):
            return _too_many(request)
        if upload_form.is_valid():
            context.update(_check_upload(upload_form))
    elif code_form.is_bound and code_form.is_valid():
        code = normalise_code(code_form.cleaned_data["code"])
        if code:
            return redirect("certificates:verify", code=code)
        code_form.add_error("code", _("This is not a verification code."))
    return render(request, "certificates/verify_index.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest, code: str) -> HttpResponse:
    """The public page of one certificate: its status and what it certifies."""
    if rate_limited(request):
        return _too_many(request)
    certificate = selectors.public_certificate(code)
    upload_form = UploadForm(request.POST or None, request.FILES or None)
    context: dict[str, object] = {
        "certificate": certificate,
        "data": certificate.snapshot,
        "status": certificate.public_status,
        "upload_form": upload_form,
    }
    if request.method == "POST" and upload_form.is_valid():
        context.update(_check_upload(upload_form))
    return render(request, "certificates/verify.html", context)


@never_cache
@require_GET
def credential(request: HttpRequest, code: str) -> HttpResponse:
    """The OpenBadgeCredential as a VC-JWT: raw with `Accept: application/vc+jwt`,
    otherwise enveloped in JSON (VC data model 2.0 EnvelopedVerifiableCredential)."""
    if rate_limited(request):
        return _too_many(request)
    certificate = selectors.public_certificate(code)
    token = credentials.signed_credential(certificate)
    accept = request.headers.get("Accept", "")
    if "application/vc+jwt" in accept or "application/jwt" in accept:
        return HttpResponse(token, content_type="application/vc+jwt")
    body = json.dumps(credentials.enveloped(token), ensure_ascii=False)
    response = HttpResponse(body, content_type="application/vc+ld+json; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def status_list(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(credentials.signed_status_list(), content_type="application/vc+jwt")
    response["Cache-Control"] = "max-age=60"
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def jwks(request: HttpRequest) -> JsonResponse:
    response = JsonResponse(credentials.jwks())
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def issuer(request: HttpRequest) -> HttpResponse:
    profile = {"@context": [credentials.VC_CONTEXT, credentials.OB_CONTEXT]}
    profile.update(credentials.issuer_profile())
    return HttpResponse(
        json.dumps(profile, ensure_ascii=False), content_type=f"{JSON_LD}; charset=utf-8"
    )


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """The learner's certificates ("Chứng chỉ của tôi")."""
    return render(
        request,
        "certificates/mine.html",
        {"certificates": selectors.my_certificates(request.user)},  # type: ignore[arg-type]
    )


@login_required
def download(request: HttpRequest, code: str) -> HttpResponseBase:
    """The stored PDF, for its holder or a manager whose scope includes them.

    A revoked certificate's PDF is no longer handed out as if it were valid: the answer is a
    page (410 Gone) saying it was revoked, when and why, linking to its public verification.
    """
    clean = normalise_code(code)
    if clean is None:
        raise Http404
    certificate = get_object_or_404(
        Certificate.objects.filter(status__in=selectors.PUBLIC_STATUSES), code=clean
    )
    if certificate.person_id != request.user.pk and not may_act_for(
        request.user, certificate.person
    ):
        raise Http404
    if certificate.status == CertificateStatus.REVOKED:
        return render(
            request, "certificates/revoked.html", {"certificate": certificate}, status=410
        )
    handle = certificate.pdf.open("rb")
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"giay-chung-nhan-{certificate.code}.pdf",
        content_type="application/pdf",
    )
