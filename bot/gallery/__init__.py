"""The gallery: every delivered image, content-addressed files plus one row each."""

from bot.gallery.kits import KeptKit, KitStore
from bot.gallery.store import Creation, GalleryStore, NewCreation

__all__ = [
    "Creation",
    "GalleryStore",
    "KeptKit",
    "KitStore",
    "NewCreation",
]
