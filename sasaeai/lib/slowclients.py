"""gunicorn's threaded worker with a time limit on every read and write of a client's socket.

`make run` has no nginx in front, so a client reaches gunicorn directly. gunicorn's gthread
worker already hands a connection that sends nothing back to its poller after a few
seconds, but a request whose headers stop half-way, or an answer the client never reads
(a streamed `?format=ndjson` list), holds a thread with a blocking socket for good: a few
such clients stall every thread. Here each client socket waits at most
SASAEAI_SOCKET_TIMEOUT seconds (default 20) for any one read or write; past that the
connection is closed and the thread serves others.

    gunicorn sasaeai.wsgi --worker-class sasaeai.lib.slowclients.ThreadWorker --threads 8

Behind nginx (deploy/gunicorn.conf.py) the proxy already absorbs slow clients; the limit
costs nothing there and is kept as a second line.
"""

from __future__ import annotations

import errno
import os
import socket

from gunicorn.workers import gthread


def socket_timeout() -> float:
    return float(os.environ.get("SASAEAI_SOCKET_TIMEOUT", "20"))


class TimedSocket(socket.socket):
    """A socket whose "blocking" mode waits at most socket_timeout() per call."""

    timeout_seconds = 20.0

    def setblocking(self, flag: bool) -> None:
        if flag:
            self.settimeout(self.timeout_seconds)
        else:
            super().setblocking(False)


class ThreadWorker(gthread.ThreadWorker):  # type: ignore[misc]
    def init_process(self) -> None:
        TimedSocket.timeout_seconds = socket_timeout()
        super().init_process()

    def accept(self, listener: socket.socket) -> None:
        """gthread's accept, with the client's socket made a TimedSocket."""
        try:
            client_sock, client_addr = listener.accept()
        except OSError as error:
            if error.errno not in (errno.EAGAIN, errno.ECONNABORTED, errno.EWOULDBLOCK):
                raise
            return
        timed = TimedSocket(
            client_sock.family, client_sock.type, client_sock.proto, fileno=client_sock.detach()
        )
        self.nr_conns += 1
        timed.setblocking(True)
        self.enqueue_req(gthread.TConn(self.cfg, timed, client_addr, listener.getsockname()))
