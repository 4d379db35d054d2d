-- Articles. status: DRAFT, SUBMITTED, PUBLISHED, REJECTED, ARCHIVED. version grows
-- with every change; a change names the version it read (optimistic locking).
-- publish_at on a SUBMITTED article is an editor's approval for a later time: the row
-- is the durable job, claimed by a conditional UPDATE that only one publisher wins.
-- scheduled_by_* name that editor for the audit trail. tags repeats article_tags,
-- one per line, for reading the row whole. search_text is the folded words searched.
CREATE TABLE articles (
    id                 TEXT PRIMARY KEY,
    slug               TEXT NOT NULL UNIQUE,
    author_id          TEXT NOT NULL,
    author_name        TEXT NOT NULL DEFAULT '',
    title              TEXT NOT NULL,
    subtitle           TEXT NOT NULL DEFAULT '',
    excerpt            TEXT NOT NULL DEFAULT '',
    body               TEXT NOT NULL,
    category           TEXT NOT NULL,
    tags               TEXT NOT NULL DEFAULT '',
    cover_key          TEXT NOT NULL DEFAULT '',
    cover_alt          TEXT NOT NULL DEFAULT '',
    status             TEXT NOT NULL,
    featured           INTEGER NOT NULL DEFAULT 0,
    notes              TEXT NOT NULL DEFAULT '',
    publish_at         TIMESTAMPTZ,
    scheduled_by_id    TEXT NOT NULL DEFAULT '',
    scheduled_by_email TEXT NOT NULL DEFAULT '',
    published_at       TIMESTAMPTZ,
    views              BIGINT NOT NULL DEFAULT 0,
    version            INTEGER NOT NULL,
    search_text        TEXT NOT NULL DEFAULT '',
    created_at         TIMESTAMPTZ NOT NULL,
    updated_at         TIMESTAMPTZ NOT NULL
);
CREATE INDEX articles_public ON articles (status, featured, published_at);
CREATE INDEX articles_author ON articles (author_id, updated_at);
CREATE INDEX articles_due ON articles (status, publish_at);

-- Every address an article has had, the current one included: an old slug finds the
-- article (and redirects to its address), and no two articles ever share one.
CREATE TABLE article_slugs (
    slug       TEXT PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles (id),
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX article_slugs_article ON article_slugs (article_id);

CREATE TABLE article_tags (
    article_id TEXT NOT NULL REFERENCES articles (id),
    tag        TEXT NOT NULL,
    PRIMARY KEY (article_id, tag)
);
CREATE INDEX article_tags_tag ON article_tags (tag);

-- One row per reader per article per day: a refresh finds its row and counts nothing.
-- reader is a keyed hash, never an address.
CREATE TABLE article_views (
    article_id TEXT NOT NULL REFERENCES articles (id),
    reader     TEXT NOT NULL,
    day        TEXT NOT NULL,
    PRIMARY KEY (article_id, reader, day)
);

-- Revisions of published articles. status: PENDING (a writer's edit waiting for an
-- editor; at most one per article), APPROVED (it became the text), DISCARDED, and
-- REPLACED (the text an approval or restore replaced, kept to restore).
CREATE TABLE article_revisions (
    id           TEXT PRIMARY KEY,
    article_id   TEXT NOT NULL REFERENCES articles (id),
    author_id    TEXT NOT NULL,
    author_name  TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL,
    title        TEXT NOT NULL,
    subtitle     TEXT NOT NULL DEFAULT '',
    excerpt      TEXT NOT NULL DEFAULT '',
    body         TEXT NOT NULL,
    category     TEXT NOT NULL,
    tags         TEXT NOT NULL DEFAULT '',
    created_at   TIMESTAMPTZ NOT NULL,
    decided_at   TIMESTAMPTZ,
    decided_by   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX article_revisions_article ON article_revisions (article_id, created_at);
CREATE UNIQUE INDEX article_revisions_pending ON article_revisions (article_id) WHERE status = 'PENDING';
