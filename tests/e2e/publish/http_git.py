"""Real git hosts over HTTP on 127.0.0.1, for the token tests: ``git http-backend`` behind ``http.server`` in a
thread, asking for a Basic login, redirecting some requests to another server, and recording the ``Authorization``
header of every request it got."""

from __future__ import annotations

import base64
import os
import subprocess
import threading
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType


@dataclass(frozen=True)
class Seen:
    """One request as the server got it."""

    method: str
    path: str
    authorization: str

    def login(self) -> str | None:
        """``user:password`` of a Basic header, else None."""
        kind, _, value = self.authorization.partition(" ")
        return base64.b64decode(value).decode("utf-8") if kind == "Basic" and value else None


def always(_method: str, _path: str) -> bool:
    return True


def pushes(_method: str, path: str) -> bool:
    """The requests of a push (``info/refs?service=git-receive-pack`` and the ``git-receive-pack`` POST)."""
    return "git-receive-pack" in path


class GitHttpServer(ThreadingHTTPServer):
    """A git host at ``http://127.0.0.1:PORT``. With ``projects`` it serves the bare repositories under that folder;
    without, it only ever answers 401 (a server that wants a login and records what it is offered). ``login`` is the
    one ``user:password`` it accepts; ``redirect_to`` sends the requests ``redirect_if`` picks there, before the
    login or (``redirect_after_login``) only once logged in."""

    daemon_threads = True

    def __init__(
        self,
        projects: Path | None = None,
        *,
        login: str | None = None,
        redirect_to: str | None = None,
        redirect_status: int = 301,
        redirect_if: Callable[[str, str], bool] = always,
        redirect_after_login: bool = False,
    ) -> None:
        super().__init__(("127.0.0.1", 0), _GitHandler)
        self.projects = projects
        self.login = login
        self.redirect_to = redirect_to
        self.redirect_status = redirect_status
        self.redirect_if = redirect_if
        self.redirect_after_login = redirect_after_login
        self.seen: list[Seen] = []
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def logins(self) -> list[str]:
        """Every ``user:password`` this server was sent."""
        return [login for seen in self.seen if (login := seen.login()) is not None]

    def __enter__(self) -> GitHttpServer:
        self._thread.start()
        return self

    def __exit__(self, *_exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.shutdown()
        self.server_close()
        self._thread.join(timeout=10)


class _GitHandler(BaseHTTPRequestHandler):
    server: GitHttpServer
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        self._handle()

    def do_POST(self) -> None:
        self._handle()

    def log_message(self, *_args: object) -> None:
        pass

    def _body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            data = b""
            while True:
                size = int(self.rfile.readline().strip().split(b";")[0], 16)
                if size == 0:
                    self.rfile.readline()
                    return data
                data += self.rfile.read(size)
                self.rfile.readline()
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def _reply(self, status: int, headers: list[tuple[str, str]], payload: bytes = b"") -> None:
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def _handle(self) -> None:
        server = self.server
        seen = Seen(self.command, self.path, self.headers.get("Authorization", ""))
        server.seen.append(seen)
        body = self._body() if self.command == "POST" else b""
        redirect = server.redirect_to is not None and server.redirect_if(self.command, self.path)
        if redirect and not server.redirect_after_login:
            self._reply(server.redirect_status, [("Location", f"{server.redirect_to}{self.path}")])
            return
        if server.projects is None or (server.login is not None and seen.login() != server.login):
            self._reply(401, [("WWW-Authenticate", 'Basic realm="git"')])
            return
        if redirect:
            self._reply(server.redirect_status, [("Location", f"{server.redirect_to}{self.path}")])
            return
        self._backend(body)

    def _backend(self, body: bytes) -> None:
        path, _, query = self.path.partition("?")
        env = {
            "PATH": os.environ["PATH"],
            "GIT_PROJECT_ROOT": str(self.server.projects),
            "GIT_HTTP_EXPORT_ALL": "1",
            "GIT_CONFIG_NOSYSTEM": "1",
            "HOME": str(self.server.projects),
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "REQUEST_METHOD": self.command,
            "CONTENT_TYPE": self.headers.get("Content-Type", ""),
            "CONTENT_LENGTH": str(len(body)),
            "REMOTE_USER": "ana",  # logged in (or no login asked): pushing is allowed
            "REMOTE_ADDR": "127.0.0.1",
        }
        if self.headers.get("Content-Encoding"):
            env["HTTP_CONTENT_ENCODING"] = self.headers["Content-Encoding"]
        if self.headers.get("Git-Protocol"):
            env["GIT_PROTOCOL"] = self.headers["Git-Protocol"]
        out = subprocess.run(
            ["git", "http-backend"], input=body, env=env, capture_output=True, timeout=60, check=False
        ).stdout
        head, _, payload = out.partition(b"\r\n\r\n")
        status, headers = 200, []
        for line in head.decode("latin-1").split("\r\n"):
            name, _, value = line.partition(": ")
            if name.lower() == "status":
                status = int(value.split()[0])
            elif name:
                headers.append((name, value))
        self._reply(status, headers, payload)
