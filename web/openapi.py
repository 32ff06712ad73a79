"""The studio API's OpenAPI 3.1 document, written from the route declarations (web/contract.py): request schemas
from the models that parse requests, answers with their media types, the SSE streams' events with each one's data
schema, and the error shape every refusal has. Served at /api/v1/profile-creator/openapi.json."""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter

from web.contract import JSON, Answer, Endpoint
from web.events import EVENTS, Refused
from web.identity import COOKIE, CSRF_HEADER

SSE = "text/event-stream"
REF = "#/components/schemas/{model}"
ERRORS = {
    400: "The request does not fit this operation (one sentence says which field and why)",
    401: "Not logged in (hosted mode)", 402: "No creation credits left this month",
    403: "Refused: a request from another site's page, a POST or PATCH without the X-Profile-Creator header, or (local "
         "mode) a Host that is not loopback",
    404: "No such thing, or not yours (the two answer alike)", 408: "The request body took too long to arrive",
    409: "Not now: the session's state does not allow it (the sentence says why)",
    413: "Too large", 415: "The body is not JSON",
    422: "The request fits this document but its words cannot be read (e.g. colours the studio does not know)",
    429: "Slow down: a limit was reached (the sentence says which)",
    500: "Something failed on the studio's side", 502: "The image model failed; nothing was charged; try again",
    503: "Busy: try again in a moment",
}  # fmt: skip


def json_answer(description: str, shape: Any = None) -> Answer:
    """A JSON answer; ``shape`` (a TypedDict or model) gives its schema, else any object."""
    return Answer(description, {JSON: shape})


def file_answer(description: str, *media_types: str) -> Answer:
    return Answer(description, dict.fromkeys(media_types))


def event_stream(description: str, *events: str, json_shape: Any = None) -> Answer:
    """Server-sent events (names from web.events.EVENTS); ``json_shape`` (a shape, or a tuple of them): the same
    outcome as one JSON answer when the request says ``Accept: application/json``."""
    unknown = set(events) - set(EVENTS)
    assert not unknown, f"undeclared events {unknown}: add their data shapes to web.events.EVENTS"
    return Answer(description, {SSE: events, **({JSON: json_shape} if json_shape else {})})


class _Schemas:
    """components.schemas, filled as types are referenced (each named once, by its class name)."""

    def __init__(self) -> None:
        self.found: dict[str, Any] = {}

    def ref(self, shape: Any) -> dict[str, Any]:
        schema = TypeAdapter(shape).json_schema(ref_template=REF, mode="serialization")
        for name, nested in schema.pop("$defs", {}).items():
            self._keep(name, nested)
        self._keep(shape.__name__, schema)
        return {"$ref": REF.format(model=shape.__name__)}

    def _keep(self, name: str, schema: dict[str, Any]) -> None:
        assert self.found.setdefault(name, schema) == schema, f"two different schemas are called {name}"


def _media(schemas: _Schemas, media_type: str, shape: Any) -> dict[str, Any]:
    if media_type == SSE:  # one schema per event, as schemathesis and OpenAPI 3.2's itemSchema read a stream
        return {"schema": {"oneOf": [{
            "type": "object", "required": ["event", "data"],
            "properties": {"event": {"const": name}, "data": {
                "type": "string", "contentMediaType": JSON, "contentSchema": schemas.ref(EVENTS[name])}},
        } for name in shape]}}  # fmt: skip
    if shape is None:
        return {"schema": {"type": "object"}} if media_type == JSON else {}
    if isinstance(shape, tuple):  # one of several shapes
        return {"schema": {"anyOf": [schemas.ref(one) for one in shape]}}
    return {"schema": schemas.ref(shape)}


def _statuses(endpoint: Endpoint) -> list[int]:
    """What the operation may answer besides 200: its own refusals and what any request of its kind can meet."""
    models = endpoint.models
    common = {401, 403, 500}
    if "{id}" in endpoint.path:
        common.add(404)
    if models or endpoint.method != "GET":  # a body that stops mid-way is a 400 too (web/slow_clients.py)
        common.add(400)
    if endpoint.method != "GET":  # any body: its deadline and size limit
        common |= {408, 413} | ({415} if "body" in models else set())
    return sorted(common | set(endpoint.errors))


def _operation(endpoint: Endpoint, schemas: _Schemas, login: bool) -> dict[str, Any]:
    ok = endpoint.ok
    error = {JSON: {"schema": {"$ref": REF.format(model="Refused")}}}
    responses = {"200": {"description": ok.description,
                         "content": {m: _media(schemas, m, s) for m, s in ok.content.items()}}}  # fmt: skip
    responses |= {str(s): {"description": ERRORS[s], "content": error} for s in _statuses(endpoint)}
    operation: dict[str, Any] = {"summary": endpoint.summary, "responses": responses}
    parameters = []
    if "{id}" in endpoint.path:
        parameters.append({"name": "id", "in": "path", "required": True,
                           "schema": {"type": "integer", "minimum": 0, "maximum": 10**18 - 1}})  # fmt: skip
    models = endpoint.models
    if "query" in models:
        schema = models["query"].model_json_schema(ref_template=REF)
        for name, prop in schema["properties"].items():
            prop.pop("title", None)
            parameters.append({"name": name, "in": "query", "required": name in schema.get("required", []),
                               "schema": prop, **({"description": prop["description"]} if "description" in prop
                                                  else {})})  # fmt: skip
    if parameters:
        operation["parameters"] = parameters
    if "body" in models:
        operation["requestBody"] = {"required": endpoint.body_required,
                                    "content": {JSON: {"schema": schemas.ref(models["body"])}}}  # fmt: skip
    elif endpoint.upload:
        operation["requestBody"] = {"required": True, "content": {
            m: {"schema": {"type": "string", "format": "binary"}} for m in endpoint.upload}}  # fmt: skip
    security = {} if endpoint.method == "GET" else {"csrf": []}
    operation["security"] = [{**security, **({"session": []} if login else {})}]
    return operation


def document(endpoints: list[Endpoint], *, login: bool) -> dict[str, Any]:
    """``login``: hosted mode, where every call needs the login cookie (local mode has one user and none)."""
    schemas = _Schemas()
    schemas.ref(Refused)
    paths: dict[str, dict[str, Any]] = {}
    for endpoint in endpoints:
        paths.setdefault(endpoint.full_path, {})[endpoint.method.lower()] = _operation(endpoint, schemas, login)
    return {
        "openapi": "3.1.0",
        "info": {"title": "Profile Creator studio API", "version": "1", "description": (
            "Generated from the models that parse the studio's requests. Every error is JSON: "
            '{"error": "one sentence"}. POSTs and PATCHes carry the X-Profile-Creator: 1 header (CSRF).')},
        "paths": paths,
        "components": {"schemas": dict(sorted(schemas.found.items())), "securitySchemes": {
            "csrf": {"type": "apiKey", "in": "header", "name": CSRF_HEADER,
                     "description": "Always 1: only the studio's own script sends it"},
            "session": {"type": "apiKey", "in": "cookie", "name": COOKIE, "description": "Hosted mode's login"},
        }},
    }  # fmt: skip
