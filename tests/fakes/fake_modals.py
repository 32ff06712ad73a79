"""Modals as Discord handles them (docs: components/reference "Label", "Text Input"; interactions/receiving-and-
responding "Modal Submit Data Structure"; the OpenAPI spec's ModalInteractionCallbackRequest).

A MODAL callback (type 9) carries ``{custom_id (1-100), title (1-45), components (1-5)}``; each component is a
Label (type 18: ``label`` up to 45, ``description`` up to 100, one ``component``), or the older Action Row (type 1)
holding one Text Input, or a Text Display (type 10). A Text Input (type 4) has ``custom_id``, ``style`` (1 or 2),
``value`` up to 4000, ``min_length``/``max_length`` and ``required`` (default true). Discord answers a malformed one
with 400 and code 50035 (Invalid Form Body).

A File Upload (type 19, only inside a Label; the spec's FileUploadComponentForModalRequest) has ``custom_id``
(1-100), ``min_values`` 0-10, ``max_values`` 1-10 and ``required``; on submit it is ``{type: 19, id, custom_id,
values: [attachment ids]}`` and the files are in ``data.resolved.attachments`` by id (docs: "File Upload
Interaction Response Structure").

On submit, the MODAL_SUBMIT interaction (type 5) carries ``data = {custom_id, components}`` where each component
mirrors the one sent, with a numeric ``id`` Discord assigns: ``{type: 18, id, component: {type: 4, id, custom_id,
value}}`` (or ``{type: 1, id, components: [...]}``); for a modal opened from a button, ``message`` is that
button's message.
"""

from __future__ import annotations

import itertools
from typing import Any

Json = dict[str, Any]


def _text_input_problem(component: Json) -> str | None:
    if component.get("type") != 4:
        return f"component type {component.get('type')} is not a text input"
    if not 1 <= len(component.get("custom_id") or "") <= 100:
        return "a text input's custom_id must be 1-100 characters"
    if component.get("style") not in (1, 2):
        return "a text input's style must be 1 or 2"
    if len(component.get("value") or "") > 4000 or len(component.get("placeholder") or "") > 100:
        return "a text input's value (4000) or placeholder (100) is too long"
    low, high = component.get("min_length"), component.get("max_length")
    if (high is not None and not 1 <= high <= 4000) or (low is not None and not 0 <= low <= 4000):
        return "a text input's length limits are out of range"
    if high is not None and len(component.get("value") or "") > high:
        return "a text input's value is longer than its max_length"
    return None


def _file_upload_problem(component: Json) -> str | None:
    if not 1 <= len(component.get("custom_id") or "") <= 100:
        return "a file upload's custom_id must be 1-100 characters"
    low, high = component.get("min_values"), component.get("max_values")
    if (low is not None and not 0 <= low <= 10) or (high is not None and not 1 <= high <= 10):
        return "a file upload's min_values is 0-10 and max_values 1-10"
    if low is not None and high is not None and low > high:
        return "a file upload's min_values is above its max_values"
    return None


def modal_problem(data: Json) -> str | None:
    """Why Discord would refuse this MODAL callback's data (None: it shows the modal)."""
    if not 1 <= len(data.get("custom_id") or "") <= 100 or not 1 <= len(data.get("title") or "") <= 45:
        return "a modal needs a custom_id (1-100 characters) and a title (1-45)"
    components = data.get("components") or []
    if not 1 <= len(components) <= 5:
        return f"a modal takes 1 to 5 components, not {len(components)}"
    for component in components:
        kind = component.get("type")
        if kind == 18:
            if not 1 <= len(component.get("label") or "") <= 45 or len(component.get("description") or "") > 100:
                return "a label's text is 1-45 characters and its description up to 100"
            inner = component.get("component") or {}
            problem = _file_upload_problem(inner) if inner.get("type") == 19 else _text_input_problem(inner)
        elif kind == 1:
            inner = component.get("components") or []
            problem = "an action row in a modal holds one text input" if len(inner) != 1 else _text_input_problem(
                inner[0]
            )
        elif kind == 10:
            problem = None
        else:
            problem = f"component type {kind} cannot be a modal's top-level component"
        if problem:
            return problem
    return None


def submission(data: Json, values: dict[str, str], files: dict[str, list[Json]] | None = None) -> Json:
    """The MODAL_SUBMIT data for the modal ``data`` when the user typed ``values`` (by custom_id) and left the
    other inputs as they were pre-filled, and uploaded ``files`` (attachment objects, by the File Upload's
    custom_id). Discord's client does not submit an empty required input, nor fewer files than ``min_values``."""
    ids = itertools.count(1)
    resolved: dict[str, Json] = {}

    def typed(component: Json) -> Json:
        custom_id = component["custom_id"]
        if component["type"] == 19:
            chosen = (files or {}).get(custom_id, [])
            low = component.get("min_values", 1)
            high = component.get("max_values", 1)
            if (component.get("required", True) and not chosen) or not low <= len(chosen) <= high:
                raise AssertionError(f"Discord's client refuses {len(chosen)} files for the upload {custom_id}")
            resolved.update({f["id"]: f for f in chosen})
            return {"type": 19, "id": component.get("id") or next(ids), "custom_id": custom_id,
                    "values": [f["id"] for f in chosen]}  # fmt: skip
        value = values.get(custom_id, component.get("value") or "")
        if component.get("required", True) and not value:
            raise AssertionError(f"Discord's client refuses to submit the empty required input {custom_id}")
        if len(value) > (component.get("max_length") or 4000):  # the box takes no more than its max_length
            raise AssertionError(f"Discord's client takes at most {component.get('max_length')} characters here")
        return {"type": 4, "id": component.get("id") or next(ids), "custom_id": custom_id, "value": value}

    rows: list[Json] = []
    for component in data["components"]:
        own_id = component.get("id") or next(ids)  # Discord numbers components the bot left without an id
        if component["type"] == 18:
            rows.append({"type": 18, "id": own_id, "component": typed(component["component"])})
        elif component["type"] == 1:
            rows.append({"type": 1, "id": own_id, "components": [typed(c) for c in component["components"]]})
        else:
            rows.append({"type": component["type"], "id": own_id})
    submitted: Json = {"custom_id": data["custom_id"], "components": rows}
    if resolved:
        submitted["resolved"] = {"attachments": resolved}
    return submitted
