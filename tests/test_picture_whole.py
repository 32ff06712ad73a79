"""The picture whole (issue 39, item 4): what a user sees in the offline engine's drawings and files."""

import io

import numpy as np
import pytest
from PIL import Image

from bench.picture_whole import roundness
from bot.cli import main as cli_main
from bot.design import design_png, spec_for
from bot.imaging import SCENE, OutputOptions
from bot.model import Brief
from bot.render.design_files import export_file
from tests import test_web_api
from tests.test_web_api import API, CSRF, login, sse

studio = test_web_api.studio  # the fixture: a studio with Log in with Discord

NOVAFOX = Brief(subject="a fox astronaut", style="gaming", text="NovaFox", color_scheme="orange and navy",
                shape="shield", background="deep space with stars and a planet")  # fmt: skip


def rgb(data: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(data)).convert("RGB"), dtype=np.float32)


@pytest.mark.parametrize("size", [256, 512, 1024])
def test_the_designed_background_fills_the_whole_square(size):
    """The offline design (cut out, with its spec) exported with "the designed background": every corner shows the
    scene as the 1024 px render does, and no pixel is the black a missing scene leaves."""
    source = design_png(spec_for("streamer_logo", "gaming", NOVAFOX, []), scene=False)
    shown = rgb(export_file(source, None, OutputOptions(size, "png", SCENE), offline=True))
    assert shown.shape == (size, size, 3)
    assert not np.any(shown.max(axis=2) <= 2), "pure black: the fill outside the scene"
    whole = rgb(export_file(source, None, OutputOptions(1024, "png", SCENE), offline=True))
    reference = np.asarray(Image.fromarray(whole.astype(np.uint8)).resize((size, size), Image.Resampling.BOX),
                           dtype=np.float32)  # fmt: skip
    q = size // 4
    for corner in ((slice(0, q), slice(0, q)), (slice(0, q), slice(-q, None)), (slice(-q, None), slice(0, q)),
                   (slice(-q, None), slice(-q, None))):  # fmt: skip
        assert np.abs(shown[corner] - reference[corner]).mean() < 6, (size, corner)


def test_the_cli_scene_mode_keeps_a_photo_as_it_is(tmp_path):
    """A photo on a vivid green lawn (its border near the green key colour) stays the photo: no cut, no dark fill."""
    rng = np.random.default_rng(39)
    lawn = np.zeros((480, 720, 3), np.float32)
    lawn[...] = (30, 190, 50)
    lawn += rng.normal(0, 14, lawn.shape)  # grass texture and sensor noise
    yy, xx = np.mgrid[0:480, 0:720]
    lawn[((xx - 360) / 150) ** 2 + ((yy - 250) / 190) ** 2 < 1] = (200, 150, 120)  # someone on it
    photo = Image.fromarray(np.clip(lawn, 0, 255).astype(np.uint8))
    photo.save(tmp_path / "photo.jpg", "JPEG", quality=88)
    # The CLI's own entry, in this process (tests/test_cli_image.py starts it as a process: argv, exit status).
    assert cli_main(["image", str(tmp_path / "photo.jpg"), "-o", str(tmp_path / "kept.png"), "--background",
                     "scene"]) == 0  # fmt: skip
    kept = rgb((tmp_path / "kept.png").read_bytes())
    side = 480
    expected = Image.open(tmp_path / "photo.jpg").convert("RGB").crop((120, 0, 120 + side, side))
    expected = np.asarray(expected.resize((512, 512), Image.Resampling.LANCZOS), dtype=np.float32)
    assert np.abs(kept - expected).mean() < 2  # the photo, centre-cropped to a square and resized
    dark = (kept.max(axis=2) < 60).mean()
    assert dark < 0.001, f"{dark:.1%} of the picture is a dark fill"


async def test_the_legibility_note_comes_once_per_session(studio, fake_discord):
    """Two renders of a name that is thin at 28 px: the note is on the first card only, live and after a reload."""
    browser = await login(studio, fake_discord, fake_discord.add_user("mochi"))
    try:
        body = {"type": "streamer_logo", "style": "gaming", "description": "a wolf head for my channel NovaFox"}
        async with browser.post(f"{API}/start", json=body, headers=CSRF) as started:
            session_id = (await sse(started))[0][1]["id"]
        async with browser.post(f"{API}/sessions/{session_id}/messages", json={"content": "teal and black, circle"},
                                headers=CSRF) as turn:  # fmt: skip
            assert dict(await sse(turn))["brief"]["ready"] is True
        notes = []
        for click in ({"size": 512}, {"vary": True}):
            async with browser.post(f"{API}/sessions/{session_id}/generate", json=click, headers=CSRF) as made:
                notes.append(dict(await sse(made))["render"]["notes"])
        thin = [[n for n in card if "28 px" in n] for card in notes]
        assert len(thin[0]) == 1 and thin[1] == [], notes
        async with browser.get(f"{API}/sessions/{session_id}") as state:
            cards = (await state.json())["renders"]
        assert [sum("28 px" in n for n in card["notes"]) for card in cards] == [1, 0]
    finally:
        await browser.close()


def hls(data: bytes) -> np.ndarray:
    """Hue (degrees), lightness and saturation of every opaque pixel, as rows."""
    image = Image.open(io.BytesIO(data)).convert("RGBA").resize((128, 128), Image.Resampling.BOX)
    rgba = np.asarray(image, dtype=np.float32) / 255
    return hls_of(rgba[rgba[..., 3] > 0.9][:, :3])


def hls_of(rgb_rows: np.ndarray) -> np.ndarray:
    import colorsys

    return np.array([(h * 360, li, s) for h, li, s in (colorsys.rgb_to_hls(*p) for p in rgb_rows)])


def test_named_colours_lead_and_a_preset_hue_never_joins_them():
    """ "red and black" in the gaming preset: no purple, cyan or blue (the preset's hues) anywhere in the picture."""
    brief = Brief(subject="a samurai helmet", text="KageBlade", color_scheme="red and black", mood="esports")
    pixels = hls(design_png(spec_for("streamer_logo", "gaming", brief, []), scene=True, size=512))
    coloured = pixels[(pixels[:, 2] > 0.25) & (pixels[:, 1] > 0.15)]  # not the near-black outline
    foreign = ((coloured[:, 0] > 170) & (coloured[:, 0] < 330)).mean()
    assert foreign < 0.005, f"{foreign:.1%} of the coloured pixels are a preset's purple, blue or cyan"
    reds = ((coloured[:, 0] < 20) | (coloured[:, 0] > 340)).mean()
    assert reds > 0.9, reds


async def test_a_described_scene_preselects_the_designed_background_and_the_user_can_change_it(studio, fake_discord):
    browser = await login(studio, fake_discord, fake_discord.add_user("mira"))

    async def turn(words: str) -> dict:
        async with browser.post(f"{API}/sessions/{session_id}/messages", json={"content": words},
                                headers=CSRF) as answered:  # fmt: skip
            return dict(await sse(answered))["brief"]

    async def chosen() -> str:
        async with browser.get(f"{API}/sessions/{session_id}") as state:
            return (await state.json())["options"]["background"]

    try:
        body = {"type": "streamer_logo", "style": "minimal", "description": "a wolf head for my channel NovaFox"}
        async with browser.post(f"{API}/start", json=body, headers=CSRF) as started:
            events = await sse(started)
        session_id = events[0][1]["id"]
        assert dict(events)["brief"]["background_option"] == "transparent"  # no scene said yet: the default
        assert (await turn("teal and black, circle"))["background_option"] == "transparent"
        assert (await turn("background: a cozy bedroom at night"))["background_option"] == "scene"
        assert await chosen() == "scene"
        async with browser.post(f"{API}/sessions/{session_id}/generate", headers=CSRF,
                                json={"background": "transparent"}) as made:  # fmt: skip
            assert dict(await sse(made))["render"]["render"]["background"] == "transparent"  # the user's pick is drawn
        assert await chosen() == "transparent"
    finally:
        await browser.close()


def test_only_a_place_or_scene_counts_as_described():
    from bot.model import OutputOptions, describes_scene, preselected

    assert all(map(describes_scene, ("deep space with stars", "a cozy bedroom", "sunset beach", "a purple gradient")))
    assert not any(map(describes_scene, ("transparent", "plain white", "pastel pink", "no background", None)))
    chosen = OutputOptions(1024, "webp", "#000000")  # a solid colour the user picked stays
    assert preselected(chosen, None, "a cozy bedroom") == chosen
    assert preselected(OutputOptions(), None, "a cozy bedroom").background == "scene"
    assert preselected(OutputOptions(background="scene"), "a cozy bedroom", "transparent").background == "transparent"


STYLES = ("gaming", "minimal", "vibrant", "anime", "retro", "professional")


def fox(mood: str | None, shape: str | None = None) -> Brief:
    return Brief(subject="a fox", text="NovaFox", color_scheme="orange and navy", mood=mood, shape=shape)


@pytest.mark.parametrize("style", STYLES)
def test_a_cozy_or_cute_mood_draws_pastel_tints(style):
    plain = hls(design_png(spec_for("streamer_logo", style, fox(None), []), scene=True, size=256))
    for mood in ("cozy", "cute"):
        soft = hls(design_png(spec_for("streamer_logo", style, fox(mood), []), scene=True, size=256))
        assert soft[:, 2].mean() < plain[:, 2].mean() - 0.05, (mood, "saturation")  # softer colours
        assert soft[:, 1].mean() > 0.6, (mood, "lightness")  # light tints, not a dark scene


@pytest.mark.parametrize("style", STYLES)
def test_cozy_draws_rounder_shapes_and_esports_sharper_ones(style):
    def measured(mood: str | None, shape: str | None = None) -> float:
        return roundness(design_png(spec_for("streamer_logo", style, fox(mood, shape), []), scene=False, size=512))

    # The same badge the user named: its corners rounded for cozy, never rounder for esports.
    hexagon = {mood: measured(mood, "hexagon") for mood in (None, "cozy", "esports")}
    assert hexagon["cozy"] > hexagon[None] + 0.02 and hexagon["esports"] <= hexagon[None] + 0.005, hexagon
    # No shape named: the mood picks it (a disc or a rounded tile, against a shield, hexagon or diamond).
    assert measured("cute") > 0.9 and measured("aggressive") < 0.86, (measured("cute"), measured("aggressive"))


@pytest.mark.parametrize("style", ["retro", "anime", "minimal"])
def test_what_the_subject_wears_is_drawn_on_it_not_in_a_roundel(style):
    """ "my cat Luna wearing a tiny crown": one mark, the cat, with the crown over the top of it; nothing in the
    corner where the roundel was."""
    from dataclasses import replace

    brief = Brief(subject="my cat Luna wearing a tiny crown", text="Luna", color_scheme="purple and gold")
    spec = spec_for("streamer_logo", style, brief, [])
    assert spec.marks[0] == "cat" and spec.accessory == "crown"
    bare = replace(spec, accessory=None, marks=("cat",))  # the cat alone
    crowned, bare = (rgb(design_png(s, scene=False, size=512)) for s in (spec, bare))
    ys, xs = np.nonzero(np.abs(crowned - bare).max(axis=2) > 40)
    assert ys.size > 400, "no crown drawn"
    # The subject mark is drawn 470 px wide centred at (512, 420) of 1024: here (256, 210), 235 px.
    assert 256 - 118 <= xs.min() and xs.max() <= 256 + 118, (xs.min(), xs.max())  # over the cat, not beside it
    assert ys.max() < 210, "the crown sits on the top half of the mark"
    corner = (slice(125 - 59, 125 + 59), slice(380, 390 + 59))  # where the emblem's roundel was drawn
    assert np.abs(crowned[corner] - bare[corner]).max() < 1


def test_a_pink_bunny_is_drawn_pink():
    """The colour the subject phrase gives the thing is the mark's (the named pastel pink), the other named colour
    the badge it stands on; what it wears does not take it ("a bunny with pink headphones" keeps the usual roles)."""
    brief = Brief(subject="a pink bunny with headphones", text="MochiMoo", color_scheme="pastel pink, mint",
                  mood="cozy")  # fmt: skip
    spec = spec_for("streamer_logo", "anime", brief, [])
    assert spec.subject_color == spec.palette[0]  # the named pastel pink, not a new pink
    # The bunny's face: the mark is drawn 470 px wide centred at (512, 420) of 1024, its face below the ears.
    image = Image.open(io.BytesIO(design_png(spec, scene=False, size=512))).convert("RGB").crop((196, 150, 316, 270))
    pixels = hls_of(np.asarray(image, dtype=np.float32).reshape(-1, 3) / 255)
    pink = ((pixels[:, 0] > 300) | (pixels[:, 0] < 15)) & (pixels[:, 2] > 0.2) & (pixels[:, 1] > 0.45)
    assert pink.mean() > 0.4, f"{pink.mean():.0%} of the bunny's face is pink"
    worn = spec_for("streamer_logo", "anime", brief.model_copy(update={"subject": "a bunny with pink headphones"}), [])
    assert worn.subject_color is None


async def test_discord_shows_the_designed_background_chosen_once_a_scene_is_described(tmp_path, fake_discord):
    from bot import app
    from tests.harness import messages_with_components, settings_for, start_bot

    alice = fake_discord.add_user("alice")
    # This test is about the options shown, not Discord's edit rate: the thread's sixth message would wait out the
    # 5-per-5-s bucket (5 s of nothing; tests/test_e2e_flow.py checks the bot keeps to it).
    fake_discord.bucket_size = 100
    bot = await start_bot(settings_for(tmp_path, fake_discord), fake_discord)
    try:
        sentence = "a fox head for my channel NovaFox, teal and black, circle badge"
        await fake_discord.slash(alice, "profile", "create", {"type": "streamer_logo", "style": "minimal",
                                                              "description": sentence})  # fmt: skip
        await fake_discord.wait_for(lambda: fake_discord.threads(), what="thread")
        thread_id = int(fake_discord.threads()[0]["id"])
        first = await fake_discord.wait_for(lambda: messages_with_components(fake_discord, thread_id), what="ready")
        assert "transparent background" in first[-1]["content"]
        await fake_discord.say(alice, thread_id, "background: a cozy bedroom at night")

        def scene_offered() -> list[dict]:
            shown = messages_with_components(fake_discord, thread_id)
            return [m for m in shown if "designed background" in m["content"]]

        offered = await fake_discord.wait_for(scene_offered, what="the designed background chosen")
        picked = [o for row in offered[-1]["components"] for c in row["components"] for o in c.get("options", [])
                  if o.get("default")]  # fmt: skip
        assert any(o["value"] == "scene" for o in picked), picked  # the select shows it chosen; the user can change it
    finally:
        await app.stop(bot)


@pytest.mark.parametrize(
    ("scheme", "expected"),
    [
        ("pastel pink, navy", {"pastel pink": (235, 159, 185), "navy": (26, 35, 126)}),
        ("teal, sand", {"teal": (0, 137, 123), "sand": (216, 192, 140)}),
        ("sand", {"sand": (216, 192, 140)}),  # a thing-word, alone in the colour field, is still the colour
        ("mint, dark teal", {"mint": (105, 240, 174), "dark teal": (0, 89, 80)}),
    ],
)
def test_colours_with_modifiers_are_sensible_and_drawn(scheme, expected):
    from bench.offline_designs import color_present

    spec = spec_for("streamer_logo", "minimal", Brief(subject="a fox", text="Nova", color_scheme=scheme), [])
    drawn = Image.open(io.BytesIO(design_png(spec, scene=False, size=512)))
    for (word, want), got in zip(expected.items(), spec.palette, strict=False):
        assert np.abs(np.array(want) - np.array([int(got[i : i + 2], 16) for i in (1, 3, 5)])).max() < 30, word
        assert color_present(drawn, got), f"{word} ({got}) is not in the picture"
