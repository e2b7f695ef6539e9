"""Serve a built replica (``build.py``) with nginx: same answers as ``server.py``, much faster.

For benchmarks: ``server.py`` (Python's ``http.server``) answers a few hundred requests a
second, nginx tens of thousands. ``serve_nginx(out_dir)`` writes an nginx configuration
into a temporary prefix, runs ``nginx -c <conf> -p <prefix>`` in the foreground
(``daemon off``) on a free loopback port, waits until it answers and yields
``"http://127.0.0.1:PORT"``; on exit it stops nginx and removes the prefix.

It answers like ``server.py`` without faults (see its docstring and the README):

- ``/a/b`` -> ``site/a/b.html`` (a trailing ``/`` is ignored), ``/`` -> ``site/index.html``,
  ``/robots.txt``, ``/sitemaps/...xml``; 404 with ``site/_404.html`` otherwise, and for
  ``/index``, empty path segments and segments starting with ``_`` or ``.`` (the internal
  ``_getmore``/``_widgets`` stores and ``_404.html`` are never served under their own path);
- ``/GetMore[/<path>]?page=N&widgetid=W&...`` -> ``site/_getmore/W/N.html``, an empty 200
  past the last page; 400 for an unknown widget id, a wrong widget code, post id, filter
  parameter or path, or a missing/malformed page (the configuration is generated from
  ``site/_getmore/index.json``);
- ``/LoadWidget?widgetid=W&widget=..&postid=..`` -> ``site/_widgets/W.html``; 400 on wrong
  parameters (from ``site/_widgets/index.json``).

Content types match (``text/html; charset=utf-8``, ``application/xml; charset=utf-8`` for
sitemaps, ``text/plain; charset=utf-8`` for robots.txt and 400s); every answer has
``Cache-Control: no-cache`` and no ``ETag``/``Last-Modified``/byte ranges (nothing a cache
could revalidate). Differences that a crawler never sees: the text of 400 answers, the
``Server`` header (``nginx``), methods other than GET/HEAD, query parameters matched
undecoded (``%xx`` in a widget code or filter value gives a 400), and dot segments
(``/news/../x``), which nginx resolves where ``server.py`` answers 404. No fault modes:
use ``server.py`` for those.

CLI: ``python -m tests.replica.nginx OUT_DIR [--port N] [--workers N]`` prints the base
URL and serves until Ctrl-C or SIGTERM.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import textwrap
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tests.replica.server import site_dir_of

__all__ = ["NginxNotFound", "find_nginx", "main", "nginx_config", "serve_nginx"]

#: Where nginx usually lives when it is not on PATH (Debian puts it in /usr/sbin).
NGINX_PATHS = ("/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/local/nginx/sbin/nginx")


class NginxNotFound(RuntimeError):
    """nginx is not installed."""


def find_nginx() -> str | None:
    """The nginx executable, or None."""
    found = shutil.which("nginx")
    if found:
        return found
    return next((p for p in NGINX_PATHS if os.access(p, os.X_OK)), None)


def _regex(text: str) -> str:
    """``text`` as a literal in a PCRE pattern (paths, widget codes, slugs)."""
    return re.sub(r"([.^$*+?()\[\]{}|\\])", r"\\\1", text)


def _quote(text: str) -> str:
    """A double-quoted nginx configuration string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _index(site_dir: Path, folder: str) -> dict[str, Any]:
    path = site_dir / folder / "index.json"
    return json.loads(path.read_text("utf-8")) if path.exists() else {}


def getmore_map(getmore: dict[str, Any]) -> str:
    """``$replica_getmore_ok``: 1 when the path and parameters fit a load-more widget.

    The key is ``$uri|widgetid|widget|postid|<filter keys...>``; each widget has one regex:
    its path (optional for a non-main widget; trailing slashes allowed), its id, code and
    post id, and its own filter values (other filter fields: anything).
    """
    keys = sorted({k for w in getmore.values() for k in w["filter"]})
    source = "|".join(["$uri", "$arg_widgetid", "$arg_widget", "$arg_postid"])
    source += "".join(f"|$arg_{k}" for k in keys)
    lines = [f"map {_quote(source)} $replica_getmore_ok {{", "    default 0;"]
    for wid, w in sorted(getmore.items()):
        path = _regex(w["path"])
        path = path if w["ismain"] else f"(?:{path})?"
        fields = [f"/GetMore{path}/*", _regex(wid), _regex(w["widget"]), _regex(w["postid"])]
        fields += [_regex(w["filter"][k]) if k in w["filter"] else "[^|]*" for k in keys]
        lines.append(f"    {_quote('~^' + '[|]'.join(fields) + '$')} 1;")
    lines.append("}")
    return "\n".join(lines)


def widgets_map(widgets: dict[str, Any]) -> str:
    """``$replica_widget_ok``: 1 when ``widgetid``, ``widget`` and ``postid`` fit."""
    lines = ['map "$arg_widgetid|$arg_widget|$arg_postid" $replica_widget_ok {', "    default 0;"]
    for wid, w in sorted(widgets.items()):
        key = "|".join([wid, w["widget"], w["postid"]])
        lines.append(f"    {_quote(key)} 1;")
    lines.append("}")
    return "\n".join(lines)


def nginx_config(
    site_dir: Path, port: int, prefix: Path, workers: int | str = "auto", host: str = "127.0.0.1"
) -> str:
    """The nginx configuration serving ``site_dir`` on ``host:port``; its pid file, error
    log and temporary files go in ``prefix``."""
    site_dir = Path(site_dir).resolve()
    prefix = Path(prefix).resolve()
    user = "user root;\n" if hasattr(os, "geteuid") and os.geteuid() == 0 else ""
    temp = "\n".join(
        f"    {name}_temp_path {_quote(str(prefix / 'tmp' / name))};"
        for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""# Generated by tests/replica/nginx.py for {site_dir}
{user}worker_processes {workers};
daemon off;
pid {_quote(str(prefix / "nginx.pid"))};
error_log {_quote(str(prefix / "error.log"))} warn;

events {{
    worker_connections 4096;
}}

http {{
    access_log off;
    server_tokens off;
    sendfile on;
    tcp_nopush on;
    keepalive_timeout 65;
    keepalive_requests 100000;
{temp}
    types {{
        text/html html;
        application/xml xml;
        text/plain txt;
    }}
    default_type text/html;
    charset utf-8;
    charset_types text/html text/plain application/xml;
    # Like server.py: always the full 200, never a 304 or a 206.
    etag off;
    if_modified_since off;
    max_ranges 0;
    map_hash_bucket_size 128;

    # The page N of a GetMore request ("03" is page 3), "" when not a page number.
    map $arg_page $replica_page {{
        default "";
        "~^0*([1-9][0-9]*)$" $1;
    }}
{textwrap.indent(getmore_map(_index(site_dir, "_getmore")), "    ")}
{textwrap.indent(widgets_map(_index(site_dir, "_widgets")), "    ")}

    server {{
        listen {host}:{port};
        root {_quote(str(site_dir))};
        merge_slashes off;
        add_header Cache-Control no-cache always;
        add_header Last-Modified "" always;
        error_page 404 /_404.html;

        location = /_404.html {{
            internal;
        }}
        location = / {{
            try_files /index.html =404;
        }}
        location = /robots.txt {{
            try_files /robots.txt =404;
        }}
        location = /LoadWidget {{
            default_type text/plain;
            if ($replica_widget_ok = 0) {{
                return 400 "Bad Request: unknown widget or wrong parameters\\n";
            }}
            try_files /_widgets/$arg_widgetid.html =404;
        }}
        location ~ ^/GetMore(?:/|$) {{
            default_type text/plain;
            if ($replica_getmore_ok = 0) {{
                return 400 "Bad Request: unknown widget, wrong parameters or path\\n";
            }}
            if ($replica_page = "") {{
                return 400 "Bad Request: missing or malformed page\\n";
            }}
            try_files /_getmore/$arg_widgetid/$replica_page.html @replica_past_last_page;
        }}
        location @replica_past_last_page {{
            return 200 "";
        }}
        location ~ ^/sitemaps/.*\\.xml$ {{
            try_files $uri =404;
        }}
        # Internal stores, hidden files, "/index", empty segments: not pages.
        location ~ (?:^|/)[._] {{
            return 404;
        }}
        location ~ ^/+index/*$ {{
            return 404;
        }}
        location ~ [^/]//+[^/] {{
            return 404;
        }}
        location ~ ^(?<replica_path>/.*?)/*$ {{
            try_files $replica_path.html =404;
        }}
    }}
}}
"""


def _free_port(host: str) -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/robots.txt", timeout=1) as r:
            r.read()
        return True
    except urllib.error.HTTPError:
        return True  # something answered: nginx is up (a site without robots.txt)
    except OSError:
        return False


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.terminate()  # SIGTERM: nginx's fast shutdown (workers too)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)  # its own session: master and workers
            proc.wait(timeout=10)


@contextmanager
def serve_nginx(
    out_dir: Path,
    port: int = 0,
    workers: int | str = "auto",
    host: str = "127.0.0.1",
    startup_timeout: float = 15.0,
) -> Iterator[str]:
    """Serve a built replica (OUT_DIR or its ``site`` folder) with nginx; yields
    ``"http://HOST:PORT"`` once nginx answers, stops it on exit. ``port=0``: a free port.

    Raises ``NginxNotFound`` when nginx is not installed, ``RuntimeError`` when it does
    not start (with its error log)."""
    nginx = find_nginx()
    if nginx is None:
        raise NginxNotFound(
            "nginx is not installed (not on PATH, nor in " + ", ".join(NGINX_PATHS) + "); "
            "e.g. `apt-get install nginx-light`"
        )
    site_dir = site_dir_of(Path(out_dir))
    if not (site_dir / "index.html").is_file():
        raise FileNotFoundError(f"no built replica in {out_dir} (no site/index.html)")
    with tempfile.TemporaryDirectory(prefix="replica-nginx-") as tmp:
        prefix = Path(tmp)
        (prefix / "tmp").mkdir()
        conf = prefix / "nginx.conf"
        log = prefix / "error.log"
        # A port picked with port=0 may be taken before nginx binds it: try another one.
        for attempt in range(5):
            chosen = port or _free_port(host)
            conf.write_text(nginx_config(site_dir, chosen, prefix, workers, host), "utf-8")
            cmd = [nginx, "-p", str(prefix), "-c", str(conf), "-e", str(log)]
            with open(prefix / "stderr.log", "wb") as stderr:
                proc = subprocess.Popen(
                    cmd,
                    stdin=subprocess.DEVNULL,
                    stdout=stderr,
                    stderr=stderr,
                    start_new_session=True,  # its own group: see _stop
                )
            url = f"http://{host}:{chosen}"
            deadline = time.monotonic() + startup_timeout
            while proc.poll() is None and time.monotonic() < deadline:
                if _answers(url):
                    break
                time.sleep(0.05)
            if proc.poll() is None and _answers(url):
                break
            _stop(proc)
            errors = "".join(
                p.read_text("utf-8", "replace") for p in (prefix / "stderr.log", log) if p.exists()
            )
            if port or "Address already in use" not in errors or attempt == 4:
                raise RuntimeError(f"nginx did not start ({' '.join(cmd)}):\n{errors}")
        try:
            yield url
        finally:
            _stop(proc)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Serve a built replica with nginx.")
    parser.add_argument("out_dir", type=Path, help="the build's OUT_DIR (or its site/ folder)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--workers", default="auto", help="nginx worker processes (auto)")
    args = parser.parse_args(argv)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    try:
        with serve_nginx(args.out_dir, args.port, args.workers, args.host) as url:
            print(url, flush=True)
            while not stop.wait(0.5):
                pass
    except NginxNotFound as e:
        parser.exit(2, f"{e}\n")


if __name__ == "__main__":
    main()
