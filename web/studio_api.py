"""The studio's session endpoints: start, chat, state, generate. Streams are SSE; errors are one JSON sentence.

Each handler translates a request into the same domain calls the Discord cogs make (quota, coach, generation),
under the same per-session lock, so a session behaves the same whichever front end drives it.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from aiohttp import web

from bot.accounts import QueryTimedOut, TierContext, TierDecision
from bot.coach import CoachTurn
from bot.model import (
    PRESETS,
    STYLE_LABELS,
    TYPES,
    ImagingError,
    Session,
)
from bot.render import ALREADY_ON_IT, GenerationResult, RenderKind, Stage
from bot.services import Services
from bot.sessions import InvalidRequest, parse_create_request
from bot.usecases import (
    BUSY,
    AlreadyOnIt,
    AlreadyOpen,
    BriefChange,
    BriefEdited,
    CoachFailed,
    NoCredits,
    NoSuchSession,
    NothingToSay,
    Opened,
    OptionsChosen,
    Rendered,
    RenderFailed,
    RenderRefused,
    Replied,
    SessionEnded,
    TooLong,
    TurnsUsedUp,
    choose_options,
    coach_opening,
    coach_turn,
    edit_brief,
    mark_choices,
    open_session,
    render_click,
    render_delivered,
)
from web.identity import USER, error
from web.sse import EventStream, wants_json
from web.views import API, ID, access_json, brief_json, creation_json, marks_json, session_json, spend_json
from web.wording import ENDED, already_open, brief_refused, no_credits, refusal_text, turn_refused, turns_used_up

log = logging.getLogger(__name__)
PROGRESS = {
    Stage.QUEUED: "Queued…", Stage.GENERATING: "Generating your design…", Stage.CHECKING: "Checking the render…",
    Stage.REPAINTING: "Repainting the background…", Stage.FIXING_TEXT: "Fixing the lettering…",
    Stage.FIXING_BACKGROUND: "Fixing the background…", Stage.FINISHING: "Finishing (cut-out, size, format)…",
}  # fmt: skip


class BadRequest(Exception):
    pass


async def body_of(request: web.Request) -> dict[str, Any]:
    try:
        body = await request.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise BadRequest("The request body must be JSON.") from None
    except RecursionError:  # nested past Python's limit: not a body the studio ever sends
        raise BadRequest("The request body is nested too deeply.") from None
    except ValueError:  # e.g. an integer of thousands of digits (Python's int-parsing limit)
        raise BadRequest("The request body has a number too large to read.") from None
    if not isinstance(body, dict):
        raise BadRequest("The request body must be a JSON object.")
    return body


def brief_change(body: dict[str, Any]) -> BriefChange:
    """``{"fields": {element: text or null}, "colors": [colour, ...], "mark": a picked mark}``: each optional."""
    fields, colors, mark = body.get("fields", {}), body.get("colors"), body.get("mark")
    if not isinstance(fields, dict) or not all(isinstance(v, str | None) for v in fields.values()):
        raise BadRequest("fields must be an object of texts (or null to clear one).")
    if colors is not None and (not isinstance(colors, list) or not all(isinstance(c, str) for c in colors)):
        raise BadRequest("colors must be a list of colours.")
    if mark is not None and not isinstance(mark, str):
        raise BadRequest("mark must be the name of an offered mark.")
    return BriefChange(fields=fields, colors=colors, mark=mark)


def web_thread_id(session_id: int) -> int:
    """Studio sessions have no Discord thread: a negative id marks them and never collides with a snowflake."""
    return -session_id


class StudioApi:
    def __init__(self, services: Services) -> None:
        self.services = services

    def routes(self) -> list[web.RouteDef]:
        return [
            web.get(f"{API}/access", self.access),
            web.get(f"{API}/presets", self.presets),
            web.post(f"{API}/start", self.start),
            web.get(f"{API}/sessions/current", self.current),
            web.get(f"{API}/sessions/{ID}", self.session),
            web.post(f"{API}/sessions/{ID}/messages", self.messages),
            web.post(f"{API}/sessions/{ID}/generate", self.generate),
            web.patch(f"{API}/sessions/{ID}/brief", self.edit_brief),
        ]

    async def tier(self, user_id: int) -> TierDecision:
        return await self.services.tiers.resolve(TierContext(user_id=user_id, guild_id=None))

    async def owned(self, request: web.Request) -> Session | None:
        """The caller's session, or None: someone else's answers exactly like one that does not exist."""
        session = await self.services.sessions.get(int(request.match_info["id"]))
        return session if session is not None and session.user_id == request[USER] else None

    async def access(self, request: web.Request) -> web.Response:
        decision = await self.tier(request[USER])
        status = await self.services.quota.status(request[USER], decision.tier)
        answer = access_json(status, decision.source, self.services.settings.quota.renders_per_credit,
                             offline=self.services.coach.offline)  # fmt: skip
        # The open session (so the page asks for it by id instead of probing), and whether its credit is only
        # reserved: "in use", given back if the session ends without a render.
        live = await self.services.sessions.active_for_user(request[USER])
        answer["open_session"] = live.id if live else None
        answer["in_use"] = 1 if live is not None and live.credit_state == "reserved" else 0
        if self.services.settings.web.is_operator(request[USER]):  # operators see what the bot spends
            try:
                answer["spend"] = spend_json(await self.services.spend.for_month(self.services.quota.current_month()))
            except QueryTimedOut as exc:  # the page works without the figures; the operator reads why
                answer["spend_unavailable"] = f"{exc}; reload the page to try again."
        return web.json_response(answer)

    async def presets(self, request: web.Request) -> web.Response:
        """The type and style cards, from the same tables the bot's pickers use."""
        types = [
            {"value": t.value, "label": t.label, "emoji": t.emoji, "noun": t.noun, "aspect": list(t.aspect),
             "elements": [{"name": e, "label": t.requirements.labels[e].capitalize()}
                          for e in (*t.requirements.required, *t.requirements.recommended)]}
            for t in TYPES.values()
        ]  # fmt: skip
        styles = [
            {"value": name, "emoji": STYLE_LABELS[name].split(" ", 1)[0], "label": STYLE_LABELS[name].split(" ", 1)[1],
             "look": preset.description, "palette": list(preset.palette)}
            for name, preset in PRESETS.items()
        ]  # fmt: skip
        return web.json_response({"types": types, "styles": styles})

    async def current(self, request: web.Request) -> web.Response:
        session = await self.services.sessions.active_for_user(request[USER])
        if session is None:
            return error(404, "You have no open design session.")
        return web.json_response(await self.state(session))

    async def brief_of(self, session: Session) -> dict[str, Any]:
        """The brief card's data: the brief, and the marks to pick from when the engine is unsure."""
        return {**brief_json(session), "marks": marks_json(await mark_choices(self.services, session.brief))}

    async def state(self, session: Session) -> dict[str, Any]:
        services = self.services
        creations = await services.gallery.for_session(session.id)
        transcript = await services.sessions.transcript(session.id, limit=200)
        renders = await services.renders.for_session(session.id)
        marks = marks_json(await mark_choices(services, session.brief))
        return {**session_json(session, creations, transcript, services.generation.budget, renders), "marks": marks}

    async def session(self, request: web.Request) -> web.Response:
        session = await self.owned(request)
        if session is None:
            return error(404, "No such session.")
        return web.json_response(await self.state(session))

    async def start(self, request: web.Request) -> web.StreamResponse:
        services, user_id = self.services, request[USER]
        try:
            body = await body_of(request)
            create = parse_create_request(str(body.get("type", "")), str(body.get("style", "")),
                                          body.get("description"), body.get("colors"))  # fmt: skip
        except (BadRequest, InvalidRequest) as exc:
            return error(400, str(exc))
        decision = await self.tier(user_id)

        async def place(session_id: int) -> int:  # the studio's session lives on the page: no thread to open
            return web_thread_id(session_id)

        outcome = await open_session(services, user_id=user_id, guild_id=None, channel_id=0, request=create,
                                     tier=decision, place=place)  # fmt: skip
        if isinstance(outcome, TurnsUsedUp):
            return error(429, turns_used_up(outcome) + " Nothing was charged.")
        if isinstance(outcome, AlreadyOpen):
            response = error(409, already_open(outcome))
            if outcome.session is not None and (outcome.session.thread_id or 0) < 0:
                response.headers["Location"] = f"{API}/sessions/{outcome.session.id}"
            return response
        if isinstance(outcome, NoCredits):
            return error(402, no_credits(outcome))
        if not isinstance(outcome, Opened):
            return error(503, "The session could not be opened; nothing was charged. Try again.")
        stream = await EventStream(request).open()
        await stream.send("session", {"id": outcome.session.id, "offline": services.coach.offline})
        greeted = await coach_opening(services, outcome.session, lambda s, turn: self._present(stream, s.id, turn))
        if isinstance(greeted, TurnsUsedUp | CoachFailed):
            await stream.send("notice", {"message": turn_refused(greeted)})
        await stream.send("done", {})
        return await stream.finish()

    async def _present(self, stream: EventStream, session_id: int, turn: CoachTurn) -> None:
        async for chunk in turn.stream():
            await stream.send("token", {"text": chunk})
        await turn.settle()
        session = await self.services.sessions.get(session_id)
        assert session is not None
        await stream.send("brief", {**await self.brief_of(session), "became_ready": turn.became_ready})

    async def messages(self, request: web.Request) -> web.StreamResponse:
        try:
            body = await body_of(request)
        except BadRequest as exc:
            return error(400, str(exc))
        content = str(body.get("content", "")).strip()
        new_reference = body.get("new_reference") is True  # the page uploaded a reference just before
        if not content and not new_reference:
            return error(400, turn_refused(NothingToSay()))
        streams: list[EventStream] = []

        async def accepted() -> None:  # refusals before this answer in one JSON sentence, without a stream
            streams.append(await EventStream(request).open())

        outcome = await coach_turn(self.services, int(request.match_info["id"]), request[USER], [content],
                                   lambda s, turn: self._present(streams[0], s.id, turn),
                                   new_reference=new_reference, accepted=accepted)  # fmt: skip
        if not streams:
            status = {NoSuchSession: 404, TurnsUsedUp: 429, TooLong: 400, NothingToSay: 400}.get(type(outcome), 409)
            return error(status, turn_refused(outcome))
        if not isinstance(outcome, Replied):
            await streams[0].send("notice", {"message": turn_refused(outcome)})
        await streams[0].send("done", {})
        return await streams[0].finish()

    async def edit_brief(self, request: web.Request) -> web.Response:
        """The brief card edited in place: the fields and the brand colours the user set, nothing else."""
        try:
            body = await body_of(request)
            change = brief_change(body)
        except BadRequest as exc:
            return error(400, str(exc))
        outcome = await edit_brief(self.services, int(request.match_info["id"]), request[USER], change)
        if not isinstance(outcome, BriefEdited):
            status = {NoSuchSession: 404, SessionEnded: 409}.get(type(outcome), 400)
            return error(status, brief_refused(outcome))
        answer = {**await self.brief_of(outcome.session), "changed": list(outcome.changed),
                  "became_ready": outcome.became_ready}  # fmt: skip
        return web.json_response(answer)

    async def generate(self, request: web.Request) -> web.StreamResponse:
        session_id = int(request.match_info["id"])
        try:
            body = await body_of(request)
            picked: dict[str, object] = {}  # the options the page sent; the session keeps the others
            if "size" in body:
                picked["size"] = int(body["size"])
            if "format" in body:
                picked["format"] = str(body["format"])
            if "background" in body:
                picked["background"] = str(body["background"]).lower()
            chosen = await choose_options(self.services, session_id, request[USER], **picked)
        except OverflowError:  # 1e400 is infinity: no size
            return error(400, "size must be one of 256, 512, 1024")
        except (BadRequest, ImagingError, ValueError, TypeError) as exc:
            return error(400, str(exc))
        if isinstance(chosen, NoSuchSession):
            return error(404, "No such session.")
        if not isinstance(chosen, OptionsChosen):  # ended: as the render's own refusal says it
            return web.json_response({"error": ENDED, "reason": "ended"}, status=409)
        change = str(body.get("change") or "").strip()
        kind = "edit" if change else "vary" if body.get("vary") else "generate"
        # The render count the page showed when the button was pressed: a double submit renders once.
        expect = body.get("expect_renders")
        expect = expect if isinstance(expect, int) and not isinstance(expect, bool) else None
        return await self._render(request, session_id, kind, change, expect)

    async def _render(
        self, request: web.Request, session_id: int, kind: RenderKind, change: str, expect: int | None
    ) -> web.StreamResponse:
        services = self.services
        streams: list[EventStream] = []
        notes: list[str] = []

        async def accepted() -> None:  # refusals before this answer 409 in one sentence, without a stream
            if not wants_json(request):
                streams.append(await EventStream(request).open())

        async def progress(stage: Stage) -> None:
            for stream in streams:
                await stream.send("progress", {"stage": stage.value, "message": PROGRESS.get(stage, "")})

        async def acknowledge(line: str) -> None:  # the coach's line on an edit: in the chat now, not on reload
            for stream in streams:
                await stream.send("reply", {"text": line})

        async def deliver(result: GenerationResult) -> None:
            legibility = (await render_delivered(services, result.creation, result.data)).legibility
            notes.extend(n for n in (result.render.note, legibility.warning if legibility else None) if n)

        clicked = await render_click(services, session_id, request[USER], kind, progress, expect=expect, change=change,
                                     accepted=accepted, acknowledge=acknowledge, deliver=deliver)  # fmt: skip
        outcome: dict[str, Any]
        status = 200
        if isinstance(clicked, Rendered):
            result = clicked.result
            outcome = {"render": creation_json(result.creation), "number": result.number, "budget": result.budget,
                       "notes": notes}  # fmt: skip
        elif isinstance(clicked, RenderRefused):
            refusal = clicked.refusal
            outcome = {"error": refusal_text(refusal, services.generation.budget), "reason": refusal.reason}
            status = 409
        elif isinstance(clicked, RenderFailed):
            outcome, status = {"error": clicked.message, "retry": True}, 502
        elif isinstance(clicked, NoSuchSession):
            outcome, status = {"error": "No such session."}, 404
        else:
            outcome, status = {"error": ALREADY_ON_IT if isinstance(clicked, AlreadyOnIt) else BUSY}, 409
        stream = streams[0] if streams else None
        if stream is None:
            return web.json_response(outcome, status=status)
        await stream.send("render" if status == 200 else "error", outcome)
        await stream.send("done", {})
        return await stream.finish()
