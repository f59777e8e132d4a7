-- Burst tests and fix-from-chat actions (issue 12). Numbered 007 so it never clashes with other work's 005/006.

-- One row per burst: the rate limit (one burst per URL per 10 minutes over all users, which covers each user)
-- and the lock (a burst on a URL that is being burst-tested is refused) both read it. The URL is kept only as
-- a hash (Telegram webhook paths often carry the bot token) and nobody is named: nothing here is personal.
CREATE TABLE burst_runs (
  id INTEGER PRIMARY KEY,
  url_key TEXT NOT NULL,             -- burstUrlKey(url): sha256 of the normalised URL, shortened
  started_at INTEGER NOT NULL,       -- ms since the epoch
  finished_at INTEGER                -- NULL while running (or when a crash cut it: stale after 5 minutes)
);
CREATE INDEX burst_runs_url ON burst_runs(url_key, started_at);

-- A fix the owner is walking through: chosen action, the owner's answers, the exact call once planned.
-- The id is one-shot: a stage moves forward with a single conditional UPDATE, so a button pressed twice,
-- pressed after a restart or by someone else never sends a call twice.
CREATE TABLE fix_actions (
  id TEXT PRIMARY KEY,               -- random, in the buttons' callback data
  report_id TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL,          -- the owner: the only person whose presses count
  chat_id INTEGER NOT NULL,
  bot_id INTEGER NOT NULL,           -- the diagnosed bot (the numeric part of its token; not a secret)
  action TEXT NOT NULL,              -- reset | max_connections | allowed_updates | drop_backlog | delete_webhook
  stage TEXT NOT NULL,               -- ask_types | ask_secret | await_secret | confirm | confirm2 | running | done | failed | cancelled
  choices_sealed TEXT,               -- the owner's answers (secret token, update types), sealed
  call_sealed TEXT,                  -- the planned Bot API call with its parameters, sealed (URL and secret inside)
  call_text TEXT,                    -- the same call as shown: URL sanitised, secret hidden
  pending_count INTEGER,             -- pending updates when planned (the second confirmation names it)
  result TEXT,                       -- Telegram's answer, token-free
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX fix_actions_waiting ON fix_actions(chat_id, user_id, stage);
