"""pytest plugin: the test run stops the embedded PostgreSQL server when it ends.

The settings start the server (or join it) when pytest-django loads them. Whether the run
passes, fails or is interrupted (Ctrl-C, SIGTERM), pytest tears the session's fixtures down
first, pytest-django dropping the test database, and then calls `pytest_unconfigure`,
where this process stops counting as a user and the server is stopped unless another
process of the checkout (say `make run`) still uses it (config/embedded.py).
"""

from __future__ import annotations

import signal
import sys
import threading
from types import FrameType

import pytest

from config import embedded


def _interrupt(signum: int, frame: FrameType | None) -> None:
    pytest.exit(f"interrupted by {signal.Signals(signum).name}", returncode=128 + signum)


def pytest_configure(config: pytest.Config) -> None:
    # SIGTERM (and SIGHUP) interrupt the run as Ctrl-C does. A SystemExit, as in other
    # processes, would fail only the test running at the time and the run would go on.
    if threading.current_thread() is threading.main_thread():
        for signum in (signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, _interrupt)


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    for reason in embedded.release_all():
        print(f"Embedded PostgreSQL left running: {reason}", file=sys.stderr)
