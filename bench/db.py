"""The benchmark database: its own, created fresh, on the embedded server or DATABASE_URL's.

`prepare()` must run before Django is set up: it points DATABASE_URL at the bench
database, so that this process and every worker it starts (which inherit the
environment) use it and nothing else.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

import psycopg

BENCH_DB = "bench_sharing"
SETTINGS = "config.settings.test"  # DEBUG off, no query log; the database comes from the URL


def _with_dbname(url: str, dbname: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + quote(dbname)))


def server_url() -> str:
    """A URL of the server the bench uses (any database on it)."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        return url
    from config.database import embedded_database

    config = embedded_database("superuser")  # starts (or joins) var/postgres; creates databases
    user = quote(config.get("USER") or "postgres")
    password = f":{quote(config['PASSWORD'])}" if config.get("PASSWORD") else ""
    port = f"&port={config['PORT']}" if config.get("PORT") else ""
    return f"postgresql://{user}{password}@/{config['NAME']}?host={quote(config['HOST'])}{port}"


@dataclass(frozen=True)
class BenchDatabase:
    url: str
    admin_url: str
    name: str
    created: bool

    def connect(self, **kwargs: Any) -> psycopg.Connection[Any]:
        return psycopg.connect(self.url, **kwargs)


def exists(admin_url: str, name: str) -> bool:
    with psycopg.connect(admin_url, autocommit=True) as conn:
        found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
    return found is not None


def prepare(*, name: str = BENCH_DB, reuse: bool = False) -> BenchDatabase:
    """Create the bench database (dropping any earlier one unless `reuse`), set up Django
    on it and run the migrations."""
    base = server_url()
    admin_url = _with_dbname(base, "postgres")
    url = _with_dbname(base, name)
    create = not (reuse and exists(admin_url, name))
    if create:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    return BenchDatabase(url=url, admin_url=admin_url, name=name, created=create)


def drop(db: BenchDatabase) -> None:
    from django.db import connections

    connections.close_all()
    with psycopg.connect(db.admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{db.name}" WITH (FORCE)')


def server_version(url: str) -> str:
    with psycopg.connect(url) as conn:
        row = conn.execute("SHOW server_version").fetchone()
    return str(row[0]) if row else "?"


# --- indexes: dropped for a bulk load, rebuilt after (much faster than maintaining them) ---


@dataclass(frozen=True)
class Rebuild:
    drop: list[str]
    create: list[str]


def secondary_indexes(conn: psycopg.Connection[Any], table: str) -> Rebuild:
    """DDL to drop and recreate every index and unique constraint but the primary key."""
    drop: list[str] = []
    create: list[str] = []
    constraints = conn.execute(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = %s::regclass AND contype = 'u'",
        [table],
    ).fetchall()
    for name, definition in constraints:
        drop.append(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        create.append(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
    indexes = conn.execute(
        "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
        "WHERE i.indrelid = %s::regclass AND NOT i.indisprimary AND i.indexrelid NOT IN "
        "(SELECT conindid FROM pg_constraint WHERE conrelid = %s::regclass)",
        [table, table],
    ).fetchall()
    for name, definition in indexes:
        drop.append(f"DROP INDEX {name}")
        create.append(definition)
    return Rebuild(drop=drop, create=create)


@contextmanager
def without_indexes(conn: psycopg.Connection[Any], table: str) -> Iterator[None]:
    """Drop the secondary indexes of `table` for the block, then rebuild them."""
    rebuild = secondary_indexes(conn, table)
    for statement in rebuild.drop:
        conn.execute(statement)  # type: ignore[arg-type]
    conn.commit()
    yield
    conn.execute("SET maintenance_work_mem = '1GB'")
    for statement in rebuild.create:
        conn.execute(statement)  # type: ignore[arg-type]
        conn.commit()


# --- memory and CPU ----------------------------------------------------------------------


class Usage:
    """Samples a process tree (and the PostgreSQL backends serving a database) until
    stopped: peak resident memory, CPU time used, and the whole machine's busy time."""

    def __init__(self, pid: int | None = None, *, database: str = "", interval: float = 0.2):
        import psutil

        self._psutil = psutil
        self.root = psutil.Process(pid or os.getpid())
        self.database = database
        self.interval = interval
        self.peak_total = 0  # bytes: the largest sum over the tree at one moment
        self.peak_process = 0  # bytes: the largest single process
        self._cpu: dict[int, float] = {}  # pid -> CPU seconds, tree
        self._db_cpu: dict[int, float] = {}  # pid -> CPU seconds, backends
        self._before: dict[int, float] = {}  # pid -> CPU seconds already used at the start
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._machine_start = psutil.cpu_times()
        self.machine_busy = 0.0  # CPU seconds the whole machine was busy
        self.wall = 0.0

    @property
    def cpu(self) -> float:
        return sum(used - self._before.get(pid, 0.0) for pid, used in self._cpu.items())

    @property
    def database_cpu(self) -> float:
        return sum(used - self._before.get(pid, 0.0) for pid, used in self._db_cpu.items())

    def _backends(self) -> list[Any]:
        if not self.database:
            return []
        found = []
        for process in self._psutil.process_iter(["name", "cmdline"]):
            cmdline = " ".join(process.info.get("cmdline") or [])
            if cmdline.startswith("postgres: ") and f" {self.database} " in cmdline:
                found.append(process)
        return found

    def _sample(self) -> None:
        total = 0
        try:
            tree = [self.root, *self.root.children(recursive=True)]
        except self._psutil.Error:
            tree = []
        for process in tree:
            try:
                rss = process.memory_info().rss
                times = process.cpu_times()
            except self._psutil.Error:
                continue
            total += rss
            self.peak_process = max(self.peak_process, rss)
            self._cpu[process.pid] = times.user + times.system
        self.peak_total = max(self.peak_total, total)
        for process in self._backends():
            try:
                times = process.cpu_times()
            except self._psutil.Error:
                continue
            self._db_cpu[process.pid] = times.user + times.system

    def _run(self) -> None:
        while not self._stop.is_set():
            self._sample()
            time.sleep(self.interval)

    def __enter__(self) -> Usage:
        self._sample()  # what the processes already running have used so far
        self._before = {**self._cpu, **self._db_cpu}
        self._started = time.perf_counter()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        end = self._psutil.cpu_times()
        start = self._machine_start
        idle = (end.idle + getattr(end, "iowait", 0)) - (start.idle + getattr(start, "iowait", 0))
        self.wall = time.perf_counter() - self._started
        self.machine_busy = max(0.0, sum(end) - sum(start) - idle)


def mib(n_bytes: int) -> str:
    return f"{n_bytes / 2**20:,.0f} MiB"
