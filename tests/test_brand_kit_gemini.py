"""The brand kit with Gemini (the fake Gemini, spoken to by the real google-genai client): one image call per aspect
family at the ratio the model takes, no lettering asked of it, the channel name typeset by us and read back by
Tesseract; one creation credit, given back when the model fails; a kept kit costs nothing the second time."""

import io
import json
import random
import zipfile

import aiohttp
from PIL import Image

from bot.config import Settings
from bot.design import design_png, spec_for
from bot.model import flaws_of
from bot.model.brand_kit import DEFAULT_PIECES
from bot.render.brand_kit import cutout_png, pieces_for
from bot.services import Services
from bot.usecases import KitFailed, KitMade, KitNeedsCredit, brand_kit, kit_cost, kit_failed, kit_flaws
from tests.fakes.fake_gemini import NANO_BANANA, Fault, aspect_of, verdict
from tests.harness import GEMINI_KEY
from tests.test_brand_kit import BRIEF, render_for_kit, tesseract_reads
from web import start_studio

IMAGE_MODEL = NANO_BANANA  # the image model the fake catalog recommends


async def kit_services(tmp_path, base_url: str, credits: int = 3, budget: float = 0) -> tuple[Services, int]:
    settings = Settings.model_validate({
        "data_dir": str(tmp_path / "data"), "gemini_api_key": GEMINI_KEY,
        "gemini": {"base_url": base_url, "retry_attempts": 1, "timeout_seconds": 10, "daily_budget_usd": budget},
        "quota": {"limits": {"free": credits, "pro": 5, "studio": 10}},
    })  # fmt: skip
    services = await Services.create(settings)
    return services, await render_for_kit(services)


async def used(services: Services) -> int:
    return (await services.quota.status(5, "free")).used


def zip_files(made: KitMade) -> dict[str, bytes]:
    ((_, data),) = made.kit.pack.parts
    archive = zipfile.ZipFile(io.BytesIO(data))
    return {i.filename: archive.read(i) for i in archive.infolist()}


def kit_art_calls(fake_gemini) -> list:
    return [r for r in fake_gemini.of_kind("image") if aspect_of(r) != "1:1"]


async def test_the_model_paints_one_wide_art_per_family_for_one_credit(tmp_path, fake_gemini):
    services, render_id = await kit_services(tmp_path, fake_gemini.base_url)
    try:
        assert await kit_cost(services, render_id, 5) == 1 and await used(services) == 1
        made = await brand_kit(services, render_id, 5, limit=25_000_000)
        assert isinstance(made, KitMade) and made.charged and await used(services) == 2
        calls = kit_art_calls(fake_gemini)
        assert sorted(aspect_of(r) for r in calls) == ["16:9", "21:9"]  # one call per aspect family
        for call in calls:
            prompt = " ".join(call.user_texts)
            assert "No text, letters" in prompt and "NovaFox" not in prompt  # the words are ours, not the model's
            parts = call.body["contents"][0]["parts"]
            assert any("inlineData" in p for p in parts)  # the render's cut-out as the style reference
        checks = fake_gemini.of_kind("check")
        assert len(checks) >= len(DEFAULT_PIECES)  # every wide piece was looked at
        files = zip_files(made)
        for piece in DEFAULT_PIECES:
            name = piece.path
            image = Image.open(io.BytesIO(files[name]))
            assert (image.format, image.size) == ("PNG", (piece.width, piece.height))
            assert len(files[name]) <= piece.max_bytes
        for piece in DEFAULT_PIECES:
            if not piece.title:  # the channel name, typeset over the model's art, reads back
                assert tesseract_reads(files[piece.path], "NovaFox"), piece.file
        # Kept: the same render's kit again (the light matte) calls no model and costs nothing.
        assert await kit_cost(services, render_id, 5) == 0
        again = await brand_kit(services, render_id, 5, limit=25_000_000, matte="light")
        assert isinstance(again, KitMade) and not again.charged and await used(services) == 2
        assert len(kit_art_calls(fake_gemini)) == 2
        spent = await services.db.fetchone("SELECT SUM(images) AS n FROM model_usage")
        assert spent["n"] >= 3  # the render and the two kit images are in the operator's spend
    finally:
        await services.close()


async def test_a_ratio_the_model_refuses_is_learned_from_its_400(tmp_path, fake_gemini):
    fake_gemini.aspect_ratios[IMAGE_MODEL] = ("1:1", "3:4", "4:3", "9:16", "16:9")
    services, render_id = await kit_services(tmp_path, fake_gemini.base_url)
    try:
        made = await brand_kit(services, render_id, 5, limit=25_000_000)
        assert isinstance(made, KitMade)
        refused = [r for r in fake_gemini.refused if r.kind == "image"]
        assert [aspect_of(r) for r in refused] == ["21:9"]  # asked once, then the closest ratio it takes
        assert sorted(aspect_of(r) for r in kit_art_calls(fake_gemini)) == ["16:9", "16:9"]
        header = zip_files(made)["banners/x-header-1500x500.png"]
        assert Image.open(io.BytesIO(header)).size == (1500, 500)  # cropped from 16:9 to its exact size
    finally:
        await services.close()


async def test_stray_lettering_gets_that_family_painted_again(tmp_path, fake_gemini):
    services, render_id = await kit_services(tmp_path, fake_gemini.base_url)
    seen: list[str] = []

    reads_as_asked = fake_gemini.check_reply

    def reader(recorded):
        prompt = " ".join(recorded.user_texts)
        if "wide banner" in prompt and "“NovaFox”" in prompt:
            seen.append(prompt)
            if len(seen) == 1:  # the first banner looked at shows lettering nobody asked for
                return verdict("NovaFox STREAM ON")
        return reads_as_asked(recorded)

    fake_gemini.check_reply = reader
    try:
        made = await brand_kit(services, render_id, 5, limit=25_000_000)
        assert isinstance(made, KitMade) and [(f.kind, f.repainted) for f in made.flaws] == [("stray_lettering", True)]
        assert "stray lettering" in kit_flaws(made.flaws) and "painted again" in kit_flaws(made.flaws)
        assert len(kit_art_calls(fake_gemini)) == 3  # two families and one repaint
        row = await services.db.fetchone("SELECT image_calls, notes FROM brand_kits")
        assert row["image_calls"] == 3 and flaws_of(row["notes"]) == made.flaws  # kept as facts
        assert len(json.loads((await services.db.fetchone("SELECT art FROM brand_kits"))["art"])) == 2
        # A kit kept before the flaws were facts holds their sentences joined: got again, it still says them.
        said = "Self-check found another style on twitch/offline-banner.png; that art was painted again."
        await services.db.execute("UPDATE brand_kits SET notes = ?", (said,))
        again = await brand_kit(services, render_id, 5, limit=25_000_000)
        assert isinstance(again, KitMade) and not again.charged and kit_flaws(again.flaws) == said
    finally:
        await services.close()


async def test_a_model_failure_gives_the_credit_back(tmp_path, fake_gemini):
    services, render_id = await kit_services(tmp_path, fake_gemini.base_url)
    try:
        fake_gemini.fail("image", Fault(status=503), Fault(status=503))  # both families' calls
        failed = await brand_kit(services, render_id, 5, limit=25_000_000)
        assert isinstance(failed, KitFailed) and "Brand kit again" in kit_failed(failed.trouble)
        assert await used(services) == 1 and await services.db.fetchone("SELECT 1 FROM brand_kits") is None
    finally:
        await services.close()


async def test_no_credit_left_calls_no_model(tmp_path, fake_gemini):
    services, render_id = await kit_services(tmp_path, fake_gemini.base_url, credits=1)
    try:
        before = len(kit_art_calls(fake_gemini))
        refused = await brand_kit(services, render_id, 5, limit=25_000_000)
        assert isinstance(refused, KitNeedsCredit) and refused.status.remaining == 0
        assert len(kit_art_calls(fake_gemini)) == before  # nothing was painted
    finally:
        await services.close()


async def test_the_operators_daily_budget_stops_the_kit_and_keeps_the_credit(tmp_path, fake_gemini):
    services, render_id = await kit_services(tmp_path, fake_gemini.base_url, budget=0.001)  # the render spent it
    try:
        before = len(kit_art_calls(fake_gemini))
        stopped = await brand_kit(services, render_id, 5, limit=25_000_000)
        assert isinstance(stopped, KitFailed) and "spending limit" in kit_failed(stopped.trouble)
        assert await used(services) == 1 and len(kit_art_calls(fake_gemini)) == before
    finally:
        await services.close()


async def test_the_studio_states_the_kits_cost_then_charges_once(tmp_path, fake_gemini):
    services, render_id = await kit_services(tmp_path, fake_gemini.base_url, credits=3)
    runner, url = await start_studio(services, "127.0.0.1", 0)
    csrf = {"X-Profile-Creator": "1"}
    kit = f"/api/v1/profile-creator/renders/{render_id}/brand-kit"
    try:
        async with aiohttp.ClientSession(url.rstrip("/")) as browser:  # local mode: the studio's one user
            await services.db.execute("UPDATE renders SET user_id = ?", (services.settings.web.local_user_id,))
            await services.db.execute("UPDATE monthly_usage SET user_id = ?", (services.settings.web.local_user_id,))
            async with browser.get("/api/v1/profile-creator/access") as access:
                assert (await access.json())["brand_kit_credits"] == 1
            async with browser.get(kit) as cost:
                assert (await cost.json()) == {"credits": 1}
            async with browser.post(kit, json={"matte": "light"}, headers=csrf) as made:
                assert made.status == 200 and made.headers["X-Kit-Charged"] == "1"
            async with browser.get(kit) as cost:
                assert (await cost.json()) == {"credits": 0}  # kept: free from now on
            async with browser.post(kit, json={}, headers=csrf) as again:
                assert again.status == 200 and again.headers["X-Kit-Charged"] == "0"
            # Another session takes the last credit; its render's kit finds none left: 402, before any model call.
            other = await render_for_kit(services, services.settings.web.local_user_id)
            async with browser.post(f"/api/v1/profile-creator/renders/{other}/brand-kit", json={},
                                    headers=csrf) as refused:  # fmt: skip
                assert refused.status == 402 and "none left this month" in (await refused.json())["error"]
    finally:
        await runner.cleanup()
        await services.close()


def test_detailed_art_still_fits_each_platforms_byte_limit():
    """A model's painting full of fine detail (noise that PNG cannot compress) at 16:9: the 2560 px YouTube banner
    would be over its 6 MB as resvg encodes it; it is made to fit, at its exact size."""
    noise = Image.frombytes("RGB", (1344, 768), random.Random(7).randbytes(1344 * 768 * 3))
    out = io.BytesIO()
    noise.save(out, "PNG")
    youtube = next(p for p in DEFAULT_PIECES if p.file.startswith("youtube"))
    source = design_png(spec_for("streamer_logo", "professional", BRIEF, []), scene=True)
    cut = cutout_png(source)
    ((name, data),) = pieces_for(source, cut, None, ((youtube, "NovaFox"),), {"16:9": out.getvalue()})
    image = Image.open(io.BytesIO(data))
    assert name == f"banners/{youtube.file}" and image.size == (2560, 1440) and len(data) <= youtube.max_bytes
    plate = image.convert("RGB").crop((1000, 640, 2100, 800))  # the name's plate, drawn by us, kept crisp
    assert max(plate.getcolors(1 << 16), key=lambda c: c[0])[0] > plate.width * plate.height // 3
