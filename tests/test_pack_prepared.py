"""Issue 45: the pack's cut-out, backdrop and trace are prepared after each delivery and kept in the worker; a pack
click made from them is byte for byte the pack made from nothing, and a brief edited since gets its own backdrop."""

from dataclasses import replace

from bot.model import DEFAULT_PACK, Brief, OutputOptions, Session
from bot.render import design_files
from tests.fakes.fake_gemini import key_colored_design

SOURCE = key_colored_design("an owl on a perfectly flat, uniform #00ff00 background", 1024)
SESSION = Session(
    id=1, user_id=7, guild_id=1, channel_id=2, thread_id=3, creation_type="streamer_logo", style="gaming",
    description="an owl", colors=[], brief=Brief(subject="an owl", color_scheme="teal", background="deep space"),
    options=OutputOptions(), status="active", credit_state="spent", credit_month="2026-12", created_at=0.0,
    last_activity_at=0.0, warned_at=None,
)  # fmt: skip


def cold(session: Session) -> list[tuple[str, bytes]]:
    design_files._PREPARED.clear()
    return design_files.pack_files_for(SOURCE, session, DEFAULT_PACK)


def test_a_prepared_pack_is_the_pack_made_from_nothing():
    expected = cold(SESSION)
    design_files._PREPARED.clear()
    design_files.prepare_pack(SOURCE, SESSION, DEFAULT_PACK)
    assert design_files.pack_files_for(SOURCE, SESSION, DEFAULT_PACK) == expected
    assert dict(expected)["logo.svg"].lstrip().startswith((b"<?xml", b"<svg"))


def test_a_brief_edited_after_the_render_gets_its_own_backdrop():
    design_files.prepare_pack(SOURCE, SESSION, DEFAULT_PACK)
    edited = replace(SESSION, brief=SESSION.brief.model_copy(update={"color_scheme": "orange", "background": "lava"}))
    files = dict(design_files.pack_files_for(SOURCE, edited, DEFAULT_PACK))
    assert files == dict(cold(edited))
    opaque = next(item.file for item in DEFAULT_PACK if not item.transparent)
    assert files[opaque] != dict(cold(SESSION))[opaque]  # the backdrop follows the brief as it is now


def test_the_worker_keeps_only_a_few_prepared_packs():
    design_files._PREPARED.clear()
    for colour in ("#00ff00", "#ff00ff", "#00ffff", "#0000ff", "#ffff00", "#00ff80"):
        source = key_colored_design(f"an owl on a perfectly flat, uniform {colour} background", 512)
        design_files.prepare_pack(source, SESSION, DEFAULT_PACK)
    assert len(design_files._PREPARED) == design_files.PREPARED_KEPT
