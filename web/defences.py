"""A public web app's defences that every response gets: security headers, and API calls refused when another site
makes them.

- ``Content-Security-Policy`` allows only the studio's own scripts, styles, images and connections (no inline
  script), ``frame-ancestors 'none'`` and ``X-Frame-Options: DENY`` stop clickjacking of Generate or Forget,
  ``nosniff``, ``Referrer-Policy: no-referrer`` and the cross-origin opener and resource policies close the rest.
- Browsers say who asked in ``Sec-Fetch-Site``. An ``<img>`` or ``fetch`` on another site (``cross-site``, or
  ``same-site``: another port on localhost) must not spend the owner's export allowance, fetch their files or
  probe which ids exist, so every API request that does not come from the studio's own pages is refused. Clients
  that send no such header (curl, scripts) are not browsers on someone else's page and are let through.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from aiohttp import web

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; "
    "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    # Another site's window opened from the studio (or opening it) gets no handle on it, and no other site may
    # embed the studio's images or API answers (its files carry the user's designs).
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}
OWN_PAGES = {"same-origin", "none"}  # "none": the user typed the address or followed a bookmark


def _with_headers(response: web.StreamResponse) -> web.StreamResponse:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    return response


@web.middleware
async def defences(request: web.Request, handler: Handler) -> web.StreamResponse:
    site = request.headers.get("Sec-Fetch-Site")
    if request.path.startswith("/api/") and site is not None and site not in OWN_PAGES:
        refused = web.json_response({"error": "The studio's API answers only its own pages."}, status=403)
        return _with_headers(refused)
    try:
        response = await handler(request)
    except web.HTTPException as exc:  # aiohttp's own 404/405 answers get the headers too
        _with_headers(exc)
        raise
    if not response.prepared:  # a stream (SSE) that already sent its headers set them itself
        _with_headers(response)
    return response


async def on_prepare(request: web.Request, response: web.StreamResponse) -> None:
    """Streams (SSE, file responses) send their headers before the middleware sees them: set them here too."""
    _with_headers(response)
