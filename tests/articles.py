"""Articles and crawlers for the pipeline, history and search tests: an item as a spider
gives it, a crawler with the history's keeper, and its history opened; invented stories of a
few words, and the ids a search of them should give."""

from __future__ import annotations

import random
from dataclasses import asdict
from pathlib import Path
from typing import Any

from scrapy.utils.test import get_crawler

from mayadeen.corpus import Corpus
from mayadeen.history import History, HistoryKeeper
from mayadeen.items import Article, content_hash
from mayadeen.spiders.article import ArticleSpider


def crawler_for(tmp_path: Path, settings: dict | None = None, **spider_args: str):
    """A crawler with the history's keeper (the history opens on ``spider_opened``)."""
    settings = {
        "MAYADEEN_DATA_DIR": str(tmp_path),
        "MAYADEEN_BASE_URL": "https://x",
        "EXTENSIONS": {"mayadeen.history.HistoryKeeper": -1},
        **(settings or {}),
    }
    crawler = get_crawler(ArticleSpider, settings)
    crawler.spider = ArticleSpider.from_crawler(crawler, url="https://x/y", **spider_args)
    crawler.stats.open_spider()
    return crawler


def article(**overrides: object) -> Article:
    values = {
        "article_id": "1234567",
        "url": "https://english.almayadeen.net/news/politics/talks",
        "title": "Talks resume",
        "published_at": "2024-03-19T07:18:39+00:00",
        "modified_at": "2024-03-19T07:18:39+00:00",
        "body": "One.\n\nTwo.",
        "scraped_at": "2026-11-28T10:00:00+00:00",
        "word_count": 2,
    }
    values.update(overrides)
    item = Article(**values)  # type: ignore[arg-type]
    item.content_hash = content_hash(item.title, item.body)
    return item


def opened(crawler) -> History | None:
    """Open the crawl's history as its keeper does when the spider opens; ``None``: no
    history."""
    keeper = crawler.get_extension(HistoryKeeper)
    if keeper is None:
        return None
    keeper.spider_opened(crawler.spider)
    return keeper.history


WORDS = ["ceasefire", "talks", "sanctions", "vote", "council", "harbour", "drought", "relief"]


def story(n: int, published: str, body: str, section: str = "Politics") -> dict[str, Any]:
    url = f"https://english.almayadeen.net/news/politics/story-{n}"
    fields = {"title": f"Story {n}", "body": body, "section": section}
    return asdict(article(article_id=str(n), url=url, published_at=published, **fields))


def stories(count: int = 120, seed: int = 26) -> list[dict[str, Any]]:
    """Invented stories, many published in the same second (ties to order by post id), in a
    shuffled order (the order recorded is not the order published)."""
    rnd = random.Random(seed)
    made = []
    for n in range(count):
        second = rnd.choice([0, 0, 0, 1, 2, 3, 4, 5]) if n % 3 else n
        published = f"2026-{1 + n % 11:02d}-0{1 + n % 7}T10:00:{second:02d}+00:00"
        body = " ".join(rnd.choices(WORDS, k=12))
        made.append(story(1000 + n, published, body, rnd.choice(["Politics", "Culture"])))
    rnd.shuffle(made)
    return made


def expected(
    made: list[dict[str, Any]],
    words: list[str],
    limit: int = 20,
    *,
    phrase: bool = False,
    **filters: str,
) -> list[str]:
    """The ids a search should give: every story holding ``words`` (``phrase``: next to
    each other, in that order), sorted as ``ORDER BY published_at DESC, article_id DESC``
    sorts them."""
    hits = [
        s
        for s in made
        if (
            f" {' '.join(words)} " in f" {s['body']} "
            if phrase
            else all(w in s["body"].split() for w in words)
        )
        and s["published_at"] >= filters.get("since", "")
        and s["section"].lower() == filters.get("section", s["section"]).lower()
    ]
    hits.sort(key=lambda s: (s["published_at"], s["article_id"]), reverse=True)
    return [s["article_id"] for s in hits[:limit]]


def ids(corpus: Corpus, words: str, **options: Any) -> list[str]:
    return [hit.article_id for hit in corpus.search(words, **options)]
