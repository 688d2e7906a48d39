"""Home app factories: standard pages, below the home page of their locale unless ``parent=`` says otherwise."""

import factory

from home.models import HomePage, StandardPage
from tests.factories import PortalPageFactory, parent_of_type, slug_sequence


class StandardPageFactory(PortalPageFactory):
    title = factory.Sequence(lambda n: f"Test standard page {n}")
    slug = slug_sequence("test-standard-page")
    parent = parent_of_type(HomePage)
    intro = ""

    class Meta:
        model = StandardPage
