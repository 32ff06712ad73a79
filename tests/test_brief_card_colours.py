"""The Discord brief card's "Brand colours" line tells the truth about which colours the render will use."""

from bot.coach.brief_card import brief_card
from bot.model import Brief
from bot.model.brief import check_brief


def brand_line(colors: list[str], brief: Brief) -> str:
    card = brief_card("streamer_logo", "gaming", colors, brief, check_brief("streamer_logo", brief))
    return dict(card.lines)["Brand colours"]


def test_colours_said_in_the_chat_are_not_called_the_preset_palette():
    said = Brief(subject="a fox", style="gaming", color_scheme="orange, navy", shape="shield")
    assert brand_line([], said) == "none added (the brief's colours)"


def test_nothing_named_anywhere_falls_back_to_the_preset_palette():
    assert brand_line([], Brief(subject="a fox")) == "none given (preset palette)"


def test_brand_colours_show_as_swatches_with_their_codes():
    line = brand_line(["#9146ff"], Brief(color_scheme="orange"))
    assert line == "🟪 `#9146ff`"
