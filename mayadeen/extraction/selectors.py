"""What extraction reads inside a page of english.almayadeen.net: every selector and pattern
the extractors use, date formats, the rules that tell a story's kind.

No machine this project is built on can reach the site, so each group below says how sure it
is: *seen* on real captures of the site or its Arabic sister (www.almayadeen.net, the same
CMS), *relied on* by several public scrapers whose output shows it worked, *inferred* from
the Arabic site, or a *guess* to confirm on the live site. The site-level metadata (the JSON
block, meta tags, JSON-LD, sitemaps, the "More" endpoint) is shared by the two sites; the
English theme's CSS classes are not known, so the markup selectors carry fallbacks, and
extraction reads the metadata first and markup only when it is silent. Hosts, story paths and
menus are :mod:`mayadeen.site`.
"""

from __future__ import annotations

import re

# --- metadata: the JSON block seen on the Arabic site (the same CMS), meta tags and JSON-LD
# seen on the English homepage; on English story pages relied on or inferred.
#: The CMS's JSON block (``type``, ``postid``, ``title``, dates, ``classes``, ...). Scripts
#: are picked by id or their own type: Cloudflare rewrites ``text/javascript`` (seen).
METADATA_SCRIPT = "script#tawsiyat-metadata::text"
JSONLD_SCRIPTS = 'script[type="application/ld+json"]::text'
#: ``classes[].mapping`` values and the item field each one feeds.
CLASS_POST_TYPE = "posttype"
CLASS_SECTION = "category"
CLASS_REGION = "country"
CLASS_COVERAGE = "coverage"
CLASS_AUTHOR = "author"
#: JSON-LD ``@type`` values that describe the story itself (``*Article`` is inferred; block
#: order is not relied on).
JSONLD_ARTICLE_TYPE_RE = re.compile(r"(?:Article|VideoObject|ImageGallery)$")
#: Meta-tag dates that stand in for "no date" on video, newscast and TV pages (known from
#: public scrapers' data: ``2024-01-01T00:00:00Z``).
PLACEHOLDER_DATE_RE = re.compile(
    r"^(?:0001-01-01|1970-01-01|\d{4}-01-01T00:00:00(?:\.0+)?(?:Z|[+-]00:?00)?$)"
)

# --- visible markup: relied on for the Arabic theme; English classes unverified, hence the
# fallbacks. The "Source:" line, "N Min Read" and caption markup are guesses (text patterns,
# not classes, find them).
ARTICLE_ROOT = ("div.details-white-box", "article", "main")
TITLE = ("div.details-white-box h1::text", "div.details-white-box h2::text", "h1::text")
#: The ``<title>``, the headline's last fallback (it ends with :data:`TITLE_SUFFIX_RE`).
DOCUMENT_TITLE = "title::text"
#: Seen: the homepage has none (``og:url`` is the canonical address there).
CANONICAL_LINK = "link[rel=canonical]::attr(href)"
HTML_LANG = "/html/@lang"
LEAD = ("p.lg_para.summary", "p.summary", "p.lg_para")
BODY = ("div.p-content", "[itemprop=articleBody]", "div.article-body")
#: Direct children of the body container that carry article text.
BODY_TEXT_TAGS = frozenset({"p", "h2", "h3", "h4", "h5", "ul", "ol", "blockquote"})
#: Classes of body children that are never article text (related boxes, embeds).
BODY_SKIP_CLASSES = ("dual-related", "twitter-tweet", "instagram-media", "tiktok-embed")
#: Paragraphs that are links to other stories, placed between the real paragraphs.
#: The Arabic forms ("read also", "read more") are guesses, harmless on English pages.
BOILERPLATE_PARAGRAPH_RE = re.compile(
    r"^(?:read more|read also|related news|اقرأ أيضا[ًً]?|اقرأ المزيد)\s*:?", re.I
)
#: Containers whose figures and links belong to other stories, not to this one.
WIDGET_CLASSES = frozenset(
    {"dual-related", "tab_item_bg", "most-read-section", "read-next", "asyncwidget"}
)
BYLINE = (".post-meta .author a::text", ".post-meta .author::text", ".author a::text")
#: A byline reads "By A, B and C"; the metadata's ``author`` is the same list without "By".
#: "By" and the Arabic "بقلم" ("by the pen of"; a guess for the Arabic theme).
BYLINE_PREFIX_RE = re.compile(r"^\s*(?:By|بقلم)\s*:?\s+")
#: Commas (the Arabic one too), "&", "and", and a spaced Arabic "و" (an attached one is part
#: of a name: وليد).
NAME_SEPARATOR_RE = re.compile(r"\s*(?:,|،|&|\band\b)\s*|\s+و\s+")
TAG_LINKS = (".tags-list a::text", ".tags a::text")  # not in-text tag links
SECTION_LINK = ("a.category-meta::text",)
SOURCE_RE = re.compile(r"^\s*(?:Source|المصدر)\s*:\s*(?P<source>\S.*?)\s*$", re.I)
#: Searched in every header line, so linear whatever the line: a number is read from the
#: start of its run of digits (the look-behind), possessively (no backtracking into it).
READING_TIME_RE = re.compile(r"(?<!\d)(?P<minutes>\d++)\s*+min(?:ute)?s?\.?\s*+read", re.I)
VISIBLE_DATE_FORMATS = ("%d %b %Y %H:%M", "%d %B %Y %H:%M")
#: Arabic month names (guess: no Arabic story page's visible date has been seen), the
#: Levantine ones and the Egyptian ones the Arabic press also writes, read as the English
#: names above; their digits may be Arabic-Indic (``٢ تشرين الثاني ٢٠٢٣ ١٤:٣٠``).
ARABIC_MONTHS = {
    "كانون الثاني": 1, "يناير": 1,
    "شباط": 2, "فبراير": 2,
    "آذار": 3, "مارس": 3,
    "نيسان": 4, "أبريل": 4, "ابريل": 4,
    "أيار": 5, "مايو": 5,
    "حزيران": 6, "يونيو": 6,
    "تموز": 7, "يوليو": 7,
    "آب": 8, "أغسطس": 8, "اغسطس": 8,
    "أيلول": 9, "سبتمبر": 9,
    "تشرين الأول": 10, "أكتوبر": 10, "اكتوبر": 10,
    "تشرين الثاني": 11, "نوفمبر": 11,
    "كانون الأول": 12, "ديسمبر": 12,
}  # fmt: skip
VISIBLE_DATE = (".post-meta .post-date::text", ".post-date::text", "time::text")
#: A caption ends with the photo credit in parentheses: "... (Name, Agency via AP)".
CAPTION_CREDIT_RE = re.compile(r"^(?P<caption>.*?)\s*\((?P<credit>[^()]+)\)\s*$", re.S)
#: ``src`` of a lazy image before its script swaps in ``data-src``.
PLACEHOLDER_IMAGE_RE = re.compile(r"/images/default[\d.]*\.(?:png|jpe?g|gif|svg)|^data:", re.I)
IMAGE_URL_ATTRS = ("data-src", "data-lazy-src", "data-original", "src")
#: `` | Al Mayadeen English``; `` | الميادين`` on the Arabic site (seen on its homepage).
TITLE_SUFFIX_RE = re.compile(r"\s*\|\s*(?:Al Mayadeen English|الميادين)\s*$")
#: JSON-LD ``duration`` of a video (ISO 8601: ``PT1H3M4S``).
ISO_DURATION_RE = re.compile(r"PT(?:(\d++)H)?(?:(\d++)M)?(?:(\d++)S)?")
WORDS_PER_MINUTE = 200

# --- story kinds: inferred from the metadata (video pages state ``word_count: "0"``) ------
#: Stories that are a video player, one infographic or a gallery often have no text at all:
#: they are emitted with an empty body. Their kind, from the first source that tells (see
#: ``extraction.article.kind``): the JSON-LD type, the post type, the URL. The English
#: site's post types and URLs for them are guesses (no English video URL has been seen; the
#: Arabic site has ``/video/<slug>``, ``/infograph/<slug>``, ``/newscast/Y/M/D/<slug>``).
KINDS = ("video", "gallery", "infograph")
JSONLD_KINDS = {"VideoObject": "video", "ImageGallery": "gallery"}
POST_TYPE_KINDS = (
    (re.compile(r"video|newscast|\btv\b|report", re.I), "video"),
    (re.compile(r"infograph", re.I), "infograph"),
    (re.compile(r"gallery|pictures|photo", re.I), "gallery"),
)
PATH_KINDS = (
    (re.compile(r"^/(?:videos?|newscast|tv)/"), "video"),
    (re.compile(r"^/infographs?/"), "infograph"),
    (re.compile(r"^/(?:in-pictures|gallery|photos?)/"), "gallery"),
)

#: Header menu: top-level entries, each with its own link (:data:`MENU_ENTRY_LINK`) and an
#: optional dropdown (:data:`MENU_LINKS`: the entry's own link first, then the dropdown's).
MENU_ITEMS = ("header ul.main_link > li", "header nav > ul > li", "nav ul > li")
MENU_ENTRY_LINK = "./a"
MENU_LINKS = ".//a"
#: Every link of a listing whose path is a story path is a story (relied on by public
#: scrapers), unless it stands in the page chrome (:data:`IN_CHROME`).
LISTING_LINKS = "//a[@href]"
#: Parts of a page whose links are not the listing's own stories: page chrome (elements),
#: the breaking-news ticker and the side widgets (class names containing these).
CHROME = ("header", "footer", "nav", "aside")
CHROME_CLASS_PARTS = ("ticker", "most-read", "read-next")
IN_CHROME = "ancestor::*[{}]".format(
    " or ".join(
        [f"self::{tag}" for tag in CHROME]
        + [f"contains(@class, '{part}')" for part in CHROME_CLASS_PARTS]
    )
)
#: The "More" button, and (from the button) the container whose ``data-filter`` it sends:
#: seen in the site's JavaScript bundle, shared by both sites.
LOAD_MORE_BUTTON = ".loadmoresection a.loadmorebtn"
LOAD_MORE_CONTAINER = "ancestor::*[contains(concat(' ', @class, ' '), ' ow-container ')][1]"
#: Widgets filled after load through ``/LoadWidget`` (seen in the bundle).
ASYNC_WIDGET = ".asyncwidget[data-widgetid][data-widgetkey]"
#: The page's post id as its scripts send it to ``/GetMore`` and ``/LoadWidget``.
PAGE_POSTID = "meta[name=postid]::attr(content)"
#: Cards carry the reader's date ("8 Nov 2025", seen on English cards).
CARD_DATE = ".date::text, time::text"
CARD_DATE_FORMATS = ("%d %b %Y", "%d %B %Y")
