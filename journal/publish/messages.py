"""Every message the publishing core shows a person, and the typed error that carries one.

Each refusal says what happened in plain words and what to do next. Messages never hold a token: anything that may
echo git's output goes through :func:`redact` first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from journal.errors import TrailbookError

_USERINFO_RE = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/@\s]+@")


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """``text`` with every secret and every ``user:password@`` part of a URL replaced by ``***``."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return _USERINFO_RE.sub(r"\1***@", text)


class PublishError(TrailbookError):
    """A publish, unpublish or blog operation that stopped. ``code`` names the case (for ``--json`` and the UI);
    the message says what happened and the way forward. The blog repository is as it was before."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


# --- blogs ----------------------------------------------------------------------------------------------------------
BLOG_NOT_FOUND = "no blog named {name!r}; see `trailbook blog list`, or add one with `trailbook blog add`"
BLOG_EXISTS = "a blog named {name!r} already exists; choose another name"
BLOG_NAME_BAD = "a blog needs a name of 1 to 64 characters, without control characters"
BLOG_NOT_A_FOLDER = "{path} is not a folder; give the folder of your blog's git clone"
BLOG_NOT_A_REPO = "{path} is not a git repository; clone your blog first (git clone URL {path}), then add it"
BLOG_NOT_REPO_ROOT = "{path} is inside the git repository {root}; give the repository's top folder"
BLOG_NO_SITE = "no Hugo or Jekyll site found in {path}; pass --kind hugo or --kind jekyll if it is one"
BLOG_CONTENT_OUTSIDE = "the content folder {folder!r} is not inside the blog; give a folder relative to {root}"
BLOG_BAD_VALUE = "{what} must be one of: {choices}"
BLOG_REMOTE_HAS_SECRET = (
    "the remote address holds a user name or password; give it without them (https://github.com/you/blog.git) "
    "and store a token with Log in… (trailbook blog login NAME)"
)
BLOG_REMOTE_BAD = "{url!r} is not a git remote address; use https://…, ssh://…, git@host:path or a local path"
BLOG_BRANCH_BAD = "{branch!r} is not a valid branch name"
BLOG_NEW_COMMIT = "Start the blog with Trailbook"
CATEGORY_BAD = "{category!r} cannot be a category: at most 64 characters on one line"
CATEGORIES_TOO_MANY = "a post can have at most {limit} categories"

# --- entries and posts ----------------------------------------------------------------------------------------------
PRIVATE_REFUSED = "“{title}” is private; private entries are never published (make it public first)"
TRASHED_REFUSED = "“{title}” is in the trash; restore it before publishing"
NOT_PUBLISHED = "“{title}” is not published on {blog}"
FOREIGN_FILE = (
    "{path} in the blog was not written by Trailbook; it is left alone. Change this entry's address (slug) "
    "or move that file, then publish again"
)
FILE_TOO_LARGE = "{path} would be {size} MB; files over 50 MB are refused (GitHub rejects files over 100 MB)"
BAD_FRONT_MATTER = "the front matter of {path} cannot be read ({detail}); fix it in the blog, then publish again"
SLUG_BAD = (
    "{slug!r} cannot be a post address: use lower-case letters, digits and single hyphens, at most {limit} "
    "characters (e.g. serving-a-model)"
)
SLUG_TAKEN = "the address {slug!r} is already used by another post; choose another"

SCHEDULED = (
    "scheduled: the site shows it from {when}, at its first build after then (a site is built when something is "
    "pushed to it, or on the schedule its host runs)"
)
SCHEDULED_SHOWN_NOW = "dated {when}, in the future; this site builds future posts ({setting}), so it shows it now"
DRAFT_NOTE = "draft: the site does not show it until you publish it again without Draft"
DRAFT_GOES_LIVE = "it was published as a draft: this publish makes it public (tick Draft, or --draft, to keep it one)"
WARN_BROKEN_IMAGE = "image {src!r} not found: the post will show a broken image"
WARN_NO_DESCRIPTION = (
    "no summary: link previews and search results use the first paragraph instead; write one in the entry's Post "
    "details (Summary), or `trailbook edit ID --summary TEXT`"
)
WARN_COVER_MISSING = "the cover image {src!r} is not in the journal's attachments: the post has no cover"
WARN_BIG_IMAGE = "image {name} is {size} MB; pages load slowly with images over 5 MB"
WARN_EMPTY = "the entry has no text"
WARN_PRIVATE_UNCLOSED = (
    "the private block opened on line {line} has no closing fence: everything from it to the end of the entry "
    "stays private and is not published (close it with the same fence, e.g. ```, to publish what follows)"
)
WARN_JEKYLL_ALIAS = "the old address {old} stops working (Jekyll has no redirects without a plugin)"
WARN_JEKYLL_DAY = (
    "Jekyll dates this post {shown} in the site's time zone ({zone}), not {day} as you wrote it; "
    "add `timezone: {mine}` to _config.yml to date posts in your own time zone"
)
WARN_MATH_DROPPED = (
    "the math in this post will not show: {generator} drops MathML on this site; add `{line}` to {file} "
    "(or load MathJax or KaTeX in the theme and set this blog's math to tex)"
)
WARN_MATH_NO_SCRIPT = (
    "the math is written as TeX, but no MathJax or KaTeX was found in the site's templates: readers will see TeX "
    "source until the theme loads one"
)
MATH_MATHML = "math as MathML ({generator} passes it through; no script needed)"
MATH_MATHML_DROPPED = "math as MathML, which this site drops until `{line}` is in {file}"
MATH_TEX = "math as TeX for {engine} (loaded in {where})"
MATH_TEX_NO_SCRIPT = "math as TeX (the blog's setting), though no MathJax or KaTeX was found"
SITE_SUMMARY = "{theme}: posts in {folder}/; {cover}, description in {description}; {math}"
SITE_THEME_UNKNOWN = "Theme {theme!r}"
SITE_NO_THEME = "No theme"
SITE_TRAILBOOK = "Trailbook's own site"
SITE_COVER_KEYS = "cover image in {keys}"
SITE_NO_COVER = "no cover image key found"
THEME_NAMES = {"papermod": "PaperMod", "ananke": "Ananke", "clarity": "hugo-clarity", "minima": "minima"}

# --- adopting a blog's own posts -------------------------------------------------------------------------------------
ADOPT_READING = "reading the blog's posts"
ADOPT_IMPORTING = "making entries of {n} posts"
ADOPT_LINKING = "linking each entry to its post"
ADOPT_DONE = "adopted {n} posts"
ADOPT_UNREADABLE = "cannot be read as UTF-8 text ({detail})"
ADOPT_SLUG = "its address {slug!r} is not one Trailbook can keep (lower-case letters, digits and hyphens)"
ADOPT_SLUG_TAKEN = "its address {slug!r} is already another entry's"
ADOPT_LIQUID = (
    "it uses Liquid ({{% include %}}, {{{{ site.… }}}}): published again from Trailbook, the page shows it as text"
)
ADOPT_NOTHING = "no posts to adopt in {folder}/: each is already an entry's, or there are none"

# --- the repository before we start ---------------------------------------------------------------------------------
GIT_MISSING = "git is not installed (no `git` command found); install it, e.g. `sudo apt install git`"
GIT_TOO_OLD = "git {version} is too old for publishing; install git 2.30 or newer"
REPO_GONE = "the blog folder {path} is missing or is no longer a git repository; check the blog's folder"
DETACHED = (
    "the blog repository is not on a branch (detached HEAD at {sha}); switch back with "
    "`git -C {path} switch {branch}`, then publish again"
)
WRONG_BRANCH = (
    "the blog repository is on branch {current}, but this blog publishes to {branch}; switch with "
    "`git -C {path} switch {branch}`, then publish again"
)
MERGE_IN_PROGRESS = (
    "a merge is in progress in the blog repository; finish it (git commit) or cancel it "
    "(`git -C {path} merge --abort`), then publish again"
)
REBASE_IN_PROGRESS = (
    "a rebase is in progress in the blog repository; finish it (git rebase --continue) or cancel it "
    "(`git -C {path} rebase --abort`), then publish again"
)
CHERRY_PICK_IN_PROGRESS = (
    "a cherry-pick or revert is in progress in the blog repository; finish or cancel it "
    "(`git -C {path} cherry-pick --abort`), then publish again"
)
INDEX_LOCKED = (
    "another git program is using the blog repository ({lock} exists). Wait for it to finish; if none is "
    "running, the lock is left over from a crash: delete {lock} and publish again"
)
UNMERGED = "the blog repository has unresolved conflicts ({files}); resolve them, then publish again"
DIRTY = (
    "you have uncommitted changes in the blog to files Trailbook would write: {files}. Commit or discard them "
    "(git -C {path} status shows them), then publish again; nothing was changed"
)
BUSY = "another publish to this blog is running; wait for it to finish, then try again"

# --- talking to the remote ------------------------------------------------------------------------------------------
NO_REMOTE = (
    "the blog has no remote named {remote}; add one with `git -C {path} remote add {remote} URL`, or publish with "
    "--no-push"
)
NETWORK = (
    "could not reach the blog's remote {url} ({detail}). Check your internet connection; nothing was changed, "
    "publish again later"
)
TIMEOUT = "the remote {url} did not answer within {seconds:g} s; nothing was changed, publish again later"
AUTH_HTTPS = (
    "the remote {url} refused the login ({detail}). Store a personal access token with Log in… "
    "(trailbook blog login {name}), or use an SSH remote; nothing was changed"
)
AUTH_SSH = (
    "the remote {url} refused the SSH key ({detail}). Add your key to ssh-agent (ssh-add) and to your account, "
    "or store a token for an https remote; nothing was changed"
)
REMOTE_NOT_FOUND = "the remote repository {url} does not exist or you have no access to it ({detail})"
REDIRECTED = (
    "the remote {url} redirected git to another server, {other}. The blog's token is given only to {origin}, so "
    "nothing was sent there and nothing was changed. If the repository moved, set its new address "
    "(`git -C {path} remote set-url {remote} NEW-URL`), log in again if needed, then publish again"
)
REDIRECTED_LATER = (
    "the remote {url} answered with a redirect (HTTP {status}) after git's first request, which git does not "
    "follow, so nothing was changed. If the repository moved, set its new address "
    "(`git -C {path} remote set-url {remote} NEW-URL`), then publish again"
)
PUSH_REJECTED = "the remote refused the push: {reason}. Nothing was published and your blog folder is as it was; {hint}"
PUSH_REJECTED_HINT = "check the repository's rules (protected branch, hooks) on the server, then publish again"
REMOTE_HOOK_REFUSED = (
    "the remote's {hook} declined the push; it said: “{output}”. Nothing was published and your blog folder is as "
    "it was; once the server's hook allows it, publish again"
)
PRE_PUSH_REFUSED = (
    "your pre-push hook ({hook}) refused the push; it said: “{output}”. Nothing was published and your blog "
    "folder is as it was; fix what the hook reports (or change the hook), then publish again"
)
HOOK_SAID_NOTHING = "nothing"
REMOTE_MOVED_AGAIN = "the remote kept changing while publishing ({tries} tries); publish again in a moment"
CONFLICT_REMOTE = (
    "{files} changed on {remote} (commit {sha} “{subject}”) after your last publish. Trailbook stopped so "
    "that change is not lost; your blog folder is as it was. Bring it in with `git -C {path} pull --ff-only` "
    "(Blogs → Update from remote), look at it, then publish again: the publish dialog shows what your entry replaces"
)
REBASE_CONFLICT = (
    "your unpushed commits in the blog conflict with new commits on {remote} ({files}); nothing was changed. "
    "Bring them together yourself (`git -C {path} pull --rebase`), then publish again"
)
DIVERGED_DIRTY = (
    "the blog has commits not on {remote} yet, {remote} has new commits too, and you have uncommitted changes "
    "({files}); commit or stash them so Trailbook can rebase, then publish again"
)
FF_BLOCKED = (
    "new commits on {remote} change files you are editing in the blog ({files}); commit or discard your changes "
    "(or pull yourself), then publish again"
)
GIT_FAILED = "git {what} failed in {path}: {detail}"
RECORD_FAILED = (
    "the post was published (commit {sha}) but Trailbook could not record it in the journal: {detail}. "
    "Publish again once that is fixed; the blog will show it as unchanged"
)

# --- commit messages ------------------------------------------------------------------------------------------------
COMMIT_PUBLISH_ONE = "Publish: {title}"
COMMIT_PUBLISH_MANY = "Publish {n} entries"
COMMIT_UNPUBLISH_ONE = "Unpublish: {title}"
COMMIT_UNPUBLISH_MANY = "Unpublish {n} entries"
COMMIT_PORTFOLIO = "Update the portfolio"
COMMIT_TRAILER = "Published with Trailbook"

# --- progress -------------------------------------------------------------------------------------------------------
STEP_CHECK = "Checking the blog repository"
STEP_FETCH = "Fetching from {remote}"
STEP_UPDATE = "Bringing {branch} up to date"
STEP_RENDER = "Preparing the posts"
STEP_WRITE = "Writing {n} files"
STEP_COMMIT = "Committing"
STEP_PUSH = "Pushing to {remote}"
STEP_RECORD = "Recording the publication"
STEP_COPY = "Copying the blog for the preview"
STEP_BUILD = "Building the site with {kind}"
STEP_NOTHING = "Nothing to publish: every post is up to date"

# --- credentials ----------------------------------------------------------------------------------------------------
TOKEN_EMPTY = "the token is empty; paste the personal access token from your git host"
_GET_A_KEYRING = (
    "install and unlock a Secret Service keyring (GNOME Keyring or KWallet), or, if a file-based store is fine "
    "for you, `pip install keyrings.alt`; then run `trailbook blog login {name}` again (or use an SSH remote)"
)
TOKEN_NO_KEYRING = "no system keyring is available, so the token was not stored: " + _GET_A_KEYRING
TOKEN_KEYRING_FAILED = (
    "the system keyring ({backend}) did not keep the token ({detail}), so it was not stored: unlock the keyring, "
    "or " + _GET_A_KEYRING
)
TOKEN_NOT_KEPT = "it accepted the token but did not give it back"
TOKEN_STORED = "the token is stored in the system keyring ({backend})"

# --- links between entries in a post (journal.publish.post_links) ---------------------------------------------------
LINK_LINKED = "[[{link}]] → a link to {url}"
LINK_NOT_ON_BLOG = "[[{link}]] → plain text “{text}”: that entry is not published on {blog}"
LINK_NO_ENTRY = "[[{link}]] → plain text “{text}”: no entry has that title"
LINK_PRIVATE_TEXT = "[[{link}]] → plain text “{text}”: it links to a private entry"
LINK_LEFT_OUT = "[[{link}]] → left out: it names a private entry"
WARN_LINK_LEFT_OUT = (
    "[[{link}]] names a private entry and is left out of the post; write a text to show after a bar "
    "([[…|some text]]) to keep one"
)
