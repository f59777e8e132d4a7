# Watching that is right: endpoint watches with their platform and secrets, the first report of a new
# watch, a token that works again, and what the history chart measures.
watching-url-unknown = the webhook URL
watching-alert-started = 👁 { $watch }: watching has started. The state now:
watching-started-telegram-ok = Telegram's record: no recent delivery error.
watching-started-telegram-failing = Telegram's record: currently failing: { $title } ({ $code })
watching-started-endpoint-ok = The endpoint: answers the way its platform expects.
watching-started-endpoint-failing = The endpoint: currently failing: { $title } ({ $code })
watching-started-other-ok = { $kind }: no problem seen.
watching-started-other-failing = { $kind }: currently failing: { $title } ({ $code })
watching-started-message = Telegram's last error: { $message }
watching-alert-token_restored =
    🟢 { $watch }: Telegram accepts the bot token again; its webhook record is watched again.
history-kind-token_restored = bot token works again
history-kind-watch_started = watching started
watching-chart-latency-axis = HTTP answer time (the endpoint's reply to the platform's request)
watching-token-replaced = 🔑 New token saved for <b>{ $name }</b>: the watch goes on with its history and its subscribers.
watching-ask-platform = Which platform sends to this endpoint? Each interval the watch sends only what that platform would send in one delivery (WhatsApp: the verify handshake and one signed notification); /check runs the full set of probes.
watching-ask-secret-token = If the endpoint checks Telegram's secret token (<code>X-Telegram-Bot-Api-Secret-Token</code>, grammY's and Telegraf's <code>secretToken</code>), send it: without it the endpoint answers 401 to every check. It is stored encrypted and the message is deleted. Or skip.
watching-no-webhook = Telegram reports no webhook for this bot: there is no URL to check.
watching-telegram-unavailable = Telegram could not be reached to read the bot's webhook URL; try again in a minute.
watching-token-revoked = Telegram no longer accepts this watch's bot token, so its webhook URL cannot be read. Send /watch with the new token.
watching-target-sealed = The stored secrets of this watch cannot be opened (the server's encryption key changed). Delete the watch and add it again.
watching-rerun-url-secret = This report's URL carries a secret, so only the person who ran the check can run it again.
monitor-error-secret_token_invalid = A Telegram secret token is 1 to 256 characters: letters, digits, _ and - only.
watching-card-check = Checked as: { $platform }
watching-card-check-sealed = Checked as: { $platform }, with the endpoint's secrets (stored encrypted)
watching-platform-telegram = Telegram webhook
watching-platform-whatsapp = WhatsApp Cloud API webhook
watching-platform-generic = signed webhook
