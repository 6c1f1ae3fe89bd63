"""Who stops the embedded PostgreSQL server, and when (config/embedded.py, docs/adr/0002).

Each test starts the server logic of the settings (`config.database.embedded_database`,
or a whole pytest session with the suite's plugin) in subprocesses, against a temporary
data directory, so that the suite's own server is never touched; initdb runs once for
the module (a few seconds).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import psutil
import psycopg
import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.embedded_server

HOLDER = textwrap.dedent(
    """
    import sys
    from config.database import embedded_database

    embedded_database()
    print("ready", flush=True)
    sys.stdin.read()  # until the test closes it, or a signal ends the process
    """
)

# Starts a holder and never collects its exit status: killed, the holder stays a zombie.
NEGLECTFUL_PARENT = textwrap.dedent(
    """
    import subprocess, sys, time

    holder = subprocess.Popen([sys.executable, "-c", sys.argv[1]], stdin=subprocess.PIPE)
    print(holder.pid, flush=True)
    time.sleep(600)
    """
)

INNER_CONFTEST = 'pytest_plugins = ["tests.embedded_server"]\n'
INNER_TESTS = textwrap.dedent(
    """
    import os
    import time
    from pathlib import Path

    import pytest


    def test_uses_the_test_database(db):
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        postmaster = Path(os.environ["EMBEDDED_PGDATA"], "postmaster.pid").read_text()
        Path(os.environ["STARTED"]).write_text(postmaster.split()[0])


    def test_ends_as_told():
        if os.environ["OUTCOME"] == "fail":
            pytest.fail("failing on purpose")
        if os.environ["OUTCOME"] == "interrupt":
            Path(os.environ["STARTED"] + ".waiting").touch()
            time.sleep(600)
    """
)


@pytest.fixture
def private_dir():
    """A temporary directory of this test's alone (see module_data_dir)."""
    path = Path(tempfile.mkdtemp(prefix="embedded-server-test-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="module")
def module_data_dir():
    """Not under pytest's own temporary directory: a pytest session started meanwhile (in
    another checkout, say) prunes the older sessions' directories, this one's included."""
    base = Path(tempfile.mkdtemp(prefix="embedded-server-test-"))
    yield base / "pgdata"
    shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def data_dir(module_data_dir):
    """The temporary data directory; whatever a failing test leaves running is killed."""
    yield module_data_dir
    for process in _server_processes(module_data_dir):
        process.kill()


@pytest.fixture
def processes():
    started: list[subprocess.Popen] = []
    yield started
    for process in started:
        if process.poll() is None:
            process.kill()
            process.wait()


def _signals_as_a_terminal_gives_them() -> None:
    """In the child, before it runs: the default handling of the signals the tests send.
    A suite started in the background by a shell without job control (`make test &`)
    inherits SIGINT ignored, and an ignored disposition survives exec, so the process
    under test would never see the signal the test sends it."""
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, signal.SIG_DFL)


def _env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        EMBEDDED_PGDATA=str(data_dir),
        DJANGO_SETTINGS_MODULE="config.settings.test",
        PYTHONPATH=str(ROOT),
        **extra,
    )
    return env


def _postmasters(data_dir: Path) -> list[psutil.Process]:
    """PostgreSQL servers whose command line names `data_dir`."""
    found = []
    for process in psutil.process_iter(["name", "cmdline"]):
        if process.info["name"] == "postgres" and str(data_dir) in (process.info["cmdline"] or []):
            found.append(process)
    return found


def _server_processes(data_dir: Path) -> list[psutil.Process]:
    """The postmasters of `data_dir` with their io workers, checkpointer and backends."""
    found = []
    for postmaster in _postmasters(data_dir):
        with contextlib.suppress(psutil.NoSuchProcess):
            found += [postmaster, *postmaster.children(recursive=True)]
    return found


def _assert_no_server_left(data_dir: Path, running: list[psutil.Process]) -> None:
    # An orphaned postmaster is reaped by init: psutil counts it until then.
    _, alive = psutil.wait_procs(running, timeout=15)
    assert not alive, f"still running: {alive}"
    assert _postmasters(data_dir) == []


def _hold(data_dir: Path, processes: list[subprocess.Popen]) -> subprocess.Popen:
    """A process that opens the embedded server as the settings do, and waits."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER],
        preexec_fn=_signals_as_a_terminal_gives_them,
        cwd=ROOT,
        env=_env(data_dir),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    processes.append(holder)
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == "ready"
    return holder


def _end(holder: subprocess.Popen, how: str) -> int:
    if how == "exit":
        assert holder.stdin is not None
        holder.stdin.close()
    else:
        holder.send_signal(getattr(signal, how))
    return holder.wait(timeout=60)


@pytest.mark.parametrize("how", ["exit", "SIGINT", "SIGTERM", "SIGHUP"])
def test_the_last_process_to_end_stops_the_server_however_it_ends(data_dir, processes, how):
    holder = _hold(data_dir, processes)
    running = _server_processes(data_dir)
    assert _postmasters(data_dir), "the server should be running while the process is"

    returncode = _end(holder, how)

    assert returncode == {"exit": 0, "SIGINT": -signal.SIGINT, "SIGTERM": 143, "SIGHUP": 129}[how]
    _assert_no_server_left(data_dir, running)


def test_the_server_keeps_running_while_another_process_of_the_checkout_uses_it(
    data_dir, processes
):
    first = _hold(data_dir, processes)
    second = _hold(data_dir, processes)
    [postmaster] = _postmasters(data_dir)
    running = _server_processes(data_dir)

    _end(first, "SIGTERM")
    assert _postmasters(data_dir) == [postmaster]

    _end(second, "exit")
    _assert_no_server_left(data_dir, running)


def test_a_killed_process_does_not_keep_the_server_running_once_the_others_end(data_dir, processes):
    killed = _hold(data_dir, processes)
    _end(killed, "SIGKILL")  # runs no exit handler: still counted as a user, but dead
    assert _postmasters(data_dir)
    running = _server_processes(data_dir)

    _end(_hold(data_dir, processes), "exit")

    _assert_no_server_left(data_dir, running)


def test_a_killed_process_not_yet_reaped_does_not_keep_the_server_running(data_dir, processes):
    # As runserver's autoreloading child is, once it and its parent are killed.
    parent = subprocess.Popen(
        [sys.executable, "-c", NEGLECTFUL_PARENT, HOLDER],
        cwd=ROOT,
        env=_env(data_dir),
        stdout=subprocess.PIPE,
        text=True,
    )
    processes.append(parent)
    assert parent.stdout is not None
    holder = psutil.Process(int(parent.stdout.readline()))
    assert parent.stdout.readline().strip() == "ready"
    running = _server_processes(data_dir)
    holder.kill()
    for _ in range(100):
        if holder.status() == psutil.STATUS_ZOMBIE:
            break
        time.sleep(0.05)
    assert holder.status() == psutil.STATUS_ZOMBIE

    _end(_hold(data_dir, processes), "exit")

    _assert_no_server_left(data_dir, running)


def test_a_client_from_outside_the_checkout_keeps_the_server_running_even_stopped_by_hand(
    data_dir, processes
):
    holder = _hold(data_dir, processes)
    running = _server_processes(data_dir)
    with psycopg.connect(
        dbname="sharing", user="postgres", host=str(data_dir), application_name="psql"
    ):
        _end(holder, "exit")
        assert _postmasters(data_dir), "stopped under a connected client"
        refused = subprocess.run(
            [sys.executable, "-m", "config.embedded", "stop", str(data_dir)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert refused.returncode == 1
        assert "other clients connected: psql on sharing" in refused.stderr
        assert _postmasters(data_dir)

    stopped = subprocess.run(
        [sys.executable, "-m", "config.embedded", "stop", str(data_dir)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert stopped.returncode == 0, stopped.stderr
    _assert_no_server_left(data_dir, running)


@pytest.mark.parametrize(
    ("outcome", "returncode"),
    [("pass", 0), ("fail", 1), ("SIGINT", 2), ("SIGTERM", 143)],
)
def test_a_test_run_stops_the_server_when_it_passes_fails_or_is_interrupted(
    data_dir, processes, private_dir, outcome, returncode
):
    tmp_path = private_dir
    (tmp_path / "conftest.py").write_text(INNER_CONFTEST)
    (tmp_path / "test_inner.py").write_text(INNER_TESTS)
    started = tmp_path / "postmaster"
    interrupt = outcome.startswith("SIG")
    run = subprocess.Popen(
        [
            *(sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", str(tmp_path)),
            *("--basetemp", str(tmp_path / "basetemp")),  # so it prunes no other run's
        ],
        preexec_fn=_signals_as_a_terminal_gives_them,
        cwd=tmp_path,
        env=_env(data_dir, STARTED=str(started), OUTCOME="interrupt" if interrupt else outcome),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    processes.append(run)
    if interrupt:
        waiting = Path(f"{started}.waiting")
        for _ in range(1200):
            if waiting.exists() or run.poll() is not None:
                break
            time.sleep(0.1)
        assert waiting.exists(), "the inner run never reached its waiting test"
        assert _postmasters(data_dir)
        run.send_signal(getattr(signal, outcome))

    output, _ = run.communicate(timeout=120)

    assert run.returncode == returncode, output
    assert "OperationalError" not in output  # the test database was dropped before the stop
    assert "left running" not in output
    postmaster = int(started.read_text())  # the server the run used, while it ran
    with contextlib.suppress(psutil.NoSuchProcess):
        _assert_no_server_left(data_dir, [psutil.Process(postmaster)])
    assert _postmasters(data_dir) == []


def test_a_process_is_known_by_its_start_in_ticks_since_boot_not_the_wall_clock(monkeypatch):
    """A virtual machine suspended and resumed (or forked) reports a new boot time, which
    moves every process's wall-clock start; the users of the server must still be seen as
    alive, or the next process to release it stops it under a running suite (3 December)."""
    import psutil

    from config import embedded

    before = embedded._started(os.getpid())
    monkeypatch.setattr(psutil, "boot_time", lambda: 0.0)  # the boot time moved
    monkeypatch.setattr(psutil.Process, "create_time", lambda self: 12345.0)
    assert embedded._started(os.getpid()) == before
    assert before is not None
    assert embedded._started(2**22 + 7) is None  # no such process
