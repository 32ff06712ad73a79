"""Issue 44: every brand kit made is kept with its render, listed by the gallery and given again as it was: no model
call, no credit, no redraw (the fake Gemini paints the first kit's art). A stranger hears what a missing id hears."""

import io
import zipfile

from bot.usecases import (
    GalleryShown,
    KitGiven,
    KitMade,
    KitsKept,
    NotYours,
    TooLarge,
    brand_kit,
    gallery_page,
    kept_kits,
    kit_again,
    render_kits,
)
from tests.test_brand_kit_gemini import kit_services, used

BIG = 200_000_000


def names(parts) -> set[str]:
    found: set[str] = set()
    for _, data in parts:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            found |= set(archive.namelist())
    return found


async def test_a_kit_is_kept_listed_and_given_again_without_the_model(tmp_path, fake_gemini):
    services, render_id = await kit_services(tmp_path, fake_gemini.base_url)
    try:
        made = await brand_kit(services, render_id, 5, limit=BIG, titles=("Schedule",))
        assert isinstance(made, KitMade) and made.charged and made.kept is not None
        assert await used(services) == 2
        calls = len(fake_gemini.requests)

        listed = await render_kits(services, render_id, 5)
        assert isinstance(listed, KitsKept) and [k.id for k in listed.kits] == [made.kept]
        kit = listed.kits[0]
        assert (kit.render_id, kit.name, kit.matte, kit.titles, kit.charged) == (render_id, "NovaFox", "dark",
                                                                                 ("Schedule",), True)  # fmt: skip
        assert kit.zip_bytes == len(made.kit.pack.parts[0][1]) and kit.files == made.kit.pack.files
        page = await gallery_page(services, 5, 1, 8)
        assert isinstance(page, GalleryShown) and render_id in page.kits
        assert [k.id for k in page.kept[render_id]] == [made.kept]

        given = await kit_again(services, made.kept, 5, limit=BIG)
        assert isinstance(given, KitGiven)
        assert given.parts == tuple(made.kit.pack.parts)  # the very bytes delivered: nothing drawn again
        assert given.sheet == made.kit.sheet and given.preview == made.kit.preview
        assert len(fake_gemini.requests) == calls and await used(services) == 2  # no model call, no credit

        # A Discord server whose upload limit is under the kit: the kept entries in two parts.
        limit = len(made.kit.pack.parts[0][1]) * 2 // 3
        split = await kit_again(services, made.kept, 5, limit=limit, previews=False)
        assert isinstance(split, KitGiven) and len(split.parts) == 2 and split.sheet is None
        assert all(len(data) <= limit for _, data in split.parts)
        assert names(split.parts) == names(made.kit.pack.parts)
        assert isinstance(await kit_again(services, made.kept, 5, limit=1000), TooLarge)
    finally:
        await services.close()


async def test_a_kit_made_in_two_parts_comes_back_as_one_file_for_the_studio(tmp_path, fake_gemini):
    services, render_id = await kit_services(tmp_path, fake_gemini.base_url)
    try:
        whole = await brand_kit(services, render_id, 5, limit=BIG)
        assert isinstance(whole, KitMade)
        limit = len(whole.kit.pack.parts[0][1]) * 2 // 3
        parted = await brand_kit(services, render_id, 5, limit=limit, matte="light")
        assert isinstance(parted, KitMade) and len(parted.kit.pack.parts) == 2 and not parted.charged
        given = await kit_again(services, parted.kept, 5, limit=BIG, one_file=True, previews=False)
        assert isinstance(given, KitGiven) and len(given.parts) == 1
        assert names(given.parts) == names(parted.kit.pack.parts)
        kept = await kept_kits(services, 5)
        assert [k.matte for k in kept.kits] == ["light", "dark"]  # newest first
    finally:
        await services.close()


async def test_a_stranger_hears_what_a_missing_kit_answers(tmp_path, fake_gemini):
    services, render_id = await kit_services(tmp_path, fake_gemini.base_url)
    try:
        made = await brand_kit(services, render_id, 5, limit=BIG)
        assert isinstance(made, KitMade) and made.kept is not None
        stranger, missing = await kit_again(services, made.kept, 6, limit=BIG), await kit_again(services, 999, 5,
                                                                                                limit=BIG)  # fmt: skip
        assert stranger == missing == NotYours()
        assert await render_kits(services, render_id, 6) == await render_kits(services, 999, 5) == NotYours()
        assert (await kept_kits(services, 6)).kits == () and (await kept_kits(services, 6, [render_id])).kits == ()
    finally:
        await services.close()
