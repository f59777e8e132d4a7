-- Users of the bot, their language, and the stored (sanitised) reports they can show again with /report <id>.
CREATE TABLE users (
  id INTEGER PRIMARY KEY,            -- Telegram user id
  language TEXT,                     -- chosen with /language; NULL = follow Telegram's setting
  created_at TEXT NOT NULL,
  blocked_at TEXT                    -- set when Telegram says the user blocked the bot
);

CREATE TABLE reports (
  id TEXT PRIMARY KEY,               -- short random id shown to users
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  url TEXT NOT NULL,
  platform TEXT NOT NULL,
  verdict TEXT NOT NULL,
  primary_code TEXT,
  report_json TEXT NOT NULL,         -- the Report as JSON: never contains a secret
  created_at TEXT NOT NULL
);
CREATE INDEX reports_user ON reports(user_id, created_at);
