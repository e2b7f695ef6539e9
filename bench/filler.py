"""A history filled to N articles through the project's own code, for the scale bench.

    python bench/filler.py HISTORY N [--seed 26]   # HISTORY: a SQLite file or a postgresql:// URL

Every article is an item as a crawl makes it (every field of :data:`mayadeen.items.ARTICLE_FIELDS`)
recorded with :meth:`mayadeen.history.History.record`, so the tables, revisions, search index
and paths are exactly what crawls write. Records are committed in groups of
:data:`GROUP` articles (a :class:`mayadeen.history.sql.Batch`, as a SQLite crawl's, only
larger; on PostgreSQL too, where a crawl commits each article: one transaction an article
costs a round trip and a commit each, and the rows written are the same).

The text is English as a news corpus's statistics have it, not as a reader would: words drawn
from a Zipf law (exponent 1) over a vocabulary of :data:`VOCABULARY` words (the most common
English function words first, then the replica's own vocabulary, then made-up words for the
long tail), sentences of 8-30 words, paragraphs of 2-5 sentences, bodies of 200-400 words
(:data:`BODY_WORDS`), and a few collocations (``ceasefire talks``, ``sanctions vote``)
inserted whole, so that a quoted phrase finds fewer articles than its two words. Some words
sit at chosen ranks so that the bench's queries match known shares of the corpus
(:data:`QUERIES`): ``said`` about 80% of articles, ``digitised`` about 300 in a million.

The bodies are as long as issue 26's articles: its history held 4.3 KB of revision rows an
article, every field in full, and so does one filled by this generator with the tree of
before the packing (4 KiB pages: 4,338 bytes an article at 10k, by ``dbstat``). Its bodies
were 500-900 words before (about twice the issue's, whose sizes the history's are measured
against); the queries' words moved up in rank, and the collocations to more sentences, as
the bodies got shorter, to match the same shares of articles as then.

Articles are spread over :data:`SECTIONS` (the English site's, politics the largest) and
published from 2014 to the day before the replica's oldest story (``tests/replica``), mostly
in the order of their post ids (a history crawled over the years) with 8% out of order (a
backfill); 3% are edited: a second revision, recorded 50 articles later, with a paragraph
added and sometimes a new title (and path). Everything is a function of the seed and of N.
"""

from __future__ import annotations

import argparse
import bisect
import functools
import itertools
import random
import re
import sys
import time
from collections import deque
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from mayadeen.history import History  # noqa: E402
from mayadeen.history.sql import Batch  # noqa: E402
from mayadeen.items import content_hash  # noqa: E402

#: Articles a commit.
GROUP = 2000
#: Words of a body, drawn uniformly between these.
BODY_WORDS = (200, 400)
#: Slots of the table words are drawn from (:meth:`Vocabulary.draw`).
TABLE = 1 << 22
#: Fewer slots than this would misstate a word's weight by more than 12%: bisection.
MIN_SLOTS = 4
#: Words in the vocabulary the text is drawn from.
VOCABULARY = 250_000
#: The first post id (ids grow by one an article: 7 digits past 1,000,000, all below the
#: replica's, whose stories are newer).
FIRST_ID = 300_000
#: Published between these (the replica's stories begin on 2023-01-04).
SPAN = (datetime(2014, 1, 1, tzinfo=UTC), datetime(2023, 1, 3, tzinfo=UTC))
#: Share of articles published out of id order (a backfill), and edited (two revisions).
BACKFILL, EDITED = 0.08, 0.03
#: An edit is recorded this many articles after the first revision.
EDIT_DELAY = 50
SITE = "https://english.almayadeen.net"
MEDIA = "https://english-media.almayadeen.net"
BEIRUT = ZoneInfo("Asia/Beirut")

#: Sections: (path, the CMS's label, post type, weight).
SECTIONS = [
    ("/news/politics", "Politics", "News", 40),
    ("/news/economy", "Economy", "News", 10),
    ("/news/sports", "Sports", "News", 5),
    ("/news/arts-culture", "Arts&Culture", "News", 3),
    ("/news/health", "Health", "News", 4),
    ("/news/miscellaneous", "Miscellaneous", "News", 3),
    ("/news/technology", "Technology", "News", 4),
    ("/news/environment", "Environment", "News", 3),
    ("/articles/opinion", "Opinion", "Articles", 8),
    ("/articles/analysis", "Analysis", "Articles", 8),
    ("/articles/blog", "Blog", "Articles", 2),
    ("/articles/features", "Features", "Articles", 3),
    ("/articles/foreign-press", "Foreign Press", "Articles", 7),
]
REGIONS = ["Palestine", "Lebanon", "Syria", "Iraq", "Iran", "Yemen", "Egypt", "Africa",
           "Europe", "Latin America", "Asia", "North America", None, None, None]  # fmt: skip
AUTHORS = [
    "Al Mayadeen English", "Ja'far Al-Husseini", "Mireille Saab", "Daniel Okafor",
    "Peter Lindqvist", "Tomás Ferreira", "Sara Whitcombe", "Karim Zein", "Rania Khoury",
    "Nour El-Din Kassem", "Leila Mansour", "Hana Odeh", "Yusuf Demir", "Ali Haidar",
    "Maya Nasser", "Omar Saleh", "Elena Petrova", "James Cole", "Fatima Zahra", "Ivan Kostic",
]  # fmt: skip

#: The most frequent English words, most frequent first (the head of the Zipf law).
HEAD = """
the of and to a in that is for on was with he it as at by his be from are have not or an
they which this has but had were their its been who will would after more also one new than
other there we about into when some two can up out over all government year first last
people could while against before between years since under told state president minister
officials security country military according during forces foreign international week three
public where percent what so if no them may our only most any such being those police her
she told part city region national says just because many made like later both including
them still well back former several high added while group news statement
""".split()  # noqa: SIM905
#: Words at chosen ranks (1 = the most frequent): the queries' words.
PLACED = {"said": 16, "vote": 155, "sanctions": 180, "talks": 200, "ceasefire": 225,
          "digitised": 83_000}  # fmt: skip
#: Collocations inserted whole (Zipf-ranked, a few an article), the first ones chosen.
COLLOCATIONS_FIRST = ["prisoner exchange", "security council", "central bank",
                      "health ministry", "foreign minister", "interest rates", "peace process",
                      "trade deal", "border crossing", "ceasefire talks", "aid convoy",
                      "energy prices", "election results", "naval blockade", "press conference",
                      "oil exports", "human rights", "power grid", "supply chain",
                      "sanctions vote"]  # fmt: skip
#: The share of sentences with a collocation.
COLLOCATION_SHARE = 0.18
#: The bench's queries and the share of articles each should match (roughly).
QUERIES = {
    "common": "said",  # ~80%
    "rare": "digitised",  # ~300 in 1,000,000
    "two_words": "ceasefire talks",  # ~5%
    "phrase": '"sanctions vote"',  # ~1%, where its two words are in ~1.5% more
    # Its words the other way round: next to each other so in ~0.01%, both in ~5%.
    "phrase_apart": '"vote sanctions"',
}


def _replica_words() -> list[str]:
    """The replica's vocabulary (``tests/replica/description.py``), most frequent first."""
    text = (ROOT / "tests" / "replica" / "description.py").read_text(encoding="utf-8")
    counts: dict[str, int] = {}
    for word in re.findall(r"\b[a-z]{3,}\b", text):
        counts[word] = counts.get(word, 0) + 1
    return sorted(counts, key=lambda w: (-counts[w], w))


def _made_up(rng: random.Random, taken: set[str]) -> Iterator[str]:
    """Made-up words that read like English ones (2-4 syllables), each once."""
    onsets = [
        "b",
        "bl",
        "br",
        "c",
        "ch",
        "cl",
        "cr",
        "d",
        "dr",
        "f",
        "fl",
        "fr",
        "g",
        "gl",
        "gr",
        "h",
        "j",
        "k",
        "l",
        "m",
        "n",
        "p",
        "pl",
        "pr",
        "qu",
        "r",
        "s",
        "sc",
        "sh",
        "sl",
        "sm",
        "sn",
        "sp",
        "st",
        "str",
        "t",
        "th",
        "tr",
        "v",
        "w",
        "wh",
    ]
    vowels = ["a", "e", "i", "o", "u", "ai", "ea", "ee", "io", "ou"]
    codas = ["", "", "n", "r", "l", "s", "t", "m", "nd", "nt", "st", "rk", "ck"]
    endings = ["", "", "", "", "", "", "er", "ing", "ed", "s", "al", "y"]
    while True:
        word = "".join(
            rng.choice(onsets) + rng.choice(vowels) + rng.choice(codas)
            for _ in range(rng.choice((1, 2, 2, 3)))
        ) + rng.choice(endings)
        if word not in taken:
            taken.add(word)
            yield word


class Vocabulary:
    """The words and collocations the text is drawn from, with their cumulative Zipf weights."""

    def __init__(self, seed: int) -> None:
        rng = random.Random(f"vocabulary:{seed}")
        placed = set(PLACED)
        taken = set(PLACED)
        words: list[str] = []
        for word in [*HEAD, *_replica_words()]:
            if word not in taken:
                taken.add(word)
                words.append(word)
        head, rest = words[: len(HEAD)], words[len(HEAD) :]
        rng.shuffle(rest)
        words = head + rest
        made_up = _made_up(rng, taken)
        words += itertools.islice(made_up, VOCABULARY - len(words) - len(placed))
        for word, rank in sorted(PLACED.items(), key=lambda kv: kv[1]):
            words.insert(rank - 1, word)
        self.words = words
        self.weights = list(itertools.accumulate(1 / r for r in range(1, len(words) + 1)))
        # Drawn from a table where each word is as often as its weight says (a uniform draw
        # from a list is ten times faster than a bisection of the weights); the words too
        # rare for a place in it are drawn by bisection, when the table's last slot is drawn.
        total = self.weights[-1]
        table: list[str | None] = []
        for rank, word in enumerate(words, 1):
            slots = round(TABLE / (rank * total))
            if slots < MIN_SLOTS:
                self._tail = rank - 1  # the index of the first word not in the table
                break
            table += [word] * slots
        self._tail_low = self.weights[self._tail - 1]
        tail_share = (total - self._tail_low) / total
        table += [None] * round(len(table) * tail_share / (1 - tail_share))
        self.table = table
        pairs = [f"{a} {b}" for a, b in zip(rest[0:2000:2], rest[1:2000:2], strict=False)]
        self.collocations = COLLOCATIONS_FIRST + pairs
        self.collocation_weights = list(
            itertools.accumulate(1 / r for r in range(1, len(self.collocations) + 1))
        )
        self.tags = [w.capitalize() for w in rest[:400]]

    def draw(self, rng: random.Random, count: int) -> list[str]:
        """``count`` words drawn by their weights."""
        words = rng.choices(self.table, k=count)
        if None in words:
            low, high, weights = self._tail_low, self.weights[-1], self.weights
            for at, word in enumerate(words):
                if word is None:
                    point = low + rng.random() * (high - low)
                    words[at] = self.words[bisect.bisect_right(weights, point, self._tail)]
        return words


@functools.lru_cache(maxsize=2)
def vocabulary(seed: int) -> Vocabulary:
    """The :class:`Vocabulary` of ``seed``, made once a process (it takes a second or two)."""
    return Vocabulary(seed)


def _sentence(rng: random.Random, vocab: Vocabulary, words: list[str]) -> str:
    if rng.random() < COLLOCATION_SHARE:
        at = rng.randrange(len(words))
        words[at] = rng.choices(vocab.collocations, cum_weights=vocab.collocation_weights)[0]
    if len(words) > 12 and rng.random() < 0.4:
        words[len(words) // 2] += ","
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def paragraphs(rng: random.Random, vocab: Vocabulary, count: int) -> list[str]:
    """About ``count`` words of text, in paragraphs."""
    tokens = vocab.draw(rng, count)
    paras, sentences, at = [], [], 0
    per_paragraph = rng.randint(2, 5)
    while at < len(tokens):
        length = rng.randint(8, 30)
        sentences.append(_sentence(rng, vocab, tokens[at : at + length]))
        at += length
        if len(sentences) >= per_paragraph:
            paras.append(" ".join(sentences))
            sentences, per_paragraph = [], rng.randint(2, 5)
    if sentences:
        paras.append(" ".join(sentences))
    return paras


def slugify(title: str) -> str:
    """The site's slug rule (as ``tests/replica/site_map.py``)."""
    slug = "".join(c if c.isalnum() else "-" for c in title.lower())
    return slug[:60].rstrip("-")


def _raw(when: datetime) -> str:
    return when.astimezone(BEIRUT).replace(microsecond=0).isoformat()


def _utc(when: datetime) -> str:
    return when.astimezone(UTC).replace(microsecond=0).isoformat()


class Generator:
    """Articles ``0 .. n-1`` of a corpus of ``n`` for ``seed``: :meth:`article` (revision 1)
    and :meth:`edit` (revision 2 of an edited one), each a function of (seed, n, index)."""

    def __init__(self, n: int, seed: int = 26) -> None:
        self.n, self.seed = n, seed
        self.vocab = vocabulary(seed)
        self.sections = [s[:3] for s in SECTIONS]
        self.section_weights = list(itertools.accumulate(s[3] for s in SECTIONS))
        self.title_words = self.vocab.words[40:20_000]

    def _rng(self, index: int, what: str = "") -> random.Random:
        return random.Random(f"{self.seed}:{index}{what}")

    def published(self, index: int, rng: random.Random) -> datetime:
        start, end = SPAN
        share = rng.random() if rng.random() < BACKFILL else (index + rng.random()) / self.n
        return start + (end - start) * share

    def edited(self, index: int) -> bool:
        return edited(self.seed, index)

    def article(self, index: int) -> dict[str, Any]:
        rng = self._rng(index)
        vocab = self.vocab
        path, label, post_type = rng.choices(self.sections, cum_weights=self.section_weights)[0]
        published = self.published(index, rng)
        title = " ".join(rng.choices(self.title_words, k=rng.randint(6, 12)))
        title = title[0].upper() + title[1:]
        summary = paragraphs(rng, vocab, rng.randint(18, 32))[0]
        body_paragraphs = paragraphs(rng, vocab, rng.randint(*BODY_WORDS))
        body = "\n\n".join(body_paragraphs)
        words = len(body.split())
        author = rng.choice(AUTHORS)
        image = (
            f"{MEDIA}/media/image/{published.year}/{published.month}/{published.day}/"
            f"{rng.getrandbits(64):016x}.jpg?v=3"
        )
        caption = paragraphs(rng, vocab, rng.randint(6, 12))[0]
        item = {
            "article_id": str(FIRST_ID + index),
            "url": f"{SITE}{path}/{slugify(title)}",
            "title": title,
            "summary": summary,
            "authors": [author],
            "source": "The Northern Ledger" if path == "/articles/foreign-press" else None,
            "published_at": _utc(published),
            "published_at_raw": _raw(published),
            "modified_at": _utc(published),
            "modified_at_raw": _raw(published),
            "post_type": post_type,
            "section": label,
            "region": rng.choice(REGIONS),
            "coverage": None,
            "tags": sorted(set(rng.sample(vocab.tags, rng.randint(1, 4)))),
            "body": body,
            "word_count": words,
            "reading_time": max(1, round(words / 200)),
            "images": [{"url": f"{image}&width=1000", "caption": caption, "credit": None}],
            "image_url": f"{image}&width=600",
            "video_duration": None,
            "language": "en",
            "scraped_at": _utc(published + timedelta(minutes=rng.randint(5, 600))),
            "content_hash": None,
            "found_in": [],
            "revision": 1,
            "edition": "en",
        }
        item["content_hash"] = content_hash(title, body)
        return item

    def edit(self, index: int, item: dict[str, Any]) -> dict[str, Any]:
        """Revision 2 of article ``index`` (revision 1: ``item``): a paragraph added, a new
        modification time, and one time in three a new title and address."""
        rng = self._rng(index, ":edit")
        edited = dict(item)
        modified = datetime.fromisoformat(item["published_at"]) + timedelta(
            hours=rng.randint(1, 72)
        )
        update = paragraphs(rng, self.vocab, rng.randint(30, 80))[0]
        edited["body"] = item["body"] + "\n\n" + "Update: " + update
        edited["word_count"] = len(edited["body"].split())
        if rng.random() < 1 / 3:
            edited["title"] = "Update: " + item["title"]
            path = item["url"].rsplit("/", 1)[0]
            edited["url"] = f"{path}/{slugify(edited['title'])}"
        edited["modified_at"], edited["modified_at_raw"] = _utc(modified), _raw(modified)
        edited["scraped_at"] = _utc(modified + timedelta(minutes=rng.randint(5, 120)))
        edited["content_hash"] = content_hash(edited["title"], edited["body"])
        edited["revision"] = 2
        return edited

    def records(self) -> Iterator[tuple[dict[str, Any], list[str]]]:
        """Every revision in the order a history gets them: (item, its earlier paths)."""
        waiting: deque[tuple[int, int, dict[str, Any]]] = deque()
        for index in range(self.n):
            item = self.article(index)
            yield item, []
            if self.edited(index):
                waiting.append((index + EDIT_DELAY, index, item))
            while waiting and waiting[0][0] <= index:
                _, edited_index, first = waiting.popleft()
                yield self.edit(edited_index, first), [_path(first["url"])]
        for _, edited_index, first in waiting:
            yield self.edit(edited_index, first), [_path(first["url"])]


def edited(seed: int, index: int) -> bool:
    """Whether article ``index`` of the corpus of ``seed`` is edited (has two revisions)."""
    return random.Random(f"{seed}:{index}:edit?").random() < EDITED


def _path(url: str) -> str:
    return url[len(SITE) :]


def fill(location: str | Path, n: int, *, seed: int = 26, progress: bool = False) -> dict[str, Any]:
    """Record ``n`` generated articles (:class:`Generator`) into the history at ``location``
    (created if new; a history with a crawl in it keeps it); what was written and how fast."""
    generator = Generator(n, seed)
    history = History(location, group_records=True)
    history.batch = Batch(history.db, GROUP, 3600)  # a crawl's groups, only larger
    started = time.monotonic()
    revisions = 0
    try:
        for revisions, (item, paths) in enumerate(generator.records(), 1):
            history.record(item, paths)
            if progress and revisions % 20_000 == 0:
                rate = revisions / (time.monotonic() - started)
                print(f"  {revisions:,} revisions, {rate:,.0f}/s", file=sys.stderr, flush=True)
        history.commit()
    finally:
        history.close()
    seconds = time.monotonic() - started
    return {
        "articles": n,
        "revisions": revisions,
        "seconds": round(seconds, 1),
        "articles_per_second": round(n / seconds, 1) if seconds else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("history", help="a SQLite file or a postgresql:// URL")
    parser.add_argument("n", type=int, help="articles to add")
    parser.add_argument("--seed", type=int, default=26)
    args = parser.parse_args()
    print(fill(args.history, args.n, seed=args.seed, progress=True))


if __name__ == "__main__":
    main()
