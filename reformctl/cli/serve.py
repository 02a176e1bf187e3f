"""`reformctl site --serve`: build the site into a temporary folder and serve it on 127.0.0.1
with the standard library's http.server, building it again when a ledger file changes.

Changes are noticed on request: before answering for a page, the server compares the ledger's
file stamps (path, size, modification time) with those of the last build, and builds again when
they differ. Ctrl-C stops the server and removes the temporary folders.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Callable
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from reformctl.cli.common import warn
from reformctl.errors import EXIT_OK, ReformctlError
from reformctl.i18n import text

HOST = "127.0.0.1"


def ledger_stamp(root: Path) -> str:
    """A digest of every file's path, size and modification time under the ledger folder."""
    h = hashlib.blake2b(digest_size=16)
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))  # hidden ones are not read
        for name in sorted(files):
            path = os.path.join(folder, name)
            try:
                st = os.stat(path)
            except OSError:
                continue
            h.update(f"{os.path.relpath(path, root)}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


class Preview:
    """The site being served: the folder of the last good build, rebuilt when the ledger changes."""

    def __init__(self, build: Callable[[Path], bool], root: Path, lang: str = "en") -> None:
        self._build = build
        self._lang = lang
        self._root = root
        self._lock = threading.Lock()
        self._stamp = ""
        self.folder: Path | None = None

    def refresh(self) -> None:
        """Build again when the ledger's files changed since the last build."""
        with self._lock:
            stamp = ledger_stamp(self._root)
            if stamp == self._stamp:
                return
            target = Path(tempfile.mkdtemp(prefix="reformctl-site-"))
            try:
                clean = self._build(target)
            except ReformctlError as err:
                shutil.rmtree(target, ignore_errors=True)
                if self.folder is None:
                    raise  # nothing to serve yet: the command fails
                message = text(self._lang, "msg.serve-still", error=err.text(self._lang))
                warn(text(self._lang, "cli.error", message=message) + "\n")
                self._stamp = stamp
                return
            old, self.folder, self._stamp = self.folder, target, stamp
            if old is not None:
                shutil.rmtree(old, ignore_errors=True)
                warn(text(self._lang, "msg.serve-rebuilt" if clean else "msg.serve-rebuilt-errors") + "\n")

    def close(self) -> None:
        with self._lock:
            if self.folder is not None:
                shutil.rmtree(self.folder, ignore_errors=True)
                self.folder = None


def handler_for(preview: Preview) -> type[SimpleHTTPRequestHandler]:
    class Handler(SimpleHTTPRequestHandler):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(preview.folder), **kwargs)

        def send_head(self) -> Any:
            bare = self.path.split("?", 1)[0].split("#", 1)[0]
            if bare.endswith((".html", "/")):
                preview.refresh()
                self.directory = str(preview.folder)
            return super().send_head()

        def end_headers(self) -> None:
            self.send_header("Cache-Control", "no-store")
            super().end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            return  # quiet: the terminal shows rebuilds and errors only

    return Handler


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # SIGTERM and SIGINT stop the server as Ctrl-C does


def serve_builds(build: Callable[[Path], bool], root: Path, port: int, lang: str = "en") -> int:
    """Serve what `build` writes into a folder (it returns whether the ledger is free of errors),
    building again when a file under `root` changes, until Ctrl-C or SIGTERM."""
    preview = Preview(build, root, lang)
    preview.refresh()
    try:
        server = ThreadingHTTPServer((HOST, port), handler_for(preview))
    except OSError as err:
        preview.close()
        raise ReformctlError(
            "error.cannot-listen", address=f"{HOST}:{port}", reason=err.strerror or str(err)
        ) from None
    server.daemon_threads = True
    signal.signal(signal.SIGINT, _stop)  # also when started with SIGINT ignored (in the background)
    signal.signal(signal.SIGTERM, _stop)
    url = f"http://{HOST}:{server.server_address[1]}/"
    warn(text(lang, "msg.serving", url=url) + "\n")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        preview.close()
    warn(text(lang, "msg.stopped") + "\n")
    return EXIT_OK
