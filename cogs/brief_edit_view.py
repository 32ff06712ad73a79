"""Edit brief: a button under the brief card opens a modal with the creation type's fields, pre-filled; the submit
goes through the same use case as the studio's card (bot.usecases.edit_brief).

Only the fields the user changed in the modal are sent, so a coach turn that filed something while the modal was
open is not overwritten by the value the modal was opened with. The submit is routed by the modal's custom_id, like
every other control, so it reaches the brief after a restart too.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import discord
from discord import InteractionType

from bot.model import FIELD_MAX, REQUIREMENTS, TYPES, CoachContext, Session, check_brief
from bot.usecases import (
    BriefChange,
    BriefEdited,
    MarkChoice,
    brief_to_edit,
    edit_brief,
    editable,
    mark_choices,
)
from cogs import wording
from cogs.brief_card_view import card_embed, show_brief_card
from cogs.controls import bot_of
from cogs.id_button import IdButton, IdSelect
from cogs.options_view import options_content, options_view

if TYPE_CHECKING:
    from bot.app import ProfileCreatorBot

# The modal's custom_id carries its session and a short digest of each value it was filled with, so a submit sends
# only what the user changed (a coach turn that filed something meanwhile is kept), with no state kept anywhere.
FORM = re.compile(r"pc:brief-form:([0-9]+):([0-9a-f]*)")
DIGEST = 6  # hex digits a value: 30 for five fields, well inside Discord's 100-character custom_id


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:DIGEST]


class BriefModal(discord.ui.Modal):
    """At most five inputs (Discord's limit for a modal): a creation type's brief has five elements. Only its look:
    discord.py does not keep it (a kept modal is lost on a restart); its submit is read by ``brief_form_sent``."""

    def __init__(self, session: Session) -> None:
        elements = editable(session)[:5]
        values = [getattr(session.brief, element) or "" for element in elements]
        super().__init__(title=f"Edit your {TYPES[session.creation_type].noun} brief"[:45],
                         custom_id=f"pc:brief-form:{session.id}:{''.join(map(_digest, values))}")  # fmt: skip
        rules = REQUIREMENTS[session.creation_type]
        for element, value in zip(elements, values, strict=True):
            limit = rules.max_text_chars if element == "text" else FIELD_MAX
            box: discord.ui.TextInput[BriefModal] = discord.ui.TextInput(
                custom_id=element, default=value or None, max_length=limit, placeholder=wording.BRIEF_PLACEHOLDER,
                # a filled required element can be changed, not emptied; the others may stay blank
                required=element in rules.required and bool(value),
            )  # fmt: skip
            self.add_item(discord.ui.Label(text=rules.labels[element].capitalize()[:45], component=box,
                                           description=wording.brief_field_help(element, limit)))  # fmt: skip
        self.stop()  # send_modal then keeps no copy: the submit is routed by its custom_id


def typed_values(components: list[dict[str, Any]]) -> dict[str, str]:
    """A MODAL_SUBMIT's text inputs by custom_id, in Labels (type 18) or the older Action Rows (type 1)."""
    values: dict[str, str] = {}
    for component in components:
        inner = component.get("components") or ([component["component"]] if "component" in component else [])
        for item in inner:
            if item.get("type") == 4:
                values[str(item["custom_id"])] = str(item.get("value") or "")
    return values


async def brief_form_sent(interaction: discord.Interaction) -> None:
    """An Edit brief modal was submitted (a listener on every interaction; others are left alone)."""
    data: dict[str, Any] = interaction.data or {}  # type: ignore[assignment]
    found = FORM.fullmatch(str(data.get("custom_id", ""))) if interaction.type is InteractionType.modal_submit else None
    if found is None:
        return
    bot, session_id = bot_of(interaction), int(found[1])
    session = await brief_to_edit(bot.services, session_id, interaction.user.id)
    if not isinstance(session, Session):  # someone else's reads like a missing one; the owner's modal stays valid
        await interaction.response.send_message(wording.brief_refused(session), ephemeral=True)
        return
    typed = typed_values(data.get("components") or [])
    elements = editable(session)[:5]
    opened = {name: found[2][i * DIGEST : (i + 1) * DIGEST] for i, name in enumerate(elements)}
    changed = {name: value for name, value in typed.items() if name in opened and _digest(value) != opened[name]}
    await interaction.response.defer(ephemeral=True, thinking=True)  # the edit waits behind a running render
    outcome = await edit_brief(bot.services, session_id, interaction.user.id, BriefChange(fields=changed))
    if not isinstance(outcome, BriefEdited):
        await interaction.followup.send(wording.brief_refused(outcome), ephemeral=True)
        return
    await interaction.followup.send(wording.brief_saved(outcome), ephemeral=True)
    if outcome.changed and interaction.channel is not None:
        await present_edit(bot, interaction.channel, outcome)  # type: ignore[arg-type]


def context_of(session: Session) -> CoachContext:
    check = check_brief(session.creation_type, session.brief)
    return CoachContext(session.creation_type, session.style, session.colors, session.brief, check)


async def present_edit(bot: ProfileCreatorBot, channel: discord.abc.Messageable, outcome: BriefEdited) -> None:
    """The card shows the edited brief; a brief that just became complete gets its options and Generate."""
    session = outcome.session
    choices = await mark_choices(bot.services, session.brief)
    await show_brief_card(bot, channel, session.id, context_of(session), card_view(session.id, choices))
    if outcome.became_ready:
        await channel.send(options_content(session), view=options_view(session))


async def open_modal(
    interaction: discord.Interaction, session_id: int, modal: Callable[[Session], discord.ui.Modal]
) -> None:
    """A button that opens a modal on a session (Edit brief, Reply): only for the owner of a live session."""
    session = await brief_to_edit(bot_of(interaction).services, session_id, interaction.user.id)
    if not isinstance(session, Session):  # someone else's session reads exactly like a missing one
        await interaction.response.send_message(wording.brief_refused(session), ephemeral=True)
        return
    await interaction.response.send_modal(modal(session))


class EditBriefButton(IdButton, verb="brief", id_name="session_id", label="Edit brief", emoji="✏️"):
    session_id: int

    async def callback(self, interaction: discord.Interaction) -> None:
        await open_modal(interaction, self.session_id, BriefModal)


class MarkSelect(IdSelect, verb="brief-mark", row=0):
    """The engine is unsure which mark the main element calls for: the user picks one (nothing drawn silently)."""

    @classmethod
    def offering(cls, session_id: int, choices: tuple[MarkChoice, ...]) -> MarkSelect:
        select = cls(session_id, [discord.SelectOption(label=c.label[:100], value=c.mark[:100]) for c in choices])
        select.item.placeholder = wording.MARK_PLACEHOLDER
        return select

    async def callback(self, interaction: discord.Interaction) -> None:
        bot = bot_of(interaction)
        change = BriefChange(mark=self.item.values[0])
        outcome = await edit_brief(bot.services, self.session_id, interaction.user.id, change)
        if not isinstance(outcome, BriefEdited):
            await interaction.response.send_message(wording.brief_refused(outcome), ephemeral=True)
            return
        session = outcome.session
        view = card_view(session.id, await mark_choices(bot.services, session.brief))
        await interaction.response.edit_message(embed=card_embed(context_of(session)), view=view)
        if outcome.became_ready and interaction.channel is not None:
            await interaction.channel.send(options_content(session), view=options_view(session))  # type: ignore[union-attr]


def card_view(session_id: int, choices: tuple[MarkChoice, ...] = ()) -> discord.ui.View:
    """The controls under the brief card (persistent: they work after a restart): the candidate marks when the
    engine is unsure, and Edit brief."""
    view = discord.ui.View(timeout=None)
    if choices:
        view.add_item(MarkSelect.offering(session_id, choices))
    view.add_item(EditBriefButton(session_id))
    return view
