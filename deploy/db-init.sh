#!/bin/sh
# First start of the compose database: the two roles of docs/adr/0017. The owner runs the
# migrations and owns the tables and functions; the application and the worker connect as
# the runtime role, which is neither owner nor superuser.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<SQL
CREATE ROLE sharing_owner LOGIN PASSWORD '${OWNER_PASSWORD}';
CREATE ROLE sharing_app LOGIN PASSWORD '${APP_PASSWORD}';
CREATE DATABASE sharing OWNER sharing_owner;
\\connect sharing
ALTER DEFAULT PRIVILEGES FOR ROLE sharing_owner IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO sharing_app;
ALTER DEFAULT PRIVILEGES FOR ROLE sharing_owner IN SCHEMA public
    GRANT USAGE, SELECT ON SEQUENCES TO sharing_app;
SQL
