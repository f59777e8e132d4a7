## 按发送方并发量进行的突发测试与投递确认（issue 12）。
## 发现项只使用变量 host、port、path、url。

burst-errors_under_load =
    .title = 多个投递同时到达时出现错误
    .why = 逐个请求时端点能正常应答，但当并行连接数达到 Telegram 实际打开的数量（max_connections，默认 40）时，部分请求得到 5xx、连接被重置或没有应答。Telegram 在一段空闲之后或清理积压队列时会打开这么多连接，因此这些失败恰好出现在流量高峰期间。
    .fix = 让端点能承受发送方的并发：增加应用的 worker 或连接池，在代理与应用之间保持上游 keep-alive 连接，处理程序先立即返回 200、稍后再处理。在此之前，用 setWebhook 把 max_connections 降到证据中显示的可承受水平。
burst-latency_degrades =
    .title = 并行投递时应答明显变慢
    .why = 多个连接同时进行时，最慢的应答占去了发送方期限的很大一部分（Telegram 等待 60 秒）。更长的高峰或积压清理会把它们推过期限，Telegram 记录 "Read timeout expired" 并重试，从而进一步加重负载。
    .fix = 先应答更新、再在后台处理（任务队列），为应用配置足以应对发送方并发的 worker，或用 setWebhook 降低 max_connections，让同时排队的请求更少。

check-burst = 突发

burst-refused-no_token = 突发测试需要机器人令牌（--token 或 WEBHOOK_DOCTOR_BOT_TOKEN）：只有机器人的所有者才能对端点施加负载
burst-refused-token_invalid = Telegram 不接受此机器人令牌（已撤销或输入有误），无法证明对该 URL 的所有权；未发送任何突发请求
burst-refused-api_unreachable = 无法连接 Telegram Bot API 来证明对该 URL 的所有权；未发送任何突发请求
burst-refused-webhook_not_set = 此机器人没有设置 webhook，因此不拥有该 URL；未发送任何突发请求
burst-refused-url_mismatch = 此机器人的 webhook（getWebhookInfo.url）不是给出的 URL；突发请求只发往机器人自己的 webhook URL
burst-refused-no_secret = 对签名 webhook 做突发测试需要其密钥（WhatsApp：--app-secret；其他：--auth 加 --secret 或 --bearer-token）：只有接收方的所有者才能对其施加负载
burst-refused-signature_not_accepted = 端点没有接受正确签名的请求，无法证明持有其密钥；未发送任何突发请求
burst-refused-rate_limited = 该 URL 在 10 分钟内已做过突发测试；大约 { $minutes } 分钟后可以再次进行
burst-refused-in_progress = 该 URL 的突发测试正在进行；请等待其结束

burst-heading = 突发测试
burst-progress-bar = 突发 [{ $bar }] { $connections }/{ $concurrency } 个连接 · { $done }/{ $total } 个应答
burst-line-load = { $concurrency } 个并行连接，{ $requests } 个请求（同时进行最多 { $peak } 个）
burst-line-status = 应答：{ $counts }
burst-line-latency = 延迟：基线 p50 { $baseline } 毫秒，负载下 p50 { $p50 } 毫秒，p99 { $p99 } 毫秒
burst-line-began = 同时进行 { $began } 个请求时开始出错；同时 { $held } 个请求时没有错误
burst-line-held = 同时进行最多 { $peak } 个请求时没有错误
burst-table-connections = 连接
burst-table-requests = 请求
burst-table-baseline = 基线 p50
burst-table-began = 出错起点
burst-table-held = 可承受

burst-fix-gateway =
    一旦同时进行的请求超过 { $held } 个，前面的代理就返回 502/504：后面的应用没有空闲的 worker 或连接。可选做法：
    - 把应用的 worker 数或连接池（gunicorn/uvicorn --workers、Node cluster、PHP-FPM pm.max_children、数据库连接池）提高到 { $concurrency } 以上；
    - 在代理与应用之间保持上游长连接（nginx：在 upstream 块中写 `keepalive 64;`，并设置 `proxy_http_version 1.1;` 和空的 Connection 头；ingress-nginx：`upstream-keepalive-connections`）；
    - 或者暂时用 setWebhook 把 max_connections 降到 { $held }（机器人的修复按钮可以完成）。
burst-fix-unavailable =
    一旦同时进行的请求超过 { $held } 个就出现 503：并发限制拒绝了其余请求（nginx limit_conn、Pod 或函数的并发上限、限流器）。为 webhook 路径把该限制提高到 { $concurrency } 以上，或用 setWebhook 把 max_connections 降到 { $held }。
burst-fix-reset =
    一旦同时进行的请求超过 { $held } 个，连接就被重置：服务器拒绝超出其上限的连接（连接数上限、过小的 listen backlog、退出的 worker）。提高连接上限和 backlog，保持上游长连接，或用 setWebhook 把 max_connections 降到 { $held }。
burst-fix-timeout =
    一旦同时进行的请求超过 { $held } 个，请求就得不到应答：处理程序在应答之前完成工作，请求在其后排队。立即返回 200，再从队列中处理更新；在此之前用 setWebhook 把 max_connections 降到 { $held }。
burst-fix-server_error =
    一旦同时进行的请求超过 { $held } 个，应用本身就出错（500）：并发下某个池（数据库、HTTP 客户端）或锁被耗尽。按 { $concurrency } 个并行请求配置各个池，或先应答、再从队列处理；在此之前用 setWebhook 把 max_connections 降到 { $held }。
burst-fix-slow =
    没有失败，但在 { $concurrency } 个并行连接下最慢的应答占去了 Telegram 60 秒期限的很大一部分。先返回 200 并在后台处理，或增加 worker。

confirm-needs-token = confirm 需要机器人令牌（--token 或 WEBHOOK_DOCTOR_BOT_TOKEN）
confirm-bad-wait = "{ $value }" 必须是秒数（wait 最多 600，interval 最多 60）
confirm-refused-token_invalid = Telegram 不接受此机器人令牌（已撤销或输入有误）
confirm-refused-api_unreachable = 无法连接 Telegram Bot API
confirm-watching = 正在观察 Telegram 的 webhook 记录，最多 { $seconds } 秒……
confirm-point = +{ $t } 秒  待投递 { $pending }  { $event }  （最近错误：{ $error }）
confirm-event-start = 首次读取
confirm-event-pending_down = 正在减少
confirm-event-pending_up = 正在增加
confirm-event-new_error = 新的投递错误
confirm-event-unchanged = 无变化
confirm-event-webhook_removed = 未设置 webhook
confirm-verdict-delivered = Telegram 已投递 { $n } 个待处理更新；没有新错误（仍有 { $pending } 个待投递）。
confirm-verdict-nothing_pending = 没有待投递的更新，暂时无法证明投递：现在给机器人发一条消息，然后再次确认。
confirm-verdict-failing-error = Telegram 仍然投递失败：{ $cause } [{ $code }] "{ $message }"
confirm-verdict-failing-missing = Telegram 仍然投递失败：没有设置 webhook，{ $pending } 个待投递更新无处可去。
confirm-verdict-failing-stuck = Telegram 仍然投递失败：观察期间 { $pending } 个更新一直待投递，没有一个被投递。

burst-button = ⚡ 突发测试
burst-starting = 正在启动突发测试……
burst-progress = 突发 { $connections }/{ $concurrency } 个连接…… { $done }/{ $total } 个应答
burst-not-run = 突发测试无法进行：{ $reason }
burst-held-all = { $concurrency } 个并行连接下没有错误。
