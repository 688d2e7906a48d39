"""Admin login throttling (django-axes, ``portal.operations.login_throttling``): real sign-ins through the login forms.

Every attempt is a POST to Wagtail's ``/admin/login/`` (or Django's ``/django-admin/login/``) from a
fresh client, with the address given as ``REMOTE_ADDR`` (and ``X-Forwarded-For`` where a proxy is
configured), so the counting, the lockout page and the unlocking are django-axes' own at work.
"""

import datetime
import io

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db.models import F
from django.test import Client, RequestFactory, override_settings

from portal.operations.login_throttling import client_ip_address
from tests.utils import run_base_settings, soup_of, text_of

PASSWORD = "a-long-correct-password"
WAGTAIL_LOGIN = "/admin/login/"
DJANGO_LOGIN = "/django-admin/login/"
ADDRESS = "203.0.113.10"
OTHER_ADDRESS = "198.51.100.20"
LIMIT = settings.AXES_FAILURE_LIMIT

EN_LOCKED = [
    "Too many failed login attempts",
    "This account is locked for 15 minutes from this address.",
    "Try again later or ask an administrator to unlock it.",
]
ZH_LOCKED = ["登录失败次数过多", "此账户已被锁定15分钟，期间无法从此地址登录。", "请稍后再试，或请管理员为您解锁。"]


@pytest.fixture
def user(db, django_user_model):
    return django_user_model.objects.create_superuser("locked-editor", "locked-editor@example.org", PASSWORD)


@pytest.fixture
def other_user(db, django_user_model):
    return django_user_model.objects.create_superuser("other-editor", "other-editor@example.org", PASSWORD)


def sign_in(username, password, address=ADDRESS, url=WAGTAIL_LOGIN, **headers):
    """POST the login form of ``url`` from a new client at ``address``; return ``(response, client)``."""
    client = Client()
    response = client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address, **headers)
    return response, client


def signed_in(response, client, user):
    """True if the attempt logged ``user`` in: a redirect away from the form and a session for that user."""
    return response.status_code == 302 and client.session.get("_auth_user_id") == str(user.pk)


def fail(username, times, **kwargs):
    """Make ``times`` failed attempts for ``username``; return the last response."""
    for _ in range(times):
        response, _client = sign_in(username, "wrong password", **kwargs)
    return response


def assert_locked(response, texts=EN_LOCKED):
    assert response.status_code == 429
    text = text_of(soup_of(response).find("main"))
    for expected in texts:
        assert expected in text


def assert_signs_in(user, **kwargs):
    response, client = sign_in(user.username, PASSWORD, **kwargs)
    assert signed_in(response, client, user), response.status_code


def test_failures_below_the_limit_leave_the_form_and_the_right_password_works(user):
    response = fail(user.username, LIMIT - 1)
    assert response.status_code == 200
    assert soup_of(response).select_one("form.login-form") is not None
    assert_signs_in(user)


def test_a_successful_sign_in_resets_the_count(user):
    fail(user.username, LIMIT - 1)
    assert_signs_in(user)
    assert not AccessAttempt.objects.filter(username=user.username).exists()
    # Without the reset, these would make 2 × (LIMIT - 1) >= LIMIT failures.
    fail(user.username, LIMIT - 1)
    assert_signs_in(user)


def test_the_limit_locks_the_username_out_even_with_the_right_password(user):
    assert_locked(fail(user.username, LIMIT))
    response, client = sign_in(user.username, PASSWORD)
    assert_locked(response)
    assert "_auth_user_id" not in client.session
    # The attempts are recorded for audit: who, from where, how often.
    attempt = AccessAttempt.objects.get(username=user.username)
    assert attempt.ip_address == ADDRESS
    assert attempt.failures_since_start == LIMIT + 1


def test_the_lockout_page_is_the_admin_sign_in_style_with_retry_after(user):
    response = fail(user.username, LIMIT)
    soup = soup_of(response)
    assert soup.html["lang"] == "en"
    assert "login" in soup.body["class"]
    assert soup.find("link", href=lambda href: href and "wagtailadmin/css/core.css" in href)
    assert text_of(soup.title).startswith("Too many failed login attempts")
    assert response["Retry-After"] == str(15 * 60)


def test_the_lockout_page_is_in_chinese_for_a_chinese_browser(user):
    response = fail(user.username, LIMIT, HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9,en;q=0.5")
    assert_locked(response, ZH_LOCKED)
    # An admin page: Wagtail's skeleton writes the language code itself (the public site writes zh-Hans).
    assert soup_of(response).html["lang"] == "zh-hans"
    assert "Too many" not in response.content.decode()


@override_settings(AXES_COOLOFF_TIME=datetime.timedelta(minutes=90))
def test_the_lockout_page_names_the_configured_cool_off(user):
    response = fail(user.username, LIMIT)
    assert_locked(response, ["This account is locked for 90 minutes from this address."])
    assert response["Retry-After"] == str(90 * 60)
    response = fail(user.username, 1, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert_locked(response, ["此账户已被锁定90分钟，期间无法从此地址登录。"])


@override_settings(AXES_COOLOFF_TIME=datetime.timedelta(minutes=1))
def test_a_one_minute_cool_off_is_singular(user):
    assert_locked(fail(user.username, LIMIT), ["This account is locked for 1 minute from this address."])


def test_another_username_from_the_same_address_is_not_locked(user, other_user):
    fail(user.username, LIMIT)
    assert_signs_in(other_user)


def test_the_same_username_from_another_address_is_not_locked(user):
    fail(user.username, LIMIT)
    assert_signs_in(user, address=OTHER_ADDRESS)
    assert_locked(sign_in(user.username, PASSWORD)[0])


def test_the_lockout_ends_after_the_cool_off(user):
    fail(user.username, LIMIT)
    cool_off = settings.AXES_COOLOFF_TIME
    attempts = AccessAttempt.objects.filter(username=user.username)
    attempts.update(attempt_time=F("attempt_time") - cool_off + datetime.timedelta(minutes=1))
    response, _client = sign_in(user.username, PASSWORD)
    assert_locked(response)  # a minute before the end, and this attempt starts the cool-off again
    attempts.update(attempt_time=F("attempt_time") - cool_off - datetime.timedelta(seconds=1))
    assert_signs_in(user)


@pytest.mark.parametrize(
    ("command", "arguments"),
    [("axes_reset", []), ("axes_reset_username", ["locked-editor"]), ("axes_reset_ip", [ADDRESS])],
)
def test_an_administrator_unlocks_with_a_management_command(user, command, arguments):
    fail(user.username, LIMIT)
    assert_locked(sign_in(user.username, PASSWORD)[0])
    call_command(command, *arguments, stdout=io.StringIO())
    assert_signs_in(user)


def test_resetting_another_username_does_not_unlock(user, other_user):
    fail(user.username, LIMIT)
    call_command("axes_reset_username", other_user.username, stdout=io.StringIO())
    assert_locked(sign_in(user.username, PASSWORD)[0])


def test_the_django_admin_login_is_throttled_too(user):
    response = fail(user.username, LIMIT - 1, url=DJANGO_LOGIN)
    assert response.status_code == 200
    assert_locked(fail(user.username, 1, url=DJANGO_LOGIN))
    assert_locked(sign_in(user.username, PASSWORD, url=DJANGO_LOGIN)[0])
    # One count for both sign-in pages: the Wagtail admin is locked for that username too.
    assert_locked(sign_in(user.username, PASSWORD)[0])


# ---------------------------------------------------------------------------- the client behind proxies

LOAD_BALANCER = "10.0.0.5"


def test_without_trusted_proxies_a_forged_forwarded_for_does_not_escape_the_lockout(user):
    fail(user.username, LIMIT)
    response, _client = sign_in(user.username, PASSWORD, HTTP_X_FORWARDED_FOR=OTHER_ADDRESS)
    assert_locked(response)


@override_settings(AXES_IPWARE_PROXY_COUNT=1)
def test_behind_a_load_balancer_each_client_is_counted_by_its_forwarded_address(user):
    behind = {"address": LOAD_BALANCER}
    fail(user.username, LIMIT, HTTP_X_FORWARDED_FOR=ADDRESS, **behind)
    assert AccessAttempt.objects.get(username=user.username).ip_address == ADDRESS
    assert_locked(sign_in(user.username, PASSWORD, HTTP_X_FORWARDED_FOR=ADDRESS, **behind)[0])
    # Another client through the same load balancer, and one that forges an entry on the left.
    assert_signs_in(user, HTTP_X_FORWARDED_FOR=OTHER_ADDRESS, **behind)
    forged = f"{OTHER_ADDRESS}, {ADDRESS}"
    assert_locked(sign_in(user.username, PASSWORD, HTTP_X_FORWARDED_FOR=forged, **behind)[0])


@pytest.mark.parametrize(
    ("proxy_count", "forwarded_for", "expected"),
    [
        (0, "198.51.100.20", "10.0.0.5"),
        (1, "198.51.100.20", "198.51.100.20"),
        (1, "1.2.3.4, 198.51.100.20", "198.51.100.20"),
        (2, "1.2.3.4, 198.51.100.20, 10.0.0.9", "198.51.100.20"),
        (2, "10.0.0.9", "10.0.0.5"),  # fewer entries than proxies: not through them
        (1, "", "10.0.0.5"),
        (1, "not-an-address", "10.0.0.5"),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_client_ip_address(proxy_count, forwarded_for, expected):
    request = RequestFactory().get("/", REMOTE_ADDR=LOAD_BALANCER, HTTP_X_FORWARDED_FOR=forwarded_for)
    with override_settings(AXES_IPWARE_PROXY_COUNT=proxy_count):
        assert client_ip_address(request) == expected


# ---------------------------------------------------------------------------- environment variables


def test_the_limits_and_proxies_come_from_the_environment(monkeypatch):
    values = run_base_settings(monkeypatch, AXES_FAILURE_LIMIT="8", AXES_COOLOFF_MINUTES="45", AXES_PROXY_COUNT="2")
    assert values["AXES_FAILURE_LIMIT"] == 8
    assert values["AXES_COOLOFF_TIME"] == datetime.timedelta(minutes=45)
    assert values["AXES_IPWARE_PROXY_COUNT"] == 2


def test_without_environment_5_failures_15_minutes_and_no_trusted_proxy(monkeypatch):
    for name in ("AXES_FAILURE_LIMIT", "AXES_COOLOFF_MINUTES", "AXES_PROXY_COUNT"):
        monkeypatch.delenv(name, raising=False)
    values = run_base_settings(monkeypatch)
    assert (values["AXES_FAILURE_LIMIT"], values["AXES_COOLOFF_TIME"], values["AXES_IPWARE_PROXY_COUNT"]) == (
        5,
        datetime.timedelta(minutes=15),
        0,
    )


@pytest.mark.parametrize(("name", "value"), [("AXES_COOLOFF_MINUTES", "0"), ("AXES_FAILURE_LIMIT", "five")])
def test_a_bad_value_stops_the_settings_with_a_clear_error(monkeypatch, name, value):
    with pytest.raises(ImproperlyConfigured, match=name):
        run_base_settings(monkeypatch, **{name: value})
