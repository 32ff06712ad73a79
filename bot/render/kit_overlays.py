"""A brand kit's stream overlays and alerts, in the design's style: the webcam frames (a clear window of a camera's
shape, the name on the border) and the follow / sub / raid alerts (the mark and a line the bot sets, animated),
each alert (WebP and GIF) checked against Twitch's flash rule like the emotes: a file that breaks it is not
shipped."""

from __future__ import annotations

from bot.design.overlays import alert_layers, frame_png
from bot.imaging.alerts import alert_frames, encode_alert, encode_alert_gif
from bot.imaging.emote_rules import broken_rules
from bot.model import Session
from bot.model.brand_kit import ALERT_FILES, ALERT_SIZE, WEBCAM_FRAMES, AlertFile
from bot.render.kit_marks import Marks, kit_spec, wide_marks, within_limit

ALERT_MAX_FRAMES = 60  # ours (a 3 s alert needs 20): Twitch's emote figure, so the same checker applies unchanged


def frames_for(
    source: bytes, cut: bytes, session: Session | None, name: str | None, marks: Marks | None = None
) -> list[tuple[str, bytes]]:
    """The webcam frames (16:9 and 4:3 windows, left clear), the name on their lower border in the design's style."""
    spec = kit_spec(source, session)
    whole, beside, _ = marks or wide_marks(source, cut, {"beside" if name else "whole"})
    return [(f.path, within_limit(frame_png(spec, beside if name else whole, f.window, name), f.max_bytes))
            for f in WEBCAM_FRAMES]  # fmt: skip


def alerts_for(
    source: bytes, cut: bytes, session: Session | None, marks: Marks | None = None,
    alerts: tuple[AlertFile, ...] = ALERT_FILES,
) -> list[tuple[str, bytes]]:  # fmt: skip
    """The follow / sub / raid alerts (``alerts``: some of them), each drawn once and encoded as WebP and as GIF,
    each file within its byte limit and Twitch's flash rule (a file that breaks a rule is left out; the README
    names it)."""
    spec = kit_spec(source, session)
    whole, beside, _ = marks or wide_marks(source, cut, {"beside"})
    # A kit without a name draws only the whole logo (the mark beside a name is b"" then): the alert shows that.
    subject = beside or whole
    files = []
    for line in dict.fromkeys(alert.line for alert in alerts):
        frames = alert_frames(*alert_layers(spec, subject, line, ALERT_SIZE))
        for alert in (a for a in alerts if a.line == line):
            data = (encode_alert if alert.format == "webp" else encode_alert_gif)(frames)
            if not broken_rules(data, alert.max_bytes, ALERT_MAX_FRAMES):
                files.append((alert.path, data))
    return files
