"""Links between entries in a post: what each ``[[link]]`` of a published text becomes.

- to an entry published on this blog (and not as a draft), or going out in the same publish: a markdown link to its
  post's address, site-rooted under the base URL's path (``/repo/posts/its-slug/`` on a project page), so it works
  on the built site and on a local preview alike;
- to an entry that is not on this blog (or only as a draft), or to no entry at all: plain text, the text the link
  shows (``[[Title|shown text]]`` → "shown text");
- to a private entry, or with the name of one (in the trash too): only a text the person chose to show
  (``[[Title|shown text]]``); without one the link is left out, so a private entry's title never reaches the blog.

The plan lists every link with what it became (the dialog and ``publish --dry-run`` show them); a link left out is
also a warning. A post that links to an entry published later shows plain text until it is published again.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from journal.db import Journal
from journal.markdown.wikilinks import WikiLink, find_links, rewrite_links
from journal.publish import messages, publications
from journal.publish.site import Site

LINKED, PLAIN, LEFT_OUT = "linked", "plain", "left_out"
NO_ENTRY, NOT_ON_BLOG, PRIVATE = "no_entry", "not_on_blog", "private"
# Characters that mean something in inline markdown (for Hugo's Goldmark and Jekyll's kramdown alike).
_MARKDOWN_RE = re.compile(r"([\\`*_\[\]<>#|$!])")
_NEEDS_BRACKETS_RE = re.compile(r"[\s()<>]")


@dataclass(frozen=True, slots=True)
class PostLink:
    """One link of a post: as written (``Title|shown``), what it became, and why."""

    link: str
    status: str  # LINKED | PLAIN | LEFT_OUT
    text: str  # what the post shows ("" when left out)
    why: str = ""  # for PLAIN and LEFT_OUT: NO_ENTRY | NOT_ON_BLOG | PRIVATE
    target_id: str | None = None
    target_title: str = ""
    url: str = ""

    def describe(self, blog: str) -> str:
        """The line the dialog and ``publish --dry-run`` show for it."""
        if self.status == LINKED:
            return messages.LINK_LINKED.format(link=self.link, url=self.url)
        if self.status == LEFT_OUT:
            return messages.LINK_LEFT_OUT.format(link=self.link)
        if self.why == PRIVATE:
            return messages.LINK_PRIVATE_TEXT.format(link=self.link, text=self.text)
        if self.why == NOT_ON_BLOG:
            return messages.LINK_NOT_ON_BLOG.format(link=self.link, text=self.text, blog=blog)
        return messages.LINK_NO_ENTRY.format(link=self.link, text=self.text)


def markdown_text(text: str) -> str:
    """``text`` as inline markdown that shows exactly it."""
    return _MARKDOWN_RE.sub(r"\\\1", text)


class PostLinks:
    """Where the links of the posts of one publish go: the posts this blog shows now, and those planned with them
    (registered by :meth:`planned` as the plan makes them)."""

    def __init__(self, journal: Journal, blog_id: int, site: Site, *, draft: bool = False) -> None:
        self.journal = journal
        self.site = site
        self.draft = draft
        shown = publications.published_on(journal, blog_id)
        self._addresses = {uuid: self._path(url) for uuid, (_title, _slug, url) in shown.items()}
        self._private: set[str] | None = None

    def _path(self, url: str) -> str:
        """A recorded address as a site-rooted path (under the base path)."""
        base = self.site.base_url
        if base and url.startswith(base):
            return self.site.base_path + url[len(base) :]
        return url

    def planned(self, entry_id: str, url_path: str) -> None:
        """A post of this publish will be at ``url_path`` (under the base URL); drafts are not shown by the site."""
        if not self.draft:
            self._addresses[entry_id] = self.site.base_path + url_path
        else:
            self._addresses.pop(entry_id, None)

    def _private_names(self) -> set[str]:
        if self._private is None:
            from journal.links import private_names

            self._private = private_names(self.journal)
        return self._private

    def outcomes(self, entry_id: str, found: Iterable[WikiLink]) -> dict[tuple[int, int], PostLink]:
        """What each link (by its span) becomes in the post of entry ``entry_id``."""
        from journal.links import resolve_targets

        found = list(found)
        targets = resolve_targets(self.journal, [link.target for link in found], entry_id) if found else {}
        out: dict[tuple[int, int], PostLink] = {}
        for link in found:
            named = targets.get(link.key)
            chosen = link.label.strip() if link.label is not None and link.label.strip() else None
            private = named.private if named is not None else bool({link.key, link.tail_key} & self._private_names())
            if private:
                outcome = PostLink(link.written, PLAIN if chosen else LEFT_OUT, chosen or "", PRIVATE)
            elif named is None:
                outcome = PostLink(link.written, PLAIN, link.text, NO_ENTRY)
            elif (url := self._addresses.get(named.uuid)) is not None:
                outcome = PostLink(link.written, LINKED, link.text, "", named.uuid, named.title, url)
            else:
                outcome = PostLink(link.written, PLAIN, link.text, NOT_ON_BLOG, named.uuid, named.title)
            out[(link.start, link.end)] = outcome
        return out

    def apply(self, entry_id: str, text: str) -> tuple[str, tuple[PostLink, ...]]:
        """The post's markdown with its links made into links, text or nothing, and what each became (a link written
        twice the same way listed once)."""
        found = find_links(text)
        if not found:
            return text, ()
        outcomes = self.outcomes(entry_id, found)

        def replace(link: WikiLink) -> str:
            outcome = outcomes[(link.start, link.end)]
            shown = markdown_text(outcome.text)
            if outcome.status != LINKED:
                return shown
            url = outcome.url
            return f"[{shown}](<{url}>)" if _NEEDS_BRACKETS_RE.search(url) else f"[{shown}]({url})"

        listed = tuple(dict.fromkeys(outcomes[(link.start, link.end)] for link in found))  # each once, in order
        return rewrite_links(text, replace), listed

    def plain(self, entry_id: str, text: str) -> str:
        """``text`` (a summary) with each link as the text it shows, or nothing (no links in a description)."""
        found = find_links(text)
        if not found:
            return text
        outcomes = self.outcomes(entry_id, found)
        return rewrite_links(text, lambda link: outcomes[(link.start, link.end)].text)
