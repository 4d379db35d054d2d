-- Instructors' public profiles. styles holds style codes, links web addresses, one a
-- line. verified and featured are set by an admin.
CREATE TABLE instructor_profiles (
    user_id      TEXT PRIMARY KEY,
    slug         TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    bio          TEXT NOT NULL DEFAULT '',
    styles       TEXT NOT NULL DEFAULT '',
    links        TEXT NOT NULL DEFAULT '',
    photo_key    TEXT NOT NULL DEFAULT '',
    verified     INTEGER NOT NULL DEFAULT 0,
    featured     INTEGER NOT NULL DEFAULT 0,
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX instructor_profiles_list ON instructor_profiles (featured, verified, display_name);
