"""Moving entries in and out of a journal: JSON documents (``jsonfile``) and folders of markdown files
(``markdownfiles``). Import the submodule you need; this package imports nothing so the command line stays lean."""
