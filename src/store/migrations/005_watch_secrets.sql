-- Endpoint watches carry what a /check of their platform needs: the platform, the real URL when it carries a
-- secret (a bot token in the path, a key in the query) and the endpoint's secrets (Telegram's secret token,
-- WhatsApp's verify token and app secret, a signing secret or bearer token with its scheme). `url` stays the
-- sanitised URL for display; the probe uses the sealed target, never the sanitised text.
ALTER TABLE watches ADD COLUMN platform TEXT NOT NULL DEFAULT 'telegram';  -- telegram | whatsapp | generic
-- SecretBox ciphertext of {"url", "secrets", "auth"} (JSON), AAD "watch:<id>:endpoint"; NULL = url is the whole target.
ALTER TABLE watches ADD COLUMN endpoint_sealed TEXT;
