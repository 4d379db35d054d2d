-- Legends of the dance (dancers, DJs, clubs), each a page with a timeline.
-- timeline is the legend's milestones as JSON ([{"year":1975,"text":"…"}]), read
-- and written whole with the row. version grows with every change (optimistic
-- locking, as articles).
CREATE TABLE legends (
    id           TEXT PRIMARY KEY,
    slug         TEXT NOT NULL UNIQUE,
    name         TEXT NOT NULL,
    kind         TEXT NOT NULL,
    era          TEXT NOT NULL DEFAULT '',
    summary      TEXT NOT NULL DEFAULT '',
    bio          TEXT NOT NULL DEFAULT '',
    portrait_key TEXT NOT NULL DEFAULT '',
    portrait_alt TEXT NOT NULL DEFAULT '',
    timeline     TEXT NOT NULL DEFAULT '[]',
    version      INTEGER NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX legends_name ON legends (name);

-- Readers' memories of a legend. status: PENDING (waits for an editor; seen only by
-- its writer and editors), APPROVED (on the legend's page), DECLINED. A decision is
-- a conditional UPDATE on the status read, so two editors never both decide.
CREATE TABLE legend_memories (
    id          TEXT PRIMARY KEY,
    legend_id   TEXT NOT NULL REFERENCES legends (id),
    author_id   TEXT NOT NULL,
    author_name TEXT NOT NULL DEFAULT '',
    year        INTEGER NOT NULL DEFAULT 0,
    body        TEXT NOT NULL,
    photo_key   TEXT NOT NULL DEFAULT '',
    photo_alt   TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL,
    reason      TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMPTZ NOT NULL,
    decided_at  TIMESTAMPTZ,
    decided_by  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX legend_memories_legend ON legend_memories (legend_id, status, created_at);
CREATE INDEX legend_memories_status ON legend_memories (status, created_at);
CREATE INDEX legend_memories_author ON legend_memories (author_id, created_at);
