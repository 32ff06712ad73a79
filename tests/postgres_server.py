"""A real PostgreSQL server for the tests, started by the tests themselves (Debian's postgresql package).

One server per test run, on a free port, with fsync off; each test gets its own schema (``?search_path=…`` in
the URL, which asyncpg passes to the server). Where the server cannot be had, PostgreSQL tests skip with one
line saying why; under CI (CI=true) they fail instead, so CI always runs them.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path


def _binary(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return candidates[-1] if candidates else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PostgresServer:
    def __init__(self, folder: Path, port: int, as_user: list[str]) -> None:
        self.folder = folder
        self.port = port
        self._as_user = as_user
        self.url = f"postgresql://postgres@127.0.0.1:{port}/postgres"

    @classmethod
    def start(cls) -> PostgresServer:
        initdb, pg_ctl = _binary("initdb"), _binary("pg_ctl")
        if not initdb or not pg_ctl:
            raise RuntimeError("no initdb/pg_ctl found: install Debian's postgresql package (./scripts/setup does)")
        folder = Path(tempfile.mkdtemp(prefix="pc-postgres-"))
        as_user: list[str] = []
        if os.geteuid() == 0:  # the server refuses to run as root
            runuser = shutil.which("runuser")
            if runuser is None:
                raise RuntimeError("running as root without runuser: cannot start PostgreSQL as another user")
            shutil.chown(folder, "postgres")
            as_user = [runuser, "-u", "postgres", "--"]
        port = _free_port()
        data = folder / "data"
        run = {"check": True, "capture_output": True, "timeout": 120}
        subprocess.run([*as_user, initdb, "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8"], **run)
        options = (f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off "
                   "-c full_page_writes=off -c max_connections=200")  # fmt: skip
        subprocess.run([*as_user, pg_ctl, "-D", str(data), "-o", options, "-l", str(folder / "log"), "-w", "start"],
                       **run)  # fmt: skip
        return cls(folder, port, as_user)

    def stop(self) -> None:
        pg_ctl = _binary("pg_ctl")
        if pg_ctl:
            subprocess.run([*self._as_user, pg_ctl, "-D", str(self.folder / "data"), "-m", "immediate", "stop"],
                           capture_output=True, timeout=60)  # fmt: skip
        shutil.rmtree(self.folder, ignore_errors=True)
