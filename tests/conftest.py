from __future__ import annotations

import asyncio
import faulthandler
import itertools
import os
import re
import sys
import tempfile
import threading
from pathlib import Path

import certifi
import pytest

from bot.accounts.quota import QuotaService
from bot.config.settings import GeminiSettings, QuotaSettings
from bot.gallery.store import GalleryStore
from bot.model.brief import initial_brief
from bot.providers.gemini import GeminiProvider
from bot.render.store import RenderStore
from bot.storage import Database
from bot.storage.sessions import SessionRepository
from tests.fakes.fake_gemini import FakeGemini
from tests.migrated import migrated_copy


def _one_ca_certificate() -> None:
    """Every test talks to loopback over plain HTTP (fake Discord, fake Gemini, the studio), yet each HTTP client
    loads the whole CA bundle when it is made: google-genai three times per Gemini client (~70 ms of CPU, ~90 clients
    a run). One certificate loads in microseconds, so the tests' processes are pointed at one (SSL_CERT_FILE, read by
    the SDK, aiohttp and OpenSSL): nothing they reach is over TLS."""
    bundle = Path(certifi.where()).read_text(encoding="ascii")
    one = re.search(r"-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----\n", bundle, re.S)
    if one is None:
        return
    ca = Path(tempfile.gettempdir()) / "profile-creator-tests-one-ca.pem"
    with tempfile.NamedTemporaryFile("w", dir=ca.parent, suffix=".pem", delete=False) as file:
        file.write(one.group(0))
    os.replace(file.name, ca)  # replaced whole: runs side by side write the same certificate
    os.environ["SSL_CERT_FILE"] = str(ca)


_one_ca_certificate()


@pytest.fixture
async def fake_gemini():
    server = FakeGemini()
    await server.start()
    yield server
    await server.stop()


def gemini_settings(base_url: str, **overrides) -> GeminiSettings:
    values = {"base_url": base_url, "retry_attempts": 3, "retry_initial_delay_seconds": 0.01, "timeout_seconds": 5}
    return GeminiSettings(**{**values, **overrides})


@pytest.fixture
async def gemini(fake_gemini):
    provider = GeminiProvider(gemini_settings(fake_gemini.base_url), api_key="test-key-123456")
    yield provider
    await provider.aclose()


# Suites whose tests run on both backends (the storage, quota and session layers).
BOTH_BACKENDS = {
    "test_quota", "test_lifecycle", "test_renders", "test_generation", "test_spend", "test_tiers", "test_stats",
    "test_references", "test_held_renders", "test_model_spend", "test_scale", "test_kit_archive", "test_model_memory",
}  # fmt: skip


def pytest_generate_tests(metafunc):
    if "backend" in metafunc.fixturenames and metafunc.module.__name__.rsplit(".", 1)[-1] in BOTH_BACKENDS:
        metafunc.parametrize("backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.slow)], indirect=True)


# Whole suites left out of the inner loop (`./scripts/test -m "not slow"`); CI runs them all. "e2e": the bot or the
# studio end to end (every test_e2e_* suite, and fake Discord, fake Gemini, a browser or a process killed mid-render
# in the others named here).
E2E = {
    "test_web_browser", "test_web_brief_card", "test_fault_kill", "test_fault_concurrency", "test_first_contact_two",
    "test_studio_housekeeping",
}
# PostgreSQL itself; the cut-out's quality floors; the fuzzed API (schemathesis); processes started and stopped
# (start-up failures, slow clients, doctor, the CLI); CPU fairness timed under load; whole brand kits and packs at
# every platform size, offline and painted by Gemini.
SLOW = {
    "test_postgres", "test_cutout", "test_web_contract", "test_startup_errors", "test_slow_clients", "test_doctor",
    "test_fair_workers", "test_brand_kit_gemini", "test_brand_kit", "test_small_marks", "test_cli_image",
    "test_usecases_kept_kits", "test_web_kits",
}
# Single tests: a studio killed mid-render; a whole brand kit through the studio (every platform size, as the kit's
# own suite); the SVG drawn by Chromium (a browser); OCR reading a design (tesseract) is a quality check.
SLOW_TESTS = {
    "test_studio_only_mode_recovers_a_render_cut_off_by_a_crash", "test_the_studio_makes_the_whole_brand_kit",
    "test_the_svg_is_the_same_design_as_the_png",
}


_EXIT_STATUS = pytest.StashKey[int]()


def pytest_sessionfinish(session, exitstatus):
    session.config.stash[_EXIT_STATUS] = int(exitstatus)
    # The design workers are the process's own, shared by every test (warming one costs ~1.5 s): they end with the
    # run, as they do with the bot's process. Their manager threads are then no leftover to name below.
    if "bot.design.worker" in sys.modules:
        sys.modules["bot.design.worker"].close()
        for thread in threading.enumerate():
            if type(thread).__name__ == "_ExecutorManagerThread":
                thread.join(timeout=5)


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config):
    """A run whose tests are done must end. Python waits at exit for every non-daemon thread, and an aiosqlite
    connection a test never closed keeps one waiting for ever (seen in CI: pytest printed its summary, then held the
    runner to its limit). So leftover threads are named and the process ends with the tests' own status. Anything
    else that holds the exit past two minutes gets every thread's stack printed, then the process ends."""
    left = [t.name for t in threading.enumerate() if t is not threading.main_thread() and not t.daemon and t.is_alive()]
    if left:
        print(f"\nthreads still running when the tests ended (left unjoined): {', '.join(left)}", file=sys.__stderr__)
        sys.__stdout__.flush()
        sys.__stderr__.flush()
        os._exit(config.stash.get(_EXIT_STATUS, 1))
    faulthandler.dump_traceback_later(120, exit=True, file=sys.__stderr__)


def pytest_collection_modifyitems(items):
    for item in items:
        suite = item.module.__name__.rsplit(".", 1)[-1] if item.module else ""
        if suite.startswith("test_e2e_") or suite in E2E:
            item.add_marker(pytest.mark.e2e)
            item.add_marker(pytest.mark.slow)
        elif suite in SLOW or item.name in SLOW_TESTS or "tesseract" in item.name or "_ocr_" in item.name:
            item.add_marker(pytest.mark.slow)
        elif on_postgres(item):
            item.add_marker(pytest.mark.slow)


def on_postgres(item) -> bool:
    """A test that starts PostgreSQL (its fixture, or a "postgres" parameter of its own): the inner loop has none."""
    params = getattr(getattr(item, "callspec", None), "params", {})
    return bool({"pg_url", "postgres_server"} & set(getattr(item, "fixturenames", ()))) or "postgres" in params.values()


@pytest.fixture(scope="session")
def postgres_server():
    from tests.postgres_server import PostgresServer

    try:
        server = PostgresServer.start()
    except Exception as exc:
        reason = f"PostgreSQL tests skipped: {exc}".splitlines()[0]
        if os.environ.get("CI"):
            pytest.fail(reason.replace("skipped", "cannot run under CI"))
        pytest.skip(reason)
    yield server
    server.stop()


@pytest.fixture
def backend(request):
    return getattr(request, "param", "sqlite")


_schemas = itertools.count(1)


async def fresh_schema_url(server) -> str:
    """A new schema on the test server, as a URL any process can open (asyncpg passes search_path on)."""
    import asyncpg

    schema = f"t{os.getpid()}_{next(_schemas)}"
    conn = await asyncpg.connect(server.url)
    await conn.execute(f"CREATE SCHEMA {schema}")
    await conn.close()
    return f"{server.url}?search_path={schema}"


@pytest.fixture
async def pg_url(postgres_server):
    return await fresh_schema_url(postgres_server)


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory) -> Path:
    """A SQLite database with every migration applied, made once per run. A test's database starts as a copy:
    opening it then only finds the schema current, where applying the ~150 statements again cost each test ~40 ms
    of thread hops and writes (test_database and the migration tests still migrate from nothing)."""
    path = tmp_path_factory.mktemp("migrated") / "template.sqlite3"

    async def migrate() -> None:
        await (await Database.open(path)).close()  # closed: the WAL is checkpointed into the one file

    # Its own thread and loop: the first test to ask for it may be an async fixture (db), inside a running loop.
    done = threading.Thread(target=asyncio.run, args=(migrate(),), name="migrate-template")
    done.start()
    done.join()
    if not path.exists():
        raise RuntimeError(f"migrating the template database {path} failed (see the thread's traceback above)")
    return path


@pytest.fixture
async def db(tmp_path, backend, request):
    if backend == "postgres":
        from bot.storage.postgres import PostgresDatabase

        database = await PostgresDatabase.open(await fresh_schema_url(request.getfixturevalue("postgres_server")))
    else:
        template = request.getfixturevalue("migrated_sqlite")
        database = await Database.open(await migrated_copy(template, tmp_path / "bot.sqlite3"))
    yield database
    await database.close()


@pytest.fixture
def sessions(db):
    return SessionRepository(db)


@pytest.fixture
def quota(db):
    return QuotaService(db, QuotaSettings())


@pytest.fixture
def renders(db):
    return RenderStore(db)


@pytest.fixture
def gallery(db, tmp_path):
    return GalleryStore(db, tmp_path / "images")


@pytest.fixture
def open_session(sessions, quota):
    """Opens a session for a user the way /profile create does (credit reserved)."""

    async def _open(user_id=1, creation_type="profile_picture", style="gaming", description="", colors=(), limit=1):
        result = await sessions.open(
            user_id=user_id,
            guild_id=10,
            channel_id=20,
            creation_type=creation_type,
            style=style,
            description=description,
            colors=list(colors),
            brief=initial_brief(style, list(colors)),
            month=quota.current_month(),
            limit=limit,
        )
        if result.session is not None and result.outcome.value == "opened":
            await sessions.attach_thread(result.session.id, 1000 + result.session.id)
            return await sessions.get(result.session.id)
        return result

    return _open


@pytest.fixture
async def fake_discord():
    from tests.fakes.fake_discord import FakeDiscord

    fake = FakeDiscord()
    await fake.start()
    yield fake
    await fake.stop()
