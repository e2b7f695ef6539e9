"""The project's spiders: ``article`` (given URLs)."""
