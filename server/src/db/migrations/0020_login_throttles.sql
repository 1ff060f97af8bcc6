-- Failed logins, counted in the database rather than in one process's memory:
-- a lock holds across a restart, and servers that share the database share it.
-- One row per counted key: 'user:' || the username's key, or 'addr:' || the
-- client address. The count runs for a window from the first failure; reaching
-- the limit locks the key until window_ends_at, which is then moved on by a
-- whole window.
CREATE TABLE login_throttles (
  key             text PRIMARY KEY,
  failures        integer NOT NULL CHECK (failures > 0),
  window_ends_at  timestamptz NOT NULL
);
CREATE INDEX login_throttles_window_idx ON login_throttles (window_ends_at);
