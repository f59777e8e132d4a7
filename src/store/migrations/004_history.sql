-- Bounded history of each watch: what happened (events) and how probes went (aggregated buckets).
-- Nothing here grows without bound: HistoryRepository.prune() deletes buckets past their retention and
-- events past their age, and recordEvent() keeps at most the newest N events of a watch.
-- Both tables point at watches (migration 003); deleting a watch (or its owner) deletes its history.

-- Alert-worthy moments: the /history chart marks them and the text timeline lists them.
CREATE TABLE watch_events (
  id INTEGER PRIMARY KEY,
  watch_id INTEGER NOT NULL REFERENCES watches(id) ON DELETE CASCADE,
  at INTEGER NOT NULL,               -- ms since the epoch (UTC)
  kind TEXT NOT NULL,                -- an alert kind of src/monitor/detect.ts: error_changed, endpoint_down, cert_expiring, ...
  code TEXT,                         -- finding code (tls.incomplete_chain) when the event has one
  detail TEXT                        -- short human text (last_error_message, new URL host...); secrets are redacted before insert
);
CREATE INDEX watch_events_watch ON watch_events(watch_id, at);
CREATE INDEX watch_events_age ON watch_events(at);

-- Probe results folded into fixed buckets: 5-minute buckets (kept 48 h) draw the 24 h chart, 1-hour
-- buckets (kept 30 days) draw the 7 d chart. One probe updates one row of each size with a single upsert.
-- Latency (of successful probes) is kept as count/sum/max plus a coarse histogram (h0..h8, upper edges 50, 100, 200, 400, 800,
-- 1600, 3200, 6400 ms, then everything slower) from which the median and p95 are estimated.
CREATE TABLE probe_buckets (
  watch_id INTEGER NOT NULL REFERENCES watches(id) ON DELETE CASCADE,
  size_ms INTEGER NOT NULL,          -- 300000 or 3600000
  bucket_start INTEGER NOT NULL,     -- ms since the epoch, a multiple of size_ms
  probes INTEGER NOT NULL,
  failures INTEGER NOT NULL,
  latency_count INTEGER NOT NULL,    -- successful probes with a latency (failures carry none)
  latency_sum INTEGER NOT NULL,
  latency_max INTEGER NOT NULL,
  h0 INTEGER NOT NULL DEFAULT 0, h1 INTEGER NOT NULL DEFAULT 0, h2 INTEGER NOT NULL DEFAULT 0,
  h3 INTEGER NOT NULL DEFAULT 0, h4 INTEGER NOT NULL DEFAULT 0, h5 INTEGER NOT NULL DEFAULT 0,
  h6 INTEGER NOT NULL DEFAULT 0, h7 INTEGER NOT NULL DEFAULT 0, h8 INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (watch_id, size_ms, bucket_start)
) WITHOUT ROWID;
-- Pruning walks buckets by age across all watches.
CREATE INDEX probe_buckets_age ON probe_buckets(size_ms, bucket_start);
