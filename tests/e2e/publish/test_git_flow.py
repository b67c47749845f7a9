"""Publish, republish and unpublish against a real bare remote, and every way the repository or the remote can say
no: each stops with a plain message, leaves the blog folder exactly as the person had it, records nothing, and a
later retry works."""

from __future__ import annotations

import datetime as dt
import re
import socket
from pathlib import Path

import pytest

from journal.entries import update_entry
from journal.jobs import run
from journal.publish import publications, service
from journal.publish.blogs import update_blog
from journal.publish.gitops import Git
from journal.publish.messages import PublishError

from .conftest import OTHER, World, git, snapshot

POST = "content/posts/serving-a-model/index.md"


def front(path: Path) -> dict:  # type: ignore[type-arg]
    from journal.publish.matter import read_post

    return read_post(path.read_text(encoding="utf-8"))[1]


def records(world: World) -> list[publications.Publication]:
    return list(publications.latest(world.journal, world.blog.id).values())


def test_first_publish_of_a_scaffolded_blog(world: World) -> None:
    entry = world.entry()
    result = world.publish(entry)

    assert result.commit is not None and result.pushed
    assert world.remote_head() == result.commit
    image = next(f for f in result.files if f.endswith(".png"))
    assert set(result.files) == {POST, image}
    assert image.startswith("content/posts/serving-a-model/image-")
    assert {POST, image} <= world.remote_files()
    # one commit, only our files, by the blog's author (there is no global git identity here)
    show = git(world.repo, "show", "--name-only", "--format=%an <%ae>|%cn|%s", "HEAD").split("\n")
    assert show[0] == "Ana Lima <ana@example.com>|Ana Lima|Publish: Serving a model"
    assert sorted(line for line in show[1:] if line) == sorted(result.files)
    assert git(world.repo, "status", "--porcelain") == ""
    # recorded, and the slug is now locked on the entry
    (rec,) = records(world)
    assert (rec.action, rec.slug, rec.path, rec.commit_sha, rec.pushed) == (
        "published",
        "serving-a-model",
        POST,
        result.commit,
        True,
    )
    from journal.entries import get_entry

    assert get_entry(world.journal, entry.id).slug == "serving-a-model"
    assert get_entry(world.journal, entry.id).updated == entry.updated  # locking the slug is not an edit
    meta = front(world.repo / POST)
    assert re.fullmatch(r"20\d\d-\d\d-\d\dT\d\d:\d\d:\d\d\+0[12]:00", meta["date"])  # RFC 3339, Paris offset


def test_republish_updates_the_same_file_and_unchanged_is_no_commit(world: World) -> None:
    entry = world.entry()
    first = world.publish(entry)
    again = world.publish(entry)
    assert again.commit is None and [p.status for p in again.posts] == ["unchanged"]
    assert world.remote_head() == first.commit

    # Renaming the entry later keeps its address.
    update_entry(world.journal, entry.id, title="Serving a model, revisited", body="New text.\n")
    (post,) = publications.published_posts(world.journal)
    assert post.changed
    second = world.publish(entry)
    assert [p.status for p in second.posts] == ["updated"]
    assert set(second.files) == set(first.files)  # the post rewritten, its image removed
    assert front(world.repo / POST)["title"] == "Serving a model, revisited"
    assert "New text." in (world.repo / POST).read_text(encoding="utf-8")
    assert not any(p.endswith(".png") for p in world.remote_files() if "serving-a-model" in p)
    (post,) = publications.published_posts(world.journal)
    assert not post.changed and post.slug == "serving-a-model"
    assert git(world.repo, "log", "-1", "--format=%s") == "Publish: Serving a model, revisited\n"


def test_unpublish_removes_the_post_and_its_images_in_one_commit(world: World) -> None:
    a, b = world.entry("First post"), world.entry("Second post", body=f"![x]({world.image(seed=3)})\n")
    world.publish(a, b)
    assert git(world.repo, "log", "-1", "--format=%s") == "Publish 2 entries\n"
    result = world.unpublish(b)
    assert result.commit is not None and result.pushed
    assert not any("second-post" in f for f in world.remote_files())
    assert any("first-post" in f for f in world.remote_files())
    assert not (world.repo / "content/posts/second-post").exists()
    assert git(world.repo, "log", "-1", "--format=%s") == "Unpublish: Second post\n"
    assert [p.entry_id for p in publications.published_posts(world.journal)] == [a.id]
    with pytest.raises(PublishError, match="not published"):
        world.unpublish(b)


def test_no_push_commits_locally_and_the_next_publish_pushes_it(world: World) -> None:
    entry = world.entry()
    result = world.publish(entry, push=False)
    assert result.commit is not None and not result.pushed
    assert world.remote_head() == ""  # nothing on the remote yet
    assert not publications.published_posts(world.journal)[0].pushed
    other = world.entry("Another one")
    world.publish(other)
    assert all(p.pushed for p in publications.published_posts(world.journal))
    assert git(world.remote, "rev-list", "--count", "main").strip() == "3"


def test_the_remote_moved_on_an_unrelated_file(world: World) -> None:
    world.publish(world.entry("First"))
    moved = world.push_from_other("content/about.md", "# About\n\nEdited on GitHub.\n")
    result = world.publish(world.entry("Second"))
    assert result.pushed
    log = git(world.remote, "log", "--format=%H %P", "main").splitlines()
    assert log[1].split()[0] == moved and len(log[0].split()) == 2  # fast-forwarded, then one parent: no merge
    assert "Edited on GitHub" in (world.repo / "content/about.md").read_text(encoding="utf-8")


def test_the_remote_moved_while_we_had_unpushed_commits_is_rebased(world: World) -> None:
    world.publish(world.entry("First"))
    local = world.publish(world.entry("Second"), push=False)
    world.push_from_other("README.md", "# Edited elsewhere\n")
    result = world.publish(world.entry("Third"))
    assert result.pushed
    subjects = git(world.remote, "log", "--format=%s", "main").splitlines()
    assert subjects[:3] == ["Publish: Third", "Publish: Second", "Edit from another machine"]
    assert git(world.remote, "rev-list", "--merges", "--count", "main").strip() == "0"
    assert local.commit not in git(world.remote, "rev-list", "main")  # rebased: a new commit, never force-pushed


def test_the_remote_changed_the_same_post(world: World) -> None:
    entry = world.entry()
    world.publish(entry)
    theirs = (world.other() / POST).read_text(encoding="utf-8")
    theirs = theirs.replace("trailbook_id:", "cover: hero.png\ntrailbook_id:").replace("Batching", "BATCHING (fixed)")
    their_commit = world.push_from_other(POST, theirs, "Fix a typo")
    update_entry(world.journal, entry.id, body="My new text.\n")
    before = snapshot(world.repo)
    count = len(list(publications.published_posts(world.journal)))

    with pytest.raises(PublishError) as caught:
        world.publish(entry)
    assert caught.value.code == "conflict"
    message = caught.value.message
    assert POST in message and "Fix a typo" in message and "pull --ff-only" in message
    assert "\n" not in message
    assert snapshot(world.repo) == before  # nothing lost, nothing half-done
    assert world.remote_head() == their_commit
    assert len(list(publications.published_posts(world.journal))) == count
    assert publications.published_posts(world.journal)[0].changed

    # The way forward works: bring their change in, then publish again (their own front matter key is kept).
    git(world.repo, "pull", "-q", "--ff-only", env=OTHER)
    plan = service.plan(world.journal, world.blog.name, [entry.id])
    assert "-BATCHING (fixed) trades latency for throughput." in plan.posts[0].diff  # what the entry replaces
    world.publish(entry)
    assert front(world.repo / POST)["cover"] == "hero.png"
    assert "My new text." in (world.repo / POST).read_text(encoding="utf-8")


def _hook(path: Path, script: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n" + script, encoding="utf-8")
    path.chmod(0o755)
    return path


def test_a_pre_receive_hook_that_rejects(world: World) -> None:
    world.publish(world.entry("First"))
    hook = _hook(world.remote / "hooks" / "pre-receive", "echo 'pushes are frozen for the release' >&2\nexit 1\n")
    _hook(world.repo / ".git" / "hooks" / "pre-push", "echo 'local checks passed'\nexit 0\n")  # not the one to blame
    entry = world.entry("Second")
    before = snapshot(world.repo)
    remote_before = world.remote_head()
    with pytest.raises(PublishError) as caught:
        world.publish(entry)
    assert caught.value.code == "push_rejected"
    assert "the remote's pre-receive hook declined the push" in caught.value.message
    assert "“pushes are frozen for the release”" in caught.value.message
    assert "pre-push" not in caught.value.message and "could not reach" not in caught.value.message
    assert snapshot(world.repo) == before
    assert world.remote_head() == remote_before
    assert entry.id not in {r.entry_uuid for r in records(world)}
    hook.unlink()
    assert world.publish(entry).pushed


@pytest.mark.parametrize("where", [".git/hooks", "core.hooksPath"])
def test_a_pre_push_hook_that_refuses(world: World, where: str) -> None:
    world.publish(world.entry("First"))
    if where == "core.hooksPath":
        folder = world.tmp / "shared-hooks"
        git(world.repo, "config", "core.hooksPath", str(folder))
    else:
        folder = world.repo / ".git" / "hooks"
    noise = "".join(f"echo 'checking post {n}'\n" for n in range(40))  # a long output is trimmed to its end
    script = noise + "echo 'broken link: /posts/old/' >&2\necho 'link check failed' >&2\nexit 1\n"
    hook = _hook(folder / "pre-push", script)
    entry = world.entry("Second")
    before = snapshot(world.repo)
    remote_before = world.remote_head()
    with pytest.raises(PublishError) as caught:
        world.publish(entry)
    message = caught.value.message
    assert caught.value.code == "hook_refused", message
    assert message.startswith(f"your pre-push hook ({hook}) refused the push; it said: ")
    assert "“checking post 38 / checking post 39 / broken link: /posts/old/ / link check failed”" in message
    assert "checking post 37" not in message and "failed to push" not in message
    assert "could not reach" not in message and "internet" not in message
    assert snapshot(world.repo) == before
    assert world.remote_head() == remote_before
    assert entry.id not in {r.entry_uuid for r in records(world)}
    _hook(folder / "pre-push", "exit 0\n")  # the person fixes what it reported
    assert world.publish(entry).pushed and world.remote_head() == git(world.repo, "rev-parse", "HEAD").strip()


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_an_unreachable_remote(world: World) -> None:
    git(world.repo, "remote", "set-url", "origin", f"https://127.0.0.1:{_closed_port()}/ana/blog.git")
    entry = world.entry()
    before = snapshot(world.repo)
    with pytest.raises(PublishError) as caught:
        world.publish(entry)
    assert caught.value.code == "network"
    assert "could not reach" in caught.value.message and "127.0.0.1" in caught.value.message
    assert snapshot(world.repo) == before
    assert records(world) == []
    # Offline, the person can still commit locally and push later.
    assert world.publish(entry, push=False).commit is not None


def test_the_persons_own_uncommitted_changes_stay_untouched_and_uncommitted(world: World) -> None:
    world.publish(world.entry("First"))
    (world.repo / "content/about.md").write_text("# About\n\nHalf-written…\n", encoding="utf-8")  # unstaged
    (world.repo / "README.md").write_text("# My blog\n\nStaged but not committed.\n", encoding="utf-8")
    git(world.repo, "add", "README.md")  # staged
    (world.repo / "notes.txt").write_text("scratch\n", encoding="utf-8")  # untracked
    status_before = git(world.repo, "status", "--porcelain=v1")
    staged_before = git(world.repo, "diff", "--cached")
    world.push_from_other("content/posts/_index.md", "---\ntitle: All posts\n---\n")  # and the remote moved

    result = world.publish(world.entry("Second"))
    assert result.pushed
    assert git(world.repo, "status", "--porcelain=v1") == status_before
    assert git(world.repo, "diff", "--cached") == staged_before
    assert "Half-written" in (world.repo / "content/about.md").read_text(encoding="utf-8")
    committed = git(world.remote, "show", "--name-only", "--format=", "main").split()
    assert not {"README.md", "content/about.md", "notes.txt"} & set(committed)
    assert "notes.txt" not in world.remote_files()


def test_uncommitted_edits_to_our_own_post_are_refused(world: World) -> None:
    entry = world.entry()
    world.publish(entry)
    post = world.repo / POST
    post.write_text(post.read_text(encoding="utf-8") + "\nMy manual edit.\n", encoding="utf-8")
    update_entry(world.journal, entry.id, body="Entry edited too.\n")
    before = snapshot(world.repo)
    with pytest.raises(PublishError) as caught:
        world.publish(entry)
    assert caught.value.code == "dirty" and POST in caught.value.message
    assert snapshot(world.repo) == before
    git(world.repo, "checkout", "--", POST)
    assert world.publish(entry).pushed


@pytest.mark.parametrize("case", ["detached", "index_lock", "merge", "wrong_branch"])
def test_a_repository_in_the_middle_of_something_is_refused_then_works(world: World, case: str) -> None:
    world.publish(world.entry("First"))
    repo = world.repo
    if case == "detached":
        git(repo, "checkout", "-q", "--detach", "HEAD")
        code, fix = "detached_head", lambda: git(repo, "switch", "-q", "main")
    elif case == "index_lock":
        (repo / ".git" / "index.lock").write_text("", encoding="utf-8")
        code, fix = "index_locked", lambda: (repo / ".git" / "index.lock").unlink()
    elif case == "merge":
        git(repo, "switch", "-q", "-c", "side")
        (repo / "README.md").write_text("side\n", encoding="utf-8")
        git(repo, "commit", "-q", "-am", "side", env=OTHER)
        git(repo, "switch", "-q", "main")
        (repo / "README.md").write_text("main\n", encoding="utf-8")
        git(repo, "commit", "-q", "-am", "main", env=OTHER)
        git(repo, "merge", "-q", "side", env=OTHER, check=False)
        assert (repo / ".git" / "MERGE_HEAD").exists()
        code, fix = "merge_in_progress", lambda: git(repo, "merge", "--abort")
    else:
        git(repo, "switch", "-q", "-c", "drafts")
        code, fix = "wrong_branch", lambda: git(repo, "switch", "-q", "main")
    entry = world.entry("Second")
    before = snapshot(repo)
    with pytest.raises(PublishError) as caught:
        world.publish(entry)
    assert caught.value.code == code
    assert str(repo) in caught.value.message or "index.lock" in caught.value.message
    assert snapshot(repo) == before
    assert entry.id not in {r.entry_uuid for r in records(world)}
    fix()
    assert world.publish(entry).commit is not None


def test_the_remote_moving_between_fetch_and_push_is_retried(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    world.publish(world.entry("First"))
    real_fetch = Git.fetch
    calls: list[int] = []

    def stale_first_fetch(self: Git, remote: str, branch: str) -> str | None:
        calls.append(1)
        tip = real_fetch(self, remote, branch)
        if len(calls) == 1:  # someone pushes right after our fetch
            world.push_from_other("README.md", "# raced\n", "Raced")
        return tip

    monkeypatch.setattr(Git, "fetch", stale_first_fetch)
    result = world.publish(world.entry("Second"))
    assert len(calls) == 2 and result.pushed
    assert git(world.remote, "log", "-2", "--format=%s", "main").splitlines() == ["Publish: Second", "Raced"]


def test_cancelling_mid_publish_undoes_everything(world: World) -> None:
    world.publish(world.entry("First"))
    entry = world.entry("Second")
    before = snapshot(world.repo)
    job = service.publish(world.journal, world.blog.name, [entry.id])
    for step in job:
        if step.message == "Pushing to origin":
            job.close()  # what the app's Cancel does between two steps
            break
    assert snapshot(world.repo) == before
    assert entry.id not in {r.entry_uuid for r in records(world)}


def test_changing_the_slug_moves_the_post_with_an_alias(world: World) -> None:
    entry = world.entry()
    world.publish(entry)
    update_entry(world.journal, entry.id, slug="model-serving")
    result = world.publish(entry)
    new = "content/posts/model-serving/index.md"
    assert POST in result.files and new in result.files
    assert not (world.repo / POST).exists()
    meta = front(world.repo / new)
    assert meta["aliases"] == ["/posts/serving-a-model/"] and meta["slug"] == "model-serving"


def test_keys_the_person_added_are_kept_on_republish(world: World) -> None:
    entry = world.entry()
    world.publish(entry)
    post = world.repo / POST
    post.write_text(
        post.read_text(encoding="utf-8").replace("\ndraft: false\n", "\ndraft: false\nweight: 3\n"), encoding="utf-8"
    )
    git(world.repo, "commit", "-q", "-am", "Pin the post", env=OTHER)
    update_entry(world.journal, entry.id, body="Changed.\n")
    world.publish(entry)
    assert front(post)["weight"] == 3 and "Changed." in post.read_text(encoding="utf-8")


def test_a_file_that_is_not_ours_is_never_overwritten(world: World) -> None:
    mine = world.repo / "content/posts/serving-a-model/index.md"
    mine.parent.mkdir(parents=True)
    mine.write_text("---\ntitle: Written by hand\n---\nMine.\n", encoding="utf-8")
    git(world.repo, "add", "content")
    git(world.repo, "commit", "-q", "-m", "hand-written", env=OTHER)
    result = world.publish(world.entry())
    assert result.posts[0].slug == "serving-a-model-2"
    assert mine.read_text(encoding="utf-8") == "---\ntitle: Written by hand\n---\nMine.\n"


def test_a_blog_without_a_remote_explains(world: World) -> None:
    git(world.repo, "remote", "remove", "origin")
    with pytest.raises(PublishError) as caught:
        world.publish(world.entry())
    assert caught.value.code == "no_remote" and "--no-push" in caught.value.message


def test_a_private_entry_is_refused_before_anything(world: World) -> None:
    secret = world.entry("Salary notes", private=True)
    public = world.entry("Public")
    with pytest.raises(PublishError) as caught:
        world.publish(public, secret)
    assert caught.value.code == "private" and "Salary notes" in caught.value.message
    assert world.remote_head() == "" and records(world) == []


def test_flat_hugo_and_jekyll_paths(world: World, tmp_path: Path) -> None:
    update_blog(world.journal, world.blog.name, hugo_layout="flat")
    result = world.publish(world.entry())
    assert "content/posts/serving-a-model.md" in result.files
    assert any(f.startswith("static/images/serving-a-model/image-") for f in result.files)
    from .conftest import make_world

    (tmp_path / "j").mkdir()
    jekyll = make_world(world.journal, tmp_path / "j", "jekyll")
    entry = jekyll.entry("Jekyll post")
    result = jekyll.publish(entry)
    from journal.publish.posts import post_dates

    day = post_dates(entry)[0].astimezone(dt.UTC).date()  # the scaffold's timezone: UTC
    assert f"_posts/{day.isoformat()}-jekyll-post.md" in result.files
    assert any(f.startswith("assets/images/jekyll-post/image-") for f in result.files)
    text = (jekyll.repo / f"_posts/{day.isoformat()}-jekyll-post.md").read_text(encoding="utf-8")
    assert "](/assets/images/jekyll-post/image-" in text


def test_update_from_remote(world: World) -> None:
    world.publish(world.entry())
    sha = world.push_from_other("README.md", "# new\n")
    assert run(service.update_from_remote(world.journal, world.blog.name)) == sha
    assert (world.repo / "README.md").read_text(encoding="utf-8") == "# new\n"


def test_the_portfolio_follows_publish_and_unpublish(world: World) -> None:
    import json

    from journal.roadmap import ensure_roadmap, link_evidence

    area = ensure_roadmap(world.journal).areas[0]
    entry = world.entry("Evidence", tags=[area.id])
    link_evidence(world.journal, area.milestones[0].id, entry.id)
    hidden = world.entry("Private evidence", private=True, tags=[area.id])
    link_evidence(world.journal, area.milestones[1].id, hidden.id)
    result = world.publish(entry)
    data_file = world.repo / "data/trailbook/portfolio.json"
    assert "data/trailbook/portfolio.json" in result.files
    posts = [p for a in json.loads(data_file.read_text(encoding="utf-8"))["areas"] for p in a["posts"]]
    assert posts == [{"title": "Evidence", "slug": "evidence", "url": "/posts/evidence/"}]
    again = world.publish(entry)
    assert again.commit is None  # only the time stamp would change: no commit
    world.unpublish(entry)
    assert all(a["posts"] == [] for a in json.loads(data_file.read_text(encoding="utf-8"))["areas"])
