"""The portfolio data file: each area of the active roadmap with its progress, milestones and links to the PUBLISHED
posts that are its evidence (``data/trailbook/portfolio.json`` in Hugo, ``_data/trailbook/portfolio.json`` in Jekyll;
the scaffolds' portfolio page reads it, see docs/blog-sites.md).

The writer works on a small input of its own (:class:`PortfolioInput`), so it does not depend on how the roadmap is
computed; :func:`portfolio_input` is the one seam that reads the roadmap (``journal.progress.roadmap_status``). An
entry appears only when it is published on this blog: never a private one, never an unpublished one.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass

from journal.db import Journal

DATA_FILE = {"hugo": "data/trailbook/portfolio.json", "jekyll": "_data/trailbook/portfolio.json"}


@dataclass(frozen=True)
class PortfolioMilestone:
    id: str
    title: str
    state: str  # todo | doing | done
    done_on: dt.date | None
    evidence: tuple[str, ...]  # entry UUIDs


@dataclass(frozen=True)
class PortfolioArea:
    id: str
    name: str
    colour: str
    progress: int  # 0-100
    done: int
    total: int
    milestones: tuple[PortfolioMilestone, ...]


@dataclass(frozen=True)
class PortfolioInput:
    """What the portfolio shows, independent of how roadmaps are stored."""

    roadmap_id: str
    roadmap_title: str
    areas: tuple[PortfolioArea, ...]


def portfolio_input(journal: Journal) -> PortfolioInput | None:
    """The active roadmap's progress, or None when no roadmap is active (nothing is installed as a side effect)."""
    with journal.snapshot() as con:
        row = con.execute("SELECT id FROM roadmaps WHERE active = 1").fetchone()
    if row is None:
        return None
    from journal.progress import roadmap_status

    status = roadmap_status(journal, row[0])
    return PortfolioInput(
        roadmap_id=status.id,
        roadmap_title=status.title,
        areas=tuple(
            PortfolioArea(
                id=a.id,
                name=a.name,
                colour=a.colour,
                progress=a.progress,
                done=a.done,
                total=a.total,
                milestones=tuple(
                    PortfolioMilestone(m.id, m.title, m.state, m.done_on, tuple(e.id for e in m.evidence))
                    for m in a.milestones
                ),
            )
            for a in status.areas
        ),
    )


def portfolio_data(source: PortfolioInput, published: Mapping[str, tuple[str, str, str]]) -> dict:  # type: ignore[type-arg]
    """The data file's content without its ``updated`` stamp. ``published`` maps entry UUID to (title, slug, path
    under the site's base URL) of the posts on this blog; evidence not in it is left out. ``url`` is site-rooted
    (``/posts/my-slug/``), for a template's ``relURL`` or ``relative_url`` to put under the base."""
    areas = []
    for area in source.areas:
        posts: list[dict[str, str]] = []
        seen: set[str] = set()
        for milestone in area.milestones:
            for entry_id in milestone.evidence:
                if entry_id in published and entry_id not in seen:
                    seen.add(entry_id)
                    title, slug, path = published[entry_id]
                    posts.append({"title": title, "slug": slug, "url": "/" + path})
        areas.append(
            {
                "id": area.id,
                "name": area.name,
                "colour": area.colour,
                "progress": max(0, min(100, int(area.progress))),
                "done": area.done,
                "total": area.total,
                "milestones": [
                    {
                        "id": m.id,
                        "title": m.title,
                        "state": m.state,
                        "done_on": m.done_on.isoformat() if m.done_on else None,
                    }
                    for m in area.milestones
                ],
                "posts": posts,
            }
        )
    return {
        "title": source.roadmap_title,
        "roadmap": {"id": source.roadmap_id, "title": source.roadmap_title},
        "areas": areas,
    }


def render_portfolio(data: dict, existing: str | None, now: dt.datetime) -> str | None:  # type: ignore[type-arg]
    """The file's new text, or None when only the ``updated`` stamp would change."""
    if existing is not None:
        try:
            old = json.loads(existing)
        except ValueError:
            old = None
        if isinstance(old, dict):
            old.pop("updated", None)
            if old == data:
                return None
    full = {
        "title": data["title"],
        "roadmap": data["roadmap"],
        "updated": now.isoformat(timespec="seconds"),
        "areas": data["areas"],
    }
    return json.dumps(full, ensure_ascii=False, indent=2) + "\n"
