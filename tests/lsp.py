"""A minimal Language Server Protocol client over stdio, enough to ask yaml-language-server for the
diagnostics of some files: initialize, workspace/didChangeConfiguration, textDocument/didOpen,
then collect textDocument/publishDiagnostics."""

from __future__ import annotations

import json
import queue
import subprocess
import threading
import time
from pathlib import Path
from typing import IO, Any


class LanguageServer:
    def __init__(self, command: list[str], root: Path) -> None:
        self.root = root
        self.process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        self.inbox: queue.Queue[dict[str, Any]] = queue.Queue()
        self.next_id = 0
        self.settings: dict[str, Any] = {}
        """What the server is told when it asks for its configuration (by section)."""
        assert self.process.stdout is not None
        threading.Thread(target=self._read, args=(self.process.stdout,), daemon=True).start()

    def _read(self, stream: IO[bytes]) -> None:
        while True:
            headers: dict[str, str] = {}
            while True:
                line = stream.readline()
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    break
                name, _, value = line.decode("ascii").partition(":")
                headers[name.strip().lower()] = value.strip()
            body = stream.read(int(headers["content-length"]))
            self.inbox.put(json.loads(body))

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def notify(self, method: str, params: dict[str, Any]) -> None:
        self._send({"method": method, "params": params})

    def request(self, method: str, params: dict[str, Any], timeout: float = 30) -> Any:
        self.next_id += 1
        self._send({"id": self.next_id, "method": method, "params": params})
        for message in self._messages(timeout):
            if message.get("id") == self.next_id and "method" not in message:
                return message.get("result")
        raise TimeoutError(f"no answer to {method}")

    def _messages(self, timeout: float) -> Any:
        """Messages as they come, answering the server's own requests, until `timeout` seconds."""
        end = time.monotonic() + timeout
        while (left := end - time.monotonic()) > 0:
            try:
                message = self.inbox.get(timeout=left)
            except queue.Empty:
                break
            if "method" in message and "id" in message:  # a request from the server
                result = None
                if message["method"] == "workspace/configuration":
                    items = message.get("params", {}).get("items", [])
                    result = [self.settings.get(item.get("section"), {}) for item in items]
                self._send({"id": message["id"], "result": result})
            yield message

    def diagnostics(
        self, settings: dict[str, Any], files: list[Path], timeout: float = 30
    ) -> dict[Path, list[Any]]:
        """Start the server on `root` with `settings`, open `files`, and return each file's
        diagnostics as first published after it was opened."""
        uri = self.root.as_uri()
        self.request(
            "initialize",
            {
                "processId": None,
                "rootUri": uri,
                "workspaceFolders": [{"uri": uri, "name": self.root.name}],
                "capabilities": {
                    "workspace": {"configuration": True},
                    "textDocument": {"publishDiagnostics": {}},
                },
            },
        )
        self.notify("initialized", {})
        self.settings = settings
        self.notify("workspace/didChangeConfiguration", {"settings": settings})
        for message in self._messages(timeout):  # the server pulls its configuration: wait for it
            if message.get("method") == "workspace/configuration":
                break
        by_uri = {f.as_uri(): f for f in files}
        for f in files:
            self.notify(
                "textDocument/didOpen",
                {
                    "textDocument": {
                        "uri": f.as_uri(),
                        "languageId": "yaml",
                        "version": 1,
                        "text": f.read_text(encoding="utf-8"),
                    }
                },
            )
        found: dict[Path, list[Any]] = {}
        for message in self._messages(timeout):
            if message.get("method") == "textDocument/publishDiagnostics":
                path = by_uri.get(message["params"]["uri"])
                if path is not None and path not in found:
                    found[path] = message["params"]["diagnostics"]
                if len(found) == len(files):
                    break
        return found

    def close(self) -> None:
        try:
            self.request("shutdown", {}, timeout=3)
            self.notify("exit", {})
            self.process.wait(timeout=3)
        except (TimeoutError, OSError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait()
