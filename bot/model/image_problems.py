"""Why a reference image cannot be used: the fact each front end words (bot/usecases/words.py)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ImageProblemKind(StrEnum):
    TOO_LARGE = "too_large"  # over the byte limit: ``megabytes``
    NOT_AN_IMAGE = "not_an_image"  # not a PNG, JPEG, WebP or GIF by its first bytes
    TOO_WIDE = "too_wide"  # a side over the limit: ``width``, ``height``
    TOO_MANY_PIXELS = "too_many_pixels"  # Pillow's own decompression-bomb check
    TOO_MANY_SCANS = "too_many_scans"  # a progressive JPEG built to be slow: ``scans``
    SLOW_JPEG = "slow_jpeg"  # its decode work is over the budget: ``width``, ``height``, ``scans``
    DAMAGED = "damaged"
    TOO_COSTLY = "too_costly"  # its decode was stopped over its CPU or time limit
    TOO_MANY = "too_many"  # the user's rate of images read is used up for now (the file may be fine)
    NOT_DOWNLOADED = "not_downloaded"  # the front end could not fetch the attachment
    AVATAR_NOT_FETCHED = "avatar_not_fetched"  # the front end could not fetch the user's avatar


@dataclass(frozen=True)
class ImageProblem:
    kind: ImageProblemKind
    megabytes: float | None = None
    width: int | None = None
    height: int | None = None
    scans: int | None = None
