"""Twitch bits badges (1, 100, 1,000, 5,000, 10,000 bits) at 18/36/72 px, a tier's three under 40 KB, told apart at
18 px by their gem's colour; and the channel points icon at 28/56/112 px, the mark on a coin, within 25 KB."""

import io
import itertools

import numpy as np
import pytest
from PIL import Image

from bot.design import design_png, spec_for
from bot.model.brand_kit import BITS_BADGES, BITS_SET_BYTES, BITS_TIERS, POINTS_ICONS
from bot.render.brand_kit import badges_for, cutout_png
from tests.test_stream_screens import BRIEFS


def made(style: str) -> dict[str, bytes]:
    return dict(badges_for(cutout_png(design_png(spec_for("streamer_logo", style, BRIEFS[style], []), scene=True))))


def seen(data: bytes) -> np.ndarray:
    """Premultiplied colour: what a viewer sees on the chat."""
    pixels = np.asarray(Image.open(io.BytesIO(data)).convert("RGBA"), dtype=np.float32)
    return pixels[..., :3] * pixels[..., 3:] / 255


@pytest.mark.parametrize("style", sorted(BRIEFS))
def test_bits_badges_per_tier_within_40_kb_a_set_and_distinct_at_18_px(style):
    files = made(style)
    assert len(BITS_BADGES) == 15
    for tier in BITS_TIERS:
        badges = [b for b in BITS_BADGES if f"-{tier}-" in b.file]
        assert sorted(b.size for b in badges) == [18, 36, 72]
        for badge in badges:
            image = Image.open(io.BytesIO(files[badge.path]))
            assert (image.format, image.size, image.mode) == ("PNG", (badge.size, badge.size), "RGBA"), badge.file
        assert sum(len(files[b.path]) for b in badges) <= BITS_SET_BYTES, tier
    small = {t: seen(files[f"badges/twitch-bits-badge-{t}-18.png"]) for t in BITS_TIERS}
    gem = np.asarray(Image.open(io.BytesIO(files["badges/twitch-bits-badge-1-18.png"])).getchannel("A")) > 0
    for a, b in itertools.combinations(BITS_TIERS, 2):
        # Over the gem (a diamond: half the square is clear, the same in every tier), with the same mark on each:
        # the tier's colour must differ by more than a faint tint.
        assert np.abs(small[a] - small[b])[gem].mean() > 15, (style, a, b, np.abs(small[a] - small[b])[gem].mean())


@pytest.mark.parametrize("style", sorted(BRIEFS))
def test_the_channel_points_icon_at_each_size_a_coin_within_25_kb(style):
    files = made(style)
    for icon in POINTS_ICONS:
        data = files[icon.path]
        image = Image.open(io.BytesIO(data))
        assert (image.format, image.size, image.mode) == ("PNG", (icon.size, icon.size), "RGBA"), icon.file
        assert len(data) <= 25_000
        alpha = np.asarray(image.getchannel("A"))
        assert alpha[0, 0] == alpha[-1, -1] == 0 and alpha[icon.size // 2, icon.size // 2] == 255  # round, solid
