"""Every outcome a use case can return has words in both front ends and an HTTP status in the studio.

The outcomes are read from the use cases' own return types, so a new outcome (or a new use case) without words
fails here in milliseconds, not by luck in an end-to-end run. No Discord, no HTTP, no database.
"""

import inspect
import typing
from datetime import UTC, datetime
from types import SimpleNamespace, UnionType

import pytest

import bot.usecases as usecases
from bot.accounts import QuotaStatus
from bot.model import ImageProblem, ImageProblemKind, KitFlaw, ResumeOutcome, Trouble, TroubleKind, flaws_json, flaws_of
from bot.render.refusals import RefusalReason
from cogs import wording as bot_words
from web import wording as studio_words
from web.wording_deliveries import kit_notes

# Use cases whose result is not a user's outcome: housekeeping, bookkeeping and a helper of other use cases (a use
# case that returns no outcome class at all, such as resolve_tier's TierDecision, is left out by itself).
NOT_OUTCOMES = {"recover", "render_delivered", "turns_used_up", "brief_card_at"}

SESSION = SimpleNamespace(id=5, thread_id=-5, user_id=7, renders_used=1, options=None, creation_type="streamer_logo",
                          in_dm=False)
STATUS = QuotaStatus("free", 1, 1, datetime(2026, 1, 1, tzinfo=UTC))
TURNS = usecases.TurnsUsedUp("free", 40, datetime(2026, 1, 1, 12, tzinfo=UTC))
FILES = SimpleNamespace(parts=[("a.zip", b"PK")], files=17)
KEPT_KIT = SimpleNamespace(id=4, render_id=2, name="Nova", matte="dark", titles=(), created_at=0.0, zip_bytes=2,
                           files=17)  # fmt: skip
SAMPLES = {
    usecases.Opened: usecases.Opened(SESSION, 0),
    usecases.AlreadyOpen: usecases.AlreadyOpen(SESSION),
    usecases.NoCredits: usecases.NoCredits(STATUS, "default"),
    usecases.TurnsUsedUp: TURNS,
    usecases.ImageUnusable: usecases.ImageUnusable(ImageProblem(ImageProblemKind.NOT_AN_IMAGE)),
    usecases.PlaceFailed: usecases.PlaceFailed("403 Forbidden"),
    usecases.SettledWhileOpening: usecases.SettledWhileOpening(),
    usecases.Replied: usecases.Replied(SESSION),
    usecases.NoSuchSession: usecases.NoSuchSession(),
    usecases.SessionEnded: usecases.SessionEnded(),
    usecases.StillRendering: usecases.StillRendering(),
    usecases.WordsAreEdits: usecases.WordsAreEdits("make it blue"),
    usecases.TooLong: usecases.TooLong(2000),
    usecases.NothingToSay: usecases.NothingToSay(),
    usecases.CoachFailed: usecases.CoachFailed(Trouble(TroubleKind.UNAVAILABLE)),
    usecases.Rendered: usecases.Rendered(SimpleNamespace(number=1, budget=4)),
    usecases.RenderRefused: usecases.RenderRefused("ended", False, 4),
    usecases.RenderFailed: usecases.RenderFailed(Trouble(TroubleKind.UNAVAILABLE), False, 0),
    usecases.AlreadyOnIt: usecases.AlreadyOnIt(),
    usecases.Busy: usecases.Busy(),
    usecases.Closed: usecases.Closed(SESSION),
    usecases.Resumed: usecases.Resumed(SESSION),
    usecases.ResumeRefused: usecases.ResumeRefused(ResumeOutcome.TOO_LATE),
    usecases.OptionsChosen: usecases.OptionsChosen(SESSION),
    usecases.ReferenceAdded: usecases.ReferenceAdded(2, 1, 4, 512, 512, "animated: its first frame is used"),
    usecases.Exported: usecases.Exported("logo-render1-512.png", b"png"),
    usecases.NotYours: usecases.NotYours(),
    usecases.SlowDown: usecases.SlowDown(),
    usecases.Packed: usecases.Packed(FILES),
    usecases.TooLarge: usecases.TooLarge(25_000_000),
    usecases.KitMade: usecases.KitMade(SimpleNamespace(pack=FILES), "Nova", True, (KitFlaw("other_style", "x.png"),)),
    usecases.KitNeedsCredit: usecases.KitNeedsCredit(STATUS),
    usecases.KitFailed: usecases.KitFailed(Trouble(TroubleKind.RATE_LIMITED, wait_seconds=40)),
    usecases.KitAlreadyOnIt: usecases.KitAlreadyOnIt(),
    usecases.BriefEdited: usecases.BriefEdited(SESSION, ("subject",), True),
    usecases.Rated: usecases.Rated(4, 3),
    usecases.EditUnchanged: usecases.EditUnchanged("move the name down"),
    usecases.KeptImage: usecases.KeptImage(SimpleNamespace(id=3), b"png"),
    usecases.SessionView: usecases.SessionView(SESSION, [], [], [], 4),
    usecases.BriefRefused: usecases.BriefRefused("colors", "not_a_colour", "", None, "blurple"),
    usecases.TierSet: usecases.TierSet(8, "pro", False, usecases.TierDecision("pro", "this server's override")),
    usecases.TierRefused: usecases.TierRefused(usecases.TierRefusal.OWNERS_ONLY),
    usecases.KitGiven: usecases.KitGiven(KEPT_KIT, (("Nova-brand-kit.zip", b"PK"),), b"png", b"gif"),
    usecases.KitsKept: usecases.KitsKept((KEPT_KIT,)),
    usecases.GalleryShown: usecases.GalleryShown((SimpleNamespace(
        id=1, render_id=2, session_id=5, size=512, format="png", offline=True, creation_type="streamer_logo",
        style="gaming", created_at=0.0),), 1, 1, 1, frozenset({2}), (b"png",), {2: (KEPT_KIT,)}),
    usecases.NotAnAdmin: usecases.NotAnAdmin(),
    usecases.AuditShown: usecases.AuditShown((SimpleNamespace(at=0.0, actor_id=1, actor_role="owner", guild_id=3,
                                                              user_id=8, scope_guild_id=usecases.GLOBAL,
                                                              old_tier=None, new_tier="pro"),), True),
    usecases.MonthShown: usecases.MonthShown(SimpleNamespace(
        month="2026-01", guild_id=None, started=2, users=1, completed=1, completion_rate=0.5, renders_per_session=1.5,
        renders_fixed=0, rating_mean=None, rating_count=0, refunds=0, failures={}, tier_mix={"free": 2}, tier_rose=0),
        SimpleNamespace(prompt_tokens=1, output_tokens=2, thought_tokens=0, thinking_share=0.0, images=1, calls=2,
                        cost_usd=0.01, per_session=0.005, sessions=2, per_render=0.01, renders=1, by_model={},
                        estimated=())),
    usecases.MonthRefused: usecases.MonthRefused("timed_out", "2026-01", 20.0),
    usecases.SpendShown: usecases.SpendShown(SimpleNamespace(month="2026-01", cost_usd=0.01)),
    usecases.ModelsShown: usecases.ModelsShown({"chat_model": "c", "image_model": "i", "api_version": "v1beta",
                                                "configured": "auto"}),
}


def outcomes_of(function) -> list[type]:
    """The outcome classes a use case returns (its plain results, such as a Session or bytes, are not outcomes)."""
    returned = typing.get_type_hints(function)["return"]
    members = typing.get_args(returned) if isinstance(returned, UnionType) else (returned,)
    return [m for m in members if inspect.isclass(m) and m.__module__.startswith("bot.usecases.")]


USE_CASES = {
    name: members
    for name in usecases.__all__
    if inspect.iscoroutinefunction(function := getattr(usecases, name)) and name not in NOT_OUTCOMES
    if (members := outcomes_of(function))
}
PAIRS = [(name, outcome) for name, members in USE_CASES.items() for outcome in members]


def test_every_use_case_has_a_wording_function_in_each_front_end():
    assert USE_CASES, "no use cases found"
    for name in USE_CASES:
        assert name in studio_words.WORDS or name in bot_words.BOT_ONLY, f"web/wording.py WORDS lacks {name}"
        assert name in bot_words.WORDS or name in bot_words.STUDIO_ONLY, f"cogs/wording.py WORDS lacks {name}"


@pytest.mark.parametrize(("use_case", "outcome"), PAIRS, ids=[f"{n}-{o.__name__}" for n, o in PAIRS])
def test_every_outcome_has_words_and_a_status(use_case, outcome):
    assert outcome in SAMPLES, f"{outcome.__name__} is new: add a sample here, then its words in both front ends"
    fact = SAMPLES[outcome]
    if use_case in bot_words.BOT_ONLY:
        said = bot_words.WORDS[use_case](fact)
        assert isinstance(said, str) and said.strip(), f"the bot says nothing for {outcome.__name__}"
        return
    said = studio_words.WORDS[use_case](fact)
    assert isinstance(said, str) and said.strip(), f"the studio says nothing for {outcome.__name__}"
    assert 200 <= studio_words.status(fact) < 600
    if use_case in bot_words.STUDIO_ONLY:
        return
    said = bot_words.WORDS[use_case](fact)
    if (use_case, outcome) in bot_words.SILENT:
        assert said is None, f"the bot is silent on {outcome.__name__} on purpose, yet words it"
    else:
        assert isinstance(said, str) and said.strip(), f"the bot says nothing for {outcome.__name__}"


SUCCESSES = {
    usecases.Opened, usecases.Replied, usecases.Rendered, usecases.Closed, usecases.Resumed, usecases.OptionsChosen,
    usecases.ReferenceAdded, usecases.Exported, usecases.Packed, usecases.KitMade, usecases.BriefEdited,
    usecases.Rated, usecases.SessionView, usecases.KeptImage, usecases.KitGiven, usecases.KitsKept,
    usecases.EditUnchanged,  # no render spent: the coach's line, answered 200
    usecases.SpendShown,
}


BOT_ONLY_OUTCOMES = {usecases.TierSet, usecases.TierRefused, usecases.GalleryShown, usecases.NotAnAdmin,
                     usecases.AuditShown, usecases.MonthShown, usecases.MonthRefused, usecases.ModelsShown}  # fmt: skip


def test_successes_answer_200_and_refusals_do_not():
    for outcome, fact in SAMPLES.items():
        if outcome in BOT_ONLY_OUTCOMES:
            continue
        assert (studio_words.status(fact) == 200) == (outcome in SUCCESSES), outcome.__name__


# The kinds inside an outcome: a new kind of model trouble or render refusal without words fails here too.
@pytest.mark.parametrize("kind", list(TroubleKind))
def test_every_kind_of_trouble_has_words_in_both_front_ends(kind):
    trouble = Trouble(kind, wait_seconds=40, resets_at=0, where="storage")
    for fact in (usecases.RenderFailed(trouble, False), usecases.RenderFailed(trouble, False, by_coach=True),
                 usecases.CoachFailed(trouble), usecases.KitFailed(trouble)):  # fmt: skip
        use_case = {usecases.CoachFailed: "coach_turn", usecases.KitFailed: "brand_kit"}.get(type(fact), "render_click")
        for words in (bot_words.WORDS, studio_words.WORDS):
            said = words[use_case](fact)
            assert isinstance(said, str) and said.strip(" ⚠️"), (kind, fact)


@pytest.mark.parametrize("reason", typing.get_args(RefusalReason))
def test_every_reason_a_render_is_refused_has_words_in_both_front_ends(reason):
    fact = usecases.RenderRefused(reason, reason.endswith("_used"), 4, 2 if reason == "attempts_used" else None)
    for said in (bot_words.clicked(fact), studio_words.clicked(fact)):
        assert isinstance(said, str) and said.strip() and "None" not in said


@pytest.mark.parametrize("reason", list(usecases.TierRefusal))
def test_every_reason_a_tier_override_is_refused_has_words(reason):
    assert bot_words.tier_set(usecases.TierRefused(reason)).strip()


@pytest.mark.parametrize("kind", list(ImageProblemKind))
def test_every_reason_an_image_is_refused_has_words_in_both_front_ends(kind):
    fact = usecases.ImageUnusable(ImageProblem(kind, megabytes=9.5, width=9000, height=20, scans=300))
    for words in (bot_words.WORDS, studio_words.WORDS):
        for use_case in ("open_session", "add_reference"):
            said = words[use_case](fact)
            assert isinstance(said, str) and said.strip(" ⚠️") and "None" not in said, (kind, use_case)


KIT_FLAWS = [KitFlaw("stray_lettering", "twitch/offline-banner.png", "STREAM ON"),
             KitFlaw("other_style", "youtube/banner.png", repainted=True)]  # fmt: skip


@pytest.mark.parametrize("flaw", KIT_FLAWS, ids=lambda f: f.kind)
def test_what_a_kits_self_check_found_is_said_in_both_front_ends(flaw):
    made = usecases.KitMade(SimpleNamespace(pack=FILES), "Nova", True, (flaw,))
    for said in (bot_words.WORDS["brand_kit"](made), kit_notes(made)):
        assert flaw.file in said and ("painted again" in said) == flaw.repainted
        assert ("STREAM ON" in said) == (flaw.kind == "stray_lettering")


def test_a_kit_kept_with_sentences_is_read_as_it_was_and_new_ones_are_kept_as_facts():
    old = "Self-check found another style on youtube/banner.png."
    assert usecases.kit_flaws(flaws_of(old)) == old
    assert flaws_of(flaws_json(KIT_FLAWS)) == tuple(KIT_FLAWS) and flaws_of(None) == ()


@pytest.mark.parametrize("reason", ["bad_month", "timed_out"])
def test_every_reason_a_months_figures_are_refused_has_words(reason):
    said = bot_words.WORDS["month_figures"](usecases.MonthRefused(reason, "2026-13", 20.0))
    assert "2026-13" in said and ("20 s" in said) == (reason == "timed_out")
