"""URL configuration: the admin, the API, the sitemap and robots.txt outside the language prefixes, pages inside.

The URL map: docs/architecture.md, "The request path"; the language rules: docs/public-site.md.
"""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps import views as sitemap_views
from wagtail.documents import urls as wagtaildocs_urls

from portal.api.views import api_router
from portal.core import preview, views
from portal.core.sitemaps import PortalSitemap
from portal.search import views as search_views

#: The sitemap's sections: ``/sitemap.xml`` is their index, ``/sitemap-<section>.xml?p=N`` their pages.
SITEMAPS = {"pages": PortalSitemap}

urlpatterns = [
    path("", views.language_redirect, name="language_redirect"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path("sitemap-<slug:section>.xml", sitemap_views.sitemap, {"sitemaps": SITEMAPS}, name="sitemap_section"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("django-admin/", admin.site.urls),
    # Wagtail's page preview views, naming the fields in error, at Wagtail's paths (portal/core/preview.py).
    path("admin/", include(preview.urlpatterns)),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_router.urls),
    re_path(r"^api/(?:[\s\S]*/)?$", views.api_not_found),  # [\s\S]: a newline (%0A) in the path too
]

if getattr(settings, "SERVE_MEDIA", False):
    # Development only: uploaded media from MEDIA_ROOT (production uses object storage or the web server).
    urlpatterns.append(re_path(rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$", views.serve_media))

handler400 = "portal.core.views.bad_request"
handler403 = "portal.core.views.permission_denied"
handler404 = "portal.core.views.page_not_found"
handler500 = "portal.core.views.server_error"

urlpatterns += i18n_patterns(
    # A file-like route of a routable page, such as the events calendar ``/en/events/calendar.ics``:
    # Wagtail's page URLs end in a slash and have no dot, so this serves ``<page path>/<name>.ics``
    # through Wagtail's own page view (live pages only, view restrictions and hooks applied).
    re_path(r"^((?:[\w\-]+/)*[\w\-]+\.ics)$", wagtail_views.serve, name="wagtail_serve_file"),
    # The site search of each language (portal/search/). A page with the slug "search" below the home
    # page would be hidden by it, so BasePage.clean refuses that slug.
    path("search/", search_views.search, name="search"),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
