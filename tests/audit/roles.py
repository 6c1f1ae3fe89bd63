"""Connections to the test database as each role (docs/adr/0017)."""

from __future__ import annotations

import os
from typing import Any

import psycopg
import pytest
from django.db import connection

from config.database import OWNER_ROLE, RUNTIME_ROLE, SUPERUSER


def conninfo(role: str) -> dict[str, Any]:
    """Keywords for psycopg.connect to this run's test database as `role`: on the embedded
    server the roles are known; on your own server set RUNTIME_DATABASE_USER and
    SUPERUSER_DATABASE_USER (passwords from ~/.pgpass or PGPASSWORD)."""
    names = {"runtime": RUNTIME_ROLE, "owner": OWNER_ROLE, "superuser": SUPERUSER}
    user = names[role]
    if os.environ.get("DATABASE_URL"):
        user = os.environ.get(f"{role.upper()}_DATABASE_USER", "")
        if not user:
            pytest.skip(f"set {role.upper()}_DATABASE_USER to test as that role on DATABASE_URL")
    params = connection.get_connection_params()
    keep = {k: v for k, v in params.items() if k in {"host", "port", "dbname", "sslmode"}}
    return {**keep, "user": user}


def connect(role: str, **kwargs: Any) -> psycopg.Connection[Any]:
    return psycopg.connect(**conninfo(role), **kwargs)
