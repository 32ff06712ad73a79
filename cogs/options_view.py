"""The generation options: size, format and background selects and the Generate button.

Each control is a DynamicItem whose custom_id carries its state (``pc:<what>:<session id>``), so the controls keep
working after a restart."""

from __future__ import annotations

import discord

from bot.model import PRESETS, SCENE, SIZES, TRANSPARENT, Session
from bot.usecases import OptionsChosen, choose_options
from cogs import wording
from cogs.controls import background_label, bot_of
from cogs.id_button import IdButton, IdSelect
from cogs.render_controls import CONTROLS
from cogs.render_delivery import run_render


def options_content(session: Session) -> str:
    o = session.options
    return (
        f"**Your brief is ready.** Choose size, format and background, then press **Generate**.\n"
        f"Current choice: {o.size}×{o.size} {o.format.upper()}, {background_label(o.background)}."
    )


def options_view(session: Session) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(SizeSelect.showing(session.id, session.options.size))
    view.add_item(FormatSelect.showing(session.id, session.options.format))
    view.add_item(BackgroundSelect.showing(session.id, session.options.background, session.colors, session.style))
    view.add_item(GenerateButton(session.id, session.renders_used))
    return view


async def _update_options(interaction: discord.Interaction, session_id: int, **change: object) -> None:
    """Saves one changed option and re-renders the controls with it selected."""
    outcome = await choose_options(bot_of(interaction).services, session_id, interaction.user.id, **change)
    if isinstance(outcome, OptionsChosen):
        updated = outcome.session
        await interaction.response.edit_message(content=options_content(updated), view=options_view(updated))
    elif (said := wording.options(outcome)) is not None:
        await interaction.response.send_message(said, ephemeral=True)


class SizeSelect(IdSelect, verb="size", row=0):
    @classmethod
    def showing(cls, session_id: int, current: int) -> SizeSelect:
        return cls(session_id, [discord.SelectOption(label=f"{s} × {s} px", value=str(s), default=s == current)
                                for s in SIZES])  # fmt: skip

    async def callback(self, interaction: discord.Interaction) -> None:
        await _update_options(interaction, self.session_id, size=int(self.item.values[0]))


class FormatSelect(IdSelect, verb="fmt", row=1):
    @classmethod
    def showing(cls, session_id: int, current: str) -> FormatSelect:
        return cls(session_id, [
            discord.SelectOption(label="PNG", value="png", description="lossless", default=current == "png"),
            discord.SelectOption(label="WebP", value="webp", description="smaller file", default=current == "webp"),
        ])  # fmt: skip

    async def callback(self, interaction: discord.Interaction) -> None:
        await _update_options(interaction, self.session_id, format=self.item.values[0])


def background_choices(colors: list[str], style: str) -> list[tuple[str, str]]:
    choices = [(TRANSPARENT, "Transparent"), (SCENE, "Keep the designed background")]
    for color in [*colors, "#ffffff", "#000000", *PRESETS[style].palette]:  # type: ignore[index]
        if color not in [value for value, _ in choices]:
            choices.append((color, f"Solid {color}"))
    return choices[:25]


class BackgroundSelect(IdSelect, verb="bg", row=2):
    @classmethod
    def showing(cls, session_id: int, current: str, colors: list[str], style: str) -> BackgroundSelect:
        return cls(session_id, [discord.SelectOption(label=label, value=value, default=value == current)
                                for value, label in background_choices(colors, style)])  # fmt: skip

    async def callback(self, interaction: discord.Interaction) -> None:
        await _update_options(interaction, self.session_id, background=self.item.values[0])


class GenerateButton(IdButton, verb="gen", id_name="session_id", label="Generate", emoji="🎨",
                     style=discord.ButtonStyle.success, row=3):  # fmt: skip
    session_id: int

    async def callback(self, interaction: discord.Interaction) -> None:
        await run_render(interaction, self.session_id, "next", self.renders, CONTROLS)
