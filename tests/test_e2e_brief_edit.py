"""Edit brief in Discord, end to end (the real discord.py client against the loopback fake): the button under the
brief card opens a modal (callback type 9) with the creation type's fields pre-filled; the submitted change
reaches the brief and the card; a stranger can neither open nor submit it."""

import json

from bot import app
from bot.design import read_spec
from tests.harness import component_id, deliveries, messages_with_components, settings_for, start_bot


def card_messages(fake, thread_id):
    return [m for m in fake.bot_messages(thread_id) if m.get("embeds")]


def fields_of(card):
    return {f["name"]: f["value"] for f in card["embeds"][0]["fields"]}


async def test_edit_brief_opens_a_modal_and_the_change_reaches_the_brief(tmp_path, fake_discord):
    alice, mallory = fake_discord.add_user("alice"), fake_discord.add_user("mallory")
    bot = await start_bot(settings_for(tmp_path, fake_discord), fake_discord)  # offline coach
    try:
        opened = await fake_discord.slash(alice, "profile", "create", {"type": "streamer_logo", "style": "minimal"})
        await fake_discord.wait_for(lambda: opened.followups and fake_discord.threads(), what="session")
        thread_id = int(fake_discord.threads()[0]["id"])
        (card,) = await fake_discord.wait_for(lambda: card_messages(fake_discord, thread_id), what="card")
        session = await bot.services.sessions.by_thread(thread_id)
        button = component_id(card, "pc:brief:")
        assert button == f"pc:brief:{session.id}"

        click = await fake_discord.component(alice, card, button)
        await fake_discord.wait_for(lambda: click.acked, what="modal")
        (callback,) = click.callbacks
        assert callback["type"] == 9  # MODAL
        labels = callback["data"]["components"]
        assert [c["type"] for c in labels] == [18] * 5  # five Labels: Discord's limit, a logo brief's elements
        inputs = {c["component"]["custom_id"]: c["component"] for c in labels}
        assert [c["label"] for c in labels] == ["Main element", "Style", "Colour scheme", "Shape", "Text or symbols"]
        assert list(inputs) == ["subject", "style", "color_scheme", "shape", "text"]
        assert inputs["style"]["value"] == session.brief.style and "value" not in inputs["subject"]
        assert inputs["text"]["max_length"] == 24

        # Someone else submitting that modal (found by its custom_id) changes nothing, and the owner's stays open.
        forged = await fake_discord.modal_submit(mallory, click, {"subject": "a skull"})
        await fake_discord.wait_for(lambda: forged.acked, what="forged submit refused")
        assert forged.ephemeral and "isn't one of your open sessions" in forged.callbacks[0]["data"]["content"]

        typed = {"subject": "a compass rose", "color_scheme": "teal and sand", "shape": "circle", "text": "Mira"}
        submitted = await fake_discord.modal_submit(alice, click, typed)
        await fake_discord.wait_for(lambda: submitted.followups, what="saved")
        assert submitted.ephemeral and "Saved: main element, colour scheme, shape, text or symbols" in (
            submitted.followups[0]["content"])
        brief = (await bot.services.sessions.get(session.id)).brief
        assert {k: getattr(brief, k) for k in typed} == typed  # exactly as typed
        assert brief.style == session.brief.style  # left as it was: not sent, not written
        await fake_discord.wait_for(lambda: fields_of(card_messages(fake_discord, thread_id)[0])["main element"]
                                    == "✓ a compass rose", what="card updated")  # fmt: skip
        # The brief became complete: the options and Generate are offered, as after a coach turn.
        offered = f"pc:gen:{session.id}"
        await fake_discord.wait_for(
            lambda: any(offered in str(m.get("components")) for m in fake_discord.bot_messages(thread_id)),
            what="Generate offered",
        )

        # Two things in one name: the card offers their marks in a select; the pick becomes the main element.
        click = await fake_discord.component(alice, card, button)
        await fake_discord.wait_for(lambda: click.acked, what="modal again")
        submitted = await fake_discord.modal_submit(alice, click, {"subject": "a fox astronaut"})
        await fake_discord.wait_for(lambda: submitted.followups, what="saved again")
        pick = f"pc:brief-mark:{session.id}"
        card = await fake_discord.wait_for(
            lambda: next((m for m in card_messages(fake_discord, thread_id) if pick in str(m["components"])), None),
            what="marks offered",
        )
        select = next(c for row in card["components"] for c in row["components"] if c["custom_id"] == pick)
        assert [o["label"] for o in select["options"]] == ["fox", "astronaut"]
        picked = await fake_discord.component(alice, card, pick, values=["astronaut-helmet"])
        await fake_discord.wait_for(lambda: picked.acked, what="picked")
        assert picked.callbacks[0]["type"] == 7  # the card itself is updated
        assert (await bot.services.sessions.get(session.id)).brief.subject == "astronaut"
        assert pick not in str(card_messages(fake_discord, thread_id)[0]["components"])  # sure now: no select
        # The next render draws the brief as edited: the picked mark and the typed name.
        options = messages_with_components(fake_discord, thread_id)[-1]
        await fake_discord.component(alice, options, component_id(options, "pc:gen:"))
        # (the first render starts the design workers: generous on a loaded machine)
        await fake_discord.wait_for(lambda: deliveries(fake_discord, thread_id), within=60, what="render delivered")
        render = await bot.services.renders.latest(session.id)
        spec = read_spec(await bot.services.gallery.read_path(render.source_path))
        assert spec.marks[0] == "astronaut-helmet" and spec.text == "Mira"

        # A stranger's click answers like a click for a session that does not exist.
        theirs = await fake_discord.component(mallory, card, button)
        gone = f"pc:brief:{session.id + 999}"  # a card whose session no longer exists (forgotten, say)
        missing = await fake_discord.component(mallory, json.loads(json.dumps(card).replace(button, gone)), gone)
        await fake_discord.wait_for(lambda: theirs.acked and missing.acked, what="refusals")
        assert theirs.callbacks[0]["type"] == missing.callbacks[0]["type"] == 4
        assert theirs.callbacks[0]["data"]["content"] == missing.callbacks[0]["data"]["content"]
        assert theirs.ephemeral and missing.ephemeral
    finally:
        await app.stop(bot)


async def test_a_modal_opened_before_a_restart_still_saves_only_what_was_changed(tmp_path, fake_discord):
    alice = fake_discord.add_user("alice")
    settings = settings_for(tmp_path, fake_discord)
    bot = await start_bot(settings, fake_discord)
    try:
        opened = await fake_discord.slash(alice, "profile", "create", {"type": "streamer_logo", "style": "minimal"})
        await fake_discord.wait_for(lambda: opened.followups and fake_discord.threads(), what="session")
        thread_id = int(fake_discord.threads()[0]["id"])
        (card,) = await fake_discord.wait_for(lambda: card_messages(fake_discord, thread_id), what="card")
        click = await fake_discord.component(alice, card, component_id(card, "pc:brief:"))
        await fake_discord.wait_for(lambda: click.acked, what="modal")  # opened with no main element yet
        # While the modal is open, the coach files the main element from the chat, then the bot restarts.
        await fake_discord.say(alice, thread_id, "a wolf")
        await fake_discord.wait_for(lambda: "✓ a wolf" in str(card_messages(fake_discord, thread_id)), what="filed")
        session = await bot.services.sessions.by_thread(thread_id)
        await app.stop(bot)
        bot = await start_bot(settings, fake_discord)

        submitted = await fake_discord.modal_submit(alice, click, {"text": "Mira"})  # the main element untouched
        await fake_discord.wait_for(lambda: submitted.followups, what="saved after the restart")
        assert "Saved: text or symbols." in submitted.followups[0]["content"]
        brief = (await bot.services.sessions.get(session.id)).brief
        assert (brief.subject, brief.text) == ("a wolf", "Mira")  # the modal's stale empty field wrote nothing
    finally:
        await app.stop(bot)
