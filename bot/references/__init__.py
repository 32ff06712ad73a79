"""Reference images: checking untrusted files before decoding, cleaning them, and the per-session store."""

from bot.references.intake import CleanReference, ReferenceRefused, check_kind, check_size, clean_reference, sniff
from bot.references.store import ReferenceStore, Source, StoredReference
from bot.references.untrusted import TooManyImages, UntrustedImages

__all__ = [
    "CleanReference",
    "ReferenceRefused",
    "ReferenceStore",
    "Source",
    "StoredReference",
    "TooManyImages",
    "UntrustedImages",
    "check_kind",
    "check_size",
    "clean_reference",
    "sniff",
]
