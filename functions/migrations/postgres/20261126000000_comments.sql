-- Comments, one row each. Deleted comments keep their row (with the text erased) so that a
-- late retry with the same client key cannot bring them back.
CREATE TABLE comments (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    post          TEXT   NOT NULL,
    author_id     TEXT   NOT NULL,
    author_name   TEXT   NOT NULL,
    body          TEXT   NOT NULL,
    client_key    TEXT   NOT NULL,
    created_at_us BIGINT NOT NULL,
    status        TEXT   NOT NULL DEFAULT 'visible'
                  CHECK (status IN ('visible', 'hidden', 'deleted')),
    UNIQUE (author_id, client_key)
);

-- list-comments: one post's visible comments in id order.
CREATE INDEX comments_by_post ON comments (post, status, id);
-- moderation: every comment by status, newest first.
CREATE INDEX comments_by_status ON comments (status, id);
