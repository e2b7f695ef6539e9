"""Serve a built replica (``build.py``) over HTTP on loopback.

- ``GET /a/b`` answers ``site/a/b.html``; ``/`` answers ``site/index.html``;
  ``/robots.txt`` and ``/sitemaps/...xml`` answer those files; anything else is a 404 page.
- ``GET /GetMore[/<listing path>]?page=N&widgetid=..&widget=..&postid=..&ismain=..&order=..``
  (plus the listing's ``data-filter`` parameters) answers the cards of page N, an empty
  body past the last page, and 400 when the widget id, widget code, post id or filter
  does not match the listing (a main widget must be asked with its path appended).
- ``GET /LoadWidget?postid=..&widgetid=..&widget=..`` answers an async widget's HTML (400 on
  wrong parameters).

Files and folders whose name starts with ``_`` (the GetMore/LoadWidget store, the 404
page) are never served under their own path. Set ``REPLICA_LOG=1`` to log requests.

Fault modes (``faults.py``): ``serve(site_dir, faults=Faults(...))`` makes some requests
fail (5xx, 429, hangs, resets, truncated bodies, Cloudflare challenges, redirects, huge
pages), deterministically. Without ``faults`` (the default) every answer is as above.
Either way the server logs every request: ``serve`` yields a ``ReplicaURL``, a ``str``
(the base URL) with ``.log`` (list of ``Served(time, path, outcome)``), ``.counts()`` and
``.max_in_flight`` (most requests in flight at once, for politeness tests).

CLI: ``python -m tests.replica.server OUT_DIR [--port N] [--port-file F] [fault options]``
prints the base URL, writes the port number to F, and serves until SIGTERM or SIGINT.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import signal
import socket
import struct
import sys
import threading
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from tests.replica.faults import (
    ALL_KINDS,
    BLOCK,
    OFFSITE_URL,
    OVERSIZED,
    REDIRECT_LOOP,
    REDIRECT_OFFSITE,
    SLOW,
    Faults,
    FaultState,
    Served,
    challenge_page,
    error_page,
    oversized_page,
    ray_id,
)

__all__ = ["Faults", "ReplicaURL", "Served", "main", "make_server", "serve"]

HTML = "text/html; charset=utf-8"
CHALLENGE_STATUS = {"challenge403": 403, "challenge503": 503, "challenge200": 200}
ERROR_REASON = {500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable"}


class ReplicaHandler(BaseHTTPRequestHandler):
    """Answers requests from the files of one built replica."""

    site_dir: Path = Path()
    protocol_version = "HTTP/1.1"
    server_version = "cloudflare"
    disable_nagle_algorithm = True  # headers and body go out at once: no 40 ms stalls
    sys_version = ""
    timeout = 30
    log_index: int | None = None  # entry of the state's log awaiting this answer's status
    truncate = False  # fault "truncate" on the answer being sent
    in_flight = False  # the request being handled counts in the state's ``in_flight``

    # ------------------------------------------------------------------ plumbing

    def parse_request(self) -> bool:
        """Raw (unescaped) UTF-8 on the request line, as the Arabic site's hrefs are written,
        is read as its percent-encoding: ``http.server`` decodes the line as Latin-1 and
        splits it on whitespace, which includes the bytes 0x85 and 0xA0 of many Arabic
        letters (so "GET /news/...م... HTTP/1.1" would be a 400)."""
        raw = self.raw_requestline
        if not raw.isascii():
            self.raw_requestline = re.sub(rb"[\x80-\xff]", lambda m: b"%%%02X" % m[0][0], raw)
        return super().parse_request()

    def log_message(self, format: str, *args: Any) -> None:
        if os.environ.get("REPLICA_LOG"):
            super().log_message(format, *args)

    def version_string(self) -> str:
        return f"{self.server_version} {self.sys_version}".strip()  # no trailing space

    def send_response(self, code: int, message: str | None = None) -> None:
        self.end_in_flight()  # every answer starts here
        super().send_response(code, message)

    def end_in_flight(self) -> None:
        if self.in_flight:
            self.in_flight = False
            self.state.answered()

    def send(self, status: int, body: bytes, ctype: str = HTML) -> None:
        if self.log_index is not None:  # logged before the client can see the answer
            self.state.done(self.log_index, status)
            self.log_index = None
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        if self.truncate:
            # Fault "truncate": the full Content-Length, half the body, then EOF.
            body = body[: len(body) // 2]
            self.close_connection = True
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    def not_found(self) -> None:
        page = self.site_dir / "_404.html"
        body = (
            page.read_bytes() if page.exists() else b"<html><body><h1>Not found</h1></body></html>"
        )
        self.send(404, body)

    def bad_request(self, why: str) -> None:
        self.send(400, f"Bad Request: {why}\n".encode(), "text/plain; charset=utf-8")

    def load_index(self, folder: str) -> dict[str, Any]:
        path = self.site_dir / folder / "index.json"
        return json.loads(path.read_text("utf-8")) if path.exists() else {}

    # ------------------------------------------------------------------ faults

    @property
    def state(self) -> FaultState:
        return self.server.fault_state  # type: ignore[attr-defined]

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        path = unquote(parts.path, encoding="utf-8", errors="replace")
        key = path + ("?" + parts.query if parts.query else "")
        index, fault = self.state.decide(path, key)
        self.in_flight = True
        self.truncate = fault == "truncate"
        self.log_index = index if fault in (None, SLOW) else None
        try:
            if fault in (None, SLOW, "truncate"):
                if fault == SLOW and self.state.stopping.wait(self.state.faults.slow[path]):
                    self.close_connection = True
                    return
                self.route()
            else:
                self.serve_fault(fault, path, parts.query, index)
        finally:
            self.end_in_flight()  # no answer at all (timeout, reset, stopping): ends here

    def serve_fault(self, fault: str, path: str, query: str, index: int) -> None:
        f = self.state.faults
        if fault == BLOCK:
            fault = "challenge403"
        if fault in CHALLENGE_STATUS:
            ray = ray_id(f.seed, path, index)
            self.send_response(CHALLENGE_STATUS[fault])
            self.send_header("Content-Type", "text/html; charset=UTF-8")
            self.send_header("cf-mitigated", "challenge")
            self.send_header("CF-RAY", f"{ray}-BEY")
            self.send_header(
                "Cache-Control", "private, max-age=0, no-store, no-cache, must-revalidate"
            )
            self.send_header("X-Frame-Options", "SAMEORIGIN")
            body = challenge_page(ray)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(body)
        elif fault in ("500", "502", "503"):
            self.send(int(fault), error_page(int(fault), ERROR_REASON[int(fault)]))
        elif fault == "429":
            body = error_page(429, "Too Many Requests")
            self.send_response(429)
            self.send_header("Content-Type", HTML)
            self.send_header("Retry-After", str(f.retry_after))
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(body)
        elif fault == "timeout":
            # Read the request, answer nothing for hang_seconds, then close (FIN).
            self.state.stopping.wait(f.hang_seconds)
            self.close_connection = True
        elif fault == "reset":
            # Close at once with SO_LINGER (on, 0 s): the kernel sends RST, not FIN. The fd
            # really closes when finish() drops the rfile/wfile references, before
            # shutdown_request() could send a FIN.
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            self.close_connection = True
        elif fault == REDIRECT_OFFSITE:
            self.redirect(301, OFFSITE_URL)
        elif fault == REDIRECT_LOOP:
            loop = parse_qs(query).get("loop", ["0"])[0]
            n = int(loop) if loop.isdigit() else 0
            self.redirect(302, f"{self.path.split('?', 1)[0]}?loop={n + 1}")
        elif fault == OVERSIZED:
            self.send(200, self.server.oversized_body())  # type: ignore[attr-defined]
        else:  # pragma: no cover - Faults validates its kinds
            raise ValueError(fault)

    def redirect(self, status: int, location: str) -> None:
        body = (
            f'<html><head><title>Moved</title></head><body><a href="{location}">'
            f"Moved here</a></body></html>\n"
        ).encode()
        self.send_response(status)
        self.send_header("Location", location)
        self.send_header("Content-Type", HTML)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    # ------------------------------------------------------------------ routing

    def route(self) -> None:
        parts = urlsplit(self.path)
        path = unquote(parts.path, encoding="utf-8", errors="strict")
        query = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        if path == "/GetMore" or path.startswith("/GetMore/"):
            self.get_more(path[len("/GetMore") :], query)
        elif path == "/LoadWidget":
            self.load_widget(query)
        elif path == "/robots.txt":
            self.serve_file(self.site_dir / "robots.txt", "text/plain; charset=utf-8")
        elif path.startswith("/sitemaps/") and path.endswith(".xml"):
            self.serve_file(self.site_dir / path.lstrip("/"), "application/xml; charset=utf-8")
        elif path == "/":
            self.serve_file(self.site_dir / "index.html", HTML)
        else:
            rel = path.strip("/")
            segments = rel.split("/")
            if rel == "index" or any(not s or s.startswith((".", "_")) for s in segments):
                self.not_found()
                return
            self.serve_file(self.site_dir / (rel + ".html"), HTML)

    def serve_file(self, file: Path, ctype: str) -> None:
        try:
            resolved = file.resolve()
            resolved.relative_to(self.site_dir.resolve())
        except (OSError, ValueError):
            self.not_found()
            return
        if not resolved.is_file():
            self.not_found()
            return
        self.send(200, resolved.read_bytes(), ctype)

    def get_more(self, suffix: str, q: dict[str, str]) -> None:
        index = self.load_index("_getmore")
        wid = q.get("widgetid", "")
        if wid not in index:
            self.bad_request("unknown or missing widgetid")
            return
        w = index[wid]
        suffix = suffix.rstrip("/")
        if suffix and suffix != w["path"]:
            self.bad_request("widget does not belong to this path")
            return
        if not suffix and w["ismain"]:
            self.bad_request("main widget asked without its section path")
            return
        if q.get("widget") != w["widget"]:
            self.bad_request("missing or wrong widget code")
            return
        if q.get("postid") != w["postid"]:
            self.bad_request("missing or wrong postid")
            return
        for key, value in w["filter"].items():
            if q.get(key) != value:
                self.bad_request(f"missing or wrong filter parameter {key}")
                return
        try:
            page = int(q.get("page", ""))
        except ValueError:
            self.bad_request("missing or malformed page")
            return
        if page < 1:
            self.bad_request("page must be >= 1")
            return
        if page > w["pages"]:
            self.send(200, b"")
            return
        self.serve_file(self.site_dir / "_getmore" / wid / f"{page}.html", HTML)

    def load_widget(self, q: dict[str, str]) -> None:
        index = self.load_index("_widgets")
        wid = q.get("widgetid", "")
        if wid not in index:
            self.bad_request("unknown or missing widgetid")
            return
        w = index[wid]
        if q.get("widget") != w["widget"]:
            self.bad_request("missing or wrong widget key")
            return
        if q.get("postid") != w["postid"]:
            self.bad_request("missing or wrong postid")
            return
        self.serve_file(self.site_dir / "_widgets" / f"{wid}.html", HTML)


def site_dir_of(path: Path) -> Path:
    """Accept either a build's OUT_DIR or its ``site`` folder."""
    path = Path(path)
    return path / "site" if (path / "site" / "index.html").exists() else path


class ReplicaServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], handler: type, faults: Faults | None) -> None:
        super().__init__(address, handler)
        self.fault_state = FaultState(faults)
        self._oversized: bytes | None = None

    @property
    def faults_log(self) -> list[Served]:
        return self.fault_state.log

    def oversized_body(self) -> bytes:
        if self._oversized is None:
            self._oversized = oversized_page(self.fault_state.faults.oversized_bytes)
        return self._oversized

    def server_close(self) -> None:
        self.fault_state.stopping.set()
        super().server_close()


def make_server(
    site_dir: Path, host: str = "127.0.0.1", port: int = 0, faults: Faults | None = None
) -> ReplicaServer:
    handler = type("BoundReplicaHandler", (ReplicaHandler,), {"site_dir": Path(site_dir)})
    return ReplicaServer((host, port), handler, faults)


class ReplicaURL(str):
    """The base URL ``http://host:port`` (a plain ``str`` to every old caller), plus what the
    server saw: ``log`` (the live list of ``Served(time, path, outcome)``, in arrival order),
    ``counts()`` (requests per path+query), ``max_in_flight`` (most requests in flight at
    once, see ``FaultState``), ``faults`` and ``server``."""

    server: ReplicaServer

    def __new__(cls, url: str, server: ReplicaServer) -> ReplicaURL:
        self = super().__new__(cls, url)
        self.server = server
        return self

    # Copies and pickles (Scrapy settings, multiprocessing) are the plain URL string.
    def __reduce_ex__(self, protocol: Any) -> tuple[type, tuple[str]]:
        return (str, (str(self),))

    def __copy__(self) -> ReplicaURL:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> ReplicaURL:
        return self

    @property
    def log(self) -> list[Served]:
        return self.server.fault_state.log

    @property
    def faults(self) -> Faults:
        return self.server.fault_state.faults

    def counts(self) -> Counter[str]:
        return self.server.fault_state.counts()

    @property
    def max_in_flight(self) -> int:
        return self.server.fault_state.max_in_flight


@contextmanager
def serve(
    site_dir: Path, host: str = "127.0.0.1", port: int = 0, faults: Faults | None = None
) -> Iterator[ReplicaURL]:
    """Serve ``site_dir`` in a background thread; yields the base URL ``http://host:port``
    (a ``ReplicaURL``: a ``str`` with the request ``log``). ``faults=None``: no faults."""
    server = make_server(site_dir_of(site_dir), host, port, faults)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield ReplicaURL(f"http://{host}:{server.server_address[1]}", server)
    finally:
        server.fault_state.stopping.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def faults_from_args(args: argparse.Namespace) -> Faults | None:
    """The ``Faults`` the CLI options ask for, or ``None`` when none is given."""
    kw: dict[str, Any] = {}
    if args.faults_rate:
        kw["rate"] = args.faults_rate
    if args.faults_kinds:
        kw["kinds"] = tuple(k.strip() for k in args.faults_kinds.split(",") if k.strip())
    for name in ("seed", "max_per_path", "retry_after", "hang_seconds"):
        value = getattr(args, "faults_" + name)
        if value is not None:
            kw[name] = value
    if args.block_after is not None:
        kw["block_after"] = args.block_after
    for name in ("redirect_offsite", "redirect_loop", "oversized"):
        if getattr(args, name):
            kw[name] = frozenset(getattr(args, name))
    if args.oversized_bytes is not None:
        kw["oversized_bytes"] = args.oversized_bytes
    if args.slow:
        slow = {}
        for item in args.slow:
            path, _, seconds = item.rpartition("=")
            slow[path] = float(seconds)
        kw["slow"] = slow
    return Faults(**kw) if kw else None


def add_fault_options(parser: argparse.ArgumentParser) -> None:
    g = parser.add_argument_group("faults (see tests/replica/faults.py); none by default")
    g.add_argument("--faults-rate", type=float, default=0.0, help="fraction of requests faulted")
    g.add_argument("--faults-kinds", help="comma-separated, from: " + ",".join(ALL_KINDS))
    g.add_argument("--faults-seed", type=int)
    g.add_argument("--faults-max-per-path", type=int, help="faults per path+query (default 2)")
    g.add_argument("--faults-retry-after", type=int, help="Retry-After of a 429 (default 1)")
    g.add_argument("--faults-hang-seconds", type=float, help="a timeout's hang (default 5)")
    g.add_argument("--block-after", type=int, help="challenge403 for every later request")
    g.add_argument("--redirect-offsite", action="append", metavar="PATH", default=[])
    g.add_argument("--redirect-loop", action="append", metavar="PATH", default=[])
    g.add_argument("--oversized", action="append", metavar="PATH", default=[])
    g.add_argument("--oversized-bytes", type=int)
    g.add_argument("--slow", action="append", metavar="PATH=SECONDS", default=[])


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Serve a built replica of english.almayadeen.net.")
    parser.add_argument("out_dir", type=Path, help="the build's OUT_DIR (or its site/ folder)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--port-file", type=Path, help="write the chosen port number here")
    add_fault_options(parser)
    args = parser.parse_args(argv)
    faults = faults_from_args(args)

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    with serve(args.out_dir, args.host, args.port, faults) as base_url:
        if args.port_file:
            tmp = args.port_file.with_name(args.port_file.name + ".tmp")
            tmp.write_text(base_url.rsplit(":", 1)[1] + "\n")
            tmp.replace(args.port_file)
        print(base_url, flush=True)
        while not stop.wait(0.5):
            pass
    sys.exit(0)


if __name__ == "__main__":
    main()
