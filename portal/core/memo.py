"""Values computed once per request and kept on it."""

from django.utils import translation


def request_memo(request, key, compute, *, per_language=True):
    """Return ``compute()``, computed once per ``request`` (and active language) under ``key``.

    ``key`` is any hashable; without a request (``None``) the value is computed every time.
    """
    if request is None:
        return compute()
    memo = request.__dict__.setdefault("_portal_memo", {})
    if per_language:
        key = (key, translation.get_language())
    if key not in memo:
        memo[key] = compute()
    return memo[key]
