"""Spider arguments (``-a NAME=VALUE``), declared once and typed.

Each spider declares its arguments as a pydantic model bound with scrapy-spider-metadata's
``Args[...]`` (see :class:`mayadeen.spiders.base.MayadeenSpider`): the model converts the
strings ``-a`` gives into typed values, refuses unknown names and bad values, and is the
parameter schema (``get_spider_metadata(spidercls)["param_schema"]``) docs/reference.md's spider
table is checked against. Shared parameters are the mixins here; a spider's model combines
them with its own fields.

An empty value (``-a since=``) means the argument's default, as if it were not given.
Scrapyd's own arguments (``_job``, ``_version``: it passes them to every job) are accepted
and ignored.
"""

from __future__ import annotations

import difflib
import re
from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, model_validator
from pydantic.json_schema import SkipJsonSchema

from mayadeen.network.rendering import RENDER_MODES
from mayadeen.site import EDITIONS


class SpiderArgumentError(ValueError):
    """An unknown spider argument, or a bad value: the message is one line that names the
    argument and says what is expected."""


# --- value types --------------------------------------------------------------------------

TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off"})


def _flag(value: object) -> bool:
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word in TRUE_WORDS | FALSE_WORDS:
        return word in TRUE_WORDS
    raise ValueError("expected 1/0, true/false, yes/no or on/off")


def _positive_int(value: object) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif re.fullmatch(r"[0-9]+", text := str(value).strip()):
        number = int(text)
    else:
        number = 0
    if number < 1:
        raise ValueError("expected a whole number >= 1")
    return number


DAY_OR_MONTH_RE = re.compile(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?")


def _day_or_month(value: object) -> tuple[int, int, int | None]:
    """``YYYY-MM-DD`` or ``YYYY-MM`` (or a ``date``) as (year, month, day or None)."""
    if isinstance(value, date):
        return value.year, value.month, value.day
    match = DAY_OR_MONTH_RE.fullmatch(str(value).strip())
    try:
        if match is None:
            raise ValueError
        year, month, day = int(match[1]), int(match[2]), match[3] and int(match[3])
        date(year, month, day or 1)  # a real day of a real month
    except ValueError:
        raise ValueError("expected a day as YYYY-MM-DD or a month as YYYY-MM") from None
    return year, month, day


def _first_day(value: object) -> date:
    year, month, day = _day_or_month(value)
    return date(year, month, day or 1)


def _month(value: object) -> tuple[int, int]:
    year, month, _ = _day_or_month(value)
    return year, month


def _comma_list(value: object) -> object:
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


#: ``1``/``0``, ``true``/``false``, ``yes``/``no``, ``on``/``off``, in any case; nothing else.
Flag = Annotated[bool, BeforeValidator(_flag, json_schema_input_type=str | bool)]
#: A whole number >= 1.
PositiveInt = Annotated[int, BeforeValidator(_positive_int, json_schema_input_type=str | int)]
#: A day (``YYYY-MM-DD``), or a month (``YYYY-MM``) meaning its first day.
FirstDay = Annotated[date, BeforeValidator(_first_day, json_schema_input_type=str)]
#: A month (``YYYY-MM``), or a day (``YYYY-MM-DD``) meaning its month: (year, month).
Month = Annotated[tuple[int, int], BeforeValidator(_month, json_schema_input_type=str)]
#: Comma-separated values (blanks dropped).
CommaList = Annotated[list[str], BeforeValidator(_comma_list, json_schema_input_type=str)]


# --- models -------------------------------------------------------------------------------


class SpiderParams(BaseModel):
    """Base of every spider's arguments: unknown names are refused, empty values mean the
    default, and Scrapyd's ``_job`` and ``_version`` are accepted."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    scrapyd_job: SkipJsonSchema[str | None] = Field(default=None, alias="_job")
    scrapyd_version: SkipJsonSchema[str | None] = Field(default=None, alias="_version")

    @model_validator(mode="before")
    @classmethod
    def _empty_is_default(cls, data: Any) -> Any:
        if isinstance(data, dict):
            return {k: v for k, v in data.items() if not (isinstance(v, str) and not v.strip())}
        return data


class FreshParam(BaseModel):
    fresh: Flag = Field(
        default=False,
        description="Run without history: emit everything, record nothing "
        "(1/0, true/false, yes/no, on/off).",
    )


def _render_mode(value: object) -> str:
    mode = str(value).strip().lower()
    if mode not in RENDER_MODES:
        raise ValueError(f"expected one of {', '.join(RENDER_MODES)}")
    return mode


class RenderParam(BaseModel):
    render: Annotated[str, BeforeValidator(_render_mode)] = Field(
        default="none",
        description="Pages fetched through Splash (needs SPLASH_URL): none, listings or all.",
        json_schema_extra={"enum": list(RENDER_MODES)},
    )


def _edition(value: object) -> str:
    code = str(value).strip().lower()
    if code not in EDITIONS:
        raise ValueError(f"expected one of {', '.join(EDITIONS)}")
    return code


class EditionParam(BaseModel):
    edition: Annotated[str, BeforeValidator(_edition)] = Field(
        default="en",
        description="The site crawled: en (english.almayadeen.net) or ar (www.almayadeen.net).",
        json_schema_extra={"enum": list(EDITIONS)},
    )


#: Arguments every spider takes (listed after a spider's own).
SHARED_ARGUMENTS = (
    frozenset(EditionParam.model_fields)
    | frozenset(FreshParam.model_fields)
    | frozenset(RenderParam.model_fields)
)


def arguments(model: type[BaseModel]) -> list[str]:
    """The arguments a model declares, the spider's own first (Scrapyd's left out)."""
    names = [
        name
        for name, field in model.model_fields.items()
        if not (field.alias or name).startswith("_")
    ]
    return sorted(names, key=lambda name: name in SHARED_ARGUMENTS)


def describe(error: ValidationError, spider: str, model: type[BaseModel]) -> str:
    """A validation error as one line: each unknown or bad argument and what is expected."""
    names = arguments(model)
    problems = []
    for detail in error.errors():
        name = str(detail["loc"][0]) if detail["loc"] else ""
        if detail["type"] == "extra_forbidden":
            close = difflib.get_close_matches(name, names, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            problems.append(
                f"unknown spider argument {name!r} for {spider}{hint}; "
                f"arguments: {', '.join(names)}"
            )
            continue
        reason = detail["ctx"]["error"] if detail["type"] == "value_error" else detail["msg"]
        if name:
            problems.append(
                f"invalid spider argument -a {name}={detail['input']!r} for {spider}: {reason}"
            )
        else:
            problems.append(f"invalid spider arguments for {spider}: {reason}")
    return "; ".join(problems)
