"""A threaded standalone server (wsgiref) sharing one sandbox app across threads."""

from __future__ import annotations

import sys
from socketserver import ThreadingMixIn
from wsgiref.simple_server import ServerHandler, WSGIRequestHandler, WSGIServer, make_server

from .app import SandboxApp
from .errors import ConnectionDropped


class ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _DroppingServerHandler(ServerHandler):
    """Answer nothing at all when the app simulates a dropped connection."""

    def handle_error(self) -> None:
        if isinstance(sys.exc_info()[1], ConnectionDropped):
            self.close()
            return
        super().handle_error()


class SandboxRequestHandler(WSGIRequestHandler):
    def handle(self) -> None:
        # Same as WSGIRequestHandler.handle, with the dropping handler.
        self.raw_requestline = self.rfile.readline(65537)
        if len(self.raw_requestline) > 65536:
            self.send_error(414)
            return
        if not self.parse_request():
            return
        handler = _DroppingServerHandler(
            self.rfile, self.wfile, self.get_stderr(), self.get_environ(), multithread=True
        )
        handler.request_handler = self
        handler.run(self.server.get_app())

    def log_message(self, format: str, *args: object) -> None:
        sys.stderr.write(f"sandbox {self.address_string()} {format % args}\n")


def make_sandbox_server(app: SandboxApp, host: str, port: int) -> ThreadingWSGIServer:
    return make_server(
        host, port, app, server_class=ThreadingWSGIServer, handler_class=SandboxRequestHandler
    )
