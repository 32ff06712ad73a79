"""The offline coach draws what a streamer names (issue 39): "me as a wizard" is a wizard, not initials; a name of
two words is one thing ("a hot dog" is no dog, "a boxing glove" no globe); a hat is worn on the subject; a pet's
name is not a second thing. Through the coach's own path (the session's brief, then the design drawn from it)."""

import io

import numpy as np
import pytest
from PIL import Image

from bot.design import design_png, match_subject, spec_for
from bot.design.assets import marks as vendored
from bot.design.mark_words import all_marks
from bot.model import Brief
from tests.test_brief_understood import drawn, services, told

__all__ = ["services"]  # the fixture


async def test_me_as_a_wizard_draws_the_wizard_and_keeps_the_users_words(services):
    session, heard = await told(services, "profile_picture", "gaming", "me as a wizard, deep purple and gold")
    assert session.brief.subject == "me as a wizard"  # the user's words, not a guess written over them
    assert drawn(session).marks[0] == "wizard-face"  # the role is drawn, not a monogram
    assert "not sure" not in heard.replies[0]


@pytest.mark.parametrize(
    ("said", "role"),
    [
        ("me as an astronaut floating in space", "astronaut-helmet"),
        ("me as a knight", "black-knight-helm"),
        ("me as a chef", "chef-toque"),
        ("me as a ninja", "ninja-head"),
        ("me as a cowboy", "western-hat"),
        ("a girl dressed up as a witch", "witch-face"),
        ("me cosplaying as a samurai", "samurai-helmet"),
        ("me in a pirate costume", "pirate-captain"),
        ("me as a police officer", "police-officer-head"),
        ("a girl wizard with a staff", "wizard-face"),  # a person named as a role, right after them
        ("a woman astronaut", "astronaut-helmet"),
        ("me as a secret agent", "spy"),
        ("turn me into a wizard", "wizard-face"),
    ],
)
def test_a_person_as_a_role_is_drawn_as_the_role(said, role):
    spec = spec_for("profile_picture", "vibrant", Brief(subject=said, color_scheme="orange and teal"), [])
    assert spec.marks[0] == role


def test_what_the_role_holds_comes_with_it_and_a_person_alone_still_draws_no_mark():
    pirate = match_subject("me as a pirate with a parrot on my shoulder")
    assert pirate.marks[0] == "pirate-captain" and pirate.accessory == "parrot-head"
    for plain in ("me with a headset and a hoodie", "a girl with cat ears", "me as a gamer", "a girl gamer"):
        assert spec_for("profile_picture", "anime", Brief(subject=plain), []).marks == (), plain


@pytest.mark.parametrize(
    ("said", "mark"),
    [
        ("a hot dog with mustard", "hot-dog"),  # not a dog
        ("a boxing glove", "boxing-glove"),  # not a globe
        ("a paper plane", "paper-plane"),  # not an airliner
        ("two paper planes", "paper-plane"),
        ("a hot air balloon", "air-balloon"),
        ("a bunch of balloons", "balloons"),
        ("a light bulb", "light-bulb"),
        ("a magnifying glass", "magnifying-glass"),
        ("the scales of justice", "scales"),
        ("a cassette tape", "audio-cassette"),
        ("an old school game controller", "retro-controller"),
    ],
)
def test_a_name_of_two_words_is_one_thing(said, mark):
    assert spec_for("streamer_logo", "minimal", Brief(subject=said), [], said).marks[0] == mark


def test_the_words_of_a_compound_name_bring_no_emblem_of_their_own():
    for said, alone in (("a ninja star", "shuriken"), ("a vr headset", "vr-headset"), ("a spell book", "spell-book")):
        assert spec_for("streamer_logo", "gaming", Brief(subject=said), [], said).marks == (alone,), said


def test_a_pets_name_is_not_a_second_thing():
    bunny = match_subject("my bunny Clover with a flower crown")
    assert bunny.sure and bunny.marks[0] == "rabbit-head" and not bunny.candidates


def test_every_mark_the_tables_name_is_vendored():
    assert all_marks() <= set(vendored())


@pytest.mark.parametrize(("hat", "mark"), [("a wizard hat", "pointy-hat"), ("a cowboy hat", "western-hat")])
def test_a_hat_is_worn_on_the_subject(hat, mark):
    """ "a cat in a wizard hat": the hat is drawn over the top of the cat, not in a roundel beside it."""
    from dataclasses import replace

    spec = spec_for("profile_picture", "minimal", Brief(subject=f"a cat in {hat}", color_scheme="lilac and navy"), [])
    assert spec.marks == ("cat", mark) and spec.accessory == mark
    bare = replace(spec, accessory=None, marks=("cat",))
    hatted, plain = (np.asarray(Image.open(io.BytesIO(design_png(s, scene=False, size=512))).convert("RGB"),
                                dtype=np.float32) for s in (spec, bare))  # fmt: skip
    ys, xs = np.nonzero(np.abs(hatted - plain).max(axis=2) > 40)
    assert ys.size > 400, "no hat drawn"
    # The subject mark is drawn 235 px wide centred at (256, 210) of 512 (the cat's head is at its right): the hat
    # is centred over it, on its top half; nothing in the corner where the roundel was.
    assert 256 - 118 <= xs.mean() <= 256 + 118 and ys.max() < 210, (xs.mean(), ys.max())
    assert xs.max() < 390 and ys.min() > 20, (xs.max(), ys.min())


@pytest.mark.parametrize(
    ("said", "mark"),
    [
        ("a sea horse", "seahorse"),  # not a horse's head
        ("a rubber duck", "plastic-duck"),
        ("a paper lantern", "asian-lantern"),
        ("a traffic cone", "traffic-cone"),  # not an ice cream
        ("a skull and crossbones", "skull-crossed-bones"),  # the joiner does not cut the name in two
    ],
)
def test_more_names_of_two_words_are_one_thing(said, mark):
    assert spec_for("streamer_logo", "vibrant", Brief(subject=said), [], said).marks == (mark,)


def test_what_the_thing_does_is_no_rival_to_it():
    for said, thing, held in (("a panda eating bamboo", "panda", "bamboo"), ("an octopus playing drums", "octopus",
                                                                               "drum")):  # fmt: skip
        match = match_subject(said)
        assert match.sure and match.marks[0] == thing and match.accessory == held, said
    for said in ("a lion head", "a fox logo", "my dog Rex", "a baby dragon", "a kitsune fox"):
        assert match_subject(said).sure, said


async def test_a_word_after_the_thing_naming_something_else_is_offered_not_guessed(services):
    """ "a fire hydrant": fire only says what kind; the coach says it is unsure and names other pictures."""
    match = match_subject("a fire hydrant")
    assert not match.sure and match.candidates[0] == "flame" and len(match.candidates) > 1
    session, heard = await told(services, "streamer_logo", "minimal", "a fire hydrant, red and white")
    assert session.brief.subject == "a fire hydrant"
    assert "not sure which picture fits “a fire hydrant”" in heard.replies[0]


def test_the_subject_shown_keeps_its_article_right_when_a_style_word_is_taken_out():
    from bot.design import has_subject_word, read_sentence

    for said, shown in (("me as an anime ninja, black and red", "me as a ninja"), ("a pixel owl", "an owl"),
                        ("a unicorn, pink and white", "a unicorn"), ("an arcade joystick", "a joystick")):  # fmt: skip
        assert read_sentence(said, has_subject_word).subject == shown
