"""Fixtures shared by the translation workflow tests."""

import pytest
from wagtail.users.models import UserProfile

from tests.utils import EN, ZH


@pytest.fixture(params=[EN, ZH])
def editor(request, editor_client):
    """The Editors' client, its admin in English or (``UserProfile.preferred_language``) Chinese."""
    profile = UserProfile.get_for_user(editor_client.user)
    profile.preferred_language = request.param
    profile.save()
    editor_client.language = request.param
    return editor_client
