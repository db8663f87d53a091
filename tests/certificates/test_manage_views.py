"""Manager pages: search, revoke and re-issue with a reason, decisions by hand, scope."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from certificates import services
from certificates.models import Certificate, CertificateEvent, CertificateRule, EventKind
from courses import services as course_services
from people.roles import Role
from tests.certificates.factories import course_with_rule, department, finish_course, learner
from tests.factories import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting():
    home = department("Quảng Trị")
    course, rule = course_with_rule(auto_issue=False)
    person = learner("Trương Định", unit=home)
    finish_course(person, course)
    certificate = services.issue_certificate(person, course=course, notify=False)
    return home, course, rule, person, certificate


def test_search_finds_by_accent_free_name_serial_or_code(client, setting):
    _home, _course, _rule, _person, certificate = setting
    client.force_login(make_person(Role.MINISTRY_ADMIN))
    url = reverse("certificates:manage")
    for query in ("truong dinh", certificate.serial, certificate.code.lower()):
        page = client.get(url, {"q": query}).content.decode()
        assert certificate.serial in page, query
    assert certificate.serial not in client.get(url, {"q": "khong co ai"}).content.decode()


def test_revoking_from_the_page_needs_a_reason(client, setting):
    _home, _course, _rule, _person, certificate = setting
    admin = make_person(Role.MINISTRY_ADMIN)
    client.force_login(admin)
    url = reverse("certificates:manage_certificate", args=[certificate.code])

    refused = client.post(url, {"action": "revoke", "revoke-reason": "  "})
    assert refused.status_code == 400
    certificate.refresh_from_db()
    assert certificate.status == "valid"

    done = client.post(url, {"action": "revoke", "revoke-reason": "Hồ sơ không hợp lệ"})
    assert done.status_code == 302
    certificate.refresh_from_db()
    assert (certificate.status, certificate.revocation_reason) == ("revoked", "Hồ sơ không hợp lệ")


def test_reissue_from_the_page_redirects_to_the_new_certificate(client, setting):
    home, _course, _rule, person, certificate = setting
    client.force_login(make_person(Role.PROVINCE_MANAGER, unit=home))
    person.profile.full_name = "Trương Công Định"
    person.profile.save()

    url = reverse("certificates:manage_certificate", args=[certificate.code])
    asked = client.post(url, {"action": "reissue", "reissue-reason": "Bổ sung tên đệm"})
    assert asked.status_code == 200
    assert not Certificate.objects.filter(replaces=certificate).exists()
    page = asked.content.decode()
    assert "Trương Công Định" in page and "{seq}/{year}/GCN-BKHCN" in page
    response = client.post(
        url, {"action": "reissue", "reissue-reason": "Bổ sung tên đệm", "confirmed": "1"}
    )

    new = Certificate.objects.get(replaces=certificate)
    assert response["Location"] == reverse("certificates:manage_certificate", args=[new.code])
    assert new.holder_name == "Trương Công Định"
    page = client.get(response["Location"]).content.decode()
    assert "Bổ sung tên đệm" in page


def test_a_manager_of_another_province_cannot_see_the_certificate(client, setting):
    _home, _course, _rule, _person, certificate = setting
    client.force_login(make_person(Role.PROVINCE_MANAGER, unit=department("Bắc Ninh")))
    url = reverse("certificates:manage_certificate", args=[certificate.code])
    assert client.get(url).status_code == 404
    assert certificate.serial not in client.get(reverse("certificates:manage")).content.decode()
    assert client.get(reverse("certificates:download", args=[certificate.code])).status_code == 404


def test_decisions_by_hand_from_the_rule_page(client, django_capture_on_commit_callbacks):
    admin = make_person(Role.MINISTRY_ADMIN)
    course, rule = course_with_rule()
    person = learner("Phan Bội Châu")
    course_services.enrol(person, course)
    client.force_login(admin)
    url = reverse("certificates:manage_rule", args=[rule.pk])
    page = client.get(url).content.decode()
    assert 'data-state="missing"' in page

    refused = client.post(url, {"action": "decide", "person": person.pk, "decision": "grant"})
    assert refused.status_code == 400
    grant = {
        "action": "decide",
        "person": person.pk,
        "decision": "grant",
        "reason": "Đã học trực tiếp tại lớp",
    }
    with django_capture_on_commit_callbacks(execute=True):
        asked = client.post(url, grant)
    # A grant under an automatic rule issues a numbered certificate: it asks first.
    page = asked.content.decode()
    assert asked.status_code == 200 and "issue-confirm" in page
    assert "Phan Bội Châu" in page and "{seq}/{year}/GCN-BKHCN" in page
    assert f"1/{timezone.localdate().year}/GCN-BKHCN" in page
    assert not Certificate.objects.exists() and not CertificateEvent.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {**grant, "confirmed": "1"})
    assert Certificate.objects.filter(person=person, status="valid").exists()
    event = CertificateEvent.objects.get(kind=EventKind.GRANTED)
    assert (event.actor, event.reason) == (admin, "Đã học trực tiếp tại lớp")


def test_a_session_page_creates_its_rule_from_the_session(client):
    from tests.certificates.factories import held_session

    session = held_session(attendance_threshold=70)
    client.force_login(make_person(Role.MINISTRY_ADMIN))
    response = client.get(reverse("certificates:manage_session", args=[session.pk]))
    rule = CertificateRule.objects.get(session=session)
    assert response["Location"] == reverse("certificates:manage_rule", args=[rule.pk])
    assert "70%" in client.get(response["Location"]).content.decode()
