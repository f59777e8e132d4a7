bot-help =
    <b>Webhook Doctor</b> diagnoses broken webhooks: DNS, TCP, TLS, the HTTP answer, and what to fix.
    • <code>/check https://bot.example.com/webhook</code> runs the checklist (or just send the URL).
    • <code>/explain Wrong response from the webhook: 502 Bad Gateway</code> explains an error (or just paste it).
bot-check-usage = Send the URL to check, e.g. <code>/check https://bot.example.com/webhook</code>
bot-explain-usage = Paste the error to explain, e.g. <code>/explain SSL error {"{"}error:0A000086:SSL routines::certificate verify failed{"}"}</code>
bot-too-long = That message is too long to be a URL or an error line. Send only the URL, or only the error text.
bot-rate-limited = Too many checks in the last minute (at most 10). Try again in a minute.
bot-busy = Many checks are running right now. Try again in a few seconds.
bot-unknown-command = Unknown command. /help lists what I can do.
bot-check-running = Checking…
bot-command-check = Diagnose a webhook URL
bot-command-explain = Explain a webhook error message
bot-command-help = What this bot does
bot-language-usage = Choose a language: /language en, /language ru or /language zh (available: { $languages }).
bot-language-set = Done: I will answer in English.
bot-forgotten = Everything stored about this account has been erased.
