import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import make_person

pytestmark = pytest.mark.django_db


def login(client, username, password="demo12345"):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_login_by_username(client):
    user = make_person()
    assert login(client, user.username).status_code == 302
    assert client.get(reverse("courses:my_courses")).status_code == 200


def test_login_by_email_any_case(client):
    user = make_person()
    response = login(client, "  " + user.email.upper() + " ")
    assert response.status_code == 302
    assert response.url == reverse("courses:my_courses")


def test_wrong_password_gives_a_vietnamese_message(client):
    user = make_person()
    response = login(client, user.username, "sai-mat-khau")
    assert response.status_code == 200
    assert "Tên đăng nhập, email hoặc mật khẩu không đúng" in response.content.decode()


def test_repeated_failures_lock_the_account(client, settings):
    user = make_person()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, user.username, "sai-mat-khau")
    response = login(client, user.username)  # even the right password is refused now
    assert response.status_code == 429
    assert "tạm khóa" in response.content.decode()


def test_password_reset_sends_an_email(client):
    user = make_person()
    response = client.post(reverse("password_reset"), {"email": user.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/accounts/reset/" in mail.outbox[0].body
    assert user.username in mail.outbox[0].body
