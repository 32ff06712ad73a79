"""The fake Discord in a process of its own, driven by ``bench.discord_load`` over its stdin and stdout (one JSON
object a line each way). The fake is a test tool: run on the bench's own event loop, its 200 gateway sends and 200
callback parses were most of the ack time measured, so the figure was the fake's and not the bot's. Here the ack is
timed as Discord would see it: from the moment the INTERACTION_CREATE was written to the bot's gateway socket to the
moment the bot's callback POST arrived. Arrival is stamped by a pass-through in front of the fake's REST API, on a
thread and loop of its own (``Stamps``): the fake's loop, busy with the 200 sessions' threads and messages, parsed a
callback hundreds of ms after it came (Discord's edge does not queue an ack behind other bots' traffic).

Commands: {"do": "ready"} (wait for the bot's gateway), {"do": "burst", "count": N, "batch": B} (N new users run
/profile create, B at once; answers each ack in ms, and when the fake's loop parsed it, once every session has
its thread), {"do": "stats"}, {"do":
"stop"}. The first line written is where the fake listens.
"""

from __future__ import annotations

import asyncio
import json
import re
import sys
import threading
import time

from tests.fakes.fake_discord import FakeDiscord, Interaction

CALLBACK = re.compile(rb"POST /api/v10/interactions/(\d+)/[^/ ]+/callback")


class Stamps:
    """A TCP pass-through to the fake's port on its own thread and loop, stamping when each interaction's first
    callback request line arrives (time.monotonic, one clock for both loops)."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.arrived: dict[int, float] = {}
        self.port = 0
        self._started = threading.Event()
        threading.Thread(target=asyncio.run, args=(self._serve(),), daemon=True, name="stamps").start()
        self._started.wait(10)

    async def _serve(self) -> None:
        server = await asyncio.start_server(self._client, "127.0.0.1", 0)
        self.port = server.sockets[0].getsockname()[1]
        self._started.set()
        await server.serve_forever()

    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        await asyncio.gather(self._pump(reader, up_writer, stamp=True), self._pump(up_reader, writer, stamp=False))

    async def _pump(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, *, stamp: bool) -> None:
        tail = b""
        try:
            while chunk := await reader.read(65536):
                if stamp:
                    now = time.monotonic()
                    for found in CALLBACK.finditer(tail + chunk):
                        self.arrived.setdefault(int(found[1]), now)
                    tail = chunk[-120:]  # a request line split between two reads
                writer.write(chunk)
                await writer.drain()
        except ConnectionError:
            pass
        finally:
            writer.close()


def _say(message: dict) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


async def _sent(fake: FakeDiscord, user: int, sent: dict[int, float]) -> Interaction:
    interaction = await fake.slash(user, "profile", "create", {"type": "streamer_logo", "style": "minimal"})
    sent[interaction.id] = time.monotonic()  # written to the bot's socket: Discord's clock starts here
    return interaction


async def burst(fake: FakeDiscord, stamps: Stamps, count: int, batch: int) -> tuple[list[float], list[float]]:
    """Each of ``count`` new users runs /profile create, ``batch`` at once; waits until every session has its
    thread. Each ack's latency in ms as Discord sees it, and as the fake's own loop got to it (the figure before)."""
    users = [fake.add_user(f"user{len(fake.users)}") for _ in range(count)]
    sent: dict[int, float] = {}
    acks, parsed = [], []
    for start in range(0, count, batch):
        wave = await asyncio.gather(*(_sent(fake, u, sent) for u in users[start : start + batch]))
        await fake.wait_for(lambda w=wave: all(i.followups for i in w), within=120, what="sessions opened")
        acks += [(stamps.arrived[i.id] - sent[i.id]) * 1000 for i in wave]
        parsed += [((i.acked_at or 0.0) - i.created_at) * 1000 for i in wave]
    return acks, parsed


async def main() -> None:
    fake = FakeDiscord()
    await fake.start()
    stamps = Stamps(fake.port)
    _say({"api_base": f"http://127.0.0.1:{stamps.port}/api/v10", "gateway_url": fake.gateway_url,
          "cdn_base": fake.cdn_base, "guild_id": fake.guild_id})  # fmt: skip
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    try:
        while line := await reader.readline():
            command = json.loads(line)
            if command["do"] == "ready":
                await asyncio.wait_for(fake.gateway_ready.wait(), 60)
                _say({})
            elif command["do"] == "burst":
                acks, parsed = await burst(fake, stamps, command["count"], command["batch"])
                _say({"acks_ms": acks, "parsed_ms": parsed})
            elif command["do"] == "stats":
                _say({"rate_limited": fake.rate_limited})
            else:
                break
    finally:
        await fake.stop()


if __name__ == "__main__":
    asyncio.run(main())
