-- Users, refresh tokens and the dev mailbox of the local GoTrue.
-- Times are unix microseconds (UTC); JSON metadata is stored as text.

CREATE TABLE users (
    id                   TEXT PRIMARY KEY NOT NULL,
    aud                  TEXT NOT NULL DEFAULT '',
    role                 TEXT NOT NULL DEFAULT '',
    email                TEXT NOT NULL,
    -- NULL means "no password": invited users before they accept, OAuth users,
    -- admin-created users without one. Such users cannot use the password grant.
    encrypted_password   TEXT,
    confirmed_at         INTEGER,
    invited_at           INTEGER,
    confirmation_token   TEXT,
    confirmation_sent_at INTEGER,
    recovery_token       TEXT,
    recovery_sent_at     INTEGER,
    email_change_token   TEXT,
    email_change         TEXT,
    email_change_sent_at INTEGER,
    last_sign_in_at      INTEGER,
    app_metadata         TEXT NOT NULL DEFAULT '{}',
    user_metadata        TEXT NOT NULL DEFAULT '{}',
    created_at           INTEGER NOT NULL,
    updated_at           INTEGER NOT NULL
);

-- GoTrue has no unique index here; one address per audience is the safe rule.
CREATE UNIQUE INDEX users_aud_email ON users (aud, email COLLATE NOCASE);
CREATE UNIQUE INDEX users_confirmation_token ON users (confirmation_token)
    WHERE confirmation_token IS NOT NULL;
CREATE UNIQUE INDEX users_recovery_token ON users (recovery_token)
    WHERE recovery_token IS NOT NULL;
CREATE INDEX users_created_at ON users (created_at);

CREATE TABLE refresh_tokens (
    id         INTEGER PRIMARY KEY,
    token      TEXT NOT NULL UNIQUE,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    revoked    INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
);
CREATE INDEX refresh_tokens_user ON refresh_tokens (user_id);

CREATE TABLE mail (
    id         INTEGER PRIMARY KEY,
    to_address TEXT NOT NULL,
    kind       TEXT NOT NULL,
    subject    TEXT NOT NULL,
    link       TEXT NOT NULL,
    token      TEXT NOT NULL,
    sent_at    INTEGER NOT NULL
);

CREATE TABLE meta (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
);
