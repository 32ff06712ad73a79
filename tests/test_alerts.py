"""Stream alerts (follow, sub, raid): a short animated WebP and the same as a GIF, in the design's style with the line
the bot sets, within its byte limit, starting and ending empty, and checked against Twitch's flash rule like every
animated file."""

import io

import numpy as np
import pytest
from PIL import Image

from bot.design import design_png, spec_for
from bot.imaging.alerts import encode_alert, encode_alert_gif
from bot.imaging.emote_rules import broken_rules, flashes_per_second
from bot.model.brand_kit import ALERT_FILES, ALERT_SIZE
from bot.render.brand_kit import cutout_png, held
from bot.render.kit_marks import wide_marks
from bot.render.kit_overlays import ALERT_MAX_FRAMES, alerts_for
from tests.test_brand_kit import tesseract_reads
from tests.test_stream_screens import BRIEFS


def alerts(style: str) -> dict[str, bytes]:
    source = design_png(spec_for("streamer_logo", style, BRIEFS[style], []), scene=True)
    return dict(alerts_for(source, cutout_png(source), None))


def test_a_kit_without_a_name_still_gets_its_alerts():
    """A kit asked for with no name draws only the whole logo; its alerts are set with that (schemathesis found the
    studio answering 500 here)."""
    source = design_png(spec_for("streamer_logo", "gaming", BRIEFS["gaming"], []), scene=True)
    cut = cutout_png(source)
    whole, _, _ = wide_marks(source, cut, {"whole"})
    made = dict(alerts_for(source, cut, None, (whole, b"", b"")))
    assert set(made) == {a.path for a in ALERT_FILES}


def played(image: Image.Image) -> tuple[list[np.ndarray], list[int]]:
    """Each frame as an alert box shows it (RGBA) and its duration (ms)."""
    frames, durations = [], []
    for i in range(image.n_frames):
        image.seek(i)
        image.load()  # WebP sets a frame's duration when it is decoded
        frames.append(np.asarray(image.convert("RGBA")))
        durations.append(image.info["duration"])
    return frames, durations


@pytest.mark.parametrize("style", sorted(BRIEFS))
def test_each_alert_is_a_short_animated_webp_and_gif_within_its_limits(style):
    made = alerts(style)
    expected = {f"alerts/{event}.{kind}" for event in ("follow", "sub", "raid") for kind in ("webp", "gif")}
    assert set(made) == {a.path for a in ALERT_FILES} == expected
    for alert in ALERT_FILES:
        data = made[alert.path]
        image = Image.open(io.BytesIO(data))
        assert (image.format, image.size) == (alert.format.upper(), ALERT_SIZE), alert.path
        assert 1 < image.n_frames <= ALERT_MAX_FRAMES, alert.path
        assert len(data) <= alert.max_bytes, (alert.path, len(data))
        assert broken_rules(data, alert.max_bytes, ALERT_MAX_FRAMES) == []
        frames, durations = played(image)
        assert 2000 <= sum(durations) <= 4000, durations  # a few seconds, most of them held still
        assert frames[0][..., 3].max() == 0 and frames[-1][..., 3].max() == 0, alert.path  # empty in, empty out
        assert max(f[..., 3].astype(bool).mean() for f in frames) > 0.3  # and something real in between


def test_the_gif_alert_plays_as_the_webp_one():
    """The GIF is the WebP's animation: as long, its held frame in the same place, the plate's colours kept (one
    palette for the alert, no dithering) and its 1-bit edge cut where the WebP is half opaque."""
    made = alerts("vibrant")
    for event in ("follow", "raid"):
        webp, gif = (Image.open(io.BytesIO(made[f"alerts/{event}.{kind}"])) for kind in ("webp", "gif"))
        (webp_frames, webp_times), (gif_frames, gif_times) = played(webp), played(gif)
        assert sum(gif_times) == sum(webp_times)
        held_webp, held_gif = webp_frames[int(np.argmax(webp_times))], gif_frames[int(np.argmax(gif_times))]
        solid = held_webp[..., 3] == 255
        assert ((held_gif[..., 3] == 255) == (held_webp[..., 3] >= 128)).mean() > 0.999
        difference = np.abs(held_gif[..., :3].astype(int) - held_webp[..., :3].astype(int))[solid]
        assert difference.mean() < 4, difference.mean()  # the same picture, in 255 colours


def test_a_flashing_alert_breaks_the_rule():
    """The checker reads an alert's frames and their durations as an alert box plays them: an alert that blinks
    white on the dark chat four times a second is refused."""
    on, off = Image.new("RGBA", ALERT_SIZE, (255, 255, 255, 255)), Image.new("RGBA", ALERT_SIZE, (0, 0, 0, 0))
    for encode in (encode_alert, encode_alert_gif):
        blinking = encode([(on if i % 2 else off, 125) for i in range(16)])
        assert flashes_per_second(blinking) >= 7, encode.__name__
        assert any("flashes" in why for why in broken_rules(blinking, 1_000_000, ALERT_MAX_FRAMES))


@pytest.mark.parametrize("style", ["gaming", "professional", "vibrant"])
def test_tesseract_reads_each_alerts_line_ocr_(style):
    made = alerts(style)
    for alert in (a for a in ALERT_FILES if a.format == "webp"):
        frame = held(made[alert.path])
        shown = Image.new("RGBA", frame.size, (24, 24, 27, 255))  # as on a dark stream
        shown.alpha_composite(frame)
        out = io.BytesIO()
        shown.convert("RGB").save(out, "PNG")
        assert tesseract_reads(out.getvalue(), alert.line), (style, alert.line)
