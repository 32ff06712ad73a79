"""The server-sent events the studio really sends fit what its OpenAPI document says of them: each stream's event
names are among the operation's, and each event's data validates against that event's documented schema. A client
generated from the document reads every event the page reads (schemathesis reaches few real streams: most of its
session ids are unknown ones)."""

import re
from typing import Any

import aiohttp
import pytest
from jsonschema import Draft202012Validator

from bot.config import Settings
from bot.services import Services
from tests.test_web_api import CSRF, sse
from web import start_studio

API = "/api/v1/profile-creator"


@pytest.fixture
async def studio(tmp_path):
    services = await Services.create(Settings.model_validate({"data_dir": str(tmp_path / "data")}))
    runner, url = await start_studio(services, "127.0.0.1", 0)
    async with aiohttp.ClientSession(url.rstrip("/")) as browser:
        yield browser
    await runner.cleanup()
    await services.close()


def closed(schema: Any) -> Any:
    """``schema`` with every object closed to the properties it names: a key the document does not name is drift."""
    if isinstance(schema, list):
        return [closed(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    out = {key: closed(value) for key, value in schema.items()}
    if "properties" in schema and "additionalProperties" not in schema:
        out["additionalProperties"] = False
    return out


def event_schemas(document: dict[str, Any], path: str) -> dict[str, Draft202012Validator]:
    """Each event the operation documents, with a validator of its data (refs resolved in the document, objects
    closed)."""
    stream = document["paths"][f"{API}{path}"]["post"]["responses"]["200"]["content"]["text/event-stream"]
    validators = {}
    for event in stream["schema"]["oneOf"]:
        data = event["properties"]["data"]
        assert data["contentMediaType"] == "application/json"
        schema = {**data["contentSchema"], "components": closed(document["components"])}
        validators[event["properties"]["event"]["const"]] = Draft202012Validator(schema)
    return validators


async def streamed(browser: aiohttp.ClientSession, document: dict[str, Any], path: str, body: dict) -> list:
    """POSTs ``body`` to the stream at ``path`` (ids as ``{id}`` in the document); each event checked against the
    document; the events."""
    documented = event_schemas(document, re.sub(r"/\d+/", "/{id}/", path))
    async with browser.post(f"{API}{path}", json=body, headers=CSRF) as answer:
        assert answer.status == 200 and answer.content_type == "text/event-stream", await answer.text()
        events = await sse(answer)
    for name, data in events:
        assert name in documented, f"{path}: event {name!r} is not in the document ({sorted(documented)})"
        problems = [error.message for error in documented[name].iter_errors(data)]
        assert not problems, f"{path}: {name} {data} does not fit its schema: {problems}"
    return events


async def test_every_event_a_session_streams_fits_its_documented_schema(studio):
    browser = studio
    async with browser.get(f"{API}/openapi.json") as answer:
        document = await answer.json()
    start = {"type": "streamer_logo", "style": "gaming", "description": "a wolf head"}
    events = await streamed(browser, document, "/start", start)
    sid = dict(events)["session"]["id"]
    turns = [
        ("messages", {"content": "teal and black, circle"}),
        ("generate", {"expect_renders": 0}),
        ("generate", {"vary": True, "expect_renders": 1}),
        ("generate", {"change": "make the background red", "expect_renders": 2}),
        ("generate", {"size": 256, "format": "webp", "background": "transparent", "expect_renders": 3}),
    ]
    for operation, body in turns:
        events += await streamed(browser, document, f"/sessions/{sid}/{operation}", body)
    names = {name for name, _ in events}
    assert {"session", "token", "brief", "progress", "render", "reply", "done"} <= names, names
