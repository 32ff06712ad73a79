"""Slow clients against the studio process (loopback): 400 connections trickling their headers a byte at a time are
closed by the header deadline while another user's requests stay fast; a trickled body gets 408; a client that
drops mid-body costs one log line, not a traceback; connections past the cap get 503."""

import asyncio
import logging
import os
import resource
import statistics
import sys
import time

import aiohttp

from tests.harness import ROOT, free_port
from web.slow_clients import RefusalLog

SLOW = 400


async def _studio(tmp_path, **web: object):
    port = free_port()
    config = tmp_path / "config.toml"
    extra = "".join(f"{key} = {value}\n" for key, value in web.items())
    config.write_text(f'data_dir = "{tmp_path / "data"}"\nlog_level = "INFO"\n[web]\n{extra}')
    env = {k: v for k, v in os.environ.items() if k not in ("GEMINI_API_KEY", "DISCORD_TOKEN")}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "studio", "--config", str(config), "--port", str(port),
        env={**env, "PYTHONPATH": str(ROOT)}, cwd=ROOT,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    assert process.stdout is not None
    await asyncio.wait_for(process.stdout.readline(), 60)  # "Profile Creator studio: http://…"
    return process, port


async def _trickle(port: int, closed_at: list[float], stop: asyncio.Event) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    request = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: " + b"a" * 10_000
    try:
        for byte in request:
            if stop.is_set():
                return
            writer.write(bytes([byte]))
            await writer.drain()
            try:
                if await asyncio.wait_for(reader.read(1), 0.25) == b"":
                    break  # the server closed the connection
            except TimeoutError:
                continue
    except ConnectionError:
        pass
    closed_at.append(time.monotonic())
    writer.close()


async def test_trickling_clients_are_closed_while_others_stay_fast(tmp_path):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(max(soft, 4096), hard), hard))  # 400 sockets in this process
    process, port = await _studio(tmp_path, header_timeout_seconds=2, body_timeout_seconds=2)
    try:
        started, closed_at, stop = time.monotonic(), [], asyncio.Event()
        slow = [asyncio.create_task(_trickle(port, closed_at, stop)) for _ in range(SLOW)]
        timings = []
        async with aiohttp.ClientSession(f"http://127.0.0.1:{port}") as other:
            while time.monotonic() - started < 4:
                began = time.perf_counter()
                async with other.get("/api/v1/profile-creator/access") as answer:
                    assert answer.status == 200
                timings.append((time.perf_counter() - began) * 1000)
                await asyncio.sleep(0.05)
            await asyncio.wait_for(asyncio.gather(*slow), 10)
            stop.set()
            # A body trickled past the body deadline is answered 408.
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(b"POST /api/v1/profile-creator/start HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Profile-Creator: 1\r\n"
                         b"Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{")  # fmt: skip
            answer = await asyncio.wait_for(reader.read(200), 10)
            assert answer.startswith(b"HTTP/1.1 408"), answer
            writer.close()
            # A client that goes away mid-body.
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(b"POST /api/v1/profile-creator/start HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Profile-Creator: 1\r\n"
                         b"Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{")  # fmt: skip
            await asyncio.sleep(0.2)
            writer.transport.abort()
            await asyncio.sleep(0.5)
            async with other.get("/healthz") as health:
                assert health.status == 200
        assert len(closed_at) == SLOW
        assert max(closed_at) - started < 2 + 2  # every trickler closed at the header deadline (2 s) plus slack
        assert statistics.quantiles(timings, n=20)[-1] < 200, timings  # another user's requests stay fast (p95)
        assert max(timings) < 1500  # no stall (the p95 above is the goal; a loaded CI machine spikes alone)
    finally:
        process.terminate()
        stderr = (await process.communicate())[1].decode()
    assert "Traceback" not in stderr, stderr[-3000:]
    assert "ERROR" not in stderr, stderr[-3000:]


async def test_connections_past_the_cap_are_answered_503_and_logged_once(tmp_path):
    """A client reconnecting in a loop past the cap gets a clean 503 each time and adds a line or two to the log
    (a count, at most once a minute), never a traceback."""
    process, port = await _studio(tmp_path, max_connections=5)
    assert process.stderr is not None
    log: list[str] = []
    reading = asyncio.create_task(_read_lines(process.stderr, log))  # a flood must not fill the pipe and stall it
    try:
        held = [await asyncio.open_connection("127.0.0.1", port) for _ in range(5)]
        await asyncio.sleep(0.3)
        before = len(log)
        for _ in range(2000):
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            answer = await asyncio.wait_for(reader.read(200), 5)
            assert answer.startswith(b"HTTP/1.1 503"), answer
            writer.close()
        for _, w in held:
            w.close()
        await asyncio.sleep(0.3)
        async with aiohttp.ClientSession() as fresh:  # room again once they are gone
            async with fresh.get(f"http://127.0.0.1:{port}/healthz") as health:
                assert health.status == 200
    finally:
        process.terminate()
        await process.wait()
        await reading
    logged = log[before:]
    assert len(logged) <= 3, "".join(logged[:20])
    assert not any("Traceback" in line or "ERROR" in line for line in log), "".join(log[-20:])
    assert any("past the connection cap" in line for line in logged), logged


async def _read_lines(stream: asyncio.StreamReader, into: list[str]) -> None:
    while line := await stream.readline():
        if line.strip():
            into.append(line.decode())


async def test_refusals_past_the_cap_are_logged_once_then_counted_once_a_period(caplog):
    """The first refusal is logged at once; the rest of the period's are one line with their count; a quiet period
    ends it, and the next refusal is logged at once again (the studio's period is a minute)."""
    refused = RefusalLog(5, every=0.3)
    with caplog.at_level(logging.WARNING, logger="web.slow_clients"):
        for _ in range(1000):
            refused.one()
        assert len(caplog.records) == 1 and "past the connection cap (5)" in caplog.records[0].getMessage()
        await asyncio.sleep(0.45)
        assert [r.getMessage() for r in caplog.records[1:]] == [
            "999 more connections past the connection cap (5) were answered 503 in the last 0.3 s"
        ]
        await asyncio.sleep(0.5)  # a period with none (its timer fired by now): nothing logged
        assert len(caplog.records) == 2
        refused.one()
        assert len(caplog.records) == 3
