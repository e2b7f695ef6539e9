"""A throwaway PostgreSQL cluster for the tests.

``PostgresServer`` runs ``initdb`` in a fresh folder under /tmp, starts the server on 127.0.0.1
and a free port (its unix socket inside that folder), and at the end stops it and removes the
folder. PostgreSQL refuses to run as root: under root the server runs as a dedicated system
user (``mayadeen-pg``, created when missing). Needs the server binaries (Debian:
``apt-get install postgresql``); without them the tests that ask for it are skipped.
"""

from __future__ import annotations

import contextlib
import fcntl
import grp
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.parse
from pathlib import Path
from types import TracebackType
from typing import Any, Self

import psycopg
import pytest
from psycopg import sql

from mayadeen.history.runs import process_alive

HOST = "127.0.0.1"
SUPERUSER = "postgres"
SYSTEM_USER = "mayadeen-pg"
NOT_INSTALLED = (
    "PostgreSQL is not installed: apt-get install postgresql (Debian) to run the PostgreSQL tests"
)
DEBIAN_VERSIONS = Path("/usr/lib/postgresql")
BINARIES = ("initdb", "pg_ctl", "postgres")
START_ATTEMPTS = 5  # a free port can be taken between choosing it and the server binding it

# Throwaway data: no durability, nothing in the background that a test does not ask for.
SETTINGS = {
    "listen_addresses": f"'{HOST}'",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "wal_level": "minimal",
    "max_wal_senders": "0",
    "autovacuum": "off",
    "jit": "off",
    "max_parallel_workers_per_gather": "0",
    "logging_collector": "off",
}


class PostgresError(RuntimeError):
    """PostgreSQL is installed but the cluster could not be made or started."""


def find_bin_dir() -> Path | None:
    """The folder of the server binaries: that of ``initdb`` on PATH, else Debian's newest
    ``/usr/lib/postgresql/*/bin``; None when PostgreSQL is not installed."""
    candidates: list[Path] = []
    on_path = shutil.which("initdb")
    if on_path:
        candidates.append(Path(on_path).resolve().parent)
    versions: list[tuple[tuple[int, ...], Path]] = []
    for bin_dir in DEBIAN_VERSIONS.glob("*/bin"):
        with contextlib.suppress(ValueError):
            versions.append((tuple(int(p) for p in bin_dir.parent.name.split(".")), bin_dir))
    candidates += [bin_dir for _, bin_dir in sorted(versions, reverse=True)]
    for bin_dir in candidates:
        if all(os.access(bin_dir / name, os.X_OK) for name in BINARIES):
            return bin_dir
    return None


def free_port(host: str = HOST) -> int:
    """A TCP port free on ``host`` right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def system_user(name: str = SYSTEM_USER) -> pwd.struct_passwd:
    """The system account ``name``, created when missing (needs root). Safe when several
    processes ask at once: they take turns on a lock, and a failed ``useradd`` is retried
    while someone else holds the account files."""
    with contextlib.suppress(KeyError):
        return pwd.getpwnam(name)
    search = os.pathsep.join([os.environ.get("PATH", ""), "/usr/sbin", "/sbin"])
    useradd = shutil.which("useradd", path=search)
    if useradd is None:
        raise PostgresError(f"cannot create the user {name!r} to run PostgreSQL: no useradd")
    lock = os.open(f"/tmp/{name}-useradd.lock", os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)
        deadline = time.monotonic() + 15
        while True:
            with contextlib.suppress(KeyError):
                return pwd.getpwnam(name)
            command = [useradd, "--system", "--no-create-home", "--shell", "/usr/sbin/nologin"]
            with contextlib.suppress(KeyError):
                grp.getgrnam(name)  # left by an earlier user of that name: join it
                command += ["--gid", name]
            done = subprocess.run(
                [*command, name],
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                check=False,
            )
            # 1, 10: the account files are locked by someone else; 9: the name was taken
            # meanwhile. Anything else will not get better by trying again.
            if done.returncode not in (0, 1, 9, 10) or time.monotonic() > deadline:
                raise PostgresError(f"useradd {name} failed ({done.returncode}): {done.stderr}")
            if done.returncode != 0:
                time.sleep(0.2)
    finally:
        os.close(lock)


class PostgresServer:
    """A throwaway PostgreSQL cluster, started on entering and removed on leaving::

    with PostgresServer() as server:
        url = server.create_database("example")  # postgresql://postgres@127.0.0.1:PORT/example
    """

    def __init__(self, settings: dict[str, str] | None = None) -> None:
        """``settings``: of ``postgresql.conf``, beside and over :data:`SETTINGS`."""
        self.settings = {**SETTINGS, **(settings or {})}
        self.port = 0
        self.folder: Path | None = None
        self._bin_dir: Path | None = None
        self._account: pwd.struct_passwd | None = None

    @property
    def data_dir(self) -> Path:
        """The cluster's data folder."""
        assert self.folder is not None, "the server is not started"
        return self.folder / "data"

    @property
    def log_file(self) -> Path:
        """The server's log."""
        assert self.folder is not None, "the server is not started"
        return self.folder / "postgres.log"

    def url(self, dbname: str = "postgres") -> str:
        """``postgresql://`` URL of database ``dbname`` (as the superuser, no password)."""
        assert self.port, "the server is not started"
        return f"postgresql://{SUPERUSER}@{HOST}:{self.port}/{urllib.parse.quote(dbname, safe='')}"

    def create_database(self, name: str) -> str:
        """Create the empty database ``name``; its URL."""
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return self.url(name)

    def drop_database(self, name: str) -> None:
        """Drop database ``name`` if it exists, closing the connections still open to it."""
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )

    def start(self) -> None:
        """Make the cluster and start the server; skip the test when PostgreSQL is missing."""
        self._bin_dir = find_bin_dir()
        if self._bin_dir is None:
            pytest.skip(NOT_INSTALLED)
        self._account = system_user() if os.geteuid() == 0 else None
        # Not pytest's tmp_path: its parents are private to root, and a unix socket path
        # must stay short.
        self.folder = Path(tempfile.mkdtemp(prefix="mayadeen-pg-", dir=_short_tmp()))
        try:
            if self._account is not None:
                os.chown(self.folder, self._account.pw_uid, self._account.pw_gid)
            self._initdb()
            self._start()
            with psycopg.connect(self.url(), connect_timeout=10) as conn:
                conn.execute("SELECT 1")
        except BaseException as error:
            log = self._read_log()
            self.stop()
            if isinstance(error, psycopg.Error):
                raise PostgresError(f"PostgreSQL does not answer: {error}\n{log}") from error
            raise

    def stop(self) -> None:
        """Stop the server at once (nothing to keep) and remove the cluster's folder."""
        if self.folder is None:
            return
        pid = self._postmaster_pid()
        if pid is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._run("pg_ctl", "-D", self.data_dir, "-m", "immediate", "-w", "stop")
            if process_alive(pid):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder = None
        self.port = 0

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def _initdb(self) -> None:
        done = self._run(
            "initdb",
            "-D",
            self.data_dir,
            "-A",
            "trust",
            "-U",
            SUPERUSER,
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
        )
        if done.returncode != 0:
            raise PostgresError(f"initdb failed ({done.returncode}):\n{done.stdout}{done.stderr}")
        settings = {**self.settings, "unix_socket_directories": f"'{self.folder}'"}
        with (self.data_dir / "postgresql.conf").open("a", encoding="utf-8") as conf:
            conf.write("\n# tests/postgres.py\n")
            conf.writelines(f"{key} = {value}\n" for key, value in settings.items())

    def _start(self) -> None:
        for attempt in range(1, START_ATTEMPTS + 1):
            self.port = free_port()
            offset = self.log_file.stat().st_size if self.log_file.exists() else 0
            done = self._run(
                "pg_ctl",
                "-D",
                self.data_dir,
                "-l",
                self.log_file,
                "-o",
                f"-p {self.port}",
                "-w",
                "-t",
                "60",
                "start",
            )
            if done.returncode == 0:
                return
            log = self._read_log(offset)
            pid = self._postmaster_pid()
            if pid is not None and process_alive(pid):  # timed out while still starting
                os.kill(pid, signal.SIGKILL)
            if "Address already in use" not in log or attempt == START_ATTEMPTS:
                raise PostgresError(
                    f"PostgreSQL did not start ({done.returncode}):\n"
                    f"{done.stdout}{done.stderr}\n--- {self.log_file.name} ---\n{log}"
                )

    def _run(self, program: str, *args: str | Path) -> subprocess.CompletedProcess[str]:
        """Run a server binary in the cluster's folder, as the server's user."""
        assert self._bin_dir is not None and self.folder is not None
        env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        env.update(LC_ALL="C", LANG="C")
        as_user: dict[str, Any] = {}
        if self._account is not None:
            env.update(HOME=str(self.folder), USER=self._account.pw_name)
            env["LOGNAME"] = self._account.pw_name
            as_user = {
                "user": self._account.pw_uid,
                "group": self._account.pw_gid,
                "extra_groups": [],
            }
        return subprocess.run(
            [str(self._bin_dir / program), *map(str, args)],
            cwd=self.folder,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            **as_user,
        )

    def _postmaster_pid(self) -> int | None:
        try:
            return int(self.data_dir.joinpath("postmaster.pid").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return None

    def _read_log(self, offset: int = 0) -> str:
        try:
            with self.log_file.open("rb") as log:
                log.seek(offset)
                return log.read().decode("utf-8", "replace")
        except (OSError, AssertionError):
            return ""


def _short_tmp() -> str | None:
    """/tmp when there is one (world-traversable, short paths), else the default."""
    return "/tmp" if os.path.isdir("/tmp") else None
