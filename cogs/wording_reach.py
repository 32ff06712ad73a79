"""The bot's words for reaching a user: in a DM when it is not in their server, and in a thread without the
Message Content intent (split from cogs/wording.py, which words the use cases' outcomes)."""

from __future__ import annotations

# Without the Message Content intent Discord sends the bot thread messages without their text (once per session).
NO_CONTENT_HINT = ("I can't read messages in this thread unless they're addressed to me: **reply** to one of my "
                   "messages, @mention me, or press **Reply** under my message (it takes an image too).")  # fmt: skip
DM_OPENING = "Hi! Design sessions with me run here: use **/profile create** in this DM to start one."
DM_REFUSED = ("I'm not in this server and couldn't open a DM with you (your privacy settings may block it): "
              "allow DMs from apps, or add me to the server.")  # fmt: skip


def continue_in_dm(dm_channel_id: int) -> str:
    return (f"I'm not in this server, so your design session runs in our DM: "
            f"https://discord.com/channels/@me/{dm_channel_id} — use **/profile create** there. Your quota, "
            "tier and gallery are the same everywhere.")  # fmt: skip


REPLY_EMPTY = "Nothing was sent: write something or add an image."
