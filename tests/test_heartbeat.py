"""The container health check: healthy only while the bot process is connected and alive."""

import asyncio
import json
import time

from bot.runtime.heartbeat import FILE_NAME, beat, check


async def test_health_follows_the_connection_and_goes_stale_when_the_process_hangs(tmp_path):
    assert check(tmp_path)[0] is False  # not started yet
    connected = [False]
    task = asyncio.create_task(beat(tmp_path, lambda: connected[0], interval=0.01))
    try:
        await asyncio.sleep(0.05)
        healthy, why = check(tmp_path)
        assert not healthy and "not connected" in why
        connected[0] = True
        await asyncio.sleep(0.05)
        assert check(tmp_path)[0] is True
    finally:
        task.cancel()
    state = json.loads((tmp_path / FILE_NAME).read_text())
    healthy, why = check(tmp_path, now=state["at"] + 120)  # no beat for two minutes: hung or stopped
    assert not healthy and "old" in why
    assert time.time() - state["at"] < 5
