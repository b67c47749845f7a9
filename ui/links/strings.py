"""Every user-visible string of links between entries in the app, in one place (ready for translation)."""

ACTION_LINK = "&Link to Entry…"
ACTION_LINK_TIP = "Write a link to another entry: type [[ and choose its title"
ACTION_BACKLINKS = "Linked &From…"
ACTION_BACKLINKS_TIP = "The entries that link to this one"
ACTION_BACKLINKS_NONE = "No entry links to this one yet: write [[{title}]] in another entry"

BACKLINKS_LABEL = "Linked from"
BACKLINKS_NAME = "Backlinks"
BACKLINKS_TIP = "Entries that link to this one with [[{title}]]"
BACKLINKS_MORE = "+{n} more"
BACKLINKS_MORE_NAME = "More entries that link here"
BACKLINK_TIP = "Open “{title}” ({day})"
BACKLINK_ITEM = "{title}  ·  {day}"

COMPLETER_NAME = "Entry titles"
COMPLETION_DAY = "{day}"
COMPLETION_ALIAS = "alias of “{title}”"
COMPLETION_PRIVATE = "private"
LINK_TIP = "{title} · {day}"  # a link's tooltip in the preview
LINK_PRIVATE_TIP = "{title} · {day} · private"

NO_SUCH_ENTRY = "That entry is no longer in the journal"
