-- Conversation state survives a restart (a half-finished /check goes on where it stopped). It holds the
-- updates a conversation has read, which may carry a secret, so it is stored sealed (SecretBox), never plain.
CREATE TABLE conversation_state (
  key TEXT PRIMARY KEY,              -- the chat id
  sealed TEXT NOT NULL,              -- SecretBox ciphertext of the plugin's versioned state (JSON)
  updated_at INTEGER NOT NULL        -- ms; abandoned conversations are pruned by age
);

-- Where a stored report was produced, and what a re-run needs: the check request with its secrets,
-- sealed (SecretBox, bound to the report id). The report JSON itself never holds a secret.
ALTER TABLE reports ADD COLUMN chat_id INTEGER;
ALTER TABLE reports ADD COLUMN request_sealed TEXT;
