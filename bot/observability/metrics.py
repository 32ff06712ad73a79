"""Operator metrics for Prometheus (optional: `[metrics] port`, off by default).

Each bot gets its own registry, so two bots in one process (the tests) never share counters. When metrics are
off every call is a no-op, so domain code can report without checking.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

log = logging.getLogger(__name__)

CREDIT_EVENTS = ("reserved", "spent", "refunded")


class Metrics:
    def __init__(self, enabled: bool = False) -> None:
        self.enabled = enabled
        self._server: Any = None
        if not enabled:
            return
        from prometheus_client import CollectorRegistry, Counter, Histogram

        self.registry = CollectorRegistry()
        self._sessions = Counter("profile_creator_sessions", "Design sessions opened", registry=self.registry)
        self._renders = Counter("profile_creator_renders", "Renders delivered", ["kind"], registry=self.registry)
        self._failures = Counter(
            "profile_creator_render_failures", "Failed render attempts by kind", ["kind"], registry=self.registry
        )
        self._credits = Counter(
            "profile_creator_credits", "Credit life-cycle events", ["event"], registry=self.registry
        )
        self._model = Histogram(
            "profile_creator_model_latency_seconds", "Model call latency", ["call"], registry=self.registry,
            buckets=(0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 40, 90),
        )  # fmt: skip
        self._processing = Histogram(
            "profile_creator_postprocess_seconds", "Image post-processing time", registry=self.registry,
            buckets=(0.01, 0.025, 0.05, 0.1, 0.2, 0.4, 0.8, 1.6),
        )  # fmt: skip
        self._tokens = Counter(
            "profile_creator_model_tokens", "Model tokens billed, by model, call and kind (prompt, output, thought)",
            ["model", "call", "kind"], registry=self.registry,
        )  # fmt: skip
        self._cost = Counter(
            "profile_creator_model_cost_usd", "Estimated model spend (config prices)", ["model"], registry=self.registry
        )
        for event in CREDIT_EVENTS:
            self._credits.labels(event)  # present at 0 from the start, so rates work before the first event

    def watch_design_workers(self, stats: Callable[[], Any]) -> None:
        """The design workers' queue, read at each scrape: ``stats()`` gives ``waiting`` and ``running`` (kind ->
        jobs), ``users_waiting``, ``shares`` (user -> fraction of the recent worker time), ``stuck`` and
        ``workers`` (bot.design.worker.WorkerStats; this package knows nothing above it)."""
        if self.enabled:
            self.registry.register(_DesignWorkers(stats))

    def serve(self, port: int, address: str = "0.0.0.0") -> None:
        if not self.enabled:
            return
        from prometheus_client import start_http_server

        self._server, _ = start_http_server(port, addr=address, registry=self.registry)
        log.info("metrics on http://%s:%d/metrics", address, port)

    def close(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server = None

    def session_opened(self) -> None:
        if self.enabled:
            self._sessions.inc()

    def render_delivered(self, kind: str) -> None:
        if self.enabled:
            self._renders.labels(kind).inc()

    def render_failed(self, kind: str) -> None:
        if self.enabled:
            self._failures.labels(kind).inc()

    def credit(self, event: str) -> None:
        if self.enabled:
            self._credits.labels(event).inc()

    def model_tokens(self, model: str, call: str, prompt: int, output: int, thought: int, cost: float) -> None:
        if self.enabled:
            for kind, count in (("prompt", prompt), ("output", output), ("thought", thought)):
                self._tokens.labels(model, call, kind).inc(count)
            self._cost.labels(model).inc(cost)

    @contextmanager
    def model_call(self, call: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            if self.enabled:
                self._model.labels(call).observe(time.perf_counter() - started)

    @contextmanager
    def post_processing(self) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            if self.enabled:
                self._processing.observe(time.perf_counter() - started)


class _DesignWorkers:
    """A collector: the numbers are the scheduler's own, read when Prometheus asks, so nothing is kept twice.
    A user's share is exported only while they have recent worker time, so the series stay few."""

    def __init__(self, stats: Callable[[], Any]) -> None:
        self._stats = stats

    def collect(self) -> Iterator[Any]:
        from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily

        now = self._stats()
        waiting = GaugeMetricFamily("profile_creator_design_queue_depth", "Design jobs waiting for a worker",
                                    labels=["kind"])  # fmt: skip
        running = GaugeMetricFamily("profile_creator_design_jobs_running", "Design jobs running", labels=["kind"])
        for kind in ("interactive", "bulk"):
            waiting.add_metric([kind], now.waiting.get(kind, 0))
            running.add_metric([kind], now.running.get(kind, 0))
        yield waiting
        yield running
        yield GaugeMetricFamily("profile_creator_design_users_waiting", "Users with design jobs waiting",
                                value=now.users_waiting)  # fmt: skip
        yield GaugeMetricFamily("profile_creator_design_workers", "Design worker processes", value=now.workers)
        share = GaugeMetricFamily(
            "profile_creator_design_user_share",
            "Each user's fraction of the design workers' recent time (decayed, half-life 20 s)", labels=["user"],
        )  # fmt: skip
        for user, fraction in sorted(now.shares.items(), key=lambda item: -item[1])[:50]:
            share.add_metric(["none" if user is None else str(user)], fraction)
        yield share
        yield CounterMetricFamily("profile_creator_design_jobs_stuck", "Design jobs ended (their worker replaced) "
                                  "after running past the job limit", value=now.stuck)  # fmt: skip


NO_METRICS = Metrics(enabled=False)
