"""The gallery: every delivered image, content-addressed files plus one row each."""

from bot.gallery.kit_archive import ArchivedKit, KitArchive, NewKit, repack_async
from bot.gallery.kits import KeptKit, KitStore
from bot.gallery.store import Creation, GalleryStore, NewCreation

__all__ = [
    "ArchivedKit",
    "Creation",
    "GalleryStore",
    "KeptKit",
    "KitArchive",
    "KitStore",
    "NewCreation",
    "NewKit",
    "repack_async",
]
