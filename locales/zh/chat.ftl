## 任何时候的聊天输入：命令会结束对话，按钮都会得到回应，群组
chat-dialog-left = （已关闭进行中的对话。）
chat-dialog-abandoned = 不符合要求的回答太多，对话已关闭。准备好后请重新发送命令。
chat-button-stale = 这个按钮属于已结束的对话、旧消息或其他人的对话：无需操作。
chat-language-already = 已经是这个语言了。
chat-report-not-yours = 这份报告属于其他人，其中的密钥只归其所有。请自己运行一次检查再监控它。
chat-anonymous-admin = 此命令需要为某个人保存设置，而匿名管理员没有个人身份。请在群组管理员权限中关闭“保持匿名”，或在与我的私聊中发送此命令。
