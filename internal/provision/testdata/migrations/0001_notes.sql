-- A service's first migration in miniature: it needs CREATE on schema public.
CREATE TABLE notes (
    id BIGSERIAL PRIMARY KEY,
    body TEXT NOT NULL
);
