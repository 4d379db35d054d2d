CREATE TABLE things (
    name TEXT NOT NULL
);
