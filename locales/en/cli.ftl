cli-usage = Usage: webhook-doctor check <url> [options] | webhook-doctor explain "<message>"
