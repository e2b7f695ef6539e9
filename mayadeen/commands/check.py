"""``scrapy check`` (spider contracts) without side effects
(see :class:`mayadeen.commands.NoSideEffects`)."""

from __future__ import annotations

from scrapy.commands.check import Command as ScrapyCheckCommand

from mayadeen.commands import NoSideEffects


class Command(NoSideEffects, ScrapyCheckCommand):
    pass
