-- Leases: which process runs a singleton job (the monitor: scheduler and alert sender) on this database.
-- A holder renews its row well before expires_at; another process takes the row over only once it has
-- expired, so two instances on one file (a rolling deploy, a mistake) never both check and send.
CREATE TABLE leases (
  name TEXT PRIMARY KEY,                  -- e.g. 'monitor'
  holder TEXT NOT NULL,                   -- "<host>:<pid>:<random>", unique per process start
  acquired_at INTEGER NOT NULL,           -- ms; when this holder took it
  renewed_at INTEGER NOT NULL,            -- ms; its last renewal
  expires_at INTEGER NOT NULL             -- ms; free for anyone after this
);
