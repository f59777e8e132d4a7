-- Watches (a bot token and/or an endpoint URL checked on a schedule), who gets their alerts, and the
-- alert outbox. Detection writes the watch's new state, the alert and one delivery per subscriber in
-- one transaction; the sender drains `deliveries`.
CREATE TABLE watches (
  id INTEGER PRIMARY KEY,
  owner_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  label TEXT,
  url TEXT,                               -- endpoint checked quickly each run (sanitised, no secrets); NULL = token only
  token_sealed TEXT,                      -- SecretBox ciphertext of the watched bot's token, AAD "watch:<id>"
  bot_id INTEGER,                         -- from getMe, for display
  bot_username TEXT,
  interval_s INTEGER NOT NULL DEFAULT 60 CHECK (interval_s >= 30),
  next_run_at INTEGER NOT NULL,           -- ms since epoch; the scheduler's only source of truth
  -- Change-detection state (see src/monitor/detect.ts WatchState): last webhook URL, last error message
  -- and date, recent pending counts, consecutive probe failures, down_since, certificate thresholds
  -- already alerted, last reminder. One JSON value so detection stays a pure state → state function.
  state_json TEXT NOT NULL DEFAULT '{}',
  status TEXT NOT NULL DEFAULT 'unknown', -- unknown | healthy | failing (for /watches)
  failing_since INTEGER,                  -- ms
  last_change_at INTEGER,                 -- ms of the last alert
  muted_until INTEGER,                    -- ms; alerts are recorded but not delivered before this
  created_at INTEGER NOT NULL
);
CREATE INDEX watches_due ON watches(next_run_at);
CREATE INDEX watches_owner ON watches(owner_id);

CREATE TABLE subscriptions (
  id INTEGER PRIMARY KEY,
  watch_id INTEGER NOT NULL REFERENCES watches(id) ON DELETE CASCADE,
  chat_id INTEGER NOT NULL,               -- positive: a private chat; negative: a group or channel
  message_thread_id INTEGER,              -- forum topic, NULL for the main thread
  language TEXT NOT NULL DEFAULT 'en',
  muted_until INTEGER,
  active INTEGER NOT NULL DEFAULT 1,
  deactivated_at INTEGER,
  deactivated_reason TEXT,                -- e.g. "forbidden: bot was blocked by the user"
  created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX subscriptions_target ON subscriptions(watch_id, chat_id, IFNULL(message_thread_id, 0));

CREATE TABLE share_codes (
  code TEXT PRIMARY KEY,                  -- random, URL-safe, used in t.me/<bot>?start=<code>
  watch_id INTEGER NOT NULL REFERENCES watches(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  revoked_at INTEGER
);
CREATE INDEX share_codes_watch ON share_codes(watch_id);

CREATE TABLE alerts (
  id INTEGER PRIMARY KEY,
  watch_id INTEGER NOT NULL REFERENCES watches(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,                     -- see AlertEvent in src/monitor/detect.ts
  payload_json TEXT NOT NULL,             -- secret-free facts; text is rendered per subscriber's language at send time
  created_at INTEGER NOT NULL
);
CREATE INDEX alerts_watch ON alerts(watch_id, created_at);

CREATE TABLE deliveries (
  id INTEGER PRIMARY KEY,
  alert_id INTEGER NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
  subscription_id INTEGER NOT NULL REFERENCES subscriptions(id) ON DELETE CASCADE,
  status TEXT NOT NULL DEFAULT 'pending', -- pending | sent | dropped (subscriber gone) | failed (gave up)
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,       -- ms
  sent_at INTEGER,
  message_id INTEGER,
  last_error TEXT,
  UNIQUE (alert_id, subscription_id)
);
CREATE INDEX deliveries_pending ON deliveries(next_attempt_at) WHERE status = 'pending';
