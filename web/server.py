"""The studio: one aiohttp application serving the page, the API (SSE) and, in hosted mode, Discord login.

aiohttp.web, because discord.py already brings aiohttp: the studio shares the bot's event loop and services in one
process (``web.enabled``) with no second server stack.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from aiohttp import web

from bot.config import Settings
from bot.runtime import explain, settle_startup_objects, stop_on_signals
from bot.services import Services
from bot.usecases import keep_house, recover
from web.account_api import AccountApi
from web.contract import Endpoint, get
from web.defences import defences, on_prepare
from web.errors import json_errors
from web.identity import USER, identity_middleware
from web.kit_api import KitApi
from web.oauth import DiscordLogin
from web.openapi import document, json_answer
from web.reference_api import MAX_UPLOAD, ReferenceApi
from web.slow_clients import GuardedRunner, body_deadline
from web.studio_api import StudioApi
from web.wording import UPLOAD_TOO_LARGE

if TYPE_CHECKING:
    from bot.sessions import SweepResult

log = logging.getLogger(__name__)
STATIC = Path(__file__).parent / "static"


def make_app(services: Services) -> web.Application:
    settings = services.settings
    body = body_deadline(settings.web.body_timeout_seconds, MAX_UPLOAD, UPLOAD_TOO_LARGE)
    guards = [defences, json_errors, identity_middleware(settings.web, services), body]
    app = web.Application(middlewares=guards, client_max_size=MAX_UPLOAD)
    app.on_response_prepare.append(on_prepare)
    login = DiscordLogin(settings, services)

    async def me(request: web.Request) -> web.Response:
        return web.json_response({"user_id": request[USER], "login": settings.web.login,
                                  "offline": services.coach.offline})  # fmt: skip

    async def openapi(request: web.Request) -> web.Response:
        return web.json_response(contract)

    async def health(request: web.Request) -> web.Response:
        await services.db.fetchone("SELECT 1 AS ok")  # the database answers, too
        return web.json_response({"ok": True})

    async def index(request: web.Request) -> web.FileResponse:
        return web.FileResponse(STATIC / "index.html")

    studio = StudioApi(services)
    endpoints: list[Endpoint] = [
        get("/me", me, "Who is asking, whether login is on, and whether the studio runs offline",
            json_answer("The caller")),
        get("/openapi.json", openapi, "This document", json_answer("The OpenAPI document")),
        *studio.routes(), *AccountApi(services, studio).routes(), *ReferenceApi(services).routes(),
        *KitApi(services).routes(),
    ]  # fmt: skip
    contract = document(endpoints, login=settings.web.login)
    app.add_routes(endpoint.route() for endpoint in endpoints)
    app.add_routes([
        web.get("/", index),
        web.get("/healthz", health),
        web.get("/auth/login", login.login),
        web.get("/auth/callback", login.callback),
        web.post("/auth/logout", login.logout),
        web.static("/static", STATIC),
    ])  # fmt: skip
    return app


async def start_studio(services: Services, host: str, port: int) -> tuple[web.AppRunner, str]:
    """Serve the studio in the running loop; returns the runner (to clean up) and the URL it answers on."""
    runner = GuardedRunner(make_app(services), services.settings.web, access_log=None, shutdown_timeout=2)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    bound = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    return runner, f"http://{shown}:{bound}/"


async def log_sweep(result: SweepResult) -> None:
    """Idle studio sessions warn, expire and refund as the bot's do; the page shows the state on its next load, so
    the studio's report is a log line."""
    if result.expired or result.abandoned or result.interrupted or result.files_deleted:
        log.info("sweep: %d expired, %d abandoned, %d renders of a stopped process released, "
                 "%d orphan files deleted", len(result.expired), len(result.abandoned),
                 len(result.interrupted), result.files_deleted)  # fmt: skip


def run_studio(settings: Settings, host: str | None = None, port: int | None = None) -> int:
    """The studio alone (no Discord token needed); stops on SIGINT/SIGTERM."""

    async def main() -> None:
        services = await Services.create(settings)
        # Studio-only: the housekeeping the bot's lifecycle cog does (there is no bot here to do it).
        report = (await recover(services)).report
        if report.abandoned or report.interrupted:
            log.warning("recovered after a restart: %d abandoned (refunded), %d interrupted (back to active)",
                        len(report.abandoned), len(report.interrupted))  # fmt: skip
        sweeper = asyncio.create_task(keep_house(services, log_sweep), name="studio-sweeper")
        chosen_port = settings.web.port if port is None else port
        runner, url = await start_studio(services, host or settings.web.host, chosen_port)
        mode = "offline renderer (set GEMINI_API_KEY for Gemini)" if services.coach.offline else "Gemini"
        print(f"Profile Creator studio: {url} — {mode}", flush=True)
        settle_startup_objects()
        stop = asyncio.Event()

        async def begin_stop() -> None:
            stop.set()

        stop_on_signals(begin_stop)
        try:
            await stop.wait()
        finally:
            sweeper.cancel()
            await runner.cleanup()
            await services.close()

    try:
        asyncio.run(main())
    except Exception as exc:  # the bot's one-sentence start-up failures (database, Gemini key or model)
        failure = explain(exc, settings)
        if failure is None:
            raise
        print(f"error: {failure.sentence}", file=sys.stderr)
        return failure.code
    return 0
