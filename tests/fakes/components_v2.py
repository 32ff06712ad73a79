"""Discord's Components V2 for the fake: what a message with the IS_COMPONENTS_V2 flag may carry, and how Discord
answers it. Read from discord/discord-api-spec (specs/openapi.json: IncomingWebhookRequestPartial's components,
TextDisplay/MediaGallery/File/Container/Separator/ActionRow ...ForMessageRequest, UnfurledMediaRequest,
FileComponentResponse) and Discord's documentation of the flag: with it, ``content`` and ``embeds`` are refused
(text goes in Text Display components); without it, only action rows may be at the top level; a File component
takes only an ``attachment://`` URL naming a file uploaded with the message; 40 components at most in all."""

from __future__ import annotations

from typing import Any

Json = dict[str, Any]
IS_COMPONENTS_V2 = 1 << 15
ACTION_ROW, BUTTON, SECTION, TEXT_DISPLAY, THUMBNAIL, MEDIA_GALLERY, FILE, SEPARATOR, CONTAINER = (
    1, 2, 9, 10, 11, 12, 13, 14, 17)  # fmt: skip
SELECTS = {3, 5, 6, 7, 8}
TOP_LEVEL = {ACTION_ROW, SECTION, TEXT_DISPLAY, MEDIA_GALLERY, FILE, SEPARATOR, CONTAINER}
IN_CONTAINER = TOP_LEVEL - {CONTAINER}
MAX_COMPONENTS = 40


def _error(field: str, code: str, message: str) -> Json:
    return {"message": "Invalid Form Body", "code": 50035,
            "errors": {field: {"_errors": [{"code": code, "message": message}]}}}  # fmt: skip


def _count(components: list[Json]) -> int:
    return sum(1 + _count(c.get("components") or []) for c in components)


def _problem(component: Json, allowed: set[int], uploaded: set[str]) -> str | None:
    """The first thing Discord would refuse in ``component`` (its type where it stands, its required fields)."""
    kind = component.get("type")
    if kind not in allowed:
        return f"component type {kind} is not allowed here"
    if kind == TEXT_DISPLAY and not 1 <= len(component.get("content") or "") <= 4000:
        return "a text display's content must be 1 to 4000 characters"
    if kind == MEDIA_GALLERY:
        items = component.get("items") or []
        if not 1 <= len(items) <= 10:
            return "a media gallery takes 1 to 10 items"
        for item in items:
            url = (item.get("media") or {}).get("url") or ""
            if url.startswith("attachment://") and url.removeprefix("attachment://") not in uploaded:
                return f"{url} names no uploaded file"
    if kind == FILE:
        url = (component.get("file") or {}).get("url") or ""
        if not url.startswith("attachment://"):  # UnfurledMediaRequestWithAttachmentReferenceRequired
            return "a file component takes an attachment:// URL"
        if url.removeprefix("attachment://") not in uploaded:
            return f"{url} names no uploaded file"
    if kind == ACTION_ROW:
        inner = component.get("components") or []
        if not 1 <= len(inner) <= 5 or any(c.get("type") not in {BUTTON, *SELECTS} for c in inner):
            return "an action row takes 1 to 5 buttons or one select"
    if kind == CONTAINER:
        inner = component.get("components") or []
        if not 1 <= len(inner) <= MAX_COMPONENTS:
            return "a container takes 1 to 40 components"
        return next(filter(None, (_problem(c, IN_CONTAINER, uploaded) for c in inner)), None)
    return None


def refusal(payload: Json, uploaded: list[str]) -> Json | None:
    """Discord's 400 body for a message it would refuse for its components, else None."""
    components = payload.get("components") or []
    if not (payload.get("flags") or 0) & IS_COMPONENTS_V2:
        if any(c.get("type") != ACTION_ROW for c in components):
            return _error("components", "COMPONENT_LAYOUT_INVALID",
                          "Components other than action rows need the IS_COMPONENTS_V2 flag")  # fmt: skip
        return None
    if payload.get("content") or payload.get("embeds"):
        return _error("content", "MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2",
                      "The 'content' and 'embeds' fields cannot be used when using MessageFlags.IS_COMPONENTS_V2")
    if not components or _count(components) > MAX_COMPONENTS:
        return _error("components", "BASE_TYPE_BAD_LENGTH", f"Must be between 1 and {MAX_COMPONENTS} in length.")
    for component in components:
        if problem := _problem(component, TOP_LEVEL, set(uploaded)):
            return _error("components", "COMPONENT_LAYOUT_INVALID", problem)
    return None


def resolved(components: list[Json], attachments: list[Json]) -> list[Json]:
    """The components as Discord answers them: each attachment:// URL becomes the attachment's media (its id, CDN
    URLs, content type; FileComponentResponse adds the file's name and size), and each component gets its id."""
    by_name = {a["filename"]: a for a in attachments}
    counter = iter(range(1, 1000))

    def media(url: str) -> Json:
        attachment = by_name.get(url.removeprefix("attachment://"))
        if attachment is None:
            return {"url": url}
        return {"url": attachment["url"], "proxy_url": attachment["proxy_url"], "attachment_id": attachment["id"],
                "content_type": attachment.get("content_type") or "", "flags": 0}  # fmt: skip

    def one(component: Json) -> Json:
        done = {**component, "id": component.get("id") or next(counter)}
        if component.get("type") == FILE:
            url = component["file"]["url"]
            attachment = by_name.get(url.removeprefix("attachment://"), {})
            done |= {"file": media(url), "name": attachment.get("filename", ""), "size": attachment.get("size", 0)}
        if component.get("type") == MEDIA_GALLERY:
            done["items"] = [{**item, "media": media(item["media"]["url"])} for item in component["items"]]
        if "components" in component:
            done["components"] = [one(c) for c in component["components"]]
        return done

    return [one(c) for c in components]


def text_of(message: Json) -> str:
    """What a message says: its content, or (Components V2) its text displays in order."""

    def texts(components: list[Json]) -> list[str]:
        found = []
        for c in components:
            if c.get("type") == TEXT_DISPLAY:
                found.append(c["content"])
            found += texts(c.get("components") or [])
        return found

    return "\n".join(filter(None, [message.get("content") or "", *texts(message.get("components") or [])]))
