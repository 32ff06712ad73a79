"""Jobs for the design workers' tests: importable by a spawned worker process."""

import time


def hang() -> None:
    """A job that never answers (as a stuck decode or a runaway trace would)."""
    time.sleep(3600)


def niceness() -> tuple[int, int]:
    """The job's own CPU priority and that of a thread it starts (as the pack's two encoding threads)."""
    import os
    import threading

    started: list[int] = []
    helper = threading.Thread(target=lambda: started.append(os.getpriority(os.PRIO_PROCESS, threading.get_native_id())))
    helper.start()
    helper.join()
    return os.getpriority(os.PRIO_PROCESS, threading.get_native_id()), started[0]


def slow_warm_up() -> tuple[float, float]:
    """A warm-up that takes a while (imports, fonts), reporting when it ran."""
    started = time.monotonic()
    time.sleep(0.4)
    return started, time.monotonic()


def pid() -> int:
    import os

    return os.getpid()
