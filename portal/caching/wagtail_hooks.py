"""Per page type lifetime of stored pages: a page class may set ``page_cache_timeout`` (seconds)."""

from wagtail import hooks


@hooks.register("before_serve_page")
def remember_page_cache_timeout(page, request, serve_args, serve_kwargs):
    """Note on ``request`` the ``page_cache_timeout`` of the page being served (None: ``PAGE_CACHE_TIMEOUT``)."""
    request.page_cache_timeout = getattr(page, "page_cache_timeout", None)
