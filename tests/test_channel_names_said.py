"""The free coach finds a streamer's channel name however they say it (issue 39): a group they name ("for my clan
X", "guild X", "for the X podcast"), a possessive ("X's logo"), a name standing alone in CamelCase or with digits,
text they ask to be written ("with LUNA underneath", "saying GG", "text: X", quoted words). It writes no name they
did not say: ordinary capitalised words, colour and style words, a pet's name."""

import pytest

from bot.design import has_subject_word, read_sentence
from tests.test_brief_understood import services, told

__all__ = ["services"]  # the fixture


@pytest.mark.parametrize(
    ("said", "name", "subject"),
    [
        ("a wolf howling for my clan NightFang, black and silver", "NightFang", "a wolf howling"),
        ("a samurai helmet for our team RedLotus, crimson and gold", "RedLotus", "a samurai helmet"),
        ("a dragon for my clan Ember Kings, red and orange, fierce", "Ember Kings", "a dragon"),
        ("an owl for my community NightReaders, navy and mustard", "NightReaders", "an owl"),
        ("guild: MoonlitMages, a wizard hat, indigo and gold", "MoonlitMages", "a wizard hat"),
        ("a ninja mask for squad ShadowStep, black and red", "ShadowStep", "a ninja mask"),
        ("crew BoardKings, a skateboard, orange and teal", "BoardKings", "a skateboard"),
        ("a lighthouse for our weekly tourneys HarborCup, navy and yellow", "HarborCup", "a lighthouse"),
        ("a fox for my Twitch community KitsuneCrew, orange and white", "KitsuneCrew", "a fox"),
        ("a microphone for the Pixel Pals podcast, maroon and cream", "Pixel Pals", "a microphone"),
        ("a skull, green and black, Toxic_Tom's logo", "Toxic_Tom", "a skull"),
        ("a rocket, PixelPapa88, orange and navy", "PixelPapa88", "a rocket"),
        ("a bee, yellow and black, BuzzyBee42 on the badge", "BuzzyBee42", "a bee"),
        ("a mountain peak, slate blue and white, name Summit_42", "Summit_42", "a mountain peak"),
        ("streamer name: Kairo, a tiger", "Kairo", "a tiger"),
        ("a penguin for our discord server CozyCove", "CozyCove", "a penguin"),
        ("a moon for my gaming group The Night Shift, blue", "The Night Shift", "a moon"),
        ("a wolf, Wolf Pack Gaming, grey", "Wolf Pack Gaming", "a wolf"),
        ("ChampionsCup24 needs a lion head, gold and black", "ChampionsCup24", "a lion head"),
        ("a dragon for my guild's tourney DragonCup", "DragonCup", "a dragon"),
    ],
)
def test_a_name_introduced_by_any_word_or_standing_alone_is_the_text(said, name, subject):
    reading = read_sentence(said, has_subject_word)
    assert reading.text == name
    assert reading.subject == subject  # the name's words are not left in the subject


@pytest.mark.parametrize(
    ("said", "text"),
    [
        ("a cat with LUNA underneath, lilac and silver", "LUNA"),
        ("a frog saying GG, lime and dark green", "GG"),
        ("a panda with 'BAMBOO' written on it, black and white", "BAMBOO"),
        ("an astronaut helmet with StarDrifter written below, silver", "StarDrifter"),
        ("a coffee mug with the word BREW, brown and cream", "BREW"),
        ("my cat Luna with the name MoonPaws below, purple and gold", "MoonPaws"),
        ("please write 'GG EZ' on it, a trophy", "GG EZ"),
        ("a cat, add the text MEOW", "MEOW"),
        ("a shield with the letters KB, red", "KB"),
    ],
)
def test_text_asked_to_be_written_is_the_text_without_where_it_goes(said, text):
    assert read_sentence(said, has_subject_word).text == text


@pytest.mark.parametrize(
    "said",
    [
        "my cat Luna sleeping, grey and pink, cozy",
        "my cat's name is Luna, grey and pink",
        "a Cyberpunk robot head, Neon Pink and Electric Blue",
        "a Viking axe, Blood Red and Black, Esports",
        "a rocket with a Moon above, navy and orange",
        "a PS5 controller, black and white",
        "my team colours are red and blue, a wolf",
        "a YouTube play button, red",
        "a MacBook with stickers, silver",
        "a mic for my ASMR stream, pink",
        "my parrot Kiwi wearing a hat, green",
        "a boat, Blue Lagoon vibes",
        "a rose, rose gold and black",
    ],
)
def test_no_name_is_invented(said):
    assert read_sentence(said, has_subject_word).text is None


async def test_a_whole_brief_after_text_colon_is_not_all_the_text(services):
    session, heard = await told(services, "streamer_logo", "vibrant", "text: MochaMornings, a teapot, peach and cream")
    assert session.brief.text == "MochaMornings"
    assert session.brief.subject == "a teapot" and session.brief.color_scheme == "peach, cream"
    assert "MochaMornings" in heard.replies[0]  # the card shows what was understood
