"""Keyring backends for the token tests (the OS keychain is the one part that cannot run here). ``FakeKeyring`` is
set in-process with ``keyring.set_keyring``; ``FileKeyring``, ``LockedKeyring`` and ``ForgetfulKeyring`` are named by
``PYTHON_KEYRING_BACKEND=keyring_backends.FileKeyring`` (with this folder on ``PYTHONPATH``) so that a real
``trailbook`` process uses them, and a second process finds what the first stored."""

from __future__ import annotations

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend
from keyring.errors import PasswordSetError

FILE_VARIABLE = "TRAILBOOK_TEST_KEYRING_FILE"


class FakeKeyring(KeyringBackend):
    """A working keyring in this process's memory."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.store.pop((service, username), None)


class FileKeyring(KeyringBackend):
    """A working keyring kept in the JSON file ``$TRAILBOOK_TEST_KEYRING_FILE``, so it outlives a process."""

    priority = 1  # type: ignore[assignment]

    @staticmethod
    def _path() -> Path:
        return Path(os.environ[FILE_VARIABLE])

    def _load(self) -> dict[str, str]:
        path = self._path()
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._load().get(f"{service}/{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        data = self._load()
        data[f"{service}/{username}"] = password
        self._path().write_text(json.dumps(data), encoding="utf-8")

    def delete_password(self, service: str, username: str) -> None:
        data = self._load()
        data.pop(f"{service}/{username}", None)
        self._path().write_text(json.dumps(data), encoding="utf-8")


class LockedKeyring(KeyringBackend):
    """A keyring that is there but refuses to store (a locked Secret Service collection)."""

    priority = 1  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        raise PasswordSetError("the login collection is locked")

    def delete_password(self, service: str, username: str) -> None:
        pass


class ForgetfulKeyring(KeyringBackend):
    """A keyring that says yes and keeps nothing (what keyring's null backend does, under another name)."""

    priority = 1  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        pass

    def delete_password(self, service: str, username: str) -> None:
        pass
