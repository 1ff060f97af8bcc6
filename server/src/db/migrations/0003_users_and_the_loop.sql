-- Users, their sessions, and what the loop records beyond a status:
-- completion notes, follow-ups with residents, reopens and photos.

-- Who may log in, and as what. A unit user belongs to exactly one responsible unit.
CREATE TABLE users (
  id             integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username       text NOT NULL CHECK (username ~ '^[A-Za-z0-9._-]{2,64}$'),
  display_name   text NOT NULL CHECK (length(btrim(display_name)) > 0),
  -- argon2id, in the PHC string format; never the password itself.
  password_hash  text NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
  role           text NOT NULL CHECK (role IN ('admin', 'planner', 'unit', 'leader')),
  unit_id        integer REFERENCES units (id),
  is_demo        boolean NOT NULL DEFAULT false,
  disabled_at    timestamptz,
  created_at     timestamptz NOT NULL DEFAULT now(),
  CHECK ((role = 'unit') = (unit_id IS NOT NULL))
);
-- "Zhang" and "zhang" are the same person at the login box.
CREATE UNIQUE INDEX users_username_idx ON users (lower(username));

-- Server-side sessions. The cookie holds a random token; only its SHA-256 is
-- stored, so reading this table does not let anyone log in as someone else.
CREATE TABLE sessions (
  token_hash    text PRIMARY KEY,
  user_id       integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  -- Sent back by cookie-authenticated writes in the x-csrf-token header.
  csrf_token    text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_seen_at  timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL
);
CREATE INDEX sessions_user_idx ON sessions (user_id);
CREATE INDEX sessions_expires_idx ON sessions (expires_at);

ALTER TABLE projects
  -- Private: for staff only, never shown to the public.
  ADD COLUMN internal_note    text,
  -- What the unit says it did, required to complete.
  ADD COLUMN completion_note  text,
  -- How many times an unsatisfied follow-up sent it back to work.
  ADD COLUMN reopen_count     integer NOT NULL DEFAULT 0 CHECK (reopen_count >= 0);

-- Follow-ups with residents (回访): the satisfaction that verifies or reopens a project.
CREATE TABLE project_follow_ups (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  project_id    bigint NOT NULL REFERENCES projects (id),
  followed_on   date NOT NULL,
  satisfaction  smallint NOT NULL CHECK (satisfaction BETWEEN 1 AND 5),
  -- true: verified; false: sent back to in_progress (a reopen).
  satisfied     boolean NOT NULL,
  note          text,
  actor         text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX project_follow_ups_project_idx ON project_follow_ups (project_id, id);

-- Photos before and after the work, kept in the database so a backup holds them.
CREATE TABLE project_photos (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  project_id    bigint NOT NULL REFERENCES projects (id),
  stage         text NOT NULL CHECK (stage IN ('before', 'after')),
  content_type  text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
  byte_size     integer NOT NULL CHECK (byte_size > 0 AND byte_size <= 5242880),
  bytes         bytea NOT NULL,
  is_public     boolean NOT NULL DEFAULT false,
  caption       text,
  uploaded_by   text NOT NULL,
  uploaded_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX project_photos_project_idx ON project_photos (project_id, id);

-- History gains the photo uploads, still append-only.
ALTER TABLE project_history DROP CONSTRAINT project_history_action_check;
ALTER TABLE project_history ADD CONSTRAINT project_history_action_check
  CHECK (action IN ('create', 'update', 'delete', 'transition', 'photo'));
