"""Image prefetching for lists of pages that show an image each (news cards)."""

from django.db.models import Prefetch
from wagtail.images import get_image_model


def with_renditions(field: str) -> Prefetch:
    """Return a ``Prefetch`` of the image foreign key ``field`` with every stored rendition of each image.

    Use in ``prefetch_related``: two queries for the whole list (images, renditions), none when no row has an
    image, where ``select_related`` plus ``{% picture %}`` would make one rendition query per row.
    """
    return Prefetch(field, queryset=get_image_model().objects.prefetch_renditions())
