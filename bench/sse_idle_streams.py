#!/usr/bin/env python3
"""Memory of `plugboard serve` holding many idle SSE streams.

Starts the daemon with a generated config (bundled plugins only), opens N
sessions, each with one idle event stream (Streamable HTTP: initialize,
notifications/initialized, then a standalone GET /mcp; with --legacy: GET /sse
plus initialize over POST /messages), holds them, and reads VmRSS and RssAnon
from /proc/PID/status before, after opening and after holding. Then checks that
a fresh session still gets an answer to ping, closes everything and stops the
daemon with SIGTERM. Exit status 0 when every check passed, 1 when one failed,
2 when the run could not start.

Python 3 standard library only. One thread, non-blocking sockets and a
selector, so the client stays small next to the daemon it measures.
"""

import argparse
import json
import os
import re
import resource
import selectors
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PROTOCOL_VERSION = "2025-11-25"
LEGACY_PROTOCOL_VERSION = "2024-11-05"
LISTENING = re.compile(rb"listening on (https?)://(\S+):(\d+)")


class BenchError(Exception):
    pass


# --- the daemon process ------------------------------------------------------


class Daemon:
    def __init__(self, binary, plugin_dir, max_sessions, keepalive_ms, workdir):
        http = {"max_sessions": max_sessions}
        if keepalive_ms is not None:
            http["sse"] = {"keepalive_interval_ms": keepalive_ms}
        config = workdir / "plugboard.yaml"
        # JSON is YAML: no quoting rules to get wrong.
        config.write_text(json.dumps({"plugin_dirs": [str(plugin_dir)], "http": http}))
        self.log_path = workdir / "plugboard.log"
        self.log = open(self.log_path, "wb")  # a file, so a chatty daemon never blocks on a pipe
        self.process = subprocess.Popen(
            [str(binary), "serve", "--config", str(config), "--listen", "127.0.0.1:0"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=self.log)
        self.pid = self.process.pid
        self.port = self._wait_for_port(timeout=10)

    def _wait_for_port(self, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            match = LISTENING.search(self.log_path.read_bytes())
            if match:
                return int(match.group(3))
            if self.process.poll() is not None:
                raise BenchError(f"plugboard exited with {self.process.returncode} before "
                                 f"listening:\n{self.log_tail()}")
            time.sleep(0.02)
        raise BenchError(f"no 'listening on' line within {timeout} s:\n{self.log_tail()}")

    def log_tail(self, lines=20):
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def status(self):
        """VmRSS and RssAnon in KiB, and Threads."""
        fields = {}
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in ("VmRSS", "RssAnon", "Threads"):
                fields[key] = int(value.split()[0])
        return fields

    def cpu_seconds(self):
        """User plus system CPU time so far."""
        after_name = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks = int(after_name[11]) + int(after_name[12])  # utime, stime
        return ticks / os.sysconf("SC_CLK_TCK")

    def open_fds(self):
        return len(os.listdir(f"/proc/{self.pid}/fd"))

    def kill(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.log.close()


# --- a minimal non-blocking HTTP/1.1 client ----------------------------------


class Loop:
    def __init__(self, port):
        self.port = port
        self.selector = selectors.DefaultSelector()

    def run(self, seconds, until=lambda: False):
        """Serves the sockets for `seconds` or until `until()` holds; returns
        whether it held."""
        deadline = time.monotonic() + seconds
        while not until():
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            self.poll(min(left, 0.05))
        return True

    def poll(self, timeout):
        """One round: handles what is ready within `timeout`."""
        for key, events in self.selector.select(timeout):
            connection = key.data
            if events & selectors.EVENT_WRITE and not connection.closed:
                connection.on_writable()
            if events & selectors.EVENT_READ and not connection.closed:
                connection.on_readable()


class Connection:
    """One keep-alive connection to the daemon. Plain responses go to
    owner.on_response; an event-stream response is de-chunked and parsed into
    owner.on_event calls, then owner.on_stream_end."""

    def __init__(self, loop, owner):
        self.loop = loop
        self.owner = owner
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setblocking(False)
        self.sock.connect_ex(("127.0.0.1", loop.port))
        self.out = bytearray()
        self.data = bytearray()
        self.streaming = False
        self.chunk_left = None  # bytes left in the current chunk; None: at a size line
        self.events = bytearray()
        self.closed = False
        loop.selector.register(self.sock, selectors.EVENT_WRITE, self)

    def request(self, method, path, headers=(), body=b""):
        lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{self.loop.port}"]
        lines += [f"{name}: {value}" for name, value in headers]
        if body or method == "POST":
            lines.append(f"Content-Length: {len(body)}")
        self.out += ("\r\n".join(lines) + "\r\n\r\n").encode() + body
        self._watch(selectors.EVENT_READ | selectors.EVENT_WRITE)

    def close(self):
        if not self.closed:
            self.closed = True
            self.loop.selector.unregister(self.sock)
            self.sock.close()

    def _watch(self, events):
        if not self.closed:
            self.loop.selector.modify(self.sock, events, self)

    def _fail(self, error):
        self.close()
        self.owner.on_close(self, error)

    def on_writable(self):
        try:
            sent = self.sock.send(self.out)
        except BlockingIOError:
            return
        except OSError as error:
            return self._fail(error)
        del self.out[:sent]
        if not self.out:
            self._watch(selectors.EVENT_READ)

    def on_readable(self):
        try:
            got = self.sock.recv(65536)
        except BlockingIOError:
            return
        except OSError as error:
            return self._fail(error)
        if not got:
            return self._fail(ConnectionError("closed by the server"))
        self.data += got
        while not self.closed and (self._parse_chunks() if self.streaming else self._parse_head()):
            pass

    def _parse_head(self):
        """Parses one response head (and body); False when more bytes are needed."""
        end = self.data.find(b"\r\n\r\n")
        if end < 0:
            return False
        head = self.data[:end].decode("latin-1").split("\r\n")
        status = int(head[0].split()[1])
        headers = {}
        for line in head[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        if headers.get("content-type", "").startswith("text/event-stream"):
            del self.data[:end + 4]
            self.streaming = True
            self.owner.on_stream_start(self, status, headers)
            return True
        length = int(headers.get("content-length", "0"))
        if len(self.data) < end + 4 + length:
            return False
        body = bytes(self.data[end + 4:end + 4 + length])
        del self.data[:end + 4 + length]
        self.owner.on_response(self, status, headers, body)
        return True

    def _parse_chunks(self):
        """De-chunks what has arrived; False when more bytes are needed."""
        if self.chunk_left is None:
            line_end = self.data.find(b"\r\n")
            if line_end < 0:
                return False
            size = int(self.data[:line_end].split(b";")[0], 16)
            del self.data[:line_end + 2]
            if size == 0:  # the last chunk (no trailers are sent)
                del self.data[:2]
                self.streaming = False
                self.owner.on_stream_end(self)
                return True
            self.chunk_left = size
        if self.chunk_left > 0:
            if not self.data:
                return False
            take = min(self.chunk_left, len(self.data))
            self.events += self.data[:take]
            del self.data[:take]
            self.chunk_left -= take
            self._parse_events()
            return True
        if len(self.data) < 2:
            return False
        del self.data[:2]  # the CRLF after a chunk's data
        self.chunk_left = None
        return True

    def _parse_events(self):
        while (end := self.events.find(b"\n\n")) >= 0:
            block = self.events[:end].decode()
            del self.events[:end + 2]
            name, data, comment = "message", [], False
            for line in block.split("\n"):
                if line.startswith(":"):
                    comment = True
                elif line.startswith("event:"):
                    name = line[6:].strip()
                elif line.startswith("data:"):
                    data.append(line[5:].removeprefix(" "))
            self.owner.on_event(self, "comment" if comment and not data else name,
                                "\n".join(data))


# --- sessions ----------------------------------------------------------------

POST_HEADERS = (("Content-Type", "application/json"),
                ("Accept", "application/json, text/event-stream"))


def rpc(method, id=None, params=None):
    message = {"jsonrpc": "2.0", "method": method}
    if id is not None:
        message["id"] = id
    if params is not None:
        message["params"] = params
    return json.dumps(message).encode()


def initialize(version):
    return rpc("initialize", 1, {"protocolVersion": version, "capabilities": {},
                                 "clientInfo": {"name": "sse_idle_streams", "version": "1"}})


class Session:
    """A session that opens its stream and then idles on it; with `ping`, it
    sends ping instead and is done when the answer comes."""

    def __init__(self, loop, ping):
        self.loop = loop
        self.ping = ping
        self.open = False  # the idle stream is established (or ping answered)
        self.error = None
        self.stream_ended = False  # the daemon ended the stream with the last chunk
        self.keepalives = 0
        self.stream = None

    def done(self):
        return self.open or self.error is not None

    def alive(self):
        return self.open and self.error is None and not self.stream_ended

    def fail(self, why):
        if self.error is None:
            self.error = why

    def close(self):
        self.stream.close()

    def on_close(self, connection, error):
        if connection is self.stream:
            self.fail(f"stream connection: {error}")

    def on_stream_end(self, connection):
        self.stream_ended = True


class StreamableSession(Session):
    """POST initialize, POST notifications/initialized, then GET /mcp on the
    same keep-alive connection, which from then on carries the idle stream."""

    def __init__(self, loop, ping=False):
        super().__init__(loop, ping)
        self.id = None
        self.step = "initialize"
        self.stream = Connection(loop, self)
        self.stream.request("POST", "/mcp", POST_HEADERS, initialize(PROTOCOL_VERSION))

    def _headers(self, *extra):
        return (("Mcp-Session-Id", self.id), ("MCP-Protocol-Version", PROTOCOL_VERSION)) + extra

    def on_response(self, connection, status, headers, body):
        if self.step == "initialize":
            self.id = headers.get("mcp-session-id")
            if status != 200 or not self.id:
                return self.fail(f"initialize: HTTP {status} {body[:200]!r}")
            self.step = "initialized"
            connection.request("POST", "/mcp", self._headers(*POST_HEADERS),
                               rpc("notifications/initialized"))
        elif self.step == "initialized":
            if status != 202:
                return self.fail(f"notifications/initialized: HTTP {status}")
            if self.ping:
                self.step = "ping"
                connection.request("POST", "/mcp", self._headers(*POST_HEADERS), rpc("ping", 2))
            else:
                self.step = "get"
                connection.request("GET", "/mcp", self._headers(("Accept", "text/event-stream")))
        elif self.step == "ping":
            answer = json.loads(body) if status == 200 else {}
            if answer.get("id") != 2 or "result" not in answer:
                return self.fail(f"ping: HTTP {status} {body[:200]!r}")
            self.open = True
        else:
            self.fail(f"{self.step}: unexpected HTTP {status} {body[:200]!r}")

    def on_stream_start(self, connection, status, headers):
        if self.step != "get" or status != 200:
            return self.fail(f"{self.step}: unexpected event stream, HTTP {status}")
        self.open = True

    def on_event(self, connection, name, data):
        if name == "comment":
            self.keepalives += 1

    def delete(self, connection):
        connection.request("DELETE", "/mcp", self._headers())


class LegacySession(Session):
    """GET /sse; POST initialize and notifications/initialized to the endpoint
    it names, on a second connection closed after; open once the answer to
    initialize arrives on the stream."""

    def __init__(self, loop, ping=False):
        super().__init__(loop, ping)
        self.stream = Connection(loop, self)
        self.stream.request("GET", "/sse", (("Accept", "text/event-stream"),))
        self.poster = None
        self.endpoint = None
        self.posts_unanswered = 0

    def close(self):
        super().close()
        if self.poster:
            self.poster.close()

    def on_stream_start(self, connection, status, headers):
        if status != 200:
            self.fail(f"GET /sse: HTTP {status}")

    def on_event(self, connection, name, data):
        if name == "comment":
            self.keepalives += 1
        elif name == "endpoint":
            self.endpoint = data
            self.poster = Connection(self.loop, self)
            self._post(initialize(LEGACY_PROTOCOL_VERSION))
            self._post(rpc("notifications/initialized"))
            if self.ping:
                self._post(rpc("ping", 2))
        elif name == "message":
            message = json.loads(data)
            if message.get("id") not in (1, 2):
                return
            if "result" not in message:
                self.fail(f"answer on the stream: {data[:200]}")
            elif message["id"] == (2 if self.ping else 1):
                self.open = True

    def _post(self, body):
        self.posts_unanswered += 1
        self.poster.request("POST", self.endpoint, (("Content-Type", "application/json"),), body)

    def on_response(self, connection, status, headers, body):
        if status != 202:
            return self.fail(f"POST {self.endpoint}: HTTP {status} {body[:200]!r}")
        self.posts_unanswered -= 1
        if self.posts_unanswered == 0:
            self.poster.close()


class Deleter:
    """DELETEs a batch of Streamable sessions one after another over one
    keep-alive connection."""

    def __init__(self, loop, batch):
        self.batch = batch
        self.expected = len(batch)
        self.answered = 0
        self.ok = 0
        self.connection = Connection(loop, self)
        self._next()

    def _next(self):
        if self.batch:
            self.batch.pop().delete(self.connection)

    def on_response(self, connection, status, headers, body):
        self.answered += 1
        self.ok += status == 200
        self._next()

    def on_close(self, connection, error):
        self.batch = []

    def finished(self):
        return self.connection.closed or self.answered == self.expected


# --- the phases of a run -----------------------------------------------------


def open_sessions(loop, make_session, count, concurrency, timeout):
    """Opens `count` sessions, at most `concurrency` of them at a time."""
    sessions, opening = [], []
    deadline = time.monotonic() + timeout
    while (len(sessions) < count or opening) and time.monotonic() < deadline:
        opening = [s for s in opening if not s.done()]
        while len(opening) < concurrency and len(sessions) < count:
            opening.append(make_session(loop))
            sessions.append(opening[-1])
        loop.poll(0.05)
    return sessions


def hold(loop, daemon, seconds):
    """Keeps the streams open, reading what comes, for `seconds`; returns
    RssAnon sampled once a second."""
    samples = []
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        loop.run(min(left, 1.0))
        samples.append(daemon.status()["RssAnon"])
    return samples


def ping_fresh_session(loop, make_session):
    """Milliseconds for a new session to be set up and answer ping, or None."""
    started = time.monotonic()
    probe = make_session(loop, ping=True)
    loop.run(10, probe.done)
    took = 1000 * (time.monotonic() - started)
    probe.close()
    return (took if probe.open else None), probe.error


def close_sessions(loop, sessions, legacy):
    """Hangs up every stream. That ends a legacy session; Streamable sessions
    outlive their streams, so they are DELETEd too."""
    for s in sessions:
        s.close()
    if legacy:
        print(f"closed {len(sessions)} streams (which ends their sessions)")
        return
    started = time.monotonic()
    to_delete = [s for s in sessions if s.id]
    deleters = [Deleter(loop, to_delete[i::8]) for i in range(8)]
    loop.run(30, lambda: all(d.finished() for d in deleters))
    print(f"closed {len(sessions)} streams, DELETE answered 200 for "
          f"{sum(d.ok for d in deleters)}/{len(to_delete)} sessions "
          f"in {time.monotonic() - started:.2f} s")
    for d in deleters:
        d.connection.close()


def terminate(daemon, loop, timeout):
    """SIGTERM; serves the sockets while waiting. Returns (exit status or
    None, seconds until exit)."""
    started = time.monotonic()
    daemon.process.send_signal(signal.SIGTERM)
    while daemon.process.poll() is None and time.monotonic() - started < timeout:
        loop.poll(0.002)
    return daemon.process.returncode, time.monotonic() - started


# --- the run -----------------------------------------------------------------


def raise_fd_limit(needed):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft >= needed:
        return
    if hard != resource.RLIM_INFINITY and hard < needed:
        raise BenchError(f"need {needed} file descriptors, the hard limit is {hard} (ulimit -Hn)")
    resource.setrlimit(resource.RLIMIT_NOFILE, (needed, hard))


def mib(kib):
    return f"{kib / 1024:.1f} MiB"


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--streams", type=int, default=1000,
                        help="idle streams to hold (default 1000)")
    parser.add_argument("--legacy", action="store_true",
                        help="legacy HTTP+SSE (GET /sse) instead of Streamable HTTP (GET /mcp)")
    parser.add_argument("--hold", type=float, default=5.0,
                        help="seconds to hold them open (default 5)")
    parser.add_argument("--keepalive-ms", type=int,
                        help="http.sse.keepalive_interval_ms (default: the daemon's, 15000)")
    parser.add_argument("--stop-while-open", action="store_true",
                        help="send SIGTERM with the streams still open and check that each "
                             "ends with the last chunk")
    parser.add_argument("--binary", type=Path, default=REPO / "build" / "plugboard",
                        help="the daemon (default build/plugboard)")
    parser.add_argument("--plugin-dir", type=Path,
                        help="the bundled plugins (default: plugins/ next to the binary)")
    parser.add_argument("--concurrency", type=int, default=64,
                        help="sessions being set up at once (default 64)")
    return parser.parse_args()


def main():
    args = parse_arguments()
    if not args.binary.is_file():
        raise BenchError(f"{args.binary} not found; build first (cmake --build build)")
    plugin_dir = args.plugin_dir or args.binary.parent / "plugins"
    # Both ends of every stream are on this machine; the daemon inherits the limit.
    raise_fd_limit(2 * args.streams + 256)
    make_session = LegacySession if args.legacy else StreamableSession
    kind = "legacy GET /sse" if args.legacy else "Streamable HTTP GET /mcp"
    keepalive = f"{args.keepalive_ms} ms" if args.keepalive_ms else "15000 ms (default)"
    print(f"{args.streams} idle {kind} streams, held {args.hold:g} s, keepalive {keepalive}")

    failures = []
    with tempfile.TemporaryDirectory(prefix="plugboard-bench-") as workdir:
        # A few spare sessions: the ping probe needs one.
        daemon = Daemon(args.binary, plugin_dir, args.streams + 16, args.keepalive_ms,
                        Path(workdir))
        try:
            failures = run(args, daemon, make_session)
        finally:
            daemon.kill()
            if failures:
                print(f"\ndaemon log, last lines:\n{daemon.log_tail()}")
    if failures:
        print("\nFAILED: " + "; ".join(failures))
        return 1
    return 0


def run(args, daemon, make_session):
    failures = []
    print(f"daemon pid {daemon.pid} on 127.0.0.1:{daemon.port} ({args.binary})")
    loop = Loop(daemon.port)
    time.sleep(0.5)  # let start-up settle
    samples = [("before sessions", daemon.status())]

    started = time.monotonic()
    sessions = open_sessions(loop, make_session, args.streams, args.concurrency,
                             timeout=60 + args.streams / 50)
    opened = sum(s.alive() for s in sessions)
    errors = [s.error for s in sessions if s.error]
    print(f"opened {opened}/{args.streams} streams in {time.monotonic() - started:.2f} s"
          + (f"; first error: {errors[0]}" if errors else ""))
    if opened < args.streams:
        failures.append(f"only {opened} of {args.streams} streams opened")
    samples.append(("after opening", daemon.status()))

    cpu_before = daemon.cpu_seconds()
    during = hold(loop, daemon, args.hold)
    cpu_hold = daemon.cpu_seconds() - cpu_before
    samples.append((f"after {args.hold:g} s idle", daemon.status()))
    alive = sum(s.alive() for s in sessions)
    if alive < opened:
        why = next((s.error or "the daemon ended it" for s in sessions
                    if s.open and not s.alive()), "")
        failures.append(f"{opened - alive} streams ended during the hold (first: {why})")

    print(f"\n{'':22}{'VmRSS':>12}{'RssAnon':>12}")
    for label, fields in samples:
        print(f"{label:22}{mib(fields['VmRSS']):>12}{mib(fields['RssAnon']):>12}")
    before, held = samples[0][1], samples[-1][1]
    per_stream = [f"{(held[key] - before[key]) / max(opened, 1):.1f} KiB"
                  for key in ("VmRSS", "RssAnon")]
    print(f"{'per stream':22}{per_stream[0]:>12}{per_stream[1]:>12}"
          f"   (after {args.hold:g} s idle minus before sessions, / {opened})")
    print(f"RssAnon sampled each second of the hold: min {mib(min(during))}, "
          f"max {mib(max(during))}")
    print(f"\nstreams still open after the hold: {alive}/{opened}")
    print(f"keepalive comments received during the hold: {sum(s.keepalives for s in sessions)}")
    print(f"daemon CPU time during the hold: {cpu_hold:.2f} s "
          f"({100 * cpu_hold / args.hold:.1f}% of one core)")
    print(f"daemon threads {held['Threads']}, open file descriptors {daemon.open_fds()}")

    took, error = ping_fresh_session(loop, make_session)
    if took is None:
        print(f"ping on a fresh session: FAILED ({error or 'no answer within 10 s'})")
        failures.append("ping on a fresh session failed")
    else:
        print(f"ping on a fresh session: answered, {took:.1f} ms including the session set-up")

    if args.stop_while_open:
        status, took = terminate(daemon, loop, timeout=20)
        loop.run(1, lambda: all(s.stream_ended or s.error for s in sessions))
        ended = sum(s.stream_ended for s in sessions)
        print(f"SIGTERM with the streams open: {ended}/{opened} streams ended with the last chunk")
        if ended < opened:
            failures.append(f"{opened - ended} streams did not end cleanly on SIGTERM")
        for s in sessions:
            s.close()
    else:
        close_sessions(loop, sessions, args.legacy)
        time.sleep(1)
        after = daemon.status()
        print(f"1 s after closing: VmRSS {mib(after['VmRSS'])}, RssAnon {mib(after['RssAnon'])}, "
              f"open file descriptors {daemon.open_fds()}")
        status, took = terminate(daemon, loop, timeout=20)
    if status is None:
        print(f"SIGTERM: still running after {took:.1f} s; killed")
        failures.append("the daemon did not stop on SIGTERM")
    else:
        print(f"SIGTERM: exited with status {status} after {1000 * took:.0f} ms")
        if status != 0:
            failures.append(f"exit status {status}")
    return failures


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchError as error:
        print(f"error: {error}", file=sys.stderr)
        sys.exit(2)
