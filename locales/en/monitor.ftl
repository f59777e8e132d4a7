# Watches: alerts sent to subscribers, states shown in /watches, and the service's errors.
monitor-alert-error_changed =
    🔴 { $watch }: Telegram reports a new delivery error
    { $message }
    Cause: { $title } ({ $code })
    Fix: { $fix }
monitor-alert-error_changed-previous = Previous error: { $previous }
monitor-alert-error_recovered =
    🟢 { $watch }: no new delivery errors; recovered after { $lasted }.
monitor-alert-url_changed =
    🟠 { $watch }: the webhook URL was changed (setWebhook).
    Was: { $from }
    Now: { $to }
monitor-alert-url_removed =
    🟠 { $watch }: the webhook was removed (deleteWebhook). Updates now wait for getUpdates.
    Was: { $from }
monitor-alert-token_revoked =
    🔴 { $watch }: Telegram no longer accepts this bot token (401 Unauthorized). It was revoked or replaced in @BotFather; send /watch with the new token: the watch keeps its history and subscribers.
monitor-alert-backlog_rising =
    🟠 { $watch }: { $pending } updates are waiting and the backlog keeps growing (alert threshold { $threshold }). Telegram is not getting them delivered.
monitor-alert-cert_expiring =
    🟠 { $watch }: the TLS certificate expires in { $days ->
        [one] { $days } day
       *[other] { $days } days
    } ({ $date }). Renew it before Telegram stops delivering.
monitor-alert-cert_expired =
    🔴 { $watch }: the TLS certificate has expired ({ $date }). Telegram refuses to deliver until it is renewed.
monitor-alert-endpoint_down =
    🔴 { $watch }: the endpoint is down ({ $failures } checks in a row failed).
    Cause: { $title } ({ $code })
monitor-alert-endpoint_down-unknown =
    🔴 { $watch }: the endpoint is down ({ $failures } checks in a row failed).
monitor-alert-endpoint_still_down =
    🔴 { $watch }: the endpoint is still down, for { $lasted } now (reminder { $reminder } of { $max }).
monitor-alert-endpoint_up =
    🟢 { $watch }: the endpoint answers again; the outage lasted { $lasted }.
monitor-button-check-now = Run a full check

monitor-duration-minutes = { $n ->
    [one] { $n } minute
   *[other] { $n } minutes
}
monitor-duration-hours = { $n ->
    [one] { $n } hour
   *[other] { $n } hours
}
monitor-duration-days = { $n ->
    [one] { $n } day
   *[other] { $n } days
}

monitor-status-unknown = not checked yet
monitor-status-healthy = healthy
monitor-status-failing = failing
monitor-status-failing-since = failing since { $since }
monitor-status-muted = muted until { $until }

monitor-error-token_invalid = Telegram does not accept this token (it is wrong or was revoked). Copy it again from @BotFather. Nothing was saved.
monitor-error-telegram_unavailable = Telegram could not be reached to check the token. Nothing was saved; try again in a minute.
monitor-error-nothing_to_watch = Give a bot token, an endpoint URL, or both.
monitor-error-url_invalid = This is not an http(s) URL that can be checked.
monitor-error-interval_too_short = The interval is too short: the minimum is { $min } seconds.
monitor-error-watch_cap = You already have { $max } watches, the most allowed. Delete one with /watches first.
monitor-error-not_found = There is no such watch (or it is not yours).
monitor-error-share_code_malformed = This share link is not valid. Ask the owner for a new one.
monitor-error-share_code_unknown = This share link does not exist. Ask the owner for a new one.
monitor-error-share_code_revoked = This share link was revoked by its owner.
monitor-error-mute_hours = Mute for 1 to 168 hours.
