# 监控：发给订阅者的告警、/watches 中的状态以及服务的错误提示。
monitor-alert-error_changed =
    🔴 { $watch }：Telegram 报告了新的投递错误
    { $message }
    原因：{ $title }（{ $code }）
    修复：{ $fix }
monitor-alert-error_changed-previous = 之前的错误：{ $previous }
monitor-alert-error_recovered =
    🟢 { $watch }：没有新的投递错误，已恢复；故障持续了 { $lasted }。
monitor-alert-url_changed =
    🟠 { $watch }：Webhook 地址被修改（setWebhook）。
    原地址：{ $from }
    新地址：{ $to }
monitor-alert-url_removed =
    🟠 { $watch }：Webhook 已被删除（deleteWebhook），更新现在只能通过 getUpdates 获取。
    原地址：{ $from }
monitor-alert-token_revoked =
    🔴 { $watch }：Telegram 不再接受这个机器人令牌（401 Unauthorized）。它已在 @BotFather 中被撤销或更换；请用新令牌发送 /watch：监控会保留其历史记录和订阅者。
monitor-alert-backlog_rising =
    🟠 { $watch }：有 { $pending } 条更新等待投递，而且积压还在增加（告警阈值 { $threshold }）。Telegram 无法把它们送达。
monitor-alert-cert_expiring =
    🟠 { $watch }：TLS 证书将在 { $days } 天后过期（{ $date }）。请在 Telegram 停止投递之前续期。
monitor-alert-cert_expired =
    🔴 { $watch }：TLS 证书已过期（{ $date }）。续期之前 Telegram 不会投递更新。
monitor-alert-endpoint_down =
    🔴 { $watch }：端点无法访问（连续 { $failures } 次检查失败）。
    原因：{ $title }（{ $code }）
monitor-alert-endpoint_down-unknown =
    🔴 { $watch }：端点无法访问（连续 { $failures } 次检查失败）。
monitor-alert-endpoint_still_down =
    🔴 { $watch }：端点仍然无法访问，已持续 { $lasted }（第 { $reminder } 次提醒，共 { $max } 次）。
monitor-alert-endpoint_up =
    🟢 { $watch }：端点已恢复响应；故障持续了 { $lasted }。
monitor-button-check-now = 立即完整检查

monitor-duration-minutes = { $n } 分钟
monitor-duration-hours = { $n } 小时
monitor-duration-days = { $n } 天

monitor-status-unknown = 尚未检查
monitor-status-healthy = 正常
monitor-status-failing = 故障
monitor-status-failing-since = 自 { $since } 起故障
monitor-status-muted = 静音至 { $until }

monitor-error-token_invalid = Telegram 不接受这个令牌（令牌错误或已被撤销）。请从 @BotFather 重新复制。未保存任何内容。
monitor-error-telegram_unavailable = 无法连接 Telegram 来验证令牌。未保存任何内容；请稍后再试。
monitor-error-nothing_to_watch = 请提供机器人令牌、端点地址，或两者都提供。
monitor-error-url_invalid = 这不是可以检查的 http(s) 地址。
monitor-error-interval_too_short = 间隔太短：最少 { $min } 秒。
monitor-error-watch_cap = 你已有 { $max } 个监控，已达上限。请先在 /watches 中删除一个。
monitor-error-not_found = 没有这个监控（或它不属于你）。
monitor-error-share_code_malformed = 这个分享链接无效。请向所有者索取新链接。
monitor-error-share_code_unknown = 这个分享链接不存在。请向所有者索取新链接。
monitor-error-share_code_revoked = 这个分享链接已被所有者撤销。
monitor-error-mute_hours = 静音时长为 1 到 168 小时。
