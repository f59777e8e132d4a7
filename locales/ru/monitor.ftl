# Наблюдение: оповещения подписчикам, состояния в /watches и ошибки сервиса.
monitor-alert-error_changed =
    🔴 { $watch }: Telegram сообщает о новой ошибке доставки
    { $message }
    Причина: { $title } ({ $code })
    Как исправить: { $fix }
monitor-alert-error_changed-previous = Прежняя ошибка: { $previous }
monitor-alert-error_recovered =
    🟢 { $watch }: новых ошибок доставки нет; восстановлено, сбой длился { $lasted }.
monitor-alert-url_changed =
    🟠 { $watch }: адрес вебхука изменён (setWebhook).
    Был: { $from }
    Стал: { $to }
monitor-alert-url_removed =
    🟠 { $watch }: вебхук удалён (deleteWebhook). Обновления теперь ждут getUpdates.
    Был: { $from }
monitor-alert-token_revoked =
    🔴 { $watch }: Telegram больше не принимает токен этого бота (401 Unauthorized). Его отозвали или заменили в @BotFather; отправьте /watch с новым токеном: наблюдение сохранит историю и подписчиков.
monitor-alert-backlog_rising =
    🟠 { $watch }: ждут доставки { $pending } обновлений, и очередь растёт (порог оповещения { $threshold }). Telegram не может их доставить.
monitor-alert-cert_expiring =
    🟠 { $watch }: TLS-сертификат истекает через { $days ->
        [one] { $days } день
        [few] { $days } дня
       *[other] { $days } дней
    } ({ $date }). Обновите его, пока Telegram не перестал доставлять.
monitor-alert-cert_expired =
    🔴 { $watch }: срок TLS-сертификата истёк ({ $date }). Telegram не доставляет обновления, пока его не обновят.
monitor-alert-endpoint_down =
    🔴 { $watch }: адрес не отвечает (неудачных проверок подряд: { $failures }).
    Причина: { $title } ({ $code })
monitor-alert-endpoint_down-unknown =
    🔴 { $watch }: адрес не отвечает (неудачных проверок подряд: { $failures }).
monitor-alert-endpoint_still_down =
    🔴 { $watch }: адрес всё ещё не отвечает, уже { $lasted } (напоминание { $reminder } из { $max }).
monitor-alert-endpoint_up =
    🟢 { $watch }: адрес снова отвечает; сбой длился { $lasted }.
monitor-button-check-now = Полная проверка

monitor-duration-minutes = { $n ->
    [one] { $n } минуту
    [few] { $n } минуты
   *[other] { $n } минут
}
monitor-duration-hours = { $n ->
    [one] { $n } час
    [few] { $n } часа
   *[other] { $n } часов
}
monitor-duration-days = { $n ->
    [one] { $n } день
    [few] { $n } дня
   *[other] { $n } дней
}

monitor-status-unknown = ещё не проверялось
monitor-status-healthy = работает
monitor-status-failing = сбой
monitor-status-failing-since = сбой с { $since }
monitor-status-muted = без звука до { $until }

monitor-error-token_invalid = Telegram не принимает этот токен (он неверный или отозван). Скопируйте его заново из @BotFather. Ничего не сохранено.
monitor-error-telegram_unavailable = Не удалось связаться с Telegram, чтобы проверить токен. Ничего не сохранено; попробуйте через минуту.
monitor-error-nothing_to_watch = Укажите токен бота, адрес вебхука или и то и другое.
monitor-error-url_invalid = Это не http(s)-адрес, который можно проверить.
monitor-error-interval_too_short = Слишком короткий интервал: минимум { $min } секунд.
monitor-error-watch_cap = У вас уже { $max } наблюдений, это предел. Сначала удалите одно через /watches.
monitor-error-not_found = Такого наблюдения нет (или оно не ваше).
monitor-error-share_code_malformed = Эта ссылка недействительна. Попросите у владельца новую.
monitor-error-share_code_unknown = Такой ссылки не существует. Попросите у владельца новую.
monitor-error-share_code_revoked = Владелец отозвал эту ссылку.
monitor-error-mute_hours = Отключить звук можно на срок от 1 до 168 часов.
