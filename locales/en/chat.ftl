## Chat input at any moment: dialogs left by a command, buttons that need an answer, groups
chat-dialog-left = (The open dialog was closed.)
chat-dialog-abandoned = Too many answers that did not fit: the dialog was closed. Start again with the command when ready.
chat-button-stale = This button belongs to a finished dialog, an old message or another person's dialog: nothing to do.
chat-language-already = This language is already chosen.
chat-report-not-yours = That report belongs to someone else: its secrets stay with them. Run the check yourself to watch it.
chat-anonymous-admin = This command keeps settings for a person, and an anonymous administrator has none. Turn off "Remain anonymous" in the group's administrator rights, or send the command in a private chat with me.
