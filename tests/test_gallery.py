import asyncio

from bot.gallery.store import NewCreation


def new(user_id: int, n: int) -> NewCreation:
    return NewCreation(user_id, None, "streamer_logo", "minimal", 256, "png", "transparent", f"prompt {n}", False)


async def test_gallery_is_content_addressed_and_paged_newest_first(gallery, tmp_path):
    created = [await gallery.add(new(7, n), f"image-{n}".encode()) for n in range(7)]
    await gallery.add(new(8, 99), b"someone else's")
    first = await gallery.list_page(7, page=1, per_page=3)
    assert (first.total, first.pages) == (7, 3)
    assert [c.prompt for c in first.items] == ["prompt 6", "prompt 5", "prompt 4"]
    last = await gallery.list_page(7, page=9, per_page=3)  # clamped to the last page
    assert last.page == 3 and [c.prompt for c in last.items] == ["prompt 0"]
    assert await gallery.read(created[2]) == b"image-2"
    stored = tmp_path / "images" / created[2].relative_path
    assert stored.name.startswith(created[2].sha256) and stored.read_bytes() == b"image-2"
    # Identical bytes share one file.
    twin = await gallery.add(new(7, 100), b"image-2")
    assert twin.relative_path == created[2].relative_path and twin.id != created[2].id


async def test_empty_gallery_has_one_empty_page(gallery):
    page = await gallery.list_page(123)
    assert (page.items, page.page, page.pages, page.total) == ([], 1, 1, 0)


async def test_identical_images_stored_at_the_same_moment_both_succeed(gallery):
    stored = await asyncio.gather(*(gallery.store_file(b"same bytes" * 1000, "png") for _ in range(20)))
    assert len(set(stored)) == 1  # one file under its hash, no write lost to a shared temporary name
