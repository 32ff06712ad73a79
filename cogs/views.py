"""Registers every persistent control (DynamicItems, and the Edit brief modal's submit), so clicks work on messages
sent before a restart."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cogs.brief_edit_view import EditBriefButton, MarkSelect, brief_form_sent
from cogs.export_view import ExportButton, ExportControl
from cogs.gallery_view import GalleryPageButton, GalleryPick
from cogs.kit_view import KitAgainButton, KitButton, KitDarkButton, KitLightButton
from cogs.options_view import BackgroundSelect, FormatSelect, GenerateButton, SizeSelect
from cogs.pack_view import PackButton
from cogs.privacy_view import ForgetButton
from cogs.rating_view import RateButton
from cogs.render_controls import DoneButton, RepostButton, RetryButton, VaryButton
from cogs.reply_view import ReplyButton, reply_form_sent
from cogs.resume_view import ResumeButton

if TYPE_CHECKING:
    from bot.app import ProfileCreatorBot


def register(bot: ProfileCreatorBot) -> None:
    bot.add_dynamic_items(
        SizeSelect, FormatSelect, BackgroundSelect, GenerateButton, RetryButton, GalleryPageButton, GalleryPick,
        VaryButton, ExportButton, ExportControl, DoneButton, ResumeButton, RepostButton, RateButton, ForgetButton,
        PackButton, KitButton, KitDarkButton, KitLightButton, KitAgainButton, EditBriefButton,
        MarkSelect, ReplyButton,
    )  # fmt: skip
    bot.add_listener(brief_form_sent, "on_interaction")  # modals are routed by custom_id too (after a restart)
    bot.add_listener(reply_form_sent, "on_interaction")


async def setup(bot: ProfileCreatorBot) -> None:
    """Loaded by name (bot/app.py EXTENSIONS): the persistent controls, registered once."""
    register(bot)
