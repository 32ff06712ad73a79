"""Issue 44 in the studio (hosted, two users logged in through the fake Discord): a kit made is listed in the gallery
under its render and downloads again byte for byte, with no credit; another user's kit answers exactly as a missing
one does."""

from tests.test_web_api import API, CSRF, login, ready_session, studio  # noqa: F401 (studio: the fixture)


async def test_the_gallery_lists_a_renders_kits_and_gives_them_again(studio, fake_discord):  # noqa: F811
    alice, bob = fake_discord.add_user("alice"), fake_discord.add_user("bob")
    a, b = await login(studio, fake_discord, alice), await login(studio, fake_discord, bob)
    try:
        sid = await ready_session(a)
        async with a.post(f"{API}/sessions/{sid}/generate", json={}, headers={**CSRF, "Accept": "application/json"}
                          ) as made:  # fmt: skip
            rid = (await made.json())["render"]["render_id"]
        async with a.post(f"{API}/renders/{rid}/brand-kit", json={"name": "NovaFox", "matte": "light"},
                          headers=CSRF) as kit:  # fmt: skip
            assert kit.status == 200
            delivered = await kit.read()
        async with a.get(f"{API}/access") as access:
            used = (await access.json())["used"]

        async with a.get(f"{API}/gallery") as gallery:
            (item,) = (await gallery.json())["items"]
        (listed,) = item["kits"]
        assert (listed["render_id"], listed["name"], listed["matte"], listed["bytes"]) == (rid, "NovaFox", "light",
                                                                                           len(delivered))  # fmt: skip
        async with a.get(listed["download"]) as again:
            assert again.status == 200 and again.content_type == "application/zip"
            assert 'filename="NovaFox-brand-kit.zip"' in again.headers["Content-Disposition"]
            assert await again.read() == delivered  # as it was made: nothing drawn again
        async with a.get(f"{API}/kits") as mine, a.get(f"{API}/kits?render={rid}") as of_render:
            assert (await mine.json())["kits"] == (await of_render.json())["kits"] == [listed]
        async with a.get(f"{API}/access") as access:
            assert (await access.json())["used"] == used  # no credit

        # Bob: Alice's kit and render answer exactly as missing ones; his own list is empty.
        async with b.get(listed["download"]) as stolen, b.get(f"{API}/kits/{listed['id'] + 1000}/file") as missing:
            assert stolen.status == missing.status == 404
            assert await stolen.json() == await missing.json() == {"error": "No such kit."}
        async with b.get(f"{API}/kits?render={rid}") as theirs, b.get(f"{API}/kits?render={rid + 1000}") as none:
            assert theirs.status == none.status == 404 and await theirs.json() == await none.json()
        async with b.get(f"{API}/kits") as his:
            assert (await his.json())["kits"] == []
    finally:
        await a.close()
        await b.close()
