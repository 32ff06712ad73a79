"""/profile gallery pages: one contact sheet a page, grouped by session, a select to get any image in full."""

from __future__ import annotations

import io
import re
from typing import TYPE_CHECKING, Any

import discord

from bot.imaging.contact_sheet import contact_sheet_async
from bot.usecases import GalleryShown, KeptImage, KitsKept, gallery_page, kept_image, render_kits, turn_gallery_page
from cogs.controls import KIND, bot_of
from cogs.export_view import ExportButton
from cogs.kit_view import KitAgainButton, KitButton
from cogs.pack_view import PackButton
from cogs.wording import gallery_text, kits_kept
from cogs.wording_deliveries import kit_label

if TYPE_CHECKING:
    from bot.app import ProfileCreatorBot

GALLERY_PAGE = 8
KIT_BUTTONS = 5  # one row: the newest kit of each of the page's first five renders that have one (the rest: pick)


async def gallery_message(bot: ProfileCreatorBot, user_id: int, page: int) -> dict[str, Any]:
    """The kwargs for the caller's own gallery page (/profile gallery)."""
    return await gallery_kwargs(await gallery_page(bot.services, user_id, page, GALLERY_PAGE), user_id)


async def gallery_kwargs(shown: GalleryShown, user_id: int) -> dict[str, Any]:
    """A gallery page: text grouped by session, one contact sheet, a picker and paging."""
    if not shown.items:
        return {"content": gallery_text(shown), "files": []}
    numbered = list(enumerate(shown.items, start=1))
    sheet = await contact_sheet_async(list(enumerate(shown.images, start=1)))
    view = discord.ui.View(timeout=None)
    view.add_item(GalleryPick(user_id, [(number, creation.id, creation) for number, creation in numbered]))
    view.add_item(GalleryPageButton(user_id, shown.page - 1, "◀ Newer", disabled=shown.page <= 1))
    view.add_item(GalleryPageButton(user_id, shown.page + 1, "Older ▶", disabled=shown.page >= shown.pages))
    first_number: dict[int, int] = {}
    for number, creation in numbered:
        if creation.render_id in shown.kept:
            first_number.setdefault(creation.render_id, number)
    for render_id, number in list(first_number.items())[:KIT_BUTTONS]:
        newest = shown.kept[render_id][0]
        view.add_item(KitAgainButton(newest.id, label=kit_label(number, newest), row=2))
    files = [discord.File(io.BytesIO(sheet), filename=f"gallery-page-{shown.page}.png")]
    return {"content": gallery_text(shown), "files": files, "view": view}


class GalleryPageButton(discord.ui.DynamicItem[discord.ui.Button], template=r"pc:gal:(?P<uid>[0-9]+):(?P<page>[0-9]+)"):
    def __init__(self, user_id: int, page: int, label: str = "Page", *, disabled: bool = False) -> None:
        button = discord.ui.Button(
            label=label,
            custom_id=f"pc:gal:{user_id}:{max(page, 1)}",
            disabled=disabled,
            style=discord.ButtonStyle.secondary,
            row=1,
        )
        super().__init__(button)
        self.user_id, self.page = user_id, max(page, 1)

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: Any, match: re.Match[str]
    ) -> GalleryPageButton:
        return cls(int(match["uid"]), int(match["page"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        outcome = await turn_gallery_page(bot_of(interaction).services, interaction.user.id, self.user_id, self.page,
                                          GALLERY_PAGE)  # fmt: skip
        if not isinstance(outcome, GalleryShown):
            await interaction.response.send_message(gallery_text(outcome), ephemeral=True)
            return
        message = await gallery_kwargs(outcome, self.user_id)
        files = message.pop("files")
        await interaction.response.edit_message(attachments=files, **message)


class GalleryPick(discord.ui.DynamicItem[discord.ui.Select], template=r"pc:gpick:(?P<uid>[0-9]+)"):
    """Pick a numbered image: it is posted in full (from the bot's store) with an Export button."""

    def __init__(self, user_id: int, entries: list[tuple[int, int, Any]] | None = None) -> None:
        options = [
            discord.SelectOption(
                label=f"{number} · {KIND.get(creation.creation_type, 'design')} {creation.size}px "
                f"{creation.format.upper()}",
                value=str(creation_id),
            )
            for number, creation_id, creation in entries or []
        ] or [discord.SelectOption(label="-", value="0")]
        select = discord.ui.Select(
            custom_id=f"pc:gpick:{user_id}", placeholder="Get an image in full or export it", options=options, row=0
        )
        super().__init__(select)
        self.user_id = user_id

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: Any, match: re.Match[str]) -> GalleryPick:
        return cls(int(match["uid"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        services = bot_of(interaction).services
        picked = int(self.item.values[0])  # type: ignore[attr-defined]
        kept = await kept_image(services, picked, interaction.user.id)
        if not isinstance(kept, KeptImage) or interaction.user.id != self.user_id:
            await interaction.response.send_message("That's someone else's gallery.", ephemeral=True)
            return
        creation = kept.creation
        view = discord.ui.View(timeout=None)
        kits = ""
        if creation.render_id is not None:
            view.add_item(ExportButton(creation.render_id))
            view.add_item(PackButton(creation.render_id))
            view.add_item(KitButton(creation.render_id))
            listed = await render_kits(services, creation.render_id, interaction.user.id)
            if isinstance(listed, KitsKept) and listed.kits:
                kits = "\n" + kits_kept(listed)
                for kit in listed.kits:
                    view.add_item(KitAgainButton(kit.id, label=kit_label(None, kit), row=1))
        assert kept.data is not None
        data = kept.data
        await interaction.response.send_message(
            f"#{creation.id}: {creation.size}×{creation.size} {creation.format.upper()}"
            + ("" if creation.render_id else " (made before exports existed: no other sizes)") + kits,
            file=discord.File(io.BytesIO(data), filename=creation.filename),
            view=view,
            ephemeral=True,
        )
