"""A real forward proxy for the tests: proxy.py (the ``proxy.py`` package, pure Python) on a
free 127.0.0.1 port, with basic authentication, logging every request it forwards.

proxy.py's own access log has one line per connection, not per request (a kept-alive
connection carries many): :class:`RequestLog`, a proxy.py plugin, writes one line per
request it forwards, after authentication, to the file ``PROXY_REQUEST_LOG`` names.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from proxy.http.parser import HttpParser
from proxy.http.proxy import HttpProxyBasePlugin

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class RequestLog(HttpProxyBasePlugin):
    """proxy.py plugin: ``METHOD http://host:port/path auth=yes|no``, one line a request."""

    def handle_client_request(self, request: HttpParser) -> HttpParser:
        host = (request.host or b"").decode()
        line = (
            f"{request.method.decode() if request.method else '?'} "
            f"http://{host}:{request.port}{(request.path or b'').decode()} "
            f"auth={'yes' if request.has_header(b'proxy-authorization') else 'no'}\n"
        )
        # O_APPEND: each line written whole, whichever of proxy.py's processes writes it.
        with open(os.environ["PROXY_REQUEST_LOG"], "a", encoding="utf-8") as log:
            log.write(line)
        return request


@dataclass
class ForwardProxy:
    """A running proxy: ``port``, its ``user``/``password``, and its logs."""

    port: int
    user: str
    password: str
    requests_log: Path
    log: Path

    def url(self, password: str | None = None) -> str:
        secret = self.password if password is None else password
        return f"http://{self.user}:{secret}@127.0.0.1:{self.port}"

    def requests(self) -> list[str]:
        """Every request forwarded so far: ``METHOD URL auth=yes|no``."""
        if not self.requests_log.exists():
            return []
        return self.requests_log.read_text(encoding="utf-8").splitlines()

    def refusals(self) -> int:
        """Requests refused for their credentials (answered 407)."""
        return self.log.read_text(encoding="utf-8").count("ProxyAuthenticationFailed")


@contextmanager
def forward_proxy(folder: Path, user: str, password: str) -> Iterator[ForwardProxy]:
    """proxy.py on 127.0.0.1 (a port it chooses, written to a file), until the block ends."""
    folder.mkdir(parents=True, exist_ok=True)
    port_file, log = folder / "proxy.port", folder / "proxy.log"
    requests_log = folder / "requests.log"
    env = {**os.environ, "PROXY_REQUEST_LOG": str(requests_log)}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PROJECT_ROOT), env.get("PYTHONPATH")]))
    command = [
        sys.executable,
        "-m",
        "proxy",
        "--hostname",
        "127.0.0.1",
        "--port",
        "0",
        "--port-file",
        str(port_file),
        "--basic-auth",
        f"{user}:{password}",
        "--num-acceptors",
        "1",
        "--num-workers",
        "2",
        "--log-level",
        "INFO",
        "--log-file",
        str(log),
        "--plugins",
        "tests.forward_proxy.RequestLog",
    ]
    with (folder / "proxy.out").open("w") as out:
        process = subprocess.Popen(
            command, cwd=folder, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    try:
        deadline = time.monotonic() + 30
        while not (port_file.exists() and port_file.read_text().strip()):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(
                    "proxy.py did not start: " + (folder / "proxy.out").read_text()[-2000:]
                )
            time.sleep(0.05)
        port = int(port_file.read_text().split()[0])
        yield ForwardProxy(port, user, password, requests_log, log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
