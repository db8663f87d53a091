"""Scope, everywhere: a province manager naming another province's ids gets 404, never data."""

from __future__ import annotations

import pytest
from django.urls import reverse

from reports.models import ExportJob

pytestmark = pytest.mark.django_db


def _other_ids(nation) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return {
        "province": nation.ha_noi.province_id,
        "unit": nation.ha_noi.pk,
        "person": nation.hoa.pk,
    }


def test_every_report_url_with_another_provinces_ids_is_404(client, nation):
    client.force_login(nation.manager)
    other = _other_ids(nation)
    pages = [
        reverse("reports:province", args=[other["province"]]),
        reverse("reports:unit", args=[other["unit"]]),
        reverse("reports:person", args=[other["person"]]),
        reverse("reports:person", args=[nation.other_manager.pk]),
        reverse("reports:province", args=[987654]),
        reverse("reports:unit", args=[987654]),
        reverse("reports:person", args=[987654]),
        reverse("reports:course", args=[987654]),
        reverse("reports:session", args=[987654]),
    ]
    for url in pages:
        assert client.get(url).status_code == 404, url
    # The same pages for their own province answer.
    assert (
        client.get(reverse("reports:province", args=[nation.quang_tri.province_id])).status_code
        == 200
    )
    assert client.get(reverse("reports:unit", args=[nation.huong_hoa.pk])).status_code == 200
    assert client.get(reverse("reports:person", args=[nation.duc.pk])).status_code == 200


@pytest.mark.parametrize(
    ("report", "key"),
    [
        ("province", "province"),
        ("matrix", "province"),
        ("learners", "province"),
        ("learners", "unit"),
        ("person", "person"),
    ],
)
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_every_export_with_another_provinces_ids_is_404(client, nation, report, key, fmt):
    client.force_login(nation.manager)
    data = {"report": report, "format": fmt, key: _other_ids(nation)[key]}
    assert client.post(reverse("reports:export"), data).status_code == 404
    assert not ExportJob.objects.exists()


def test_the_api_with_another_provinces_id_is_404(client, nation):
    client.force_login(nation.manager)
    url = "/api/v1/reports/completion/"
    assert client.get(url, {"province": nation.ha_noi.province_id}).status_code == 404
    assert client.get(url, {"province": "abc"}).status_code == 404
    assert client.get(url, {"field": "999999"}).status_code == 404
    assert client.get(url, {"course": "x"}).status_code == 404
    own = client.get(url, {"province": nation.quang_tri.province_id}).json()
    assert [row["province"] for row in own["rows"]] == ["Quảng Trị"]
    everything = client.get(url).json()
    assert [row["province"] for row in everything["rows"]] == ["Quảng Trị"]
    assert everything["total"]["total"]["enrolled"] == 2


def test_the_api_gives_the_ministry_every_province_and_refuses_learners(client, nation):
    client.force_login(nation.admin)
    body = client.get("/api/v1/reports/completion/", {"field": nation.ip_course.field_id}).json()
    rows = {row["province"]: row for row in body["rows"]}
    assert {"Quảng Trị", "Hà Nội"} <= set(rows)
    assert [column["name"] for column in body["columns"]] == ["Sở hữu trí tuệ"]
    assert rows["Quảng Trị"]["cells"][0] == {
        "enrolled": 2,
        "completed": 1,
        "certified": 0,
        "percent": 50,
    }
    client.force_login(nation.nhung)
    assert client.get("/api/v1/reports/completion/").status_code == 403
    client.logout()
    assert client.get("/api/v1/reports/completion/").status_code == 401


def test_someone_elses_export_job_is_404(client, nation):
    job = ExportJob.objects.create(owner=nation.other_manager, report="learners", format="csv")
    client.force_login(nation.manager)
    for name in ("reports:export_job", "reports:export_status", "reports:export_download"):
        assert client.get(reverse(name, args=[job.pk])).status_code == 404, name
    assert client.post(reverse("reports:export_restart", args=[job.pk])).status_code == 404


def test_the_admin_results_list_is_scoped_too(client, nation):
    from reports.models import CourseFact
    from reports.setup import grant_report_permissions

    grant_report_permissions()
    client.force_login(nation.manager)
    listing = client.get(reverse("course_results:index"))
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "Phân cấp sở hữu trí tuệ" in html
    shown = {fact.pk for fact in listing.context["object_list"]}
    assert shown == set(
        CourseFact.objects.filter(province=nation.quang_tri.province).values_list("pk", flat=True)
    )
    theirs = CourseFact.objects.filter(user=nation.hoa).first()
    ours = CourseFact.objects.filter(user=nation.nhung).first()
    assert client.get(reverse("course_results:inspect", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("course_results:inspect", args=[ours.pk])).status_code == 200
    assert client.get(reverse("course_results:edit", args=[ours.pk])).status_code in (302, 403)
    from people.models import User

    client.force_login(User.objects.create_superuser("sieu", "sieu@example.vn", "x"))
    for name in ("edit", "delete"):
        assert client.get(reverse(f"course_results:{name}", args=[ours.pk])).status_code in (
            302,
            403,
        )
    assert client.get(reverse("course_results:add")).status_code in (302, 403)
    client.force_login(nation.admin)
    everything = client.get(reverse("course_results:index"))
    assert {f.pk for f in everything.context["object_list"]} == set(
        CourseFact.objects.values_list("pk", flat=True)
    )
