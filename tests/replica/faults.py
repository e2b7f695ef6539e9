"""Switchable fault modes of the replica server (``server.py``), for resilience tests.

``Faults`` says what goes wrong; ``FaultState`` (one per server) decides, request by
request, what each one gets, and records every request in ``log``. Everything is
deterministic: which request is faulted, and with which kind, depends only on the seed,
the path+query and how many times that path+query was asked before (its attempt number),
never on timing or thread scheduling (except for the order of concurrent requests to the
*same* path+query). ``FaultState`` also counts the requests in flight (politeness tests).
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

#: Kinds ``Faults.kinds`` may draw from.
STATUS_KINDS = ("500", "502", "503", "429")
CHALLENGE_KINDS = ("challenge403", "challenge503", "challenge200")
ALL_KINDS = (*STATUS_KINDS, "timeout", "reset", "truncate", *CHALLENGE_KINDS)
#: The default ``kinds``: transient errors a crawler should retry through, and none that
#: takes seconds (``timeout``) or looks like a bot block (the challenges).
TRANSIENT_KINDS = ("500", "502", "503", "429", "reset", "truncate")

#: ``outcome`` of a log entry for special (not random) faults.
BLOCK = "block"  # served as "challenge403" because of ``block_after``
REDIRECT_OFFSITE = "redirect_offsite"
REDIRECT_LOOP = "redirect_loop"
OVERSIZED = "oversized"
SLOW = "slow"  # delayed, then served normally (the log entry is the status, see below)

OFFSITE_URL = "https://example.com/elsewhere"


@dataclass(frozen=True)
class Faults:
    """What goes wrong on a replica server. The default instance changes nothing.

    - ``rate``: the probability that a request (robots.txt excepted) gets a fault drawn from
      ``kinds``, decided from ``(seed, path+query, attempt number of that path+query)``;
      a path+query gets at most ``max_per_path`` of these faults, then is always served
      normally.
    - ``block_after``: after that many requests (robots.txt excluded), every request gets
      a ``challenge403`` page.
    - ``redirect_offsite`` / ``redirect_loop`` / ``oversized`` / ``slow``: exact URL paths
      (decoded, without query) that always get that treatment.
    """

    rate: float = 0.0
    kinds: tuple[str, ...] = TRANSIENT_KINDS
    seed: int = 0
    max_per_path: int = 2
    retry_after: int = 1
    hang_seconds: float = 5.0
    block_after: int | None = None
    redirect_offsite: frozenset[str] = frozenset()
    redirect_loop: frozenset[str] = frozenset()
    oversized: frozenset[str] = frozenset()
    oversized_bytes: int = 3_000_000
    slow: Mapping[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # Accept lists/sets/one string where a tuple/frozenset is meant.
        kinds = (self.kinds,) if isinstance(self.kinds, str) else tuple(self.kinds)
        object.__setattr__(self, "kinds", kinds)
        for name in ("redirect_offsite", "redirect_loop", "oversized"):
            value = getattr(self, name)
            object.__setattr__(self, name, frozenset((value,) if isinstance(value, str) else value))
        object.__setattr__(self, "slow", dict(self.slow))
        unknown = [k for k in kinds if k not in ALL_KINDS]
        if unknown:
            raise ValueError(f"unknown fault kinds {unknown}; known: {', '.join(ALL_KINDS)}")
        if not 0.0 <= self.rate <= 1.0:
            raise ValueError("rate must be between 0 and 1")
        if self.rate and not kinds:
            raise ValueError("rate > 0 needs at least one kind")

    def __hash__(self) -> int:  # ``slow`` is a dict
        return hash((self.rate, self.kinds, self.seed, self.max_per_path, self.block_after))


class Served(NamedTuple):
    """One request: arrival time (``time.monotonic()``), decoded path + ``?query`` as sent,
    and the outcome: the HTTP status (an ``int``) when served normally (also for ``slow``
    paths), else a ``str`` naming the fault (a ``kind``, ``"block"``, ``"redirect_offsite"``,
    ``"redirect_loop"``, ``"oversized"``). ``None`` while a normal answer is being made."""

    time: float
    path: str
    outcome: int | str | None


def _uniform(*parts: object) -> float:
    """A deterministic number in [0, 1) from ``parts``."""
    digest = hashlib.sha256("\x00".join(map(str, parts)).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") / 2.0**64


class FaultState:
    """Per-server counters and request log; all methods are thread-safe.

    ``in_flight`` counts the requests that have arrived (``decide``) and whose answer has
    not started going out yet (``answered``; for a ``timeout`` or ``reset``, the end of the
    connection); ``max_in_flight`` is its highest value since the server started. The
    count stops when the answer *starts*, not when its last byte is sent: a client cannot
    have an answer before that, so two requests the server sees in flight together were
    in flight together at the client too (no false overlaps from thread scheduling).
    """

    def __init__(self, faults: Faults | None) -> None:
        self.faults = faults or Faults()
        self.enabled = faults is not None
        self.log: list[Served] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self.stopping = threading.Event()  # set when the server stops: ends hangs/delays
        self._lock = threading.Lock()
        self._requests = 0  # robots.txt excluded
        self._attempts: Counter[str] = Counter()
        self._faulted: Counter[str] = Counter()

    # ------------------------------------------------------------------ deciding

    def decide(self, path: str, key: str) -> tuple[int, str | None]:
        """Log the arrival of a request for ``path`` (decoded, no query) asked as ``key``
        (path+query) and say what it gets: ``(log index, fault or None)``. The fault is a
        kind of ``ALL_KINDS``, ``BLOCK``, ``REDIRECT_OFFSITE``, ``REDIRECT_LOOP``,
        ``OVERSIZED``, ``SLOW`` or ``None`` (serve normally)."""
        now = time.monotonic()
        f = self.faults
        with self._lock:
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
            fault = None
            if self.enabled and path != "/robots.txt":
                self._requests += 1
                attempt = self._attempts[key]
                self._attempts[key] += 1
                if f.block_after is not None and self._requests > f.block_after:
                    fault = BLOCK
                elif path in f.redirect_offsite:
                    fault = REDIRECT_OFFSITE
                elif path in f.redirect_loop:
                    fault = REDIRECT_LOOP
                elif path in f.oversized:
                    fault = OVERSIZED
                elif (
                    f.rate
                    and self._faulted[key] < f.max_per_path
                    and _uniform(f.seed, key, attempt) < f.rate
                ):
                    self._faulted[key] += 1
                    fault = f.kinds[int(_uniform(f.seed, key, attempt, "kind") * len(f.kinds))]
                elif path in f.slow:
                    fault = SLOW
            self.log.append(Served(now, key, None if fault in (None, SLOW) else fault))
            return len(self.log) - 1, fault

    def answered(self) -> None:
        """A request counted by ``decide`` is no longer in flight (see the class)."""
        with self._lock:
            self.in_flight -= 1

    def done(self, index: int, status: int) -> None:
        """Record the status of a normally served request."""
        with self._lock:
            self.log[index] = self.log[index]._replace(outcome=status)

    # ------------------------------------------------------------------ reading

    def snapshot(self) -> list[Served]:
        with self._lock:
            return list(self.log)

    def counts(self) -> Counter[str]:
        """How many times each path+query was requested."""
        return Counter(s.path for s in self.snapshot())


# ---------------------------------------------------------------------- fault pages


def error_page(status: int, reason: str) -> bytes:
    return (
        "<!DOCTYPE html>\n<html><head><title>"
        f"{status} {reason}</title></head>\n<body><h1>{status} {reason}</h1>\n"
        "<p>The server could not answer your request. Please try again later.</p>\n"
        "</body></html>\n"
    ).encode()


def ray_id(seed: int, key: str, n: int) -> str:
    """A Cloudflare-looking ray id (16 hex digits), deterministic."""
    return hashlib.sha256(f"{seed}\x00{key}\x00{n}".encode()).hexdigest()[:16]


def challenge_page(ray: str) -> bytes:
    """A Cloudflare "managed challenge" interstitial, shaped like the real one."""
    return f"""<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title>\
<meta http-equiv="Content-Type" content="text/html; charset=UTF-8">\
<meta http-equiv="X-UA-Compatible" content="IE=Edge">\
<meta name="robots" content="noindex,nofollow">\
<meta name="viewport" content="width=device-width,initial-scale=1">\
<style>*{{box-sizing:border-box;margin:0;padding:0}}html{{line-height:1.15}}</style>\
<meta http-equiv="refresh" content="390"></head><body class="no-js">\
<div class="main-wrapper" role="main"><div class="main-content">\
<h1 class="zone-name-title h1">english.almayadeen.net</h1>\
<h2 id="challenge-running" class="h2">Checking if the site connection is secure</h2>\
<noscript><div id="challenge-error-title"><div class="h2">\
<span class="icon-wrapper"><div class="heading-icon warning-icon"></div></span>\
<span id="challenge-error-text">Enable JavaScript and cookies to continue</span>\
</div></div></noscript>\
<div id="trk_jschal_js" style="display:none;background-image:url('/cdn-cgi/images/trace/\
managed/nojs/transparent.gif?ray={ray}')"></div>\
<form id="challenge-form" class="cf-chl-form cf-chl-managed" \
action="/?__cf_chl_f_tk={ray}" method="POST" enctype="application/x-www-form-urlencoded">\
<input type="hidden" name="md" value="{ray}"></form>\
<script>(function(){{window._cf_chl_opt={{cvId: '3',cZone: "english.almayadeen.net",\
cType: 'managed',cRay: '{ray}',cHash: '{ray[::-1]}'}};var cpo=document.createElement(\
'script');cpo.src='/cdn-cgi/challenge-platform/h/b/orchestrate/chl_page/v1?ray={ray}';\
document.getElementsByTagName('head')[0].appendChild(cpo);}}());</script>\
<script src="/cdn-cgi/challenge-platform/h/b/orchestrate/chl_page/v1?ray={ray}"></script>\
</div></div><div class="footer" role="contentinfo"><div class="footer-inner">\
<div class="clearfix diagnostic-wrapper"><div class="ray-id">Ray ID: <code>{ray}</code>\
</div></div><div class="text-center" id="footer-text">Performance &amp; security by \
<a rel="noopener noreferrer" href="https://www.cloudflare.com">Cloudflare</a></div>\
</div></div></body></html>""".encode()


def oversized_page(size: int) -> bytes:
    """A valid HTML page of exactly ``size`` bytes (at least its skeleton's length):
    padding in one HTML comment."""
    head = (
        b'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        b"<title>Oversized page</title></head>\n<body><h1>Oversized page</h1>\n<!-- "
    )
    tail = b" -->\n<p>End of the oversized page.</p>\n</body></html>\n"
    pad = max(0, size - len(head) - len(tail))
    return head + (b"padding " * (pad // 8 + 1))[:pad] + tail
