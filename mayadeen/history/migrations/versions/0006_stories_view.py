"""The view ``stories``: each article's latest revision, one row a story, its columns what a
reader filters on (the page of ``scrapy browse`` faces on them): the revision's plain columns,
and the small fields of its JSON ``data`` (type, authors, tags, edition, language, the dates
as the page gave them) read by the database's JSON functions. ``authors`` and ``tags`` are
JSON arrays (text); ``month`` and ``day`` are the publication's, in UTC. The body is not in
it: the view reads nothing but the revisions' plain columns and ``data``.

``search_key`` is the article's rowid in SQLite's search index (``article_search``), by which
a search reaches the view; null on PostgreSQL.

Revision ID: 0006
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def _field(field: str, array: bool = False) -> str:
    """``data``'s ``field`` of the revision ``r``, an array as its JSON text: SQLite's
    ``json_extract`` (which gives an array so), PostgreSQL's operators."""
    if op.get_bind().dialect.name == "postgresql":
        return f"(r.data -> '{field}')::text" if array else f"r.data ->> '{field}'"
    return f"json_extract(r.data, '$.{field}')"


def upgrade() -> None:
    op.execute(
        "CREATE VIEW stories AS SELECT "
        "a.article_id AS article_id, "
        "r.title AS title, "
        "r.section AS section, "
        f"{_field('post_type')} AS type, "
        "r.published_at AS published_at, "
        f"{_field('published_at_raw')} AS published_at_raw, "
        f"{_field('authors', array=True)} AS authors, "
        f"{_field('tags', array=True)} AS tags, "
        f"coalesce({_field('edition')}, 'en') AS edition, "
        f"{_field('language')} AS language, "
        "substr(r.published_at, 1, 7) AS month, "
        "substr(r.published_at, 1, 10) AS day, "
        "r.summary AS summary, "
        "r.modified_at AS modified_at, "
        f"{_field('modified_at_raw')} AS modified_at_raw, "
        "r.url AS url, "
        "a.revision AS revisions, "
        "a.first_seen AS first_seen, "
        "a.last_seen AS last_seen, "
        "a.search_key AS search_key "
        "FROM articles a JOIN revisions r ON r.revision_id = a.latest_revision_id"
    )


def downgrade() -> None:
    op.execute("DROP VIEW stories")
