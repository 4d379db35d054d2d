-- Assistants help an instructor run a class: they call the roster (attendance, door
-- payments). They are named by e-mail address and act only once the portal has seen
-- them receive mail there.
CREATE TABLE class_assistants (
    class_id TEXT NOT NULL REFERENCES classes (id),
    email    TEXT NOT NULL,
    added_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (class_id, email)
);
CREATE INDEX class_assistants_email ON class_assistants (email);
