"""The POST data a browser sends back from an admin edit form, read from the page the admin served.

``edit_form_data(response)`` reads the edit form of a Wagtail admin edit view (a page or a snippet)
the way a browser submits it unchanged: every named input, select and textarea of the form, and
each StreamField's value as Wagtail's JavaScript would post it (from the form state the admin puts
in ``data-w-block-arguments-value``, read with the model's own block definitions). Tests change
the fields they are about, then post the data to the same view, as the user would.
"""

import json

from bs4 import BeautifulSoup
from wagtail import blocks
from wagtail.fields import StreamField

SKIPPED_INPUT_TYPES = {"submit", "button", "file", "image", "reset"}


def _form_fields(form):
    """Yield ``(name, value)`` for the named fields of ``form`` a browser submits (no JavaScript)."""
    for element in form.find_all(["input", "select", "textarea"]):
        name = element.get("name")
        if not name or element.has_attr("disabled") or "__prefix__" in name:
            continue
        if element.name == "textarea":
            yield name, element.text.removeprefix("\n")
        elif element.name == "select":
            selected = element.find_all("option", selected=True)
            if not selected and not element.has_attr("multiple"):
                selected = element.find_all("option")[:1]
            for option in selected:
                yield name, option.get("value", option.text)
        else:
            kind = element.get("type", "text").lower()
            if kind in SKIPPED_INPUT_TYPES:
                continue
            if kind in {"checkbox", "radio"}:
                if element.has_attr("checked"):
                    yield name, element.get("value", "on")
                continue
            yield name, element.get("value", "")


def block_post_data(block, state, prefix):
    """Return the POST data (``{name: value}``) of ``block``'s form ``state`` under ``prefix``."""
    data = {}
    if isinstance(block, blocks.StreamBlock):
        data[f"{prefix}-count"] = str(len(state))
        for index, child in enumerate(state):
            child_prefix = f"{prefix}-{index}"
            data.update(
                {
                    f"{child_prefix}-type": child["type"],
                    f"{child_prefix}-id": child.get("id") or "",
                    f"{child_prefix}-deleted": "",
                    f"{child_prefix}-order": str(index),
                }
            )
            data.update(block_post_data(block.child_blocks[child["type"]], child["value"], f"{child_prefix}-value"))
    elif isinstance(block, blocks.ListBlock):
        data[f"{prefix}-count"] = str(len(state))
        for index, child in enumerate(state):
            child_prefix = f"{prefix}-{index}"
            data.update(
                {
                    f"{child_prefix}-id": child.get("id") or "",
                    f"{child_prefix}-deleted": "",
                    f"{child_prefix}-order": str(index),
                }
            )
            data.update(block_post_data(block.child_block, child["value"], f"{child_prefix}-value"))
    elif isinstance(block, blocks.StructBlock):
        for name, child_block in block.child_blocks.items():
            data.update(block_post_data(child_block, state.get(name), f"{prefix}-{name}"))
    elif isinstance(state, dict):
        # Chooser widgets keep {"id": ..., "title": ..., "edit_url": ...}; the form posts the id.
        data[prefix] = str(state["id"]) if state.get("id") is not None else ""
    elif isinstance(state, bool):
        if state:
            data[prefix] = "on"
    elif isinstance(state, list):
        data[prefix] = [str(item) for item in state]
    else:
        data[prefix] = "" if state is None else str(state)
    return data


def stream_states(response):
    """Return ``{field name: form state}`` of the StreamFields of the edit form in ``response``."""
    soup = BeautifulSoup(response.content, "html.parser")
    return {
        element["id"]: json.loads(element["data-w-block-arguments-value"])[0]
        for element in soup.select("[data-block][data-w-block-arguments-value]")
    }


def edit_form_data(response, model):
    """Return the data the edit form in ``response`` (an admin edit view of a ``model`` object) posts unchanged.

    A dict of field name to value (a list where a field has several values), StreamFields included.
    """
    soup = BeautifulSoup(response.content, "html.parser")
    form = soup.select_one("form[data-edit-form]")
    assert form is not None, "no edit form in the response"
    data = {}
    for name, value in _form_fields(form):
        if name in data:
            data[name] = [*data[name], value] if isinstance(data[name], list) else [data[name], value]
        else:
            data[name] = value
    for name, state in stream_states(response).items():
        field = model._meta.get_field(name)
        assert isinstance(field, StreamField), f"{name} is not a StreamField of {model.__name__}"
        data.update(block_post_data(field.stream_block, state, name))
    return data


def shown_messages(response):
    """Return the texts of the messages an admin page in ``response`` shows (Wagtail's ``.messages`` list)."""
    soup = BeautifulSoup(response.content, "html.parser")
    return [" ".join(item.get_text(" ").split()) for item in soup.select(".messages li")]


def submit_edit_form(client, url, model, action="action-publish", **changes):
    """GET the admin edit view ``url`` as ``client``'s user, apply ``changes`` to its data, POST it with ``action``.

    Follows the redirect, so the response is the page the user lands on (``response.redirect_chain``
    says how they got there). A change of ``None`` removes the field from the data. A name the form
    does not have raises ``KeyError``: a misspelt field would otherwise be posted and ignored.
    """
    data = edit_form_data(client.get(url), model)
    unknown = sorted(set(changes) - set(data))
    if unknown:
        raise KeyError(f"the edit form at {url} has no field named {', '.join(unknown)}")
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    data[action] = action
    return client.post(url, data, follow=True)
