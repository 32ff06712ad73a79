"""The brand kit's pieces and emotes: each platform's size, safe area and file limit (the default table;
configurable in [[brand_kit.pieces]]). Checked against each platform's help pages in December 2026:
- Twitch: offline screen 1920×1080 and profile banner 1200×480 (10 MB), panels 320 wide (160 tall here);
  animated emotes as GIF, square, 112 / 56 / 28 px, at most 60 frames, each size ≤ 512 KB in manual upload.
- YouTube channel banner 2560×1440 (≤ 6 MB); what every device shows is the centre 1546×423.
- X header 1500×500 (≤ 2 MB); up to 60 px may be cropped top and bottom, and the avatar covers the lower left.
- Discord server banner 960×540 (16:9); custom emoji 128×128, ≤ 256 KB.
- Stream scenes ("Starting soon", "Be right back", "Stream ending") 1920×1080, the size of a 1080p canvas in OBS;
  no platform limit (an OBS image source), kept under Twitch's 10 MB for the offline screen beside them.
- Webcam frame: hexeum.net/allposts/twitch-size-guide gives webcam overlays as 1280×720 / 800×600, PNG or WEBM,
  12 MB: the frames' clear windows are those two camera shapes (16:9 and 4:3) exactly.
- Alerts (follow, sub, raid): StreamElements' and Streamlabs' own upload limits were not in the stored corpus we
  searched on 2026-12-07. Elgato's alert spec for its marketplace (docs.elgato.com/en/graphics/alerts/alert-files)
  asks for transparency and empty first and last frames; the strictest alert-media limit found was 1 MB (PNG, JPG,
  GIF; docs.creator.buylink.id, stream overlay transaction alert): each alert here stays under 1 MB, 720×240, as
  animated WebP and as GIF. Searched again on 2026-12-07 ("Streamlabs alert box image size limit", "StreamElements
  alert media file size"): still no page of either in the stored corpus; other alert boxes' docs (tiptap.gg,
  4throck, streamiehub) list GIF among the image formats they take, with no byte figure.
- Twitch bits badges: 18, 36 and 72 px PNG per tier (Twitch has 28 tiers, from 1 bit; the kit makes the first
  five: 1, 100, 1,000, 5,000, 10,000), the three images of a tier together under 40 KB: Elgato's badge-pack spec
  (docs.elgato.com/en/graphics/badges); hexeum.net/allposts/twitch-size-guide gives cheer badges 18/36/72 px,
  25 KB (each file here is kept under 40 KB / 3, within both).
- Twitch channel points icon: 28, 56 and 112 px PNG (1x, 2x, 4x: Twitch's API serves a reward's image as url_1x,
  url_2x, url_4x, rubydoc.info/gems/twitch-api CustomRewardImage; Twitch's own default images are
  custom-reward-images/default-1.png, -2, -4). Twitch's help page with the byte limit was not in the stored
  corpus; kept under 25 KB, the figure the guides give emotes and badges of these sizes.
- Twitch subscriber (loyalty) badges: 18, 36 and 72 px square PNG with transparency, ≤ 25 KB each; a badge per
  loyalty milestone (1, 2, 3, 6, 9, 12 months and on). Twitch's own help page was not in the stored corpus we
  checked on 2026-12-07; the figures agree across Elgato's badge-pack spec (docs.elgato.com/en/graphics/badges),
  streamfrogs.com/badge-resizer and twitchemote.com/twitch-badge-sizes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.model.model_requests import closest_aspect

Motion = Literal["pulse", "wiggle", "bounce", "spin", "shine", "pop"]
MOTIONS: tuple[Motion, ...] = ("pulse", "wiggle", "bounce", "spin", "shine", "pop")
Matte = Literal["dark", "light"]
MATTES: dict[Matte, str] = {"dark": "#18181b", "light": "#ffffff"}  # Twitch and Discord dark / light chat


@dataclass(frozen=True)
class KitPiece:
    file: str
    width: int
    height: int
    use: str
    max_bytes: int
    # The centred box the mark and the words stay inside (None: the whole piece, less a margin).
    safe: tuple[int, int] | None = None
    title: str | None = None  # a panel's title (the user's to change); None: the channel name
    # A line saying what the screen is for, under the name ("Currently offline"): a screen a viewer sees instead of
    # the stream must say so, not be the banner bigger.
    status: str | None = None
    folder: str = "banners"  # where it goes in the ZIP

    @property
    def path(self) -> str:
        return f"{self.folder}/{self.file}"


# What a brand kit asks the image model for, one call per family (Gemini's imageConfig.aspectRatio spelling): each
# piece takes the family it needs the least cropping from. A model that takes fewer says so in its 400.
WIDE_ASPECTS = ("16:9", "21:9")


def family_of(piece: KitPiece) -> str:
    return closest_aspect(piece.width / piece.height, WIDE_ASPECTS)


@dataclass(frozen=True)
class EmoteFile:
    suffix: str  # file name after the motion: pulse-twitch-112.gif
    size: int
    format: Literal["GIF", "PNG", "WEBP"]  # PNG: animated (APNG)
    max_bytes: int
    max_frames: int
    use: str


PANEL_TITLES = ("About", "Schedule", "Socials", "Support")

SCENES = ("Starting soon", "Be right back", "Stream ending")
SCENE_PIECES: tuple[KitPiece, ...] = tuple(
    KitPiece(f"{s.lower().replace(' ', '-')}-1920x1080.png", 1920, 1080, f"Stream scene “{s}” (OBS image source, "
             "1920×1080)", 10_000_000, safe=(1500, 700), status=s, folder="scenes") for s in SCENES
)  # fmt: skip


DEFAULT_PIECES: tuple[KitPiece, ...] = (
    KitPiece("twitch-offline-1920x1080.png", 1920, 1080, "Twitch offline screen (video player banner): the name and "
             "“Currently offline”", 10_000_000, safe=(1500, 700), status="Currently offline"),
    KitPiece("twitch-profile-banner-1200x480.png", 1200, 480, "Twitch profile banner", 10_000_000, safe=(1000, 380)),
    KitPiece("youtube-banner-2560x1440.png", 2560, 1440,
             "YouTube channel banner (the name and mark sit in the centre 1546×423 that every device shows)",
             6_000_000, safe=(1546, 423)),
    KitPiece("x-header-1500x500.png", 1500, 500, "X header (kept inside the centre 1100×380: the edges crop and "
             "the avatar covers the lower left)", 2_000_000, safe=(1100, 380)),
    KitPiece("discord-server-banner-960x540.png", 960, 540, "Discord server banner", 8_000_000, safe=(840, 420)),
    *(KitPiece(f"twitch-panel-{t.lower()}-320x160.png", 320, 160, f"Twitch panel: {t}", 1_000_000,
               safe=(296, 136), title=t, folder="panels") for t in PANEL_TITLES),
    *SCENE_PIECES,
)  # fmt: skip

@dataclass(frozen=True)
class WebcamFrame:
    file: str
    window: tuple[int, int]  # the clear window: the camera's picture, exactly
    max_bytes: int
    use: str

    @property
    def path(self) -> str:
        return f"overlays/{self.file}"


WEBCAM_FRAMES: tuple[WebcamFrame, ...] = (
    WebcamFrame("webcam-frame-16x9.png", (1280, 720), 12_000_000,
                "Webcam frame for a 16:9 camera (OBS: the camera at 1280×720 under the frame's clear window)"),
    WebcamFrame("webcam-frame-4x3.png", (800, 600), 12_000_000,
                "Webcam frame for a 4:3 camera (OBS: the camera at 800×600 under the frame's clear window)"),
)  # fmt: skip

@dataclass(frozen=True)
class AlertFile:
    event: str  # follow, sub, raid
    line: str  # the words on it (the alert box sets the viewer's name beside it)
    max_bytes: int
    format: Literal["webp", "gif"] = "webp"

    @property
    def path(self) -> str:
        return f"alerts/{self.event}.{self.format}"

    @property
    def use(self) -> str:
        kind = "animated WebP with full alpha" if self.format == "webp" else "animated GIF (1-bit alpha)"
        return (f"{self.event.capitalize()} alert “{self.line}”, {kind}, {ALERT_SIZE[0]}×{ALERT_SIZE[1]}, 3 s "
                "(StreamElements / Streamlabs alert box: image)")  # fmt: skip


ALERT_SIZE = (720, 240)
ALERT_LINES = {"follow": "New follower!", "sub": "New subscriber!", "raid": "Incoming raid!"}
# Each alert as WebP (full alpha) and as GIF, for the alert boxes that take GIF only; the same frames and limits.
ALERT_FILES: tuple[AlertFile, ...] = tuple(
    AlertFile(event, line, 1_000_000, kind) for event, line in ALERT_LINES.items() for kind in ("webp", "gif")
)

EMOTE_FILES: tuple[EmoteFile, ...] = (
    EmoteFile("twitch-112.gif", 112, "GIF", 512_000, 60, "Twitch animated emote, 112 px (manual upload)"),
    EmoteFile("twitch-56.gif", 56, "GIF", 512_000, 60, "Twitch animated emote, 56 px"),
    EmoteFile("twitch-28.gif", 28, "GIF", 512_000, 60, "Twitch animated emote, 28 px"),
    EmoteFile("discord-128.gif", 128, "GIF", 256_000, 60, "Discord custom emoji, 128 px (≤ 256 KB)"),
    EmoteFile("128.png", 128, "PNG", 512_000, 60, "Animated PNG (APNG), full alpha, for other platforms"),
    EmoteFile("128.webp", 128, "WEBP", 512_000, 60, "Animated WebP, full alpha, for other platforms"),
)


@dataclass(frozen=True)
class BadgeFile:
    months: int  # the loyalty tier: shown from this many months subscribed
    size: int
    max_bytes: int
    use: str

    @property
    def file(self) -> str:
        return f"twitch-sub-badge-{self.months}m-{self.size}.png"


@dataclass(frozen=True)
class SizedIcon:
    """One size of a set drawn per size (a bits badge tier, the channel-points icon)."""

    file: str
    size: int
    max_bytes: int  # per file
    use: str

    @property
    def path(self) -> str:
        return f"badges/{self.file}"


BITS_TIERS = (1, 100, 1000, 5000, 10000)
BITS_SET_BYTES = 40_000  # a tier's three sizes together (Elgato's badge spec)
BITS_BADGES: tuple[SizedIcon, ...] = tuple(
    SizedIcon(f"twitch-bits-badge-{b}-{s}.png", s, BITS_SET_BYTES // 3,
              f"Twitch bits badge, {b:,} bit{'s' if b > 1 else ''}, {s} px ({s // 18}x; the three sizes under 40 KB)")
    for b in BITS_TIERS for s in (72, 36, 18)
)  # fmt: skip
POINTS_ICONS: tuple[SizedIcon, ...] = tuple(
    SizedIcon(f"twitch-channel-points-{s}.png", s, 25_000, f"Twitch channel points icon, {s} px ({s // 28}x)")
    for s in (112, 56, 28)
)

SUB_BADGE_MONTHS = (1, 3, 6, 12)
SUB_BADGES: tuple[BadgeFile, ...] = tuple(
    BadgeFile(m, s, 25_000, f"Twitch subscriber badge, {m} month{'s' if m > 1 else ''}, {s} px ({s // 18}x)")
    for m in SUB_BADGE_MONTHS for s in (72, 36, 18)
)  # fmt: skip
