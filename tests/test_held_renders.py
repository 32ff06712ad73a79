"""Issue 15: a render the model already made is never lost to a full/read-only store or a database error."""

import pytest

from bot.model import Trouble, TroubleKind
from bot.render.generation import GenerationHeld, GenerationService
from bot.usecases import render_trouble
from tests.harness import credits_used, make_read_only, make_writable, ready_session


async def test_read_only_store_holds_the_render_and_saving_it_later_makes_no_model_call(
    db, sessions, gallery, renders, gemini, fake_gemini, open_session, tmp_path
):
    session = await ready_session(sessions, open_session)
    service = GenerationService(sessions, gallery, renders, gemini, 1, 4)
    store = tmp_path / "images"
    make_read_only(store)
    try:
        with pytest.raises(GenerationHeld) as refused:
            await service.render(session.id)
        assert refused.value.trouble == Trouble(TroubleKind.NOT_SAVED, where="storage")
        assert "storage refused to save it. Nothing was charged" in render_trouble(refused.value.trouble)
        held = await sessions.get(session.id)
        assert (held.status, held.credit_state, held.renders_used) == ("active", "reserved", 0)
        assert service.holds(session.id)
    finally:
        make_writable(store)
    result = await service.render(session.id)  # the Save & post button: same render path
    assert len(fake_gemini.of_kind("image")) == 1  # the held image was saved, not made again
    assert not service.holds(session.id)
    done = await sessions.get(session.id)
    assert (done.credit_state, done.renders_used, done.attempts_used) == ("spent", 1, 1)
    assert await gallery.read(result.creation) == result.data and await credits_used(db, 1) == 1


async def test_a_database_error_while_recording_holds_the_render(
    db, sessions, gallery, renders, gemini, fake_gemini, open_session
):
    session = await ready_session(sessions, open_session)
    service = GenerationService(sessions, gallery, renders, gemini, 1, 4)
    # A real database error inside complete()'s transaction (as a full disk would raise).
    if db.dialect == "sqlite":
        await db.execute(
            "CREATE TRIGGER refuse BEFORE INSERT ON renders BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END"
        )
    else:
        await db.execute(
            "CREATE FUNCTION refuse() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'could not extend file: disk full'; "
            "END $$ LANGUAGE plpgsql"
        )
        await db.execute("CREATE TRIGGER refuse BEFORE INSERT ON renders FOR EACH ROW EXECUTE FUNCTION refuse()")
    with pytest.raises(GenerationHeld) as refused:
        await service.render(session.id)
    assert refused.value.trouble == Trouble(TroubleKind.NOT_SAVED, where="database")
    assert await db.fetchone("SELECT id FROM creations") is None  # rolled back as a whole
    await db.execute("DROP TRIGGER refuse" + ("" if db.dialect == "sqlite" else " ON renders"))
    result = await service.render(session.id, "vary")
    assert len(fake_gemini.of_kind("image")) == 1 and result.render.kind == "generate"
    assert (await sessions.get(session.id)).credit_state == "spent"
