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

CLI: ``python -m tests.replica.server OUT_DIR [--port N] [--port-file F]`` prints the base
URL, writes the port number to F, and serves until SIGTERM or SIGINT.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

HTML = "text/html; charset=utf-8"


class ReplicaHandler(BaseHTTPRequestHandler):
    """Answers requests from the files of one built replica."""

    site_dir: Path = Path()
    protocol_version = "HTTP/1.1"
    server_version = "cloudflare"
    sys_version = ""
    timeout = 30

    # ------------------------------------------------------------------ plumbing

    def log_message(self, format: str, *args: Any) -> None:
        if os.environ.get("REPLICA_LOG"):
            super().log_message(format, *args)

    def send(self, status: int, body: bytes, ctype: str = HTML) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
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

    # ------------------------------------------------------------------ routing

    def do_GET(self) -> None:
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


def make_server(site_dir: Path, host: str = "127.0.0.1", port: int = 0) -> ThreadingHTTPServer:
    handler = type("BoundReplicaHandler", (ReplicaHandler,), {"site_dir": Path(site_dir)})
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    return server


@contextmanager
def serve(site_dir: Path, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
    """Serve ``site_dir`` in a background thread; yields the base URL ``http://host:port``."""
    server = make_server(site_dir_of(site_dir), host, port)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield f"http://{host}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Serve a built replica of english.almayadeen.net.")
    parser.add_argument("out_dir", type=Path, help="the build's OUT_DIR (or its site/ folder)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--port-file", type=Path, help="write the chosen port number here")
    args = parser.parse_args(argv)

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    with serve(args.out_dir, args.host, args.port) as base_url:
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
