"""Worker processes shared fairly between users, for CPU work kept off the event loop: a library with no project
state (the design engine's jobs and the untrusted-image decodes each run their own pool). Light to import: a
decode worker loads only this and what its job needs."""

from bot.workers.fair_queue import User
from bot.workers.pool import Workers, WorkerStats

__all__ = ["User", "WorkerStats", "Workers"]
