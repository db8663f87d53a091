"""Every response carries the site's security headers; the admin has its own, looser CSP."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.test import RequestFactory

from config.middleware import SecurityHeadersMiddleware

pytestmark = pytest.mark.django_db


def directives(header: str) -> dict[str, list[str]]:
    parsed = {}
    for part in header.split(";"):
        name, *sources = part.split()
        parsed[name] = sources
    return parsed


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/verify/", "/khoa-hoc/"])
def test_site_pages_forbid_inline_script_and_foreign_frames_of_the_site(client, path):
    response = client.get(path)

    policy = directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["base-uri"] == ["'self'"]
    assert response["Referrer-Policy"] == "same-origin"
    assert "microphone=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert "camera=(self)" in response["Permissions-Policy"]  # the attendance QR scanner


def test_the_admin_may_run_its_inline_widget_scripts_but_nothing_foreign(client):
    response = client.get("/admin/login/")

    policy = directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'self'"]


def test_a_view_that_sets_its_own_policy_keeps_it():
    def view(request):
        response = HttpResponse("player")
        response["Content-Security-Policy"] = "sandbox allow-scripts"
        return response

    response = SecurityHeadersMiddleware(view)(RequestFactory().get("/h5p/play/x/"))

    assert response["Content-Security-Policy"] == "sandbox allow-scripts"
    assert "Permissions-Policy" in response


def test_the_h5p_origin_may_be_framed_by_site_pages():
    script = (
        "import config.settings.base as s, config.middleware as m; "
        "print(m.policy_header(s.CONTENT_SECURITY_POLICY))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env={**os.environ, "H5P_ORIGIN": "https://h5p.example.vn/"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert "frame-src 'self' https://www.youtube.com" in result.stdout, result.stderr
    assert directives(result.stdout)["frame-src"][-1] == "https://h5p.example.vn"
