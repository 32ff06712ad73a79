"""The fake Discord takes a Components V2 message only as Discord does (tests/fakes/components_v2.py): the real
discord.py LayoutView's payload passes; content beside the flag, a file component naming no upload, V2 components
without the flag, and legacy rows only are told apart as Discord's 400s."""

import io

import discord

from tests.fakes.components_v2 import FILE, IS_COMPONENTS_V2, MEDIA_GALLERY, refusal, resolved, text_of


def layout_payload() -> tuple[dict, list[str]]:
    """What discord.py 2.7.1 sends for the kit's message (its own to_components and flags)."""
    sheet, zipped = discord.File(io.BytesIO(b"png"), "sheet.png"), discord.File(io.BytesIO(b"PK"), "kit.zip")
    view = discord.ui.LayoutView(timeout=None)
    view.add_item(discord.ui.TextDisplay("🎁 Your brand kit"))
    view.add_item(discord.ui.MediaGallery(discord.MediaGalleryItem(sheet)))
    view.add_item(discord.ui.File(zipped))
    flags = discord.MessageFlags(components_v2=True, ephemeral=True).value
    return {"components": view.to_components(), "flags": flags}, ["sheet.png", "kit.zip"]


def test_the_layout_views_payload_is_taken_and_answered_with_the_files():
    payload, uploaded = layout_payload()
    assert payload["flags"] & IS_COMPONENTS_V2 and refusal(payload, uploaded) is None
    attachments = [{"id": str(i), "filename": n, "size": 3, "url": f"https://cdn.fake/{n}", "proxy_url": "x"}
                   for i, n in enumerate(uploaded)]  # fmt: skip
    answered = resolved(payload["components"], attachments)
    assert answered[1]["type"] == MEDIA_GALLERY and answered[1]["items"][0]["media"]["attachment_id"] == "0"
    assert answered[2]["type"] == FILE and (answered[2]["name"], answered[2]["file"]["url"]) == (
        "kit.zip", "https://cdn.fake/kit.zip")
    assert text_of({"content": "", "components": answered}) == "🎁 Your brand kit"


def test_what_discord_refuses_is_refused():
    payload, uploaded = layout_payload()
    assert "LEGACY_FIELDS" in str(refusal({**payload, "content": "hi"}, uploaded))
    assert "names no uploaded file" in str(refusal(payload, ["sheet.png"]))
    assert "IS_COMPONENTS_V2" in str(refusal({"components": payload["components"]}, uploaded))
    assert refusal({"components": [{"type": 1, "components": [{"type": 2, "style": 1, "label": "x",
                                                               "custom_id": "a"}]}]}, []) is None  # fmt: skip
    too_many = {**payload, "components": [{"type": 10, "content": "x"}] * 41}
    assert "BAD_LENGTH" in str(refusal(too_many, uploaded))
