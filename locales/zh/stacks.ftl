## 真实技术栈诊断的发现（私有 CA、mTLS、防火墙白名单、缺少健康检查端点）。
## 每个发现代码一条消息：代码中的 "." 替换为 "-"。属性：title、why、fix。

tls-untrusted_root =
    .title = 证书链终止于发送方不信任的根证书
    .why = 服务器发送了证书链，但链条通向一个私有根证书：Caddy 的 `tls internal` 本地 CA、直接暴露在公网上的 Cloudflare Origin CA 证书，或企业内部 CA。任何公共信任库中都没有这个根，因此 Telegram 和其他发送方会报 “certificate verify failed”。补发更多证书无法解决。
    .fix =
        为 { $host } 使用公共受信任 CA 签发的证书。使用 Caddy 时去掉 `tls internal`，让自动 HTTPS 申请证书（需开放 80 和 443 端口）；使用 certbot：
        ```
        certbot certonly -d { $host }
        ```
        Cloudflare Origin CA 证书只在 Cloudflare 代理之后有效：保持该记录处于代理状态，或在源站使用公共证书。
tls-client_certificate_required =
    .title = 服务器要求客户端证书（mTLS）
    .why = 该 TLS 端点拒绝所有不出示自身证书的客户端。Telegram、WhatsApp 和其他 Webhook 发送方从不出示客户端证书，因此每次投递都在 TLS 握手阶段失败。
    .fix =
        不要在 Webhook 的主机或路径上要求客户端证书。Apache 中设置 `SSLVerifyClient none`（或 `optional`）；nginx 中设置 `ssl_verify_client off;`（或 `optional`）。如需限制来源，请校验发送方的 secret token 或签名，或只放行发送方的 IP 段。
tcp-filtered_but_telegram_delivers =
    .title = 从此处无法连接，但 Telegram 没有记录投递失败
    .why = 本检查发起的连接被拒绝或超时，但 Telegram 自己的记录显示最近没有投递错误，待处理队列也没有增长。常见原因是防火墙只放行 Telegram 的 Webhook 发送地址（149.154.160.0/20 和 91.108.4.0/22）：对 Telegram 来说端点是正常的，只是 TCP 之后的检查无法从这里进行。
    .fix =
        如果白名单是有意设置的，则无需修改。若要检查后续环节（TLS、HTTP、深度检查），请从防火墙放行的地址运行检查，或临时放行本检查的地址。如果并没有白名单，说明端点确实不可用：请确认服务器是否在端口 { $port } 上监听。
health-not_found =
    .title = 猜测的路径上没有健康检查端点
    .why = 未指定健康检查路径，因此尝试了 /health，它返回了客户端错误：那里很可能没有健康检查端点。这不是故障，只是说明健康检查什么也没检查到。
    .fix = 如果负载均衡器或编排系统会检查健康状态，请用 `--health-path` 指定该路径以便探测；否则可忽略此提示。
