## Fixing a webhook from the chat, with confirmation (issue 12). Only the person who ran the check with the
## bot token can use these buttons.

fix-button = 🛠 Fix…
fix-confirm-button = 📬 Confirm delivery
fix-confirm-started = Watching Telegram's record…
fix-not-owner = Only the person who ran this check with the bot token can use this button.
fix-record-token_invalid = Telegram no longer accepts this bot token (revoked or replaced): nothing can be changed with it. Run /check again with the current token.
fix-record-api_unreachable = Telegram's Bot API could not be reached; nothing was changed. Try again in a minute.
fix-url-moved = The bot's webhook now points to another URL than the one checked; nothing was changed. Check the current URL first.
fix-no-webhook = This bot has no webhook set; only deleting it (nothing to delete) or setting a new one with /check would help.
fix-no-burst = There is no burst result for this report: run the burst test first.

fix-menu-title = Fix the webhook
fix-menu-record = Now: { $url } · { $pending } pending · max_connections { $max }
fix-menu-hint = Each action shows the exact Bot API call before anything is sent.
fix-custom-certificate = This webhook was registered with an uploaded certificate, which Telegram does not hand back: it cannot be re-set from here without the file.
fix-action-reset = Re-set the webhook (same URL and settings)
fix-action-max_connections = Set max_connections to { $n }
fix-action-allowed_updates = Set allowed_updates…
fix-action-drop_backlog = Drop the { $n } pending updates…
fix-action-delete_webhook = Delete the webhook…

fix-ask-types = Send the update types the bot handles, separated by commas (for example: message, callback_query). Now: { $current }. /cancel stops.
fix-types-default = Telegram's default (all but chat_member and reactions)
fix-types-invalid = Telegram knows no update type "{ $words }". Send the list again (for example: message, callback_query), or /cancel.
fix-ask-secret = setWebhook replaces the whole registration, the secret token included, and Telegram never shows the current secret token. Keep the endpoint's secret (send it in the next message; it is deleted from the chat at once), or set none (the endpoint must then accept requests without the X-Telegram-Bot-Api-Secret-Token header)?
fix-secret-keep = Keep the secret: I will send it
fix-secret-none = Set no secret token
fix-send-secret = Send the secret token now (1–256 characters: A–Z, a–z, 0–9, _ and -). The message is deleted at once. /cancel stops.
fix-secret-invalid = That is not a valid secret token (1–256 characters: A–Z, a–z, 0–9, _ and -). Send it again, or /cancel.
fix-secret-deleted = The message with the secret was deleted from the chat.
fix-secret-not-deleted = The message with the secret could not be deleted: delete it by hand.

fix-plan-webhook_not_set = This bot has no webhook set; there is nothing to re-set.
fix-plan-custom_certificate = This webhook was registered with an uploaded certificate, which Telegram does not hand back: re-setting it from here would drop the certificate. Nothing was changed.
fix-plan-secret_not_chosen = The secret token was not chosen; nothing was changed.
fix-plan-bad_value = A value is outside what Telegram accepts; nothing was changed.

fix-confirm-title = This exact call will be sent to Telegram (the token and the secret are not shown):
fix-effect-reset = Telegram re-registers the webhook with the same settings, clears the stored error and retries delivery at once.
fix-effect-max_connections = Telegram opens at most this many parallel connections to the endpoint from now on.
fix-effect-allowed_updates = Telegram delivers only these update types from now on (updates already queued are not affected).
fix-effect-drop_backlog = Telegram re-registers the webhook and deletes the { $pending } pending updates.
fix-effect-delete_webhook = Telegram stops delivering to this URL; the { $pending } pending updates stay queued only until the bot polls with getUpdates or a webhook is set again, at most 24 hours.
fix-send = ✅ Send it
fix-continue = Continue…
fix-cancel = Cancel
fix-second-drop_backlog = Second confirmation: { $pending } pending updates will be deleted for good. They cannot be fetched again.
fix-second-yes-drop_backlog = Yes, delete { $pending } updates
fix-second-delete_webhook = Second confirmation: the webhook is removed and { $pending } pending updates stop being delivered; unless the bot polls or a webhook is set again within 24 hours, they are lost.
fix-second-yes-delete_webhook = Yes, delete the webhook ({ $pending } pending)
fix-sending = Sending…
fix-done = Done. Telegram accepted:
fix-done-next = Press "Confirm delivery" to watch whether Telegram delivers now.
fix-failed = Telegram refused the call: { $answer }

fix-unknown = This button is not known (any more): open the fix menu again.
fix-expired = This step has expired: open the fix menu again.
fix-stale-button = This button belongs to an earlier step: use the latest message.
fix-already-done = Already done; nothing was sent again. Telegram answered: { $result }
fix-already-failed = Already tried; nothing was sent again. Telegram answered: { $result }
fix-already-running = Already being sent; nothing is sent twice.
fix-already-cancelled = This action was cancelled; nothing was sent.
fix-cancelled = Cancelled; nothing was sent.
