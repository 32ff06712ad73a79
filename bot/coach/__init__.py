"""The coach: turns over the brief, prompts, the message gate, the brief card, streamed-reply relaying."""

from bot.coach.brief_card import brief_card
from bot.coach.gate import Rate, TurnGate
from bot.coach.prompts import edit_prompt, extraction_instruction, image_prompt, repaint_prompt, wide_art_prompt
from bot.coach.service import MAX_USER_MESSAGE, CoachService, CoachTurn, MessageTooLong
from bot.coach.streaming import StreamRelay

__all__ = [
    "MAX_USER_MESSAGE",
    "CoachService",
    "CoachTurn",
    "MessageTooLong",
    "Rate",
    "StreamRelay",
    "TurnGate",
    "brief_card",
    "edit_prompt",
    "extraction_instruction",
    "image_prompt",
    "repaint_prompt",
    "wide_art_prompt",
]
