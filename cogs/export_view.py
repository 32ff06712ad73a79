"""Export: a render again in any size, format and background, post-processed from its kept source (no model
call, so free and unlimited). The panel's state lives in its custom_ids, so nothing is kept between clicks."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from typing import Any

import discord

from bot.model import SCENE, SIZES, TRANSPARENT, ImagingError, OutputOptions
from bot.usecases import Exported, NotYours, export_render, your_render
from cogs import wording
from cogs.controls import background_label, bot_of
from cogs.id_button import IdButton

_EXPORT_BACKGROUNDS = ((TRANSPARENT, "Transparent"), (SCENE, "Designed background"), ("#ffffff", "White"),
                       ("#000000", "Black"))  # fmt: skip


def _encode_background(background: str) -> str:
    return {TRANSPARENT: "t", SCENE: "s"}.get(background, background.lstrip("#"))


def _decode_background(code: str) -> str:
    return {"t": TRANSPARENT, "s": SCENE}.get(code, f"#{code}")


def export_panel(render_id: int, options: OutputOptions) -> dict[str, Any]:
    state = f"{render_id}:{options.size}:{options.format}:{_encode_background(options.background)}"
    view = discord.ui.View(timeout=None)
    view.add_item(ExportControl(state, "size", [(str(s), f"{s} × {s} px") for s in SIZES], str(options.size)))
    view.add_item(ExportControl(state, "fmt", [("png", "PNG"), ("webp", "WebP")], options.format))
    view.add_item(ExportControl(state, "bg", list(_EXPORT_BACKGROUNDS), options.background))
    view.add_item(ExportControl(state, "go", [], ""))
    view.add_item(ExportControl(state, "svg", [], ""))
    content = (
        f"**Export render #{render_id}** — {options.size}×{options.size} {options.format.upper()}, "
        f"{background_label(options.background)}. Free: made again from the original, no new render."
    )
    return {"content": content, "view": view}


class ExportButton(IdButton, verb="export", id_name="render_id", label="Export", emoji="📦",
               style=discord.ButtonStyle.secondary):  # fmt: skip
    render_id: int

    async def callback(self, interaction: discord.Interaction) -> None:
        render = await your_render(bot_of(interaction).services, self.render_id, interaction.user.id)
        if isinstance(render, NotYours):
            await interaction.response.send_message(wording.exported(render), ephemeral=True)
            return
        await interaction.response.send_message(ephemeral=True, **export_panel(render.id, OutputOptions()))


class ExportControl(
    discord.ui.DynamicItem[discord.ui.Item],
    template=r"pc:xp:(?P<rid>[0-9]+):(?P<size>[0-9]+):(?P<fmt>png|webp):(?P<bg>t|s|[0-9a-f]{6}):(?P<field>size|fmt|bg|go|svg)",
):
    """One control of the export panel; its custom_id carries the whole panel state, so no state is kept."""

    def __init__(self, state: str, field: str, choices: list[tuple[str, str]], current: str) -> None:
        custom_id = f"pc:xp:{state}:{field}"
        item: discord.ui.Item
        if field == "go":
            item = discord.ui.Button(
                label="Get file", emoji="⬇️", style=discord.ButtonStyle.success, custom_id=custom_id
            )
        elif field == "svg":
            item = discord.ui.Button(label="SVG (vector)", emoji="📐", style=discord.ButtonStyle.secondary,
                                     custom_id=custom_id)  # fmt: skip
        else:
            options = [
                discord.SelectOption(label=label, value=value, default=value == current) for value, label in choices
            ]
            item = discord.ui.Select(custom_id=custom_id, options=options)
        super().__init__(item)
        self.state, self.field = state, field

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: Any, match: re.Match[str]) -> ExportControl:
        state = f"{match['rid']}:{match['size']}:{match['fmt']}:{match['bg']}"
        return cls(state, match["field"], [], "")

    def _options(self) -> tuple[int, OutputOptions]:
        render_id, size, fmt, background = self.state.split(":")
        return int(render_id), OutputOptions(size=int(size), format=fmt, background=_decode_background(background))  # type: ignore[arg-type]

    async def callback(self, interaction: discord.Interaction) -> None:
        bot = bot_of(interaction)
        try:
            render_id, options = self._options()
        except ImagingError:
            await interaction.response.send_message("That export option is not valid.", ephemeral=True)
            return
        render = await your_render(bot.services, render_id, interaction.user.id)
        if isinstance(render, NotYours):
            await interaction.response.send_message(wording.exported(render), ephemeral=True)
            return
        if self.field == "svg":
            await self._send(interaction, render.id, None)
            return
        if self.field != "go":
            value = self.item.values[0]  # type: ignore[attr-defined]
            field = {"size": "size", "fmt": "format", "bg": "background"}[self.field]
            options = replace(options, **{field: int(value) if field == "size" else value})
            await interaction.response.edit_message(**export_panel(render_id, options))
            return
        await self._send(interaction, render.id, options)

    @staticmethod
    async def _send(interaction: discord.Interaction, render_id: int, options: OutputOptions | None) -> None:
        """The export use case (``options`` None: the SVG), answered privately."""
        await interaction.response.defer(ephemeral=True, thinking=True)
        outcome = await export_render(bot_of(interaction).services, render_id, interaction.user.id, options)
        text = wording.exported(outcome, render_id=render_id, options=options)
        if not isinstance(outcome, Exported):
            await interaction.followup.send(text, ephemeral=True)
            return
        await interaction.followup.send(text, file=discord.File(io.BytesIO(outcome.data), filename=outcome.filename),
                                        ephemeral=True)  # fmt: skip
