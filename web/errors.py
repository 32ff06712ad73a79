"""Every error is the API's JSON error: aiohttp's own answers (no route, an id past 18 digits, a method the route
lacks with its Allow header, a body past the size limit) and an unexpected failure become ``{"error": sentence}``
with the same status, so a client generated from the OpenAPI document reads every refusal alike."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from aiohttp import web

from web.identity import error

log = logging.getLogger(__name__)
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
SENTENCES = {
    404: "There is nothing at this address.",
    405: "This address does not answer that method (Allow lists the ones it does).",
    413: "The request body is too large.",
}
KEPT_HEADERS = ("Allow", "Retry-After", "Connection")


@web.middleware
async def json_errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        return await handler(request)
    except web.HTTPException as exc:
        if exc.status < 400:  # redirects (the login flow) stay as they are
            raise
        answer = error(exc.status, SENTENCES.get(exc.status) or f"{exc.reason}.")
        for name in KEPT_HEADERS:
            if name in exc.headers:
                answer.headers[name] = exc.headers[name]
        return answer
    except Exception:
        log.exception("%s %s failed", request.method, request.path)
        return error(500, "Something went wrong on the studio's side; try again.")
