"""Twitch's rules for animated emotes (at most 60 frames, 512 KB per size, no more than 3 flashes a second) are
checked on every animated file of the kit, and a file that breaks one is not shipped."""

import io

from PIL import Image

from bot.design import design_png, spec_for
from bot.imaging.emote_rules import broken_rules, flashes_per_second
from bot.model import Brief
from bot.model.brand_kit import EMOTE_FILES, EmoteFile
from bot.render.brand_kit import cutout_png, emotes_for


def gif(colours: list[str], duration: int, size: int = 28) -> bytes:
    frames = [Image.new("RGB", (size, size), c) for c in colours]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=duration, loop=0)
    return out.getvalue()


def test_a_strobe_breaks_the_flash_rule_and_a_slow_blink_does_not():
    strobe = gif(["#000000", "#ffffff"] * 6, 100)  # ten jumps a second
    assert flashes_per_second(strobe) >= 9 and "flashes" in " ".join(broken_rules(strobe))
    slow = gif(["#000000", "#ffffff"], 500)  # two jumps a second (the loop wrapping counts as one)
    assert flashes_per_second(slow) == 2 and broken_rules(slow) == []
    fade = gif([f"#{v:02x}{v:02x}{v:02x}" for v in range(0, 256, 8)], 50)  # a gradual change: no jump counts
    assert flashes_per_second(fade) <= 1


def test_too_many_frames_or_bytes_break_the_rules():
    assert "61 frames" in " ".join(broken_rules(gif([f"#{v:02x}0000" for v in range(61)], 50)))
    assert "KB" in " ".join(broken_rules(gif(["#000000", "#101010"], 500), max_bytes=50))


def test_an_emote_that_breaks_a_rule_is_not_shipped():
    spec = spec_for("streamer_logo", "vibrant", Brief(subject="a wolf head howling", text="Kaizen"), [])
    cut = cutout_png(design_png(spec, scene=True))
    tiny = EmoteFile("twitch-28.gif", 28, "GIF", 1_000, 60, "a limit no animated emote meets")
    assert emotes_for(cut, "spin", "dark", (tiny,)) == []
    shipped = emotes_for(cut, "pop", "dark", EMOTE_FILES)  # pop-in: the biggest jump (the loop restarting)
    assert len(shipped) == len(EMOTE_FILES)
    for name, data in shipped:
        assert broken_rules(data) == [], name
