"""A real HTTP server on 127.0.0.2 that records every request it gets: proves that the PDF
renderer fetches nothing (the `loopback_server` fixture of tests/conftest.py)."""

import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class RecordingHandler(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):
        type(self).hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        self.wfile.write(b"SECRET-FROM-LOOPBACK")

    def log_message(self, *args):
        pass


@contextmanager
def serve_on_loopback() -> Iterator[str]:
    """Serve on 127.0.0.2 (a loopback address: nothing leaves the machine); yield its URL."""
    RecordingHandler.hits = []
    server = http.server.HTTPServer(("127.0.0.2", 0), RecordingHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.2:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
