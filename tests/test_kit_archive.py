"""Issue 44: kept brand kits on both databases: one per render and variant, the newest few per render, their files
found by exact name so the orphan sweep and forget-me delete a dropped kit's files and keep the others'."""

import io
import zipfile

from bot.accounts import PrivacyService
from bot.gallery import KitArchive, NewKit
from bot.gallery.kit_archive import PER_RENDER, repack
from bot.gallery.orphans import OrphanFiles
from bot.imaging.platform_pack import pack_from_files
from bot.references import ReferenceStore
from bot.storage import SessionRepository
from tests.test_stats import seed


def new_kit(render_id: int, matte: str = "dark", name: str | None = "Nova", user_id: int = 1) -> NewKit:
    files = [("banners/wide.png", f"{render_id}{matte}{name}".encode()), ("README.txt", b"read me")]
    pack = pack_from_files(files, "Nova-brand-kit", 10_000_000)
    return NewKit(render_id, user_id, name, matte, ("Schedule",), "gaming", pack, b"sheet-png", b"preview-gif",
                  False, None)  # fmt: skip


async def test_a_variant_made_again_replaces_and_a_render_keeps_its_newest(db, gallery, tmp_path):
    await seed(db)
    archive = KitArchive(db, gallery)
    first = await archive.keep(new_kit(1, "dark"))
    again = await archive.keep(new_kit(1, "dark"))
    assert first is not None and again is not None and again != first
    assert [k.id for k in await archive.for_user(1)] == [again]  # the same variant once
    for name in ("A", "B", "C"):
        await archive.keep(new_kit(1, "light", name))
    kept = await archive.for_user(1)
    assert len(kept) == PER_RENDER and [k.name for k in kept] == ["C", "B", "A"]  # the dark one was the oldest
    kit = kept[0]
    assert (kit.matte, kit.titles, kit.style, kit.files, kit.charged) == ("light", ("Schedule",), "gaming", 2, False)
    assert kit.parts[0][0] == "Nova-brand-kit.zip" and kit.sheet and kit.preview
    assert await archive.for_user(1, [2, 3]) == [] and await archive.for_user(2) == []


async def test_the_sweep_deletes_a_dropped_kits_files_and_forget_deletes_the_rest(db, gallery, tmp_path):
    await seed(db)
    images = tmp_path / "images"
    archive = KitArchive(db, gallery)
    await archive.keep(new_kit(1, "dark"))
    dropped = (await archive.for_user(1))[0]
    for name in ("A", "B", "C"):  # the dark kit is dropped; every kit shares the same sheet file
        await archive.keep(new_kit(1, "light", name))
    await archive.keep(new_kit(7, "dark", user_id=1))
    sweep = OrphanFiles(db, images, tmp_path / "references")
    assert await sweep.sweep(older_than_seconds=-60) == 1  # the dropped kit's ZIP; the shared sheet stays
    assert not (images / dropped.parts[0][1]).exists() and (images / dropped.sheet).exists()
    kept = await archive.for_user(1)
    assert all((images / path).exists() for k in kept for _, path in k.parts)
    report = await PrivacyService(db, SessionRepository(db), ReferenceStore(db, tmp_path / "refs"), images).forget(1)
    assert report.kept_kits == PER_RENDER + 1 and await archive.for_user(1) == []
    assert not [p for p in images.rglob("*") if p.is_file() and p.suffix in (".zip", ".gif")]


def test_a_kit_kept_in_two_parts_is_joined_with_its_entries_as_kept():
    files = [(f"banners/{i}.png", bytes([i]) * 40_000) for i in range(4)] + [("README.txt", b"read me")]
    two = pack_from_files(files, "Nova-brand-kit", 90_000).parts
    assert len(two) == 2
    (joined,) = repack(two, "Nova-brand-kit", 10_000_000).parts
    assert joined[0] == "Nova-brand-kit.zip"
    with zipfile.ZipFile(io.BytesIO(joined[1])) as archive:
        assert sorted(archive.namelist()) == sorted(n for n, _ in files)
        assert archive.read("banners/3.png") == files[3][1]
