# 监控：带平台和密钥的端点监控、新监控的首次报告、令牌恢复可用，以及历史图表所度量的内容。
watching-url-unknown = Webhook URL
watching-alert-started = 👁 { $watch }：监控已开始。当前状态：
watching-started-telegram-ok = Telegram 记录：最近没有投递错误。
watching-started-telegram-failing = Telegram 记录：当前失败：{ $title }（{ $code }）
watching-started-endpoint-ok = 端点：按其平台的预期作出响应。
watching-started-endpoint-failing = 端点：当前失败：{ $title }（{ $code }）
watching-started-other-ok = { $kind }：未发现问题。
watching-started-other-failing = { $kind }：当前失败：{ $title }（{ $code }）
watching-started-message = Telegram 报告的最后错误：{ $message }
watching-alert-token_restored =
    🟢 { $watch }：Telegram 重新接受了机器人令牌；其 Webhook 记录恢复监控。
history-kind-token_restored = 机器人令牌恢复可用
history-kind-watch_started = 监控已开始
watching-chart-latency-axis = HTTP 响应时间（端点对平台请求的响应）
watching-token-replaced = 🔑 已为 <b>{ $name }</b> 保存新令牌：监控继续，历史记录和订阅者保持不变。
watching-ask-platform = 哪个平台向这个端点发送请求？监控会运行与该平台 /check 相同的快速检查。
watching-ask-secret-token = 如果端点会校验 Telegram 的密钥令牌（<code>X-Telegram-Bot-Api-Secret-Token</code>，即 grammY 和 Telegraf 的 <code>secretToken</code>），请发送它：没有它，端点对每次检查都会返回 401。它会加密保存，消息会被删除。也可以跳过。
watching-no-webhook = Telegram 报告该机器人没有设置 Webhook：没有可检查的 URL。
watching-telegram-unavailable = 无法连接 Telegram 读取机器人的 Webhook URL；请一分钟后再试。
watching-token-revoked = Telegram 不再接受此监控的机器人令牌，因此无法读取其 Webhook URL。请用新令牌发送 /watch。
watching-target-sealed = 此监控保存的密钥无法解开（服务器的加密密钥已更改）。请删除该监控并重新添加。
watching-rerun-url-secret = 此报告的 URL 含有密钥，因此只有运行该检查的人才能再次运行。
monitor-error-secret_token_invalid = Telegram 密钥令牌为 1 到 256 个字符：只能包含字母、数字、_ 和 -。
