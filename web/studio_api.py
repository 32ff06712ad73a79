"""The studio's session endpoints: start, chat, state, generate. Streams are SSE; errors are one JSON sentence.

Each handler translates a request into the same domain calls the Discord cogs make (quota, coach, generation),
under the same per-session lock, so a session behaves the same whichever front end drives it.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from aiohttp import web

from bot.model import PRESETS, STYLE_LABELS, TYPES, Session
from bot.render.stage import Stage
from bot.sessions.create_request import InvalidRequest, parse_create_request
from bot.usecases import (
    AlreadyOpen,
    BriefChange,
    BriefEdited,
    CoachFailed,
    EditUnchanged,
    MonthRefused,
    NoSuchSession,
    Opened,
    OptionsChosen,
    Rendered,
    RenderFailed,
    RenderRefused,
    Replied,
    SessionView,
    SpendShown,
    TierContext,
    TierDecision,
    TurnsUsedUp,
    choose_options,
    coach_opening,
    coach_turn,
    edit_brief,
    mark_choices,
    open_session,
    open_session_view,
    render_click,
    render_delivered,
    render_notes,
    resolve_tier,
    session_view,
    studio_spend,
)
from web.api_models import BriefBody, GenerateBody, MessageBody, StartBody
from web.contract import Endpoint, get, patch, post
from web.events import RenderOutcome, Reply
from web.identity import USER, error
from web.openapi import event_stream, json_answer
from web.sse import EventStream, wants_json
from web.views import API, access_json, brief_json, creation_json, marks_json, spend_json, view_json
from web.wording import NO_OPEN_SESSION, brief_refused, opening, options, spend_words, status, turn_refused, view_words
from web.wording import clicked as clicked_words

if TYPE_CHECKING:
    from bot.coach import CoachTurn
    from bot.render import GenerationResult, RenderKind
    from bot.services import Services

log = logging.getLogger(__name__)
PROGRESS = {
    Stage.QUEUED: "Queued…", Stage.GENERATING: "Generating your design…", Stage.CHECKING: "Checking the render…",
    Stage.REPAINTING: "Repainting the background…", Stage.FIXING_TEXT: "Fixing the lettering…",
    Stage.FIXING_BACKGROUND: "Fixing the background…", Stage.FINISHING: "Finishing (cut-out, size, format)…",
}  # fmt: skip


def web_thread_id(session_id: int) -> int:
    """Studio sessions have no Discord thread: a negative id marks them and never collides with a snowflake."""
    return -session_id


class StudioApi:
    def __init__(self, services: Services) -> None:
        self.services = services

    def routes(self) -> list[Endpoint]:
        state = json_answer("Brief, missing elements, candidate marks, options, transcript, renders, renders left")
        return [
            get("/access", self.access, "Tier, credits used, limit, remaining, renders per credit, the open session "
                "and whether its credit is in use (reserved, given back without a render)", json_answer("Access")),
            get("/presets", self.presets, "The type and style cards", json_answer("Types and styles")),
            post("/start", self.start, "Open a session: the coach's greeting streams", event_stream(
                "session, token…, brief, notice (the coach could not answer), done",
                "session", "token", "brief", "notice", "done"), 402, 409, 422, 429, 503),
            get("/sessions/current", self.current, "The caller's open session", state, 404),
            get("/sessions/{id}", self.session, "A session", state),
            post("/sessions/{id}/messages", self.messages, "A coach turn", event_stream(
                "token…, brief (with ready), notice (the coach could not answer), done",
                "token", "brief", "notice", "done"), 409, 429),
            post("/sessions/{id}/generate", self.generate, "Render, or edit the last render (change), or vary it "
                 "(vary)", event_stream("progress…, reply (the coach's line on an edit), then render or error, then "
                                        "done; one JSON answer with Accept: application/json",
                                        "progress", "reply", "render", "error", "done",
                                        json_shape=(RenderOutcome, Reply)),
                 409, 502),
            patch("/sessions/{id}/brief", self.edit_brief, "Edit the brief as the user typed it (only the fields "
                  "given; null clears an optional one) and the brand colours (the whole list), or pick a candidate "
                  "mark", json_answer("The brief with ready, colors, marks (candidates when the offline engine is "
                                      "unsure), changed, became_ready"), 409, 422),
        ]  # fmt: skip

    async def tier(self, user_id: int) -> TierDecision:
        return await resolve_tier(self.services, TierContext(user_id=user_id, guild_id=None))

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
        spend = await studio_spend(self.services, request[USER])  # operators see what the bot spends
        if isinstance(spend, SpendShown):
            answer["spend"] = spend_json(spend.spend)
        elif isinstance(spend, MonthRefused):  # the page works without the figures; the operator reads why
            answer["spend_unavailable"] = spend_words(spend)
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
        view = await open_session_view(self.services, request[USER])
        if view is None:
            return error(404, NO_OPEN_SESSION)
        return web.json_response(await self.state(view))

    async def brief_of(self, session: Session) -> dict[str, Any]:
        """The brief card's data: the brief, and the marks to pick from when the engine is unsure."""
        return {**brief_json(session), "marks": marks_json(await mark_choices(self.services, session.brief))}

    async def state(self, view: SessionView) -> dict[str, Any]:
        return {**view_json(view), "marks": marks_json(await mark_choices(self.services, view.session.brief))}

    async def session(self, request: web.Request) -> web.Response:
        view = await session_view(self.services, int(request.match_info["id"]), request[USER])
        if isinstance(view, NoSuchSession):
            return error(status(view), view_words(view))
        return web.json_response(await self.state(view))

    async def start(self, request: web.Request, body: StartBody) -> web.StreamResponse:
        services, user_id = self.services, request[USER]
        try:
            create = parse_create_request(body.type, body.style, body.description, body.colors)
        except InvalidRequest as exc:  # colours that fit the document but are not colours (web/api_models.py)
            return error(422, str(exc))
        decision = await self.tier(user_id)

        async def place(session_id: int) -> int:  # the studio's session lives on the page: no thread to open
            return web_thread_id(session_id)

        outcome = await open_session(services, user_id=user_id, guild_id=None, channel_id=0, request=create,
                                     tier=decision, place=place)  # fmt: skip
        if not isinstance(outcome, Opened):
            response = error(status(outcome), opening(outcome))
            live = outcome.session if isinstance(outcome, AlreadyOpen) else None
            if live is not None and (live.thread_id or 0) < 0:  # the studio's own: the page can open it
                response.headers["Location"] = f"{API}/sessions/{live.id}"
            return response
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

    async def messages(self, request: web.Request, body: MessageBody) -> web.StreamResponse:
        content = body.content.strip()
        new_reference = body.new_reference  # the page uploaded a reference just before
        streams: list[EventStream] = []

        async def accepted() -> None:  # refusals before this answer in one JSON sentence, without a stream
            streams.append(await EventStream(request).open())

        outcome = await coach_turn(self.services, int(request.match_info["id"]), request[USER], [content],
                                   lambda s, turn: self._present(streams[0], s.id, turn),
                                   new_reference=new_reference, accepted=accepted)  # fmt: skip
        if not streams:
            return error(status(outcome), turn_refused(outcome))
        if not isinstance(outcome, Replied):
            await streams[0].send("notice", {"message": turn_refused(outcome)})
        await streams[0].send("done", {})
        return await streams[0].finish()

    async def edit_brief(self, request: web.Request, body: BriefBody) -> web.Response:
        """The brief card edited in place: the fields and the brand colours the user set, nothing else."""
        change = BriefChange(fields=body.fields.model_dump(exclude_unset=True), colors=body.colors, mark=body.mark)
        outcome = await edit_brief(self.services, int(request.match_info["id"]), request[USER], change)
        if not isinstance(outcome, BriefEdited):
            # The body fits the document: a word that is not a colour cannot be read (422); what this session's type
            # or brief refuses (a field it lacks, emptying a required one, a text too long for this type, a mark not
            # offered) conflicts with its state (409).
            return error(status(outcome), brief_refused(outcome))
        answer = {**await self.brief_of(outcome.session), "changed": list(outcome.changed),
                  "became_ready": outcome.became_ready}  # fmt: skip
        return web.json_response(answer)

    async def generate(self, request: web.Request, body: GenerateBody) -> web.StreamResponse:
        session_id = int(request.match_info["id"])
        picked = body.model_dump(include={"size", "format", "background"}, exclude_none=True)  # the session keeps
        if "background" in picked:  # the others
            picked["background"] = picked["background"].lower()
        chosen = await choose_options(self.services, session_id, request[USER], **picked)
        if isinstance(chosen, NoSuchSession):
            return error(status(chosen), options(chosen))
        if not isinstance(chosen, OptionsChosen):  # ended: as the render's own refusal says it
            return web.json_response({"error": options(chosen), "reason": "ended"}, status=status(chosen))
        change = body.change.strip()
        kind = "edit" if change else "vary" if body.vary else "generate"
        # expect_renders: the render count the page showed when the button was pressed: a double submit renders once.
        return await self._render(request, session_id, kind, change, body.expect_renders)

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
            warning = legibility.warning if legibility else None
            notes.extend([*render_notes(result.render), *([warning] if warning else [])])

        clicked = await render_click(services, session_id, request[USER], kind, progress, expect=expect, change=change,
                                     accepted=accepted, acknowledge=acknowledge, deliver=deliver)  # fmt: skip
        outcome: dict[str, Any]
        if isinstance(clicked, Rendered):
            result = clicked.result
            outcome = {"render": creation_json(result.creation), "number": result.number, "budget": result.budget,
                       "notes": notes}  # fmt: skip
        elif isinstance(clicked, EditUnchanged):  # no render spent: the coach says so in the chat
            outcome = {"unchanged": True, "text": clicked_words(clicked)}
        else:
            outcome = {"error": clicked_words(clicked)}
            if isinstance(clicked, RenderRefused):
                outcome["reason"] = clicked.reason
            elif isinstance(clicked, RenderFailed):
                outcome["retry"] = True
        stream = streams[0] if streams else None
        if stream is None:
            return web.json_response(outcome, status=status(clicked))
        await stream.send({Rendered: "render", EditUnchanged: "reply"}.get(type(clicked), "error"), outcome)
        await stream.send("done", {})
        return await stream.finish()
