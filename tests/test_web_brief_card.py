"""The studio's brief card in a real headless Chromium: edited in place (fields, colour chips, the text), the next
render follows it, and the coach's line on an edit typed in the chat streams in without a reload."""

from bot.design import read_spec
from tests.test_web_browser import browser, serious_axe_violations, studio, until  # noqa: F401 (the fixtures)


async def newest_spec(services, session_id: int):
    render = await services.renders.latest(session_id)
    return read_spec(await services.gallery.read_path(render.source_path))


async def set_field(page, label: str, value: str) -> None:
    field = page.get_by_label(label)
    await field.fill(value)
    await field.press("Enter")  # saved when the user leaves the field or presses Enter
    await until(lambda: field.evaluate("(f, v) => f.value === v && document.activeElement !== f", value))


async def test_the_card_is_edited_in_place_and_the_next_render_follows_it(studio, browser, tmp_path):  # noqa: F811
    url, services = studio
    page = await browser.new_page(viewport={"width": 1280, "height": 900})
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text) if message.type == "error" else None)
    await page.goto(url)
    await page.get_by_role("button", name="Streamer logo").click()
    await page.get_by_role("button", name="Minimal").click()
    await page.get_by_label("Brand colours (optional)").fill("#9146ff")
    await page.get_by_role("button", name="Start designing").click()
    await until(lambda: page.locator("#transcript .model").first.evaluate("p => p.textContent.length > 10"))
    chips = page.locator("#colour-chips")
    assert await chips.text_content() == "#9146ff×"

    # Every field of a logo's brief, typed on the card: saved as typed, and the brief is ready.
    await set_field(page, "Main element", "a fox astronaut")
    saved = page.locator("#brief-saved")
    await until(lambda: saved.evaluate("p => p.textContent === 'Saved: main element.'"))
    # Two things in one name: the engine is unsure which leads, so the card offers their pictures to pick from.
    grid = page.locator("#mark-grid .mark")
    await until(lambda: _count_is(grid, 2))
    assert await page.get_by_role("group", name="Which picture did you mean?").is_visible()
    assert await serious_axe_violations(page) == []
    await page.locator("#brief-card").screenshot(path=str(tmp_path / "marks.png"))
    await page.get_by_role("button", name="Draw it as astronaut").click()
    await until(lambda: page.get_by_label("Main element").evaluate("f => f.value === 'astronaut'"))
    assert await page.locator("#mark-choices").is_hidden()
    await set_field(page, "Colour scheme", "teal and sand")
    await set_field(page, "Shape", "circle")
    await set_field(page, "Text or symbols", "Mira")
    await page.get_by_text("Ready to generate.").wait_for()
    # The chips: one removed, one added by name.
    await page.get_by_role("button", name="Remove #9146ff").click()
    await until(lambda: chips.evaluate("c => c.children.length === 0"))
    await page.get_by_label("Add a brand colour").fill("#ff7a00")
    await page.get_by_role("button", name="Add", exact=True).click()
    await until(lambda: chips.evaluate("c => c.textContent === '#ff7a00×'"))
    assert await serious_axe_violations(page) == []
    session = await services.sessions.active_for_user(services.settings.web.local_user_id)
    assert (session.brief.subject, session.brief.text, session.colors) == ("astronaut", "Mira", ["#ff7a00"])

    cards = page.locator("#renders .render")
    await page.get_by_role("button", name="Generate").click()
    await until(lambda: _count_is(cards, 1))
    spec = await newest_spec(services, session.id)
    assert spec.text == "Mira" and spec.palette[0] == "#ff7a00" and spec.marks[0] == "astronaut-helmet"

    # After a render the card still edits the brief, and says Generate draws it.
    await set_field(page, "Text or symbols", "WanderWithMira")
    await until(lambda: saved.evaluate("p => p.textContent.includes('Press Generate to draw it')"))
    await page.get_by_role("button", name="Generate").click()
    await until(lambda: _count_is(cards, 2))
    assert (await newest_spec(services, session.id)).text == "WanderWithMira"

    # An edit typed in the chat: the coach's line arrives in the open page (no reload), before the render.
    await page.evaluate("() => { window.stayed = true; }")
    await page.get_by_label("Describe a change (edits your newest render)").fill("make it darker")
    await page.get_by_role("button", name="Edit").click()
    reply = page.locator("#transcript .model", has_text="make it darker")
    await reply.wait_for(timeout=10000)
    assert await page.evaluate("() => window.stayed === true")
    await until(lambda: _count_is(cards, 3))
    await page.screenshot(path=str(tmp_path / "brief-card.png"), full_page=True)
    assert console == [], console


async def _count_is(locator, n: int) -> bool:
    return await locator.count() == n
