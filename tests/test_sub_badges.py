"""Twitch subscriber badges per loyalty tier (1, 3, 6, 12 months): 18/36/72 px PNG within 25 KB, the mark alone,
and each tier told apart from the others at 18 px."""

import io
import itertools

import numpy as np
import pytest
from PIL import Image

from bot.design import design_png, spec_for
from bot.model import Brief
from bot.model.brand_kit import SUB_BADGE_MONTHS, SUB_BADGES
from bot.render.brand_kit import badges_for, cutout_png


@pytest.mark.parametrize("style", ["gaming", "vibrant", "professional"])
def test_each_tier_at_each_size_within_25_kb_and_distinct_at_18_px(style):
    spec = spec_for("streamer_logo", style, Brief(subject="a wolf head howling", text="Kaizen"), [])
    files = {n: d for n, d in badges_for(cutout_png(design_png(spec, scene=True))) if "-sub-badge-" in n}
    assert len(files) == len(SUB_BADGES) == 12
    for badge in SUB_BADGES:
        data = files[f"badges/{badge.file}"]
        image = Image.open(io.BytesIO(data))
        assert (image.format, image.size, image.mode) == ("PNG", (badge.size, badge.size), "RGBA"), badge.file
        assert len(data) <= 25_000, badge.file
    small = {m: np.asarray(Image.open(io.BytesIO(files[f"badges/twitch-sub-badge-{m}m-18.png"])), dtype=np.float32)
             for m in SUB_BADGE_MONTHS}  # fmt: skip
    for a, b in itertools.combinations(SUB_BADGE_MONTHS, 2):
        # Premultiplied colour: what a viewer sees on the chat; a tier must differ by more than a faint tint.
        pa, pb = small[a][..., :3] * small[a][..., 3:] / 255, small[b][..., :3] * small[b][..., 3:] / 255
        assert np.abs(pa - pb).mean() > 12, (style, a, b, np.abs(pa - pb).mean())
