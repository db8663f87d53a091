import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from tests.factories import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def login(client, username, password="demo12345", **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def bft1():
    return make_person(user__username="bft1", user__email="Bft1.Nguyen@Most.gov.vn")


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


@pytest.mark.parametrize(
    "spelling", ["BFT1", " bft1 ", "Bft1", "bft1.nguyen@most.gov.vn", " BFT1.NGUYEN@MOST.GOV.VN"]
)
def test_lockout_holds_the_account_however_it_is_typed(client, settings, spelling):
    bft1()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "bft1", "sai-mat-khau")

    response = login(client, spelling)  # the right password

    assert response.status_code == 429
    assert "tạm khóa" in response.content.decode()


def test_failures_under_different_spellings_and_addresses_add_up(client, settings):
    bft1()
    spellings = ["bft1", "BFT1", " bft1 ", "bft1.nguyen@most.gov.vn", "BFT1.Nguyen@most.gov.vn"]
    for number, spelling in enumerate(spellings[: settings.AXES_FAILURE_LIMIT]):
        login(client, spelling, "sai-mat-khau", REMOTE_ADDR=f"10.1.0.{number}")

    assert login(client, "bft1", REMOTE_ADDR="10.9.9.9").status_code == 429


def test_an_unknown_name_locks_like_a_real_one_so_accounts_cannot_be_enumerated(client, settings):
    bft1()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "khong-ton-tai", "sai-mat-khau")
        login(client, "bft1", "sai-mat-khau", REMOTE_ADDR="10.0.0.9")

    assert login(client, " KHONG-TON-TAI ", "sai-mat-khau").status_code == 429
    assert login(client, "BFT1", "sai-mat-khau", REMOTE_ADDR="10.0.0.9").status_code == 429
    assert login(client, make_person().username).status_code == 302  # others are untouched


def test_a_password_spray_from_one_address_locks_the_address(client, settings):
    settings.SIGNIN_ADDRESS_FAILURE_LIMIT = 6
    victims = [make_person() for _ in range(settings.SIGNIN_ADDRESS_FAILURE_LIMIT + 1)]
    for victim in victims[:-1]:  # one guess per account: no account reaches its own limit
        login(client, victim.username, "123456", REMOTE_ADDR="203.0.113.7")

    assert login(client, victims[-1].username, REMOTE_ADDR="203.0.113.7").status_code == 429
    assert login(client, victims[-1].username, REMOTE_ADDR="203.0.113.8").status_code == 302


def test_signing_in_to_ones_own_account_does_not_reset_the_address_counter(client, settings):
    settings.SIGNIN_ADDRESS_FAILURE_LIMIT = 4
    own = make_person()
    victims = [make_person() for _ in range(4)]
    for victim in victims[:3]:
        login(client, victim.username, "123456", REMOTE_ADDR="203.0.113.7")
    assert login(client, own.username, REMOTE_ADDR="203.0.113.7").status_code == 302
    client.logout()

    login(client, victims[3].username, "123456", REMOTE_ADDR="203.0.113.7")

    assert login(client, own.username, REMOTE_ADDR="203.0.113.7").status_code == 429


def test_a_forged_forwarded_for_does_not_escape_the_address_limit(client, settings):
    settings.SIGNIN_ADDRESS_FAILURE_LIMIT = 3
    victims = [make_person() for _ in range(4)]
    for number, victim in enumerate(victims[:3]):
        login(
            client,
            victim.username,
            "123456",
            REMOTE_ADDR="203.0.113.7",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{number}",
        )

    response = login(
        client, victims[3].username, REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="192.0.2.1"
    )

    assert response.status_code == 429


def test_behind_a_trusted_proxy_each_client_has_its_own_address_limit(client, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.2"]
    settings.SIGNIN_ADDRESS_FAILURE_LIMIT = 3
    victims = [make_person() for _ in range(4)]
    for victim in victims[:3]:
        login(
            client,
            victim.username,
            "123456",
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR="192.0.2.1, 198.51.100.7",
        )

    spray = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "192.0.2.99, 198.51.100.7"}
    neighbour = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "198.51.100.8"}
    assert login(client, victims[3].username, **spray).status_code == 429
    assert login(client, victims[3].username, **neighbour).status_code == 302


def test_password_reset_sends_an_email(client):
    user = make_person()
    response = client.post(reverse("password_reset"), {"email": user.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/accounts/reset/" in mail.outbox[0].body
    assert user.username in mail.outbox[0].body


def reset(client, email, url="password_reset", **extra):
    return client.post(reverse(url), {"email": email}, **extra)


def test_password_reset_is_throttled_per_account(client, settings):
    settings.PASSWORD_RESET_ACCOUNT_RATE = (2, 3600)
    user = make_person()
    spellings = [user.email, user.email.upper(), f" {user.email} "]
    statuses = [
        reset(client, email, REMOTE_ADDR=f"192.0.2.{n}").status_code
        for n, email in enumerate(spellings)
    ]

    assert statuses == [302, 302, 429]
    assert len(mail.outbox) == 2
    page = reset(client, user.email, REMOTE_ADDR="192.0.2.50").content.decode()
    assert "Quá nhiều yêu cầu đặt lại mật khẩu" in page
    assert len(mail.outbox) == 2


def test_password_reset_is_throttled_per_address(client, settings):
    settings.PASSWORD_RESET_ADDRESS_RATE = (3, 3600)
    people = [make_person() for _ in range(4)]
    statuses = [reset(client, person.email).status_code for person in people]

    assert statuses == [302, 302, 302, 429]
    assert len(mail.outbox) == 3
    assert reset(client, people[3].email, REMOTE_ADDR="192.0.2.9").status_code == 302


def test_unknown_addresses_are_throttled_like_real_ones(client, settings):
    settings.PASSWORD_RESET_ACCOUNT_RATE = (1, 3600)
    make_person(user__email="co-that@most.gov.vn")
    for email in ["co-that@most.gov.vn", "khong-co@most.gov.vn"]:
        assert reset(client, email, REMOTE_ADDR="192.0.2.1").status_code == 302
        assert reset(client, email, REMOTE_ADDR="192.0.2.2").status_code == 429


def test_the_admin_password_reset_is_throttled_too(client, settings):
    settings.PASSWORD_RESET_ACCOUNT_RATE = (1, 3600)
    user = make_person()
    assert reset(client, user.email, "wagtailadmin_password_reset").status_code == 302
    response = reset(client, user.email, "wagtailadmin_password_reset")
    assert response.status_code == 429
    assert len(mail.outbox) <= 1
