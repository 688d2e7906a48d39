"""Admin login throttling with django-axes: who the client is (``client_ip_address``) and the lockout page.

How sign-ins are throttled, its settings and how to unlock: docs/operations.md, "Login throttling".
"""

import ipaddress
import math

from axes.helpers import get_cool_off
from django.conf import settings
from django.shortcuts import render

LOCKOUT_TEMPLATE = "operations/login_locked_out.html"


def client_ip_address(request):
    """Return the client's IP address (a string) for ``request``, or None when the request has none.

    With ``AXES_IPWARE_PROXY_COUNT`` = N > 0 trusted proxies in front of the application, each of them
    appends the address it received the request from to ``X-Forwarded-For``, so the client is the
    N-th entry from the right; entries further left were sent by the client and may be forged. With
    N = 0 (the default), or when the header has fewer than N entries or that entry is not an IP
    address (the request did not come through the proxies), the client is ``REMOTE_ADDR``.
    """
    remote_addr = request.META.get("REMOTE_ADDR") or None
    proxy_count = getattr(settings, "AXES_IPWARE_PROXY_COUNT", 0) or 0
    if proxy_count <= 0:
        return remote_addr
    forwarded = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(forwarded) < proxy_count:
        return remote_addr
    try:
        return str(ipaddress.ip_address(forwarded[-proxy_count]))
    except ValueError:
        return remote_addr


def lockout_response(request, original_response=None, credentials=None):
    """Return the lockout page for a sign-in refused by django-axes: an HttpResponse, status 429.

    ``original_response`` (the sign-in page the view rendered) and ``credentials`` are django-axes'
    arguments; neither is used. The page is Wagtail's admin sign-in page style, in the visitor's
    language (the language middleware's choice), and names the cool-off period in whole minutes
    (rounded up) from ``AXES_COOLOFF_TIME``; ``Retry-After`` gives it in seconds.
    """
    cool_off = get_cool_off(request)
    seconds = math.ceil(cool_off.total_seconds())
    response = render(
        request,
        LOCKOUT_TEMPLATE,
        {"cooloff_minutes": math.ceil(seconds / 60)},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
    response["Retry-After"] = str(seconds)
    return response
