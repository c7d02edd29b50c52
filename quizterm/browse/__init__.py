"""The card browser's domain: the table's rows and their states, sorting and searching them, and the
service the browser's screens send their intents to (suspend, bury, reset, undo, edit). No Textual."""
