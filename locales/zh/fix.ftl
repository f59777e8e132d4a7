## 在聊天中修复 webhook，需要确认（issue 12）。只有使用机器人令牌运行检查的人才能使用这些按钮。

fix-button = 🛠 修复……
fix-confirm-button = 📬 确认投递
fix-confirm-started = 正在观察 Telegram 的记录……
fix-not-owner = 只有使用机器人令牌运行此检查的人才能使用此按钮。
fix-record-token_invalid = Telegram 不再接受此机器人令牌（已撤销或已更换）：无法用它做任何更改。请用当前令牌重新运行 /check。
fix-record-api_unreachable = 无法连接 Telegram Bot API；未做任何更改。请一分钟后再试。
fix-url-moved = 机器人的 webhook 现在指向另一个 URL，而不是被检查的那个；未做任何更改。请先检查当前 URL。
fix-no-webhook = 此机器人没有设置 webhook；只能在 /check 之后设置新的 webhook。
fix-no-burst = 此报告没有突发测试结果：请先运行突发测试。

fix-menu-title = 修复 webhook
fix-menu-record = 当前：{ $url } · 待投递 { $pending } · max_connections { $max }
fix-menu-hint = 每个操作在发送之前都会显示确切的 Bot API 调用。
fix-custom-certificate = 此 webhook 注册时上传了证书，Telegram 不会交还该证书：没有文件就无法在这里重新设置。
fix-action-reset = 重新设置 webhook（相同的 URL 和设置）
fix-action-max_connections = 把 max_connections 设为 { $n }
fix-action-allowed_updates = 设置 allowed_updates……
fix-action-drop_backlog = 丢弃 { $n } 个待投递更新……
fix-action-delete_webhook = 删除 webhook……

fix-ask-types = 发送机器人处理的更新类型，用逗号分隔（例如：message, callback_query）。当前：{ $current }。/cancel 可取消。
fix-types-default = Telegram 默认值（除 chat_member 和 reaction 外的全部类型）
fix-types-invalid = Telegram 没有 "{ $words }" 这种更新类型。请重新发送列表（例如：message, callback_query），或 /cancel。
fix-ask-secret = setWebhook 会替换整个注册，包括 secret token，而 Telegram 从不显示当前的 secret token。保留端点的密钥（在下一条消息中发送，它会立即从聊天中删除），还是不设置密钥（这样端点必须接受不带 X-Telegram-Bot-Api-Secret-Token 头的请求）？
fix-secret-keep = 保留密钥：我来发送
fix-secret-none = 不设置 secret token
fix-send-secret = 现在发送 secret token（1–256 个字符：A–Z、a–z、0–9、_ 和 -）。该消息会立即删除。/cancel 可取消。
fix-secret-invalid = 这不是有效的 secret token（1–256 个字符：A–Z、a–z、0–9、_ 和 -）。请重新发送，或 /cancel。
fix-secret-deleted = 含有密钥的消息已从聊天中删除。
fix-secret-not-deleted = 含有密钥的消息无法删除：请手动删除。

fix-plan-webhook_not_set = 此机器人没有设置 webhook；没有可重新设置的内容。
fix-plan-custom_certificate = 此 webhook 注册时上传了证书，Telegram 不会交还该证书：在这里重新设置会丢掉证书。未做任何更改。
fix-plan-secret_not_chosen = 没有选择 secret token；未做任何更改。
fix-plan-bad_value = 某个值超出了 Telegram 接受的范围；未做任何更改。

fix-confirm-title = 将向 Telegram 发送的正是这个调用（令牌和密钥不显示）：
fix-effect-reset = Telegram 用相同的设置重新注册 webhook，清除已保存的错误，并立即重试投递。
fix-effect-max_connections = 此后 Telegram 对该端点最多打开这么多个并行连接。
fix-effect-allowed_updates = 此后 Telegram 只投递这些更新类型（已在队列中的更新不受影响）。
fix-effect-drop_backlog = Telegram 重新注册 webhook，并删除 { $pending } 个待投递更新。
fix-effect-delete_webhook = Telegram 停止向此 URL 投递；{ $pending } 个待投递更新只保留到机器人用 getUpdates 拉取或重新设置 webhook 为止，最多 24 小时。
fix-send = ✅ 发送
fix-continue = 继续……
fix-cancel = 取消
fix-second-drop_backlog = 第二次确认：{ $pending } 个待投递更新将被永久删除，无法再次获取。
fix-second-yes-drop_backlog = 是的，删除 { $pending } 个更新
fix-second-delete_webhook = 第二次确认：webhook 将被删除，{ $pending } 个待投递更新不再投递；除非机器人在 24 小时内开始轮询或重新设置 webhook，否则它们会丢失。
fix-second-yes-delete_webhook = 是的，删除 webhook（待投递 { $pending }）
fix-sending = 正在发送……
fix-done = 完成。Telegram 已接受：
fix-done-next = 按“确认投递”观察 Telegram 现在是否投递。
fix-failed = Telegram 拒绝了该调用：{ $answer }

fix-unknown = 此按钮未知（或已失效）：请重新打开修复菜单。
fix-expired = 此步骤已过期：请重新打开修复菜单。
fix-stale-button = 此按钮属于之前的步骤：请使用最新的消息。
fix-already-done = 已经完成；没有再次发送。Telegram 的回答：{ $result }
fix-already-failed = 已经尝试过；没有再次发送。Telegram 的回答：{ $result }
fix-already-running = 正在发送；不会发送两次。
fix-already-cancelled = 此操作已取消；没有发送任何内容。
fix-cancelled = 已取消；没有发送任何内容。
