"""A revision's bulky fields, packed: its body and images, compressed together in the
``revisions.packed`` column instead of stored as they are (issue 26, "a smaller history").

What is packed depends on the database (:data:`PACKED`): on SQLite the body, the images and
the image's address; on PostgreSQL only the images and the image's address, as PostgreSQL
compresses long text itself (TOAST) and its search index and snippets read the body in SQL.
Everything else stays plain: the columns (title, summary, section, dates, url) and the small
members of ``data`` (type, authors, tags, edition, language, the raw dates), which any SQL
reads without help (``json_extract(data, '$.tags')``).

A packed value is one byte, its format, then a Zstandard frame of the packed fields' text
(UTF-8). Format 1's text is a JSON object of the fields but the body, then, when the body is a
string, a line break and the body as it is (JSON text has no line break of its own); it is
compressed with :data:`DICTIONARIES` [1], a dictionary of the words and addresses every
article repeats (what makes a short text small). A format, its dictionary included, never
changes once written: a new one gets the next number, and every format stays readable.
SQLite's search index reads the body through the SQL function ``mayadeen_body``
(:func:`body_of`), which every connection of a SQLite history has.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping
from typing import Any

try:  # Zstandard: in the standard library from Python 3.14, its backport before
    from compression import zstd
except ImportError:
    from backports import zstd

#: The fields a revision packs, on each database (the migration 0007 keeps its own copy).
PACKED: dict[str, tuple[str, ...]] = {
    "sqlite": ("body", "images", "image_url"),
    "postgresql": ("images", "image_url"),
}

#: Format 1's dictionary: what an article's packed fields share with every other one (JSON's
#: keys, the media addresses, the commonest words of English and Arabic news), which a frame
#: refers to instead of spelling out. Fixed forever: a packed value of format 1 needs exactly
#: these bytes to be read (``tests/test_small_history.py`` checks their hash).
DICTIONARY_1 = (
    # Arabic: the commonest words of news text, then phrases.
    "في من على إلى أن عن مع التي الذي هذا هذه كان قد لا ما بعد بين كما أو ذلك وفي ومن وقال "
    "قال وأضاف وأكد أكد أشار وأشار حيث خلال منذ حتى عند إن لم لن ثم كل غير عبر ضد نحو أمس "
    "اليوم الأحد الاثنين الثلاثاء الأربعاء الخميس الجمعة السبت العام الماضي الحالي الجاري "
    "رئيس الرئيس وزير الوزراء الحكومة الخارجية الدفاع الأمن مجلس الأمم المتحدة الدولي "
    "الولايات المتحدة الأمريكية الاحتلال الإسرائيلي الفلسطينية فلسطين غزة لبنان سوريا "
    "العراق إيران اليمن مصر الضفة الغربية القدس بيروت دمشق طهران صنعاء المقاومة حزب الله "
    "الشعب الشهداء شهيدا الجيش القوات العسكرية السياسية الاقتصادية المنطقة العربية وسائل "
    "الإعلام بحسب وفق وفقا المصادر مصادر مصدر بيان تصريح تصريحات مؤتمر صحفي الميادين "
    # English: the commonest words of news text, then phrases.
    "the of and to a in that is for on was with he it as at by his be from are have not or "
    "an they which this has but had were their its been who will would after more also one "
    "new than other there we about into when some two can up out over all government year "
    "first last people could while against before between years since under told state "
    "president minister officials security country military according during forces "
    "foreign international week three public where percent what said says added stated "
    "the United States the United Nations the Security Council the Israeli occupation "
    "the Palestinian the Lebanese the Syrian the Iraqi the Iranian the Yemeni the Gaza Strip "
    "the West Bank the Ministry of Foreign Affairs the Prime Minister the President of "
    "according to a statement, in a statement on said in a press conference on Monday on "
    "Tuesday on Wednesday on Thursday on Friday on Saturday on Sunday last week this week "
    "Al Mayadeen English Al Mayadeen "
    # The JSON of the packed fields, as an article's reads, its keys last (the nearest).
    '"credit":null},{"caption":"'
    ',"images":[{"caption":"","credit":null,"url":"'
    'https://english-media.almayadeen.net/media/image/2024/1/1/.jpg?v=3&width=1000"}],'
    '"image_url":"https://english-media.almayadeen.net/media/image/2024/1/1/.jpg?v=3&width=600"}'
    '{"body":"'
).encode()
#: Every format's dictionary, by the format's number (the first byte of a packed value).
DICTIONARIES = {1: DICTIONARY_1}
#: The format written now.
FORMAT = 1
#: Zstandard's level: 1, as small as its default 3 on an article, and faster.
LEVEL = 1

_dictionaries = {n: zstd.ZstdDict(content, is_raw=True) for n, content in DICTIONARIES.items()}
# One compressor for every value (making one is half the cost of a short article); no
# dictionary id in the frames: the format byte says which dictionary.
_options = {
    zstd.CompressionParameter.compression_level: LEVEL,
    zstd.CompressionParameter.dict_id_flag: 0,
}
_END = zstd.ZstdCompressor.FLUSH_FRAME
_json = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
_compressor = zstd.ZstdCompressor(
    options=_options, zstd_dict=_dictionaries[FORMAT].as_digested_dict
)
#: Bodies :func:`body_of` gave or :func:`pack` packed last, by packed value, the oldest
#: first: SQLite's search index reads an article's body right after it is written (its
#: trigger), and a search reads each hit's twice (its snippet, then the stored text).
_bodies: dict[bytes, str | None] = {}
#: How many :data:`_bodies` keeps: a group of records' (``GROUP_RECORDS``, 100: the index is
#: written once a group, at its commit) and a search's hits, and some.
KEPT_BODIES = 128
_keeping = threading.Lock()  # connections of several threads may call body_of


class PackingError(ValueError):
    """A packed value that is not one: an unknown format, or a damaged frame."""


def pack(values: Mapping[str, Any]) -> bytes:
    """``values`` (field -> JSON-able value) packed in the format written now."""
    body = values.get("body")
    if isinstance(body, str):  # after the others, as it is: no JSON to escape it
        others = _json.encode({name: value for name, value in values.items() if name != "body"})
        text = others + "\n" + body
    else:
        text = _json.encode(values)
    packed = bytes((FORMAT,)) + _compressor.compress(text.encode(), mode=_END)
    if isinstance(body, str):
        _keep(packed, body)
    return packed


def unpack(packed: bytes) -> dict[str, Any]:
    """The fields :func:`pack` packed in ``packed``, whatever its format."""
    dictionary = _dictionaries.get(packed[0]) if packed else None
    if dictionary is None:
        raise PackingError(f"not a packed revision: format {packed[:1]!r}")
    try:
        text = zstd.decompress(packed[1:], zstd_dict=dictionary.as_digested_dict).decode()
    except (zstd.ZstdError, UnicodeDecodeError) as exc:
        raise PackingError(f"a damaged packed revision: {exc}") from exc
    others, newline, body = text.partition("\n")  # JSON has no line break of its own
    try:
        values = json.loads(others)
    except ValueError as exc:
        raise PackingError(f"a damaged packed revision: {exc}") from exc
    if not isinstance(values, dict):
        raise PackingError("a damaged packed revision: no fields")
    if newline:
        values["body"] = body
    return values


def body_of(packed: bytes | None) -> str | None:
    """The body packed in ``packed`` (``None`` for no value, or one without a body): the
    SQL function ``mayadeen_body`` of a SQLite history."""
    if packed is None:
        return None
    try:
        return _bodies[packed]
    except KeyError:
        body = unpack(packed).get("body")
    _keep(packed, body)
    return body


def _keep(packed: bytes, body: str | None) -> None:
    """Keep ``body`` as that of ``packed`` in :data:`_bodies`, the oldest dropped."""
    with _keeping:
        _bodies[packed] = body
        if len(_bodies) > KEPT_BODIES:
            del _bodies[next(iter(_bodies))]
