"""What an import reads from: a folder, a ``.zip``, a tar (Joplin's JEX) or one file, seen the same way.

A tree lists its regular files up front and reads each only when an importer asks for it, so every importer, whatever
the container, gets the same safety: a named pipe, socket or device is skipped without being opened (opening a pipe
waits forever), a symlink or archive path leading outside is skipped, a file over the size limit is skipped, and each
skip has a reason in the report. Paths are POSIX and relative to the root, as the report shows them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import stat
import tarfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from journal.errors import FileTooLarge, InvalidInput, NotAFile, special_file_kind
from journal.fileio import open_regular_file, read_regular_file
from journal.transfer.common import display_name

MAX_FILE_BYTES = 64 * 1024 * 1024
TRAILBOOK_DOT_FILES = (".trailbook-",)  # dot files at the root that Trailbook's exports write: listed, not hidden
ZIP_READ_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, NotImplementedError)


class Unreadable(InvalidInput):
    """A listed file that could not be read when its turn came (the reason goes into the report)."""


@dataclass(frozen=True)
class Member:
    """One regular file of a tree: where it is (``path``, POSIX, relative), its size and time, and the seed of the id
    an entry made from it gets when the file names none (where the file really is, so a re-import finds it again)."""

    path: str
    size: int
    mtime: float
    seed: str
    reader: Callable[[], bytes] = field(repr=False, compare=False)

    @property
    def name(self) -> str:
        return PurePosixPath(self.path).name

    @property
    def suffix(self) -> str:
        return PurePosixPath(self.path).suffix.lower()

    @property
    def folder(self) -> str:
        parent = PurePosixPath(self.path).parent.as_posix()
        return "" if parent == "." else parent

    def read(self) -> bytes:
        """The file's bytes; ``Unreadable`` with the reason when that fails now."""
        return self.reader()


class SourceTree:
    """The regular files of an import source, by path. ``skipped`` holds what was refused while listing."""

    def __init__(self, name: str, root: Path | None = None) -> None:
        self.name = name
        self.root = root  # the folder on disk, for a folder source
        self.members: dict[str, Member] = {}
        self.skipped: list[tuple[str, str]] = []
        self.folders: set[str] = set()  # every folder path holding a listed file, and their parents ("" is the root)
        self._by_name: dict[str, list[str]] | None = None
        self._closers: list[Callable[[], None]] = []
        self.single_file = False

    def add(self, member: Member) -> None:
        self.members[member.path] = member
        parent = PurePosixPath(member.path).parent
        while True:
            folder = "" if parent.as_posix() == "." else parent.as_posix()
            if folder in self.folders:
                break
            self.folders.add(folder)
            if folder == "":
                break
            parent = parent.parent

    def get(self, path: str) -> Member | None:
        return self.members.get(path)

    def by_name(self, name: str) -> list[str]:
        """Paths of the files called ``name`` (case-insensitively), shortest path first: how Obsidian finds the file
        of ``![[image.png]]`` wherever it is in the vault."""
        if self._by_name is None:
            index: dict[str, list[str]] = {}
            for path in self.members:
                index.setdefault(PurePosixPath(path).name.lower(), []).append(path)
            for paths in index.values():
                paths.sort(key=lambda p: (p.count("/"), p))
            self._by_name = index
        return self._by_name.get(name.lower(), [])

    def has_folder(self, path: str) -> bool:
        return path.strip("/") in self.folders

    def close(self) -> None:
        for closer in self._closers:
            closer()
        self._closers.clear()

    def __enter__(self) -> SourceTree:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_tree(path: Path) -> SourceTree:
    """The tree of a folder, a ``.zip``, a tar (``.jex``, ``.tar``, ``.tar.gz``) or one file. A path that cannot be
    opened at all is an ``InvalidInput`` (nothing is imported); a file inside that cannot be used is skipped."""
    name = display_name(path)
    if not os.path.lexists(path):
        raise InvalidInput(f"{name}: no such file or folder")
    if path.is_dir():
        return _folder_tree(path)
    lower = path.name.lower()
    if lower.endswith(".zip"):
        return _zip_tree(path)
    if lower.endswith((".jex", ".tar", ".tar.gz", ".tgz")):
        return _tar_tree(path)
    return single_file_tree(path)


def single_file_tree(path: Path) -> SourceTree:
    """One file the person named: read at once (it may be a pipe such as bash's ``<(command)``, readable once), at
    any size: a whole journal's JSON document of 100,000 entries is hundreds of megabytes."""
    name = display_name(path)
    try:
        data, info = read_regular_file(path, pipes=True)
    except (NotAFile, FileTooLarge) as exc:
        raise InvalidInput(f"{name}: {exc.message}") from None
    except FileNotFoundError:
        raise InvalidInput(f"{name}: no such file or folder") from None
    except OSError as exc:
        raise InvalidInput(f"{name}: cannot read ({exc.strerror})") from None
    tree = SourceTree(name, None)
    tree.single_file = True
    tree.add(Member(display_name(path.name), len(data), info.st_mtime, display_name(os.path.realpath(path)),
                    lambda: data))  # fmt: skip
    return tree


def _inside(path: Path, real_root: str) -> bool:
    return Path(os.path.realpath(path)).is_relative_to(real_root)


def _where(path: Path, real_root: str) -> str:
    return "inside the imported folder" if _inside(path, real_root) else "outside the imported folder"


def _file_reader(path: Path) -> Callable[[], bytes]:
    def read() -> bytes:
        try:
            return read_regular_file(path, max_bytes=MAX_FILE_BYTES)[0]
        except (NotAFile, FileTooLarge) as exc:
            raise Unreadable(exc.message) from None
        except FileNotFoundError:
            raise Unreadable("no longer there") from None
        except OSError as exc:
            raise Unreadable(f"cannot read ({exc.strerror})") from None

    return read


def _folder_tree(root: Path) -> SourceTree:
    """Every regular file under ``root``; names starting with a dot are left out (``.obsidian/``, ``.git/``), except
    that the folder names are remembered so the source can be recognised. Only regular files are listed: a named pipe,
    socket or device is skipped with a reason and never opened, and so is a symlink leading outside ``root`` (a folder
    symlink is never followed: its target is outside, or imported where it really is)."""
    tree = SourceTree(display_name(root), root)
    real_root = os.path.realpath(root)
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        rel_here = here.relative_to(root).as_posix()
        for name in sorted(dirnames):
            if name.startswith("."):
                tree.folders.add(
                    name if rel_here == "." else f"{rel_here}/{name}"
                )  # e.g. .obsidian, .trailbook-history
            elif (here / name).is_symlink():
                rel = display_name((here / name).relative_to(root).as_posix())
                tree.skipped.append((rel, f"symlink to a folder {_where(here / name, real_root)} (not followed)"))
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and not (here / d).is_symlink())
        for name in sorted(filenames):
            if name.startswith("."):
                if rel_here == ".":
                    tree.folders.add(name)  # a marker file such as .trailbook-export
                if not (rel_here == "." and name.startswith(TRAILBOOK_DOT_FILES)):
                    continue
            path = here / name
            rel = display_name(path.relative_to(root).as_posix())
            try:
                if path.is_symlink() and not _inside(path, real_root):
                    tree.skipped.append((rel, "symlink pointing outside the imported folder"))
                    continue
                info = os.stat(path)
            except FileNotFoundError:
                tree.skipped.append((rel, "symlink to a missing file" if path.is_symlink() else "no longer there"))
                continue
            except OSError as exc:
                tree.skipped.append((rel, f"cannot read ({exc.strerror})"))
                continue
            if not stat.S_ISREG(info.st_mode):
                tree.skipped.append((rel, NotAFile(info.st_mode).message))
                continue
            if info.st_size > MAX_FILE_BYTES:
                tree.skipped.append((rel, FileTooLarge(MAX_FILE_BYTES).message))
                continue
            tree.add(Member(rel, info.st_size, info.st_mtime, display_name(os.path.realpath(path)), _file_reader(path)))
    return tree


def _unsafe(name: str) -> bool:
    parts = PurePosixPath(name.replace("\\", "/")).parts
    return name.startswith(("/", "\\")) or ".." in parts or bool(parts and ":" in parts[0])


def _zip_tree(archive: Path) -> SourceTree:
    name = display_name(archive)
    stack = contextlib.ExitStack()
    try:
        handle, info = stack.enter_context(open_regular_file(archive))
        zf = stack.enter_context(zipfile.ZipFile(handle))
    except NotAFile as exc:
        stack.close()
        raise InvalidInput(f"{name}: {exc.message}") from None
    except (zipfile.BadZipFile, OSError) as exc:
        stack.close()
        raise InvalidInput(f"{name}: not a readable zip archive ({exc})") from None
    tree = SourceTree(name, None)
    tree._closers.append(stack.close)
    seed_root = display_name(archive.resolve())
    for member in zf.infolist():
        path = member.filename
        if member.is_dir():
            continue
        if _unsafe(path):
            tree.skipped.append((path, "unsafe path in the archive (absolute or with ..)"))
            continue
        clean = PurePosixPath(path.replace("\\", "/")).as_posix()
        if clean.startswith(TRAILBOOK_DOT_FILES) and "/" not in clean:
            tree.folders.add(clean)
        elif any(part.startswith(".") for part in PurePosixPath(clean).parts):
            first_dot = next(i for i, p in enumerate(PurePosixPath(clean).parts) if p.startswith("."))
            tree.folders.add("/".join(PurePosixPath(clean).parts[: first_dot + 1]))
            continue
        mode = member.external_attr >> 16
        if stat.S_IFMT(mode) not in (0, stat.S_IFREG):  # 0: made where files have no Unix mode
            tree.skipped.append((path, f"{special_file_kind(mode)} in the archive, not a file"))
            continue
        if member.file_size > MAX_FILE_BYTES:
            tree.skipped.append((path, FileTooLarge(MAX_FILE_BYTES).message))
            continue
        try:
            mtime = dt.datetime(*member.date_time).timestamp()
        except ValueError:  # a month or day of 0 in the member's DOS date: the archive's own time instead
            mtime = info.st_mtime
        tree.add(Member(clean, member.file_size, mtime, f"{seed_root}!{path}", _zip_reader(zf, member)))
    return tree


def _zip_reader(zf: zipfile.ZipFile, member: zipfile.ZipInfo) -> Callable[[], bytes]:
    def read() -> bytes:
        try:
            return zf.read(member)
        except ZIP_READ_ERRORS as exc:  # a bad checksum, a truncated member, encryption, an unknown compression method
            raise Unreadable(f"cannot be read from the archive ({exc})") from None

    return read


def _tar_tree(archive: Path) -> SourceTree:
    name = display_name(archive)
    stack = contextlib.ExitStack()
    try:
        handle, _info = stack.enter_context(open_regular_file(archive))
        tf = stack.enter_context(tarfile.open(fileobj=handle))  # noqa: SIM115 (closed with the tree)
        members = tf.getmembers()
    except NotAFile as exc:
        stack.close()
        raise InvalidInput(f"{name}: {exc.message}") from None
    except (tarfile.TarError, OSError, EOFError, zlib.error) as exc:
        stack.close()
        raise InvalidInput(f"{name}: not a readable tar archive ({exc})") from None
    tree = SourceTree(name, None)
    tree._closers.append(stack.close)
    seed_root = display_name(archive.resolve())
    for member in members:
        path = member.name
        if member.isdir():
            continue
        if _unsafe(path):
            tree.skipped.append((path, "unsafe path in the archive (absolute or with ..)"))
            continue
        if not member.isfile():
            kind = "a symlink" if member.issym() or member.islnk() else "a special file"
            tree.skipped.append((path, f"{kind} in the archive, not a file"))
            continue
        if member.size > MAX_FILE_BYTES:
            tree.skipped.append((path, FileTooLarge(MAX_FILE_BYTES).message))
            continue
        tree.add(Member(PurePosixPath(path).as_posix(), member.size, float(member.mtime), f"{seed_root}!{path}",
                        _tar_reader(tf, member)))  # fmt: skip
    return tree


def _tar_reader(tf: tarfile.TarFile, member: tarfile.TarInfo) -> Callable[[], bytes]:
    def read() -> bytes:
        try:
            handle: BinaryIO | None = tf.extractfile(member)  # type: ignore[assignment]
            if handle is None:
                raise Unreadable("not a file in the archive")
            return handle.read()
        except (tarfile.TarError, OSError, EOFError, zlib.error) as exc:
            raise Unreadable(f"cannot be read from the archive ({exc})") from None

    return read


def iter_suffix(tree: SourceTree, suffixes: set[str]) -> Iterator[Member]:
    """The tree's files with one of ``suffixes``, in path order."""
    for path in sorted(tree.members):
        member = tree.members[path]
        if member.suffix in suffixes:
            yield member
