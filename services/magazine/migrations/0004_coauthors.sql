-- The other writers an article's writer shares it with, by the e-mail address they
-- sign in with: they edit the draft with the writer and share the byline.
CREATE TABLE article_coauthors (
    article_id TEXT NOT NULL REFERENCES articles (id),
    email      TEXT NOT NULL,
    name       TEXT NOT NULL,
    added_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (article_id, email)
);
CREATE INDEX article_coauthors_email ON article_coauthors (email);
