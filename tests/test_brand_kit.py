"""The brand kit from one offline render: every file at its platform's exact pixel size, format and byte limit;
animated emotes with more than one frame; the channel name read back by Tesseract on each banner."""

import io
import re
import shutil
import subprocess
import unicodedata
import zipfile

import pytest
from PIL import Image

from bot.accounts import TierDecision
from bot.config import Settings
from bot.design.overlays import frame_size
from bot.imaging.emote_rules import broken_rules
from bot.model import Brief
from bot.model.brand_kit import ALERT_FILES, DEFAULT_PIECES, EMOTE_FILES, MOTIONS, SUB_BADGES, WEBCAM_FRAMES
from bot.services import Services
from bot.sessions import parse_create_request
from bot.usecases import KitMade, NotYours, Opened, brand_kit, emote_file, kit_cost, open_session

# The professional preset (Playfair Display): Tesseract reads its letters reliably; bench/brand_kit.py reports every
# preset (Poppins and Bangers trip Tesseract on banners a person reads at once).
BRIEF = Brief(subject="a fox astronaut", style="restrained corporate", text="NovaFox", color_scheme="orange and navy",
              shape="shield", background="deep space with stars")  # fmt: skip


async def open_ready(services: Services, user_id: int, tier: str = "free") -> int:
    """An open session of the professional NovaFox logo with its brief complete; returns its id."""

    async def place(session_id: int) -> int:
        return -session_id

    request = parse_create_request("streamer_logo", "professional", "a fox astronaut", "orange, navy")
    opened = await open_session(services, user_id=user_id, guild_id=None, channel_id=0, request=request,
                                tier=TierDecision(tier, "test"), place=place)  # fmt: skip
    assert isinstance(opened, Opened)
    await services.sessions.save_brief(opened.session.id, BRIEF)
    return opened.session.id


async def render_for_kit(services: Services, user_id: int = 5) -> int:
    """A delivered render of the professional NovaFox logo, as a kit's source; returns its id."""
    return (await services.generation.render(await open_ready(services, user_id))).render.id


@pytest.fixture
async def rendered(tmp_path):
    services = await Services.create(Settings.model_validate({"data_dir": str(tmp_path / "data")}))
    yield services, await render_for_kit(services)
    await services.close()


def tesseract_reads(png: bytes, name: str) -> bool:
    """Tesseract (Debian's) on the piece at five scales (it reads letters of about 20-60 px; a 1920 px banner's
    name is taller), whole and its middle band, grey and binarised; then on overlapping half-size windows, as its
    page layout analysis takes a plate over big painted shapes for a picture. A generic tiling: it knows nothing of
    where the words are."""
    wanted = re.sub(r"[^a-z0-9]", "", name.lower())

    def reads(crop: Image.Image, modes: tuple[str, ...]) -> bool:
        out = io.BytesIO()
        crop.save(out, "PNG")
        for mode in modes:
            text = subprocess.run(["tesseract", "stdin", "stdout", "--psm", mode], input=out.getvalue(),
                                  capture_output=True).stdout.decode()  # fmt: skip
            if wanted in re.sub(r"[^a-z0-9]", "", text.lower()):
                return True
        return False

    full = Image.open(io.BytesIO(png)).convert("L")
    for width in (1600, 1200, 800, 600, 400):
        image = full.resize((width, round(full.height * width / full.width)), Image.Resampling.LANCZOS)
        band = image.crop((0, image.height // 4, image.width, image.height * 3 // 4))
        for crop in (image, band, band.point(lambda v: 255 if v > 128 else 0)):
            if reads(crop, ("11", "6", "3")):
                return True
    image = full.resize((800, round(full.height * 800 / full.width)), Image.Resampling.LANCZOS)
    w, h = image.width // 2, image.height // 2
    for fy in (0, 1, 2):
        for fx in (0, 1, 2):
            if reads(image.crop((fx * w // 2, fy * h // 2, fx * w // 2 + w, fy * h // 2 + h)), ("11", "7")):
                return True
    return False


async def test_the_kit_has_every_file_at_its_platform_size_and_limit(rendered):
    services, render_id = rendered
    made = await brand_kit(services, render_id, 5, limit=25_000_000)
    assert isinstance(made, KitMade) and made.name == "NovaFox"
    ((zip_name, data),) = made.kit.pack.parts
    assert Image.open(io.BytesIO(made.kit.sheet)).format == "PNG"  # the contact sheet posted or shown
    assert Image.open(io.BytesIO(made.kit.preview)).n_frames > 1  # and an animated preview
    assert zip_name == "NovaFox-brand-kit.zip"
    files = dict((i.filename, z.read(i)) for z in [zipfile.ZipFile(io.BytesIO(data))] for i in z.infolist())
    for piece in DEFAULT_PIECES:
        name = piece.path
        image = Image.open(io.BytesIO(files[name]))
        assert (image.format, image.size) == ("PNG", (piece.width, piece.height)), name
        assert len(files[name]) <= piece.max_bytes, name
    for motion in MOTIONS:
        for target in EMOTE_FILES:
            name = f"emotes/{motion}-{target.suffix}"
            image = Image.open(io.BytesIO(files[name]))
            assert image.size == (target.size, target.size) and image.format == target.format, name
            assert 1 < getattr(image, "n_frames", 1) <= target.max_frames, name  # animated, within the limit
            assert len(files[name]) <= target.max_bytes, (name, len(files[name]))
            assert broken_rules(files[name], target.max_bytes) == [], name  # Twitch's, flashes included
    for frame in WEBCAM_FRAMES:  # the webcam frames, a clear window of the camera's shape (test_stream_screens)
        image = Image.open(io.BytesIO(files[frame.path]))
        assert image.mode == "RGBA" and image.size == frame_size(frame.window), frame.file
    for alert in ALERT_FILES:  # the follow / sub / raid alerts, within their limits and the flash rule
        assert Image.open(io.BytesIO(files[alert.path])).n_frames > 1, alert.path
        assert broken_rules(files[alert.path], alert.max_bytes, 60) == [], alert.path
    for badge in SUB_BADGES:  # the subscriber badges per loyalty tier, within Twitch's 25 KB
        image = Image.open(io.BytesIO(files[f"badges/{badge.file}"]))
        assert image.size == (badge.size, badge.size) and len(files[f"badges/{badge.file}"]) <= 25_000, badge.file
    readme = files["README.txt"].decode()
    assert "youtube-banner-2560x1440.png" in readme and "limit" in readme and "12 months, 18 px" in readme
    assert "twitch-bits-badge-10000-18.png" in readme and "twitch-channel-points-112.png" in readme
    assert "alerts/raid.webp" in readme and "Incoming raid!" in readme
    assert "overlays/webcam-frame-16x9.png" in readme and "Stream scene “Be right back”" in readme
    assert "checked against Twitch's rules" in readme and "(none did)" in readme


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract-ocr is not installed")
async def test_tesseract_reads_the_channel_name_on_each_banner(rendered):
    services, render_id = rendered
    made = await brand_kit(services, render_id, 5, limit=25_000_000, titles=("Hello",))
    z = zipfile.ZipFile(io.BytesIO(made.kit.pack.parts[0][1]))
    for piece in DEFAULT_PIECES:
        if piece.title:
            continue
        assert tesseract_reads(z.read(piece.path), "NovaFox"), piece.file
    assert tesseract_reads(z.read("panels/twitch-panel-about-320x160.png"), "Hello")  # the user's own title


async def test_an_emote_alone_and_someone_elses_render(rendered):
    services, render_id = rendered
    name, data = await emote_file(services, render_id, 5, "bounce", "discord-128.gif", "light")
    image = Image.open(io.BytesIO(data))
    assert name == "bounce-discord-128.gif" and image.n_frames > 1 and len(data) <= 256_000
    assert isinstance(await brand_kit(services, render_id, 6, limit=25_000_000), NotYours)
    assert isinstance(await emote_file(services, render_id, 6, "spin", "twitch-28.gif"), NotYours)


async def test_the_offline_kit_is_free(rendered):
    services, render_id = rendered
    assert await kit_cost(services, render_id, 5) == 0 and isinstance(await kit_cost(services, render_id, 6), NotYours)
    made = await brand_kit(services, render_id, 5, limit=25_000_000, matte="light")
    assert isinstance(made, KitMade) and not made.charged and (await services.quota.status(5, "free")).used == 1


async def test_a_name_with_bidi_controls_is_written_plain(rendered):
    """A right-to-left override would make the README (and the banners, the message) read the name backwards or
    hide what follows it: every control character is dropped wherever the name is written."""
    services, render_id = rendered
    tricky = "\u202eNova\u2066Fox\u2069\u200b\x07"
    made = await brand_kit(services, render_id, 5, limit=25_000_000, name=tricky, titles=("\u202eSchedule",))
    assert isinstance(made, KitMade) and made.name == "NovaFox"
    ((_, data),) = made.kit.pack.parts
    readme = zipfile.ZipFile(io.BytesIO(data)).read("README.txt").decode()
    assert "Brand kit for NovaFox," in readme
    assert not [c for c in readme if unicodedata.category(c) in ("Cc", "Cf") and c != "\n"], readme
    assert Brief(text="\u202eNovaFox\u2069").text == "NovaFox"  # and the brief keeps none either
