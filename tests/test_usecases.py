"""The application layer's use cases without Discord or HTTP: each refusal is a fact, each credit rule holds."""

import asyncio
import io

import pytest
from PIL import Image

from bot.accounts import TierDecision
from bot.config import Settings
from bot.model import ImageProblemKind, OutputOptions, ResumeOutcome, Trouble, TroubleKind
from bot.references import ReferenceRefused
from bot.services import Services
from bot.sessions import parse_create_request
from bot.usecases import (
    MAX_USER_MESSAGE,
    AlreadyOnIt,
    AlreadyOpen,
    Busy,
    Closed,
    CoachFailed,
    Exported,
    ImageUnusable,
    NoCredits,
    NoSuchSession,
    NothingToSay,
    NotYours,
    Opened,
    OptionsChosen,
    Packed,
    PlaceFailed,
    Rendered,
    RenderRefused,
    Replied,
    Resumed,
    ResumeRefused,
    SessionEnded,
    SettledWhileOpening,
    SlowDown,
    StillRendering,
    TooLarge,
    TooLong,
    TurnsUsedUp,
    WordsAreEdits,
    add_reference,
    choose_options,
    close_session,
    coach_opening,
    coach_turn,
    export_render,
    open_session,
    platform_pack,
    render_click,
    render_now,
    resume_session,
    session_view,
    words_withheld,
)
from tests.migrated import migrated_copy

FREE = TierDecision("free", "default")
REQUEST = parse_create_request("streamer_logo", "gaming", "a fox astronaut", "orange, navy")


@pytest.fixture
async def services(tmp_path, migrated_sqlite):
    settings = Settings.model_validate({"data_dir": str(tmp_path / "data")})
    await migrated_copy(migrated_sqlite, settings.database_path)
    made = await Services.create(settings)
    yield made
    await made.close()


async def used(services: Services, user_id: int = 7) -> int:
    return (await services.quota.status(user_id, "free")).used


async def opened(services: Services, user_id: int = 7, **kwargs):
    async def place(session_id: int) -> int:
        return 9000 + session_id

    return await open_session(services, user_id=user_id, guild_id=None, channel_id=0, request=REQUEST, tier=FREE,
                              place=kwargs.pop("place", place), **kwargs)  # fmt: skip


async def test_opening_reserves_the_credit_and_attaches_the_place(services):
    outcome = await opened(services)
    assert isinstance(outcome, Opened)
    assert (outcome.session.status, outcome.session.thread_id) == ("active", 9000 + outcome.session.id)
    assert outcome.session.credit_state == "reserved" and await used(services) == 1


async def test_a_place_that_fails_gives_the_credit_back(services):
    async def broken(session_id: int) -> int:
        raise RuntimeError("Missing Permissions")

    outcome = await opened(services, place=broken)
    assert isinstance(outcome, PlaceFailed) and "Missing Permissions" in outcome.detail
    assert await used(services) == 0 and await services.sessions.active_for_user(7) is None

    async def cancelled(session_id: int) -> int:
        raise asyncio.CancelledError

    with pytest.raises(asyncio.CancelledError):  # a cancellation still propagates, with the credit back
        await opened(services, place=cancelled)
    assert await used(services) == 0


async def test_a_session_settled_while_its_place_opened_is_reported(services):
    async def slow(session_id: int) -> int:
        await services.sessions.end(session_id, "cancelled", expect=("opening",))  # the sweep got there first
        return 1

    assert isinstance(await opened(services, place=slow), SettledWhileOpening)
    assert await used(services) == 0


async def test_refusals_come_before_any_image_is_read_or_credit_reserved(services):
    reads = []

    async def images():
        reads.append(1)
        return []

    first = await opened(services)
    again = await opened(services, references=images)
    assert isinstance(again, AlreadyOpen) and again.session.id == first.session.id and reads == []
    await services.sessions.end(first.session.id, "completed", refund=False)  # as after a delivered render
    no_credit = await opened(services, references=images)  # free: one creation a month, used by the first
    assert isinstance(no_credit, NoCredits) and no_credit.status.remaining == 0 and reads == []

    async def refused():
        raise ReferenceRefused(ImageProblemKind.DAMAGED)

    other = await opened(services, user_id=8, references=refused)
    assert isinstance(other, ImageUnusable) and other.problem.kind is ImageProblemKind.DAMAGED
    assert await used(services, 8) == 0


async def test_a_reference_is_stored_with_the_session(services):
    async def images():
        png = io.BytesIO()
        Image.new("RGB", (64, 64), "orange").save(png, "PNG")
        return [(png.getvalue(), "upload")]

    outcome = await opened(services, references=images)
    assert isinstance(outcome, Opened) and outcome.references == 1
    assert await services.references.count(outcome.session.id) == 1


async def test_no_coach_turns_left_opens_nothing(services):
    per_day = services.spend_for("free").coach_turns_per_day
    for _ in range(per_day):
        assert await services.take_coach_turn(7, "free")
    outcome = await opened(services)
    assert isinstance(outcome, TurnsUsedUp) and (outcome.tier, outcome.per_day) == ("free", per_day)
    assert await used(services) == 0


async def test_done_waits_for_a_render_in_flight_and_resume_follows_the_rules(services):
    session = (await opened(services)).session
    assert isinstance(await resume_session(services, session.id, 7, "free"), ResumeRefused)  # still open
    render_running = asyncio.Event()

    async def render() -> None:
        async with services.locks.hold(session.id):
            render_running.set()
            await asyncio.sleep(0.2)

    task = asyncio.create_task(render())
    await render_running.wait()
    await close_session(services, session.id, 7)
    assert task.done()  # Done waited for the render's lock
    assert (await services.sessions.get(session.id)).status == "completed"
    refused = await resume_session(services, session.id, 7, "free")
    assert isinstance(refused, ResumeRefused) and refused.outcome is ResumeOutcome.NOT_RESUMABLE
    idle = (await opened(services, user_id=8)).session
    await services.sessions.end(idle.id, "expired", expect=("active",))  # the idle sweep, with the credit back
    assert await used(services, 8) == 0
    back = await resume_session(services, idle.id, 8, "free")
    assert isinstance(back, Resumed) and back.session.status == "active" and await used(services, 8) == 1


async def ready(services: Services, user_id: int = 7) -> int:
    session = (await opened(services, user_id)).session
    brief = session.brief.model_copy(update={"subject": "a fox", "style": "gaming", "color_scheme": "orange",
                                             "shape": "shield", "text": "Nova"})  # fmt: skip
    await services.sessions.save_brief(session.id, brief)
    return session.id


async def nothing(stage) -> None:
    return None


async def test_a_render_click_renders_once_and_a_stale_or_double_click_does_not(services):
    sid = await ready(services)
    delivered = []

    async def deliver(result) -> None:
        delivered.append(result.number)

    first, second = await asyncio.gather(
        render_click(services, sid, 7, "generate", nothing, expect=0, deliver=deliver),
        render_click(services, sid, 7, "generate", nothing, expect=0, deliver=deliver),
    )
    assert {type(first), type(second)} == {Rendered, AlreadyOnIt} and delivered == [1]
    stale = await render_click(services, sid, 7, "vary", nothing, expect=0)  # a button posted before that render
    assert isinstance(stale, RenderRefused) and stale.reason == "stale"
    assert await used(services) == 1  # the credit is spent by the first delivered render


async def test_a_render_click_refuses_past_the_budget_and_queues_no_more_than_one(services):
    sid = await ready(services)
    for n in range(services.generation.budget):
        assert isinstance(await render_click(services, sid, 7, "vary", nothing, expect=n), Rendered)
    spent = await render_click(services, sid, 7, "vary", nothing)
    assert isinstance(spent, RenderRefused) and spent.reason == "renders_used" and spent.budget_used
    other = await ready(services, 8)
    async with services.locks.hold(other):  # a coach turn runs ...
        waiting = asyncio.create_task(render_now(services, other, 8, "generate", nothing))  # ... one step waits
        await asyncio.sleep(0.05)
        assert isinstance(await render_click(services, other, 8, "generate", nothing), Busy)
    assert isinstance(await waiting, Rendered)


async def test_exports_and_the_pack_are_the_owners_and_rate_limited(services):
    sid = await ready(services)
    made = await render_click(services, sid, 7, "generate", nothing, expect=0)
    rid = made.result.render.id
    png = await export_render(services, rid, 7, OutputOptions(256, "png", "transparent"))
    assert png.filename == f"logo-render{rid}-256.png" and Image.open(io.BytesIO(png.data)).size == (256, 256)
    svg = await export_render(services, rid, 7, None)
    assert svg.filename.endswith(".svg") and svg.data.lstrip().startswith(b"<svg")
    assert isinstance(await export_render(services, rid, 8, None), NotYours)  # someone else's: as if it did not exist
    packed = await platform_pack(services, rid, 7, 50_000_000)
    assert isinstance(packed, Packed) and len(packed.pack.parts) == 1
    assert isinstance(await platform_pack(services, rid, 7, 1000), TooLarge | SlowDown)
    while not isinstance(outcome := await export_render(services, rid, 7, None), SlowDown):
        assert isinstance(outcome, Exported)  # the burst is allowed, then one clicker is slowed down


class Heard:
    """A front end's presenter: it reads the streamed reply as a user would."""

    def __init__(self) -> None:
        self.replies: list[str] = []

    async def __call__(self, session, turn) -> None:
        self.replies.append("".join([chunk async for chunk in turn.stream()]))
        await turn.settle()


async def turns_used(services: Services, user_id: int = 7) -> int:
    return await services.allowance.used_today(user_id)


async def test_a_coach_turn_answers_the_owner_and_charges_one_turn(services):
    session = (await opened(services)).session
    heard = Heard()
    greeted = await coach_opening(services, session, heard)
    assert isinstance(greeted, Replied) and heard.replies[0]
    outcome = await coach_turn(services, session.id, 7, ["a fox astronaut called NovaFox"], heard)
    assert isinstance(outcome, Replied) and len(heard.replies) == 2 and await turns_used(services) == 2
    transcript = await services.sessions.transcript(session.id, limit=20)
    assert any("NovaFox" in t.content for t in transcript if t.role == "user")
    assert (await services.sessions.get(session.id)).brief.subject  # the brief took the words in


async def test_a_coach_turn_refuses_for_free_before_any_work(services):
    session = (await opened(services)).session
    heard = Heard()
    gathered = []

    async def gather(s) -> bool:
        gathered.append(s.id)
        return False

    assert isinstance(await coach_turn(services, session.id, 8, ["hi"], heard), NoSuchSession)  # not the owner
    # the session a front end just read spares a read, not the owner's check
    assert isinstance(await coach_turn(services, session.id, 8, ["hi"], heard, seen=session), NoSuchSession)
    assert isinstance(await coach_turn(services, session.id, 7, ["x" * (MAX_USER_MESSAGE + 1)], heard), TooLong)
    assert isinstance(await coach_turn(services, session.id, 7, ["  "], heard, gather=gather), NothingToSay)
    assert gathered == [session.id]  # the front end's files are read only once the turn could be taken
    assert await services.sessions.claim_for_generation(session.id, 4, 8)  # a render is running
    assert isinstance(await coach_turn(services, session.id, 7, ["hi"], heard), StillRendering)
    await services.sessions.release_after_failure(session.id, return_attempt=True)
    for _ in range(services.spend_for("free").coach_turns_per_day):
        await services.take_coach_turn(7, "free")
    used_up = await coach_turn(services, session.id, 7, ["hi"], heard, gather=gather)
    assert isinstance(used_up, TurnsUsedUp) and gathered == [session.id]  # out of turns: no file was read
    await close_session(services, session.id, 7)
    assert isinstance(await coach_turn(services, session.id, 7, ["hi"], heard), SessionEnded)
    assert heard.replies == []


async def test_a_message_without_its_text_is_hinted_once_per_session_and_the_hint_is_kept(services):
    """Without the Message Content intent: the first such message gets the hint, later ones don't, and the mark is
    on the session (what a restarted process reads); a stranger's session is not theirs to mark."""
    session = (await opened(services)).session
    assert not await words_withheld(services, session.id, 8)  # not the owner
    assert await words_withheld(services, session.id, 7)
    assert not await words_withheld(services, session.id, 7)
    assert (await services.sessions.get(session.id)).content_hint_at is not None


async def test_words_after_a_delivery_are_an_edit_and_a_failed_reply_is_reported(services):
    sid = await ready(services)
    assert isinstance(await render_click(services, sid, 7, "generate", nothing, expect=0), Rendered)
    before = await turns_used(services)
    edit = await coach_turn(services, sid, 7, ["make the background darker"], Heard())
    assert isinstance(edit, WordsAreEdits) and edit.change == "make the background darker"
    assert await turns_used(services) == before  # the edit is a render click: its own budget, not a turn
    other = (await opened(services, 8)).session

    async def broken(session, turn) -> None:
        from bot.model import ProviderError

        raise ProviderError("503 UNAVAILABLE")

    failed = await coach_turn(services, other.id, 8, ["hello"], broken)
    assert failed == CoachFailed(Trouble(TroubleKind.FAILED))  # a fact: each front end words it
    assert (await services.sessions.get(other.id)).status == "active" and await used(services, 8) == 1


async def test_a_stranger_hears_no_such_session_from_every_session_use_case(services):
    """Someone else's session reads exactly like one that does not exist, and nothing of it changes."""
    sid = await ready(services)
    heard = Heard()

    async def never_read() -> bytes:
        raise AssertionError("a stranger's upload is not read")

    for session_id in (sid, 10_000):  # someone else's, and one that does not exist
        outcomes = [
            await coach_turn(services, session_id, 8, ["hi"], heard),
            await render_click(services, session_id, 8, "generate", nothing),
            await render_now(services, session_id, 8, "edit", nothing, change="blue"),
            await choose_options(services, session_id, 8, size=256),
            await close_session(services, session_id, 8),
            await resume_session(services, session_id, 8, "free"),
            await add_reference(services, session_id, 8, never_read, "upload"),
            await session_view(services, session_id, 8),
        ]
        assert all(isinstance(outcome, NoSuchSession) for outcome in outcomes), outcomes
    session = await services.sessions.get(sid)
    assert (session.status, session.renders_used, session.options.size) == ("active", 0, 512)
    assert heard.replies == [] and await used(services, 8) == 0
    assert await services.references.count(sid) == 0
    chosen = await choose_options(services, sid, 7, size=256)  # the owner's own
    assert isinstance(chosen, OptionsChosen) and chosen.session.options.size == 256
    assert isinstance(await close_session(services, sid, 7), Closed)
    assert isinstance(await close_session(services, sid, 7), SessionEnded)
