"""A page of the caller's gallery with its images (the bot draws them into one contact sheet). Turning a page
re-reads and re-draws every image on it, so a page turned by a button spends the caller's rate for heavy work."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.gallery import ArchivedKit, Creation
from bot.services import Services
from bot.usecases.outcomes import NotYours
from bot.usecases.render_files import SlowDown


@dataclass(frozen=True)
class GalleryShown:
    """One page, newest first (``page`` clamped to what exists); ``images`` in the order of ``items``."""

    items: tuple[Creation, ...]
    page: int
    pages: int
    total: int
    kits: frozenset[int]  # renders on the page whose brand kit is free to get again (its art or a kit is kept)
    images: tuple[bytes, ...]
    kept: dict[int, tuple[ArchivedKit, ...]] = field(default_factory=dict)  # render -> its kept kits, newest first


async def gallery_page(services: Services, user_id: int, page: int, per_page: int) -> GalleryShown:
    listing = await services.gallery.list_page(user_id, page, per_page)
    kits = await services.kits.kept_for(user_id) if listing.items else set()
    renders = sorted({c.render_id for c in listing.items if c.render_id is not None})
    kept: dict[int, tuple[ArchivedKit, ...]] = {}
    for kit in await services.kit_archive.for_user(user_id, renders):
        kept[kit.render_id] = (*kept.get(kit.render_id, ()), kit)
    images = tuple([await services.gallery.read(creation) for creation in listing.items])
    on_page = frozenset(c.render_id for c in listing.items if c.render_id in kits or c.render_id in kept)
    return GalleryShown(tuple(listing.items), listing.page, listing.pages, listing.total, on_page, images, kept)


async def turn_gallery_page(
    services: Services, caller_id: int, owner_id: int, page: int, per_page: int
) -> GalleryShown | NotYours | SlowDown:
    """A page control pressed: only the gallery's owner turns it, within the heavy-work rate."""
    if caller_id != owner_id:
        return NotYours()
    if not services.heavy.allow(caller_id):
        return SlowDown()
    return await gallery_page(services, owner_id, page, per_page)
