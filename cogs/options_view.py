"""The generation options: size, format and background selects and the Generate button.

Each control is a DynamicItem whose custom_id carries its state (``pc:<what>:<session id>``), so the controls keep
working after a restart."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

import discord

from bot.imaging import SCENE, SIZES, TRANSPARENT
from bot.model import PRESETS, Session
from cogs.controls import background_label, bot_of, owned_session


def options_content(session: Session) -> str:
    o = session.options
    return (
        f"**Your brief is ready.** Choose size, format and background, then press **Generate**.\n"
        f"Current choice: {o.size}×{o.size} {o.format.upper()}, {background_label(o.background)}."
    )


def options_view(session: Session) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(SizeSelect(session.id, session.options.size))
    view.add_item(FormatSelect(session.id, session.options.format))
    view.add_item(BackgroundSelect(session.id, session.options.background, session.colors, session.style))
    view.add_item(GenerateButton(session.id, renders=session.renders_used))
    return view


def retry_view(
    session_id: int, label: str = "Retry", emoji: str = "🔁", *, renders: int | None = None
) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    button = GenerateButton(session_id, retry=True, renders=renders)
    button.item.label, button.item.emoji = label, emoji  # same action: a held render is saved, not re-made
    view.add_item(button)
    return view


async def _update_options(interaction: discord.Interaction, session: Session, **change: object) -> None:
    """Saves one changed option and re-renders the controls with it selected."""
    options = replace(session.options, **change)  # re-validated by OutputOptions.__post_init__
    await bot_of(interaction).services.sessions.set_options(session.id, options)
    updated = replace(session, options=options)
    await interaction.response.edit_message(content=options_content(updated), view=options_view(updated))


class SizeSelect(discord.ui.DynamicItem[discord.ui.Select], template=r"pc:size:(?P<sid>[0-9]+)"):
    def __init__(self, session_id: int, current: int = 512) -> None:
        options = [discord.SelectOption(label=f"{s} × {s} px", value=str(s), default=s == current) for s in SIZES]
        super().__init__(discord.ui.Select(custom_id=f"pc:size:{session_id}", options=options, row=0))
        self.session_id = session_id

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: Any, match: re.Match[str]) -> SizeSelect:
        return cls(int(match["sid"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        if session := await owned_session(interaction, self.session_id):
            await _update_options(interaction, session, size=int(self.item.values[0]))


class FormatSelect(discord.ui.DynamicItem[discord.ui.Select], template=r"pc:fmt:(?P<sid>[0-9]+)"):
    def __init__(self, session_id: int, current: str = "png") -> None:
        options = [
            discord.SelectOption(label="PNG", value="png", description="lossless", default=current == "png"),
            discord.SelectOption(label="WebP", value="webp", description="smaller file", default=current == "webp"),
        ]
        super().__init__(discord.ui.Select(custom_id=f"pc:fmt:{session_id}", options=options, row=1))
        self.session_id = session_id

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: Any, match: re.Match[str]) -> FormatSelect:
        return cls(int(match["sid"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        if session := await owned_session(interaction, self.session_id):
            await _update_options(interaction, session, format=self.item.values[0])


def background_choices(colors: list[str], style: str) -> list[tuple[str, str]]:
    choices = [(TRANSPARENT, "Transparent"), (SCENE, "Keep the designed background")]
    for color in [*colors, "#ffffff", "#000000", *PRESETS[style].palette]:  # type: ignore[index]
        if color not in [value for value, _ in choices]:
            choices.append((color, f"Solid {color}"))
    return choices[:25]


class BackgroundSelect(discord.ui.DynamicItem[discord.ui.Select], template=r"pc:bg:(?P<sid>[0-9]+)"):
    def __init__(
        self, session_id: int, current: str = TRANSPARENT, colors: list[str] | None = None, style: str = "custom"
    ) -> None:
        options = [
            discord.SelectOption(label=label, value=value, default=value == current)
            for value, label in background_choices(colors or [], style)
        ]
        super().__init__(discord.ui.Select(custom_id=f"pc:bg:{session_id}", options=options, row=2))
        self.session_id = session_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: Any, match: re.Match[str]
    ) -> BackgroundSelect:
        return cls(int(match["sid"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        if session := await owned_session(interaction, self.session_id):
            await _update_options(interaction, session, background=self.item.values[0])


class GenerateButton(
    discord.ui.DynamicItem[discord.ui.Button],
    template=r"pc:(?P<kind>gen|retry):(?P<sid>[0-9]+)(?::(?P<n>[0-9]+))?",
):
    """Carries the render count it was posted for: a double click, or a Retry left over after a successful retry,
    is answered privately with no render."""

    def __init__(self, session_id: int, *, retry: bool = False, renders: int | None = None) -> None:
        suffix = f":{renders}" if renders is not None else ""
        button = discord.ui.Button(
            label="Retry" if retry else "Generate",
            emoji="🔁" if retry else "🎨",
            style=discord.ButtonStyle.success,
            custom_id=f"pc:{'retry' if retry else 'gen'}:{session_id}{suffix}",
            row=3 if not retry else None,
        )
        super().__init__(button)
        self.session_id = session_id
        self.renders = renders

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: Any, match: re.Match[str]) -> GenerateButton:
        renders = int(match["n"]) if match["n"] else None
        return cls(int(match["sid"]), retry=match["kind"] == "retry", renders=renders)

    async def callback(self, interaction: discord.Interaction) -> None:
        if (session := await owned_session(interaction, self.session_id)) is not None:
            from cogs.render_view import run_render  # the render view imports this module

            kind = "vary" if session.renders_used else "generate"
            await run_render(interaction, session.id, kind, self.renders)
