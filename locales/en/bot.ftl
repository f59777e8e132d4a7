bot-help =
    <b>Webhook Doctor</b> diagnoses broken webhooks: DNS, TCP, TLS, the HTTP answer, Telegram's own record, and what to fix.
    • <code>/check</code> walks through a check step by step (Telegram bot, WhatsApp Cloud API or a signed webhook); <code>/check https://bot.example.com/webhook</code> starts with the URL, and a bare URL runs a quick check at once.
    • <code>/explain Wrong response from the webhook: 502 Bad Gateway</code> explains an error (or just paste it).
    • <code>/verify</code> finds out why a webhook signature does not match.
    • <code>/report abc23def</code> shows a stored report again; <code>/language</code>, <code>/privacy</code>, <code>/forget</code>, <code>/cancel</code>.
    • In any chat: <code>@{ $bot } https://bot.example.com/webhook</code> shares a quick check.
bot-privacy =
    <b>What Webhook Doctor keeps</b>
    • Your language choice, and the reports of your checks for 30 days (URL, findings; never a token or secret).
    • Secrets you give in a check (bot token, signing secret, verify token) only encrypted (AES-256-GCM), beside their report, so its buttons can run it again; the message carrying one is deleted as soon as it is read.
    • A half-finished dialog, encrypted, for at most a day.
    • A webhook fix you start, with the secret token given for it (encrypted), beside its report; and for 10 minutes, that a URL was burst-tested (a hash of the URL, no name attached).
    <code>/forget</code> erases all of it at once.
bot-check-usage = Send the URL to check, e.g. <code>/check https://bot.example.com/webhook</code>
bot-explain-usage = Paste the error to explain, e.g. <code>/explain SSL error {"{"}error:0A000086:SSL routines::certificate verify failed{"}"}</code>
bot-too-long = That message is too long to be a URL or an error line. Send only the URL, or only the error text.
bot-rate-limited = Too many checks in the last minute (at most 10). Try again in a minute.
bot-busy = Many checks are running right now. Try again in a few seconds.
bot-unknown-command = Unknown command. /help lists what I can do.
bot-send-text = I read text only: send a URL, an error message, or a command (/help).
bot-check-running = Checking…
bot-check-started = Check started
bot-report-not-found = No stored report with that id. Ids look like <code>/report abc23def</code>; reports are kept 30 days.
bot-report-not-found-short = That report is no longer stored.
bot-nothing-to-explain = Nothing to explain: every check passed.
bot-command-check = Diagnose a webhook step by step
bot-command-explain = Explain a webhook error message
bot-command-verify = Find why a signature does not match
bot-command-report = Show a stored report again
bot-command-language = Choose the language
bot-command-privacy = What is stored, and how to erase it
bot-command-cancel = Leave the current dialog
bot-command-help = What this bot does
bot-language-usage = Choose a language: /language en, /language ru or /language zh (available: { $languages }).
bot-language-set = Done: I will answer in English.
bot-forgotten = Everything stored about this account has been erased.
dialog-in-progress = A dialog is open: answer the question above, or /cancel to leave it.
dialog-use-buttons = Please pick one of the buttons above.
dialog-send-text = Please answer with a text message.
dialog-skipped = Skipped.
dialog-secret-deleted = 🔒 The message with the secret has been deleted from this chat.
dialog-secret-not-deleted = ⚠️ The message with the secret could not be deleted: delete it yourself.
dialog-cancelled = Cancelled. Nothing was checked.
dialog-nothing-to-cancel = Nothing to cancel.
dialog-url-not-https = That is not an https URL: Telegram and WhatsApp deliver only to https://. Send the URL again, starting with https://
dialog-url-port = Port { $port } is not allowed: Telegram delivers only to ports 443, 80, 88 and 8443. Send a corrected URL.
dialog-url-hidden = The URL contains invisible or look-alike characters (often pasted from a chat or a document). Cleaned up, it reads: <code>{ $cleaned }</code> — send it again.
dialog-url-invalid = That does not look like a URL. Send something like <code>https://bot.example.com/webhook</code>
dialog-bad-bot-token = That does not look like a bot token (digits, a colon, then 30 or more letters, digits, _ or -, as @BotFather gives it). Send it again, or skip.
dialog-bad-secret-token = A Telegram secret token has 1 to 256 characters, only A-Z, a-z, 0-9, _ and -. Send it again, or skip.
dialog-bad-secret = That is not a usable secret: one line of at most 512 characters. Send it again.
dialog-bad-signature = That does not look like a signature header value. Send the value exactly as the receiver got it.
dialog-bad-timestamp = A timestamp is the Unix time in seconds, e.g. <code>1700000000</code>.
dialog-bad-id = Send the message id exactly as received (no spaces).
check-ask-platform = What receives these webhooks?
check-platform-telegram = Telegram bot
check-platform-whatsapp = WhatsApp Cloud API
check-platform-generic = Other signed webhook
check-ask-url = Send the webhook URL, e.g. <code>https://bot.example.com/webhook</code>
check-ask-bot-token = Send the bot's token to add Telegram's own view (getWebhookInfo: last error, backlog, IP). The message is deleted as soon as it is read, and the token is never shown in a report. Or skip.
check-ask-secret-token = Does the webhook expect a secret token (<code>X-Telegram-Bot-Api-Secret-Token</code>)? Send it, or skip.
check-ask-verify-token = Send the verify token configured in Meta's app dashboard (needed for the verification handshake). The message is deleted as soon as it is read.
check-ask-app-secret = Send the app secret to test signed notifications (<code>X-Hub-Signature-256</code>), or skip.
check-ask-scheme = How does the sender authenticate its requests?
check-ask-bearer = Send the bearer token the receiver expects. The message is deleted as soon as it is read.
check-ask-signing-secret = Send the signing secret. The message is deleted as soon as it is read.
scheme-github = GitHub
scheme-stripe = Stripe
scheme-standard-webhooks = Standard Webhooks
scheme-slack = Slack
scheme-meta = Meta
scheme-bearer = Bearer token
scheme-none = No authentication
verify-ask-scheme = Which signature scheme?
verify-ask-secret = Send the signing secret the receiver holds. The message is deleted as soon as it is read.
verify-ask-expected-token = Send the token the receiver expects. The message is deleted as soon as it is read.
verify-ask-payload = Send the raw request body: paste it as text, or better, send it as a file so no byte changes on the way (at most 1 MB).
verify-ask-signature = Send the signature header value exactly as the receiver got it (e.g. <code>sha256=…</code>, <code>t=…,v1=…</code>).
verify-ask-authorization = Send the <code>Authorization</code> header value exactly as the receiver got it.
verify-ask-timestamp = Send the timestamp header value (Unix seconds).
verify-ask-id = Send the <code>webhook-id</code> header value.
verify-file-too-large = That file is over 1 MB: use the command-line tool (<code>webhook-doctor verify-signature</code>) for larger payloads.
verify-file-unreadable = That file could not be read. Send it again, or paste the body as text.
button-rerun = 🔁 Run again
button-deep = 🔬 Deep checks
button-explain = 📖 Explain in detail
button-watch = 👁 Watch
button-skip = Skip
inline-type-url = Type a full https:// webhook URL to check
inline-busy = Busy: try again in a few seconds
inline-rate-limited = Too many checks this minute
inline-no-findings = Nothing failed
