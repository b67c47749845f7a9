"""Every user-visible string of the desktop app, in one place (ready for translation)."""

APP_NAME = "Trailbook"
NAV_TODAY = "Today"
NAV_ALL = "All entries"
NAV_AREAS = "Skill areas"
NAV_NO_AREAS = "None yet"
NAV_PRIVATE = "Private"
NAV_TRASH = "Trash"

SEARCH_PLACEHOLDER = 'Search   (words, "phrase", tag:serving, after:2025-01-01, -word)'
LIST_COUNT = "{n} entries"
LIST_COUNT_ONE = "1 entry"
LIST_RESULTS = "{n} results for “{q}”"
LIST_RESULT_ONE = "1 result for “{q}”"
LIST_RESULTS_MANY = "{n}+ results for “{q}”"
LIST_EMPTY_ALL = "No entries yet.\nPress Ctrl+T to write today's entry."
LIST_EMPTY_TRASH = "The trash is empty."
LIST_EMPTY_SEARCH = "Nothing matches “{q}”.\nTry fewer words, or a prefix like deploy*."
LIST_SEARCH_PROBLEM = "{problem}.\nFinish the date, or take it out, to search."
LIST_EMPTY_FILTER = "No entries here yet."

DATE_ANY = "Any time"
DATE_WEEK = "This week"
DATE_MONTH = "This month"
DATE_YEAR = "This year"
DATE_CUSTOM = "Custom range…"

TITLE_PLACEHOLDER = "Title"
EDITOR_PLACEHOLDER = "Write what you learned today…  Markdown works: # headings, **bold**, `code`, $math$."
TAGS_PLACEHOLDER = "Add skill area…"
PRIVATE_ON = "Private — never published"
PRIVATE_OFF = "Public — can be published"
NO_ENTRY = "Pick an entry on the left — or start today's page."
WRITE_TODAY = "Write Today's Entry"
IN_TRASH_BANNER = "This entry is in the trash. Restore it to edit."
SAVE_FAILED = "Not saved: {reason}. Your text is safe here; Trailbook will keep trying."
SAVED = "Saved"
SAVING = "Saving…"
# Other writers (the command line, another tool, a sync) changing the journal while the window is open: ui/sync.py.
RELOADED_ELSEWHERE = "Updated: this entry was changed elsewhere"
MERGED_ELSEWHERE = "Merged: this entry was also changed elsewhere, and both changes are in"
TRASHED_ELSEWHERE = "This entry was moved to the trash elsewhere, so it is read-only. Restore it to edit."
TRASHED_ELSEWHERE_KEPT = (
    "This entry was moved to the trash elsewhere, so it is read-only. The text you had not saved yet is kept in its "
    "History. Restore the entry to edit."
)
CONFLICT_BANNER = (
    "This entry was changed elsewhere while you were writing, in the same place as your changes. Both versions are "
    "kept in History; choose which one stays. If you go on without choosing, yours stays."
)
CONFLICT_KEEP_MINE = "Keep Mine"
CONFLICT_KEEP_MINE_TIP = "Keep your text as the entry; the other version stays in History"
CONFLICT_TAKE_THEIRS = "Take Theirs"
CONFLICT_TAKE_THEIRS_TIP = "Show the other version as the entry; your text stays in History"
CONFLICT_DIFF = "Differences"
CONFLICT_DIFF_TIP = "Lines only in the other version (−) and only in yours (+)"
CONFLICT_TOOK_THEIRS = "Took the other version; yours is in History"
KEPT_IN_HISTORY_ELSEWHERE = "“{title}” was changed elsewhere too; your version is kept in its History"
SAVING = "Saving…"
WORDS = "{words} words · {minutes} min read"
WORDS_ONE = "1 word · 1 min read"

ACTION_NEW = "&New Entry"
ACTION_NEW_TIP = "Create an empty entry (Ctrl+N)"
ACTION_TODAY = "&Today"
ACTION_TODAY_TIP = "Open today's entry, or start it from your daily template (Ctrl+T)"
ACTION_FROM_TEMPLATE = "New Entry from &Template…"
ACTION_FIND = "&Search All Entries"
ACTION_FIND_TIP = "Search all entries (Ctrl+F)"
ACTION_FIND_IN_ENTRY = "&Find and Replace in Entry…"
ACTION_FIND_IN_ENTRY_TIP = "Find and replace in this entry"
ACTION_FIND_NEXT = "Find &Next"
ACTION_FIND_PREVIOUS = "Find Pre&vious"
ACTION_OUTLINE = "&Outline"
ACTION_OUTLINE_TIP = "Show the entry's headings beside the text"
ACTION_FOCUS_MODE = "F&ocus Mode"
ACTION_FOCUS_MODE_TIP = "Only the text, centred; F8 or Esc leaves"
ACTION_ZOOM_IN = "Zoom &In"
ACTION_ZOOM_OUT = "Zoom O&ut"
ACTION_ZOOM_RESET = "&Actual Size"
ZOOM_STATUS = "Text size {size} pt"
ACTION_PREVIEW = "&Preview"
ACTION_PREVIEW_TIP = "Show the rendered entry beside the text (Ctrl+E)"
ACTION_DELETE = "&Delete Entry"
ACTION_DELETE_TIP = "Move the entry to the trash (Del)"
ACTION_RESTORE = "&Restore Entry"
ACTION_RESTORE_TIP = "Bring the selected entries back from the Trash"
ACTION_EMPTY_TRASH = "&Empty Trash…"
ACTION_HISTORY = "&History…"
ACTION_HISTORY_TIP = "Earlier versions of this entry"
ACTION_IMPORT = "&Import…"
ACTION_EXPORT = "&Export…"
ACTION_PREFERENCES = "&Preferences…"
ACTION_BACKUP = "&Back Up Now"
ACTION_BACKUP_TIP = "Save a copy of the journal into its backups folder"
ACTION_CHECK = "&Check Journal…"
ACTION_CHECK_TIP = "Read the whole journal file and report any damage"
ACTION_REINDEX = "&Rebuild Search Index"
ACTION_REINDEX_TIP = "Re-index every entry for search (for repair; it is kept up to date by itself)"
BACKED_UP = "Backed up to {path}"
JOURNAL_HEALTHY = "The journal file is healthy."
REINDEXED = "Search index rebuilt ({n:,} entries)"
ACTION_QUIT = "&Quit"
ACTION_UNDO = "&Undo"
ACTION_REDO = "&Redo"
ACTION_FULLSCREEN = "&Full Screen"
ACTION_ABOUT = "&About Trailbook"
ACTION_FOCUS_LIST = "Go to &List"
ACTION_PRIVATE = "&Private"
ACTION_PRIVATE_TIP = "Private entries are never published"

MENU_FILE = "&File"
MENU_EDIT = "&Edit"
MENU_VIEW = "&View"
MENU_ENTRY = "E&ntry"
MENU_HELP = "&Help"

EMPTY_TRASH_TITLE = "Empty the trash?"
EMPTY_TRASH_TEXT = "{n} entries will be deleted for good, with their history. This cannot be undone."
ERROR_TITLE = "Trailbook"
BUG_TITLE = "Something went wrong"
BUG_TEXT = "Trailbook hit an unexpected problem. Your entries are safe. Details were written to the log:\n{log}"
JOURNAL_ERROR = "Trailbook could not open your journal"
ALREADY_RUNNING = "Trailbook is already open on this journal; bringing it forward."
NO_DISPLAY = (
    "no display to open the window on (neither DISPLAY nor WAYLAND_DISPLAY is set): start it from your desktop "
    "session, or use the command line (trailbook --help)"
)
DAMAGED_STATUS = "⚠ Journal damaged — read only"
DAMAGED_HINT = "To get your journal back, use File → Restore from Backup…"
DAMAGED_SAVE_REFUSED = (
    "Not saved: the journal file is damaged, so Trailbook writes nothing into it. Your text is kept here; copy it "
    "somewhere safe, then use File → Restore from Backup…"
)

ACTION_RESTORE_BACKUP = "Restore from Bac&kup…"
ACTION_RESTORE_BACKUP_TIP = "Replace the journal with one of its backups (the current file is kept aside)"
RESTORE_TITLE = "Restore from Backup"
RESTORE_INTRO = (
    "Choose a backup to put in place of the journal. Each was checked just now; only healthy ones can be restored. "
    "The current journal file is kept aside in {home}, never deleted."
)
RESTORE_LOADING = "Checking the backups…"
RESTORE_NONE = "There are no backups in {folder} yet."
RESTORE_COLUMNS = ("Made", "Kind", "Size", "Entries", "Health")
RESTORE_HEALTHY = "Healthy"
RESTORE_TABLE_NAME = "Backups"
RESTORE_TABLE_TIP = "The journal's backups, newest first"
RESTORE_BUTTON = "&Restore"
RESTORE_BUTTON_TIP = "Put the selected backup in place of the journal"
RESTORE_CONFIRM = (
    "Replace the journal with the backup made {made} ({entries} entries)?\n\nEverything written since then is not in "
    "it. The current file is kept aside beside the journal, as journal.db.damaged-… or journal.db.replaced-…"
)
RESTORE_UNSAVED = "\n\nThe text you could not save is copied to the clipboard."
RESTORE_DONE = "Restored the backup made {made} ({entries} entries)."
RESTORE_FAILED = "The backup was not restored: {reason}"
START_DAMAGED_RESTORE = "Restore from Backup…"

OUTPUT_TITLE = "Save"
OUTPUT_REPLACE = "{name} already exists. Replace it?"
OUTPUT_REPLACE_FOLDER = "{name} holds an earlier export. Replace its files?"
OUTPUT_REPLACE_BUTTON = "Replace"

WELCOME_TITLE = "Welcome to Trailbook"

FIND_PLACEHOLDER = "Find in this entry"
FIND_FIELD_NAME = "Find"
REPLACE_PLACEHOLDER = "Replace with"
REPLACE_FIELD_NAME = "Replace with"
FIND_COUNT_NAME = "Matches"
FIND_COUNT = "{i} of {n}"
FIND_MATCHES = "{n} matches"
FIND_ONE_MATCH = "1 match"
FIND_MANY = "{n}+"
FIND_NONE = "No results"
FIND_REPLACED = "Replaced {n}"
FIND_PREVIOUS_NAME = "Previous match"
FIND_PREVIOUS_TIP = "Previous match (Shift+Enter, {key})"
FIND_NEXT_NAME = "Next match"
FIND_NEXT_TIP = "Next match (Enter, {key})"
FIND_CASE = "Match &Case"
FIND_CASE_TIP = "Only matches with the same capital letters"
FIND_WORDS = "&Whole Words"
FIND_WORDS_TIP = "Only whole words: “log” does not match “catalog”"
FIND_REPLACE = "&Replace"
FIND_REPLACE_TIP = "Replace this match and go to the next (Enter in the Replace field)"
FIND_REPLACE_ALL = "Replace &All"
FIND_REPLACE_ALL_TIP = "Replace every match; one Undo puts them all back"
FIND_CLOSE_NAME = "Close find bar"
FIND_CLOSE_TIP = "Close (Esc)"

OUTLINE_TITLE = "Outline"
OUTLINE_TIP = "The entry's headings: click one to go there"
OUTLINE_EMPTY = "No headings yet. A line that starts with # and a space is a heading."

PREFS_FOCUS_MODE = "Focus mode"
PREFS_TYPEWRITER = "Typewriter scrolling: keep the line you write on at the centre"
PREFS_TYPEWRITER_TIP = "In focus mode (F8), the text scrolls so the cursor's line stays in the middle of the screen"

ACTION_SPELL_CHECK = "Check &Spelling as You Type"
ACTION_SPELL_CHECK_TIP = "Underline misspelt words; right-click one for suggestions"
SPELL_NO_SUGGESTIONS = "No Suggestions"
SPELL_ADD = "Add “{word}” to Dictionary"
SPELL_ADD_TIP = "Known from now on, in every entry (kept in dictionary.txt in the journal folder)"
SPELL_IGNORE = "Ignore “{word}”"
SPELL_IGNORE_TIP = "Not underlined anywhere until Trailbook closes"
PREFS_SPELLING = "Spelling"
PREFS_SPELL_CHECK = "Check spelling as you type"
PREFS_SPELL_CHECK_TIP = "Underline misspelt words in the editor; code, math, links and front matter are never checked"
PREFS_DICTIONARY = "Dictionary"
PREFS_DICTIONARY_TIP = "The language to check in (the installed Hunspell dictionaries)"
PREFS_DICTIONARY_SYSTEM = "As the system: {language}"
PREFS_NO_DICTIONARY = "No dictionary installed"
PREFS_REMINDER = "Reminder"
PREFS_REMINDER_ON = "Remind me to write every day at"
PREFS_REMINDER_TIP = (
    "A notification at this time if today has no entry yet (in the window when the system has no notification area)"
)

CALENDAR_NAME = "Calendar"
CALENDAR_TIP = "Days with entries are bold with a dot; click a day to list its entries"
NAV_ON_THIS_DAY = "On this day"
NAV_PINNED = "Pinned"
NAV_RECENT = "Recent"
NAV_ENTRY_TIP = "{day}; opens the entry"
NAV_ON_THIS_DAY_TIP = "{years} ago, {day}; opens the entry"
NAV_YEAR_AGO = "a year"
NAV_YEARS_AGO = "{n} years"
DAY_PLACE = "{day:%A} {day.day} {day:%B %Y}"
ACTION_PIN = "&Pin Entry"
ACTION_UNPIN = "Un&pin Entry"
ACTION_PIN_TIP = "Keep the entry at hand under Pinned in the navigation column"

REMINDER_TITLE = "Time to write"
REMINDER_NO_STREAK = "Time to write: today has no entry yet, and a few lines start a new streak."
REMINDER_ONE_DAY = "Time to write: you wrote yesterday, so today makes a 2-day streak."
REMINDER_STREAK = "Time to write: you are on a {n}-day streak, and today makes it {next}."
REMINDER_WRITE = "Write Today's Entry"
REMINDER_DISMISS = "Dismiss"

IMPORT_TITLE = "Import"
IMPORT_NO_SOURCE = (
    "Choose what to import: a file, a folder or an archive from Trailbook, jrnl, Day One, Obsidian, "
    "Notion, Joplin, Hugo, Jekyll or plain markdown."
)
IMPORT_CHOOSE_FILE = "Choose File…"
IMPORT_CHOOSE_FOLDER = "Choose Folder…"
IMPORT_RECOGNISE = "Recognise the source"
IMPORT_FILTER = "Exports and notes (*.json *.zip *.jex *.tar *.md *.markdown *.txt);;All files (*)"
IMPORT_CHECK = "Check Again"
IMPORT_RUN = "Import"
IMPORT_CANCEL = "Cancel"
IMPORT_CLOSE = "Close"
IMPORT_CHECKING = "Checking what an import would do (nothing is changed)…"
IMPORT_IMPORTING = "Importing…"
IMPORT_FAILED = "Nothing was imported: {message}"
IMPORT_COL_FILE = "File"
IMPORT_COL_STATUS = "Status"
IMPORT_COL_TITLE = "Title"
IMPORT_COL_DATE = "Date"
IMPORT_COL_DATED_BY = "Dated by"
IMPORT_COL_NOTES = "Repairs and notes"
IMPORT_STATUS = {"imported": "imported", "updated": "updated", "unchanged": "unchanged", "skipped": "skipped"}
IMPORT_WOULD = "would be {status}"
IMPORT_SUMMARY_DRY = (
    "{tool}: {added} to add, {updated} to update, {unchanged} unchanged, {skipped} skipped, {repaired} repaired, "
    "{images} to store. Nothing has changed yet: Import does this."
)
IMPORT_SUMMARY = (
    "{tool}: {added} added, {updated} updated, {unchanged} unchanged, {skipped} skipped, {repaired} repaired, "
    "{images} stored."
)
IMPORT_IMAGES = ("{n} image", "{n} images")  # one, several
EXPORT_FILTERS = "JSON archive with images (*.zip);;JSON document, text only (*.json);;Folder of markdown files (*)"
EXPORT_DONE = "Exported {entries} and {images} to {target}."
EXPORT_ENTRIES = ("{n} entry", "{n} entries")
EXPORT_LEFT_OUT = (  # one, several
    "\n\n1 image is not in the .json file (it holds text only); export to a .zip to take it too.",
    "\n\n{n} images are not in the .json file (it holds text only); export to a .zip to take them too.",
)
KEPT_FRONT_MATTER = "Front matter: {n}"
KEPT_FRONT_MATTER_TIP = (
    "Kept from the imported file (keys Trailbook has no field for); written back on export and publish"
)

# The main window's flows (ui/entry_flows.py, ui/window_state.py, ui/keys.py)
MENU_GO = "&Go"
MOVED_TO_TRASH = "Moved {n} to the trash"
RESTORED_FROM_TRASH = "Restored {n} from the Trash"
RESTORED_ORDINARY = "({n} as an ordinary entry: its day has a daily entry already)"
EMPTY_TRASH_CONFIRM = "Delete for Good"
PREFERENCES_NOT_SAVED = "Preferences not saved: {reason}"
PREFERENCES_SAVED = "Preferences saved"
CLOSE_UNSAVED = "Your latest changes could not be saved. If you close now, they will be lost."
CLOSE_KEEP_OPEN = "Keep Trailbook Open"
CLOSE_WITHOUT_SAVING = "Close Without Saving"
ACTION_CUT = "Cu&t"
ACTION_COPY = "&Copy"
ACTION_PASTE = "&Paste"
ACTION_SELECT_ALL = "Select &All"
ACTION_FULLSCREEN_TIP = "Fill the screen with the window (F11 again leaves)"
EDIT_NO_TEXT = "Put the cursor in a text first: the Edit menu acts on the text you are in"
EDIT_READ_ONLY = "This text cannot be changed (an entry in the trash is read-only until restored)"
EDIT_NOTHING_TO = {
    "undo": "Nothing to undo in this text",
    "redo": "Nothing to redo in this text",
    "cut": "Select some text to cut first",
    "copy": "Select some text to copy first",
    "paste": "The clipboard holds no text to paste",
    "selectAll": "This text is empty",
}
RESTORE_ONLY_IN_TRASH = "Only entries in the Trash can be restored: go to the Trash (Ctrl+6)"
ABOUT_TEXT = (
    "<b>Trailbook {version}</b><p>A private learning journal for your path into ML engineering.</p>"
    "<p>Journal: {home}</p>"
)

# One entry out (ui/entry_export.py, ui/dialogs/export_entry.py)
ACTION_EXPORT_ENTRY = "Export E&ntry…"
ACTION_EXPORT_ENTRY_TIP = "Save the open entry as a PDF, a web page or a markdown file with its images"
ACTION_PRINT = "&Print…"
ACTION_PRINT_TIP = "Print the open entry as the preview shows it"
EXPORT_ENTRY_NEEDS_ENTRY = "Open an entry first: Export Entry and Print act on the entry in the editor"
EXPORT_ENTRY_BUSY = "Wait a moment: an export or a print of an entry is still under way"
EXPORT_ENTRY_TITLE = "Export Entry"
EXPORT_ENTRY_HEADING = "Export “{title}”"
EXPORT_ENTRY_FORMAT_LABEL = "Format"
EXPORT_ENTRY_FORMATS = {
    "pdf": ("PDF document", "Pages to read, print or send, as the preview shows them: the text stays selectable "
            "and the math typeset."),
    "html": ("Web page (HTML)", "One file that opens in any browser, offline: its images, code colours, tables and "
             "math are inside it."),
    "markdown": ("Markdown with its images", "The text as you wrote it, with its front matter; its images are "
                 "copied into an attachments folder beside the file."),
}  # fmt: skip
EXPORT_ENTRY_FILTERS = {"pdf": "PDF document (*.pdf)", "html": "Web page (*.html *.htm)", "markdown": "Markdown (*.md)"}
EXPORT_ENTRY_LEAVE_OUT_PRIVATE = "Leave out private blocks"
EXPORT_ENTRY_LEAVE_OUT_PRIVATE_TIP = (
    "Without this, the entry's private blocks are in the export, marked as the preview marks them"
)
EXPORT_ENTRY_BUTTON = "Export…"
EXPORT_ENTRY_WORKING = "Exporting “{title}”…"
EXPORT_ENTRY_DONE = "Exported “{title}” to {target}"
EXPORT_ENTRY_IMAGES = (" with its image in attachments/", " with its {n} images in attachments/")
EXPORT_ENTRY_LEFT_OUT = (
    " — {n} image is not in the journal and shows as a placeholder",
    " — {n} images are not in the journal and show as placeholders",
)
EXPORT_ENTRY_FAILED = "“{title}” was not exported: {reason}"
PRINT_WORKING = "Printing “{title}”…"
PRINT_DONE = "Sent “{title}” to {printer}"
PRINT_FAILED = "“{title}” was not printed: {reason}"

# Images put into the text (ui/widgets/markdown_editor.py): their alt text until the person writes one
IMAGE_ALT_PASTED = "Screenshot {when}"
IMAGE_ALT_FILE = "Image {name}"

# Task boxes ticked in the preview (ui/task_boxes.py)
TASK_BOX_STALE = "The preview was catching up with your typing: click the box again"
TASK_BOX_READ_ONLY = "This entry is in the trash: restore it to tick its tasks"
