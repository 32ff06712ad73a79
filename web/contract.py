"""How an API route is declared: its path, handler, summary and answers; the handler's ``body`` and ``query``
parameters name the pydantic models that parse the request. The same declaration registers the aiohttp route and
writes the route's part of the OpenAPI document (web/openapi.py), so the document cannot drift from the parsing.

A handler ``async def f(self, request, body: SomeBody)`` gets the request's JSON body validated as ``SomeBody``; one
with ``query: SomeQuery`` gets the query string validated as ``SomeQuery``; a request that does not fit answers 400
in one sentence before the handler runs.
"""

from __future__ import annotations

import inspect
import json
import typing
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from aiohttp import web
from pydantic import BaseModel, ConfigDict, ValidationError

from web.identity import error
from web.views import API, ID

Handler = Callable[..., Awaitable[web.StreamResponse]]
JSON = "application/json"


class RequestModel(BaseModel):
    """A JSON request body: exactly the JSON types the document states (no "5" for 5), and no unknown fields."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)
    # The studio's own sentence for a refused field ("field" or "field.error_type"), instead of the generic one.
    refusals: ClassVar[dict[str, str]] = {}


class QueryModel(RequestModel):
    """Query parameters: strings, with integer parameters read from their digits; unknown parameters are ignored."""

    model_config = ConfigDict(extra="ignore", strict=True, frozen=True)


class BadRequest(Exception):
    """The request does not fit its model: the message is the one sentence the API answers with."""

    status = 400


class NotJson(BadRequest):
    status = 415


def refusal(exc: ValidationError, model: type[RequestModel]) -> str:
    """The first problem, in one sentence: the model's own words for that field, else a plain generic one."""
    first = exc.errors(include_url=False)[0]
    name = ".".join(str(part) for part in first["loc"][:1])
    kind = first["type"]
    own = model.refusals.get(f"{name}.{kind}") or model.refusals.get(name)
    if own:  # {loc}: the field (or key) refused, {input}: the value, for sentences such as "“x” is not a colour"
        return own.replace("{loc}", str(first["loc"][-1])).replace("{input}", str(first["input"])[:40])
    if not name:  # a rule across fields raised with its own sentence
        return first["msg"]
    if kind == "missing":
        return f"`{name}` is required."
    if kind == "extra_forbidden":
        return f"`{name}` is not something this request takes."
    if kind == "literal_error":
        allowed = (model.model_json_schema()["properties"].get(name) or {}).get("enum", [])
        return f"`{name}` must be one of {', '.join(map(str, allowed))}."
    return f"`{name}`: {first['msg'][0].lower()}{first['msg'][1:]}."


async def read_json(request: web.Request) -> Any:
    """The body as JSON (an empty body reads as ``{}``), with one sentence for each way it cannot be read."""
    raw = await request.read()
    if not raw.strip():
        return {}
    if request.content_type != JSON:
        raise NotJson("Send the request body as application/json.")
    try:
        return json.loads(raw, parse_float=_number)
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise BadRequest("The request body must be JSON.") from None
    except RecursionError:  # nested past Python's limit: not a body the studio ever sends
        raise BadRequest("The request body is nested too deeply.") from None
    except ValueError:  # e.g. an integer of thousands of digits (Python's int-parsing limit)
        raise BadRequest("The request body has a number too large to read.") from None


def _number(text: str) -> float | int:
    """2.0 is the integer 2 to JSON Schema, so it is one to the models too."""
    value = float(text)
    return int(value) if value.is_integer() else value


def _query_values(request: web.Request, model: type[QueryModel]) -> dict[str, Any]:
    """Each parameter's first value; integer parameters become ints when they are plain digits (else the strict
    model refuses the text)."""
    properties = model.model_json_schema()["properties"]
    values: dict[str, Any] = {}
    for name in properties:
        text = request.query.get(name)
        if text is None:
            continue
        values[name] = text
        if _is_integer(properties[name]) and text.isascii() and text.lstrip("-").isdigit() and len(text) < 20:
            values[name] = int(text)
    return values


def _is_integer(schema: dict[str, Any]) -> bool:
    if "anyOf" in schema:  # an optional integer (int | None)
        return any(_is_integer(option) for option in schema["anyOf"])
    return schema.get("type") == "integer" or all(isinstance(v, int) for v in schema.get("enum", [None]))


async def parse(request: web.Request, model: type[RequestModel], source: str) -> BaseModel:
    try:
        if source == "query":
            return model.model_validate(_query_values(request, model))  # type: ignore[arg-type]
        body = await read_json(request)
        if not isinstance(body, dict):
            raise BadRequest("The request body must be a JSON object.")
        return model.model_validate(body)
    except ValidationError as exc:
        raise BadRequest(refusal(exc, model)) from None


@dataclass(frozen=True)
class Answer:
    """One response: its description and, per media type, its OpenAPI media type object."""

    description: str
    content: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass(frozen=True)
class Endpoint:
    """One API operation. ``path`` is below the API root, with ``{id}`` for a numeric id (at most 18 digits).
    ``errors``: the statuses this operation answers beyond the ones every request can meet (web/openapi.py)."""

    method: str
    path: str
    handler: Handler
    summary: str
    ok: Answer
    errors: tuple[int, ...] = ()
    upload: tuple[str, ...] = ()  # media types of a raw (non-JSON) request body, e.g. an image

    @property
    def models(self) -> dict[str, type[RequestModel]]:
        """The handler's ``body`` and ``query`` parameters and the models they are declared as."""
        hints = typing.get_type_hints(self.handler)
        params = inspect.signature(self.handler).parameters
        return {name: hints[name] for name in ("body", "query") if name in params}

    @property
    def body_required(self) -> bool:
        """An empty body reads as {}: the body is required when {} does not fit the model."""
        try:
            self.models["body"].model_validate({})
        except ValidationError:
            return True
        return False

    @property
    def full_path(self) -> str:
        return API + self.path

    def route(self) -> web.RouteDef:
        models, handler = self.models, self.handler

        async def parsed(request: web.Request) -> web.StreamResponse:
            try:
                values = {name: await parse(request, model, name) for name, model in models.items()}
            except BadRequest as exc:
                return error(exc.status, str(exc))
            return await handler(request, **values)

        path, chosen = self.full_path.replace("{id}", ID), parsed if models else handler
        return web.get(path, chosen) if self.method == "GET" else web.route(self.method, path, chosen)


def get(path: str, handler: Handler, summary: str, ok: Answer, *errors: int) -> Endpoint:
    return Endpoint("GET", path, handler, summary, ok, errors)


def post(path: str, handler: Handler, summary: str, ok: Answer, *errors: int, upload: tuple[str, ...] = ()) -> Endpoint:
    return Endpoint("POST", path, handler, summary, ok, errors, upload)


def patch(path: str, handler: Handler, summary: str, ok: Answer, *errors: int) -> Endpoint:
    return Endpoint("PATCH", path, handler, summary, ok, errors)
