"""Local replica of english.almayadeen.net for crawl tests (see README.md)."""
