"""Edit brief: a button under the brief card opens a modal with the creation type's fields, pre-filled; the submit
goes through the same use case as the studio's card (bot.usecases.edit_brief).

Only the fields the user changed in the modal are sent, so a coach turn that filed something while the modal was
open is not overwritten by the value the modal was opened with.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord

from bot.model import FIELD_MAX, REQUIREMENTS, TYPES, CoachContext, Session, check_brief
from bot.usecases import (
    BriefChange,
    BriefEdited,
    MarkChoice,
    NoSuchSession,
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

MODAL_SECONDS = 900  # an unsent modal is dropped after this (a later submit then fails: press Edit brief again)


class BriefModal(discord.ui.Modal):
    """At most five inputs (Discord's limit for a modal): a creation type's brief has five elements."""

    def __init__(self, session: Session) -> None:
        super().__init__(title=f"Edit your {TYPES[session.creation_type].noun} brief"[:45], timeout=MODAL_SECONDS,
                         custom_id=f"pc:brief-form:{session.id}")  # fmt: skip
        self.session_id, self.owner = session.id, session.user_id
        rules = REQUIREMENTS[session.creation_type]
        self.opened_with: dict[str, str] = {}
        self.inputs: dict[str, discord.ui.TextInput[BriefModal]] = {}
        for element in editable(session)[:5]:
            value = getattr(session.brief, element) or ""
            self.opened_with[element] = value
            limit = rules.max_text_chars if element == "text" else FIELD_MAX
            box: discord.ui.TextInput[BriefModal] = discord.ui.TextInput(
                custom_id=element, default=value or None, max_length=limit, placeholder=wording.BRIEF_PLACEHOLDER,
                # a filled required element can be changed, not emptied; the others may stay blank
                required=element in rules.required and bool(value),
            )  # fmt: skip
            self.inputs[element] = box
            self.add_item(discord.ui.Label(text=rules.labels[element].capitalize()[:45], component=box,
                                           description=wording.brief_field_help(element, limit)))  # fmt: skip

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        """A submit by anyone else (the modal is found by its custom_id alone) is refused before on_submit, so the
        owner's modal stays open for them; the use case checks the owner again."""
        if interaction.user.id == self.owner:
            return True
        await interaction.response.send_message(wording.brief_refused(NoSuchSession()), ephemeral=True)
        return False

    async def on_submit(self, interaction: discord.Interaction) -> None:
        changed = {name: box.value for name, box in self.inputs.items() if box.value != self.opened_with[name]}
        await interaction.response.defer(ephemeral=True, thinking=True)  # the edit waits behind a running render
        bot = bot_of(interaction)
        outcome = await edit_brief(bot.services, self.session_id, interaction.user.id, BriefChange(fields=changed))
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


class EditBriefButton(IdButton, verb="brief", id_name="session_id", label="Edit brief", emoji="✏️"):
    session_id: int

    async def callback(self, interaction: discord.Interaction) -> None:
        session = await brief_to_edit(bot_of(interaction).services, self.session_id, interaction.user.id)
        if not isinstance(session, Session):  # someone else's session reads exactly like a missing one
            await interaction.response.send_message(wording.brief_refused(session), ephemeral=True)
            return
        await interaction.response.send_modal(BriefModal(session))


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
