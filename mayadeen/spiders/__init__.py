"""The spiders: ``sections`` (the main job), ``sitemap`` (backfill), ``article`` (given URLs)."""
