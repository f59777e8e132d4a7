# 签名方案：签名检查与 verify-signature 的发现项和消息（issue 9）。

auth-equivalent_body_rejected =
    .title = 只有发送方原样的 JSON 文本才能通过验证
    .why = 以另一种写法表示的同一 JSON（使用原始 UTF-8 而非 \u 转义，或没有发送方的缩进），并按其自身字节正确签名后被拒绝，而发送方自己的格式被接受。目前投递可以通过；接收方很可能是对解析后重新编码的副本做验证，只是恰好与发送方的格式一致，一旦格式变化就会失败。
    .fix = 对该发送方目前没有失败。更稳妥的做法是在任何 JSON 解析之前对原始请求字节验证 HMAC（例如 `express.raw()`，或带有保留缓冲区的 `verify` 回调的 `express.json`）。
sig-body_trailing_newline =
    .title = 载荷仅在末尾换行符上不同
    .why = 在载荷末尾添加或删除一个换行符后签名即匹配。编辑器、heredoc 和 `echo` 在把请求体保存到文件时会添加换行；发送方签名的字节不含它（或含它）。
    .fix = 按收到的原样保存请求体（例如用 `printf '%s'` 代替 `echo`，或设置编辑器不添加末尾换行），并对原始请求字节验证签名。

sig-input-stripe-needs-t = Stripe 签名是对 "t.body" 计算的：需要提供 t= 的值（粘贴完整的 Stripe-Signature 头 t=…,v1=…，或加上 --timestamp）
sig-input-timestamp-conflict = --timestamp { $given } 与 Stripe-Signature 头中的 t={ $header } 不一致：Stripe 签名的是 t= 的值，只需提供其中一个
sig-input-header-other-scheme = 粘贴的头名称属于另一种签名方案：请选择发送该头的方案（X-Hub-Signature-256 = GitHub 或 Meta，Stripe-Signature = Stripe，webhook-signature = Standard Webhooks，X-Slack-Signature = Slack，Authorization = bearer）
cli-sw-secret-whitespace = Standard Webhooks 密钥前后有空格或换行：请删除（官方库无法按原样加载它）
