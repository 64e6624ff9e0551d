"""A mock EDGAR on 127.0.0.1 for the tests of mbs-fetch: full index, submissions JSON, full submissions.

It serves two quarters of ``master.idx`` (1998 QTR4 and 2004 QTR1, with the header lines of the real
file, other forms and companies, and one path-traversal file name; every other quarter has the header
and no rows), the submissions JSON of data.sec.gov (under ``/data.sec.gov``) with each company's SIC
code, and two real full submissions bundled in ``tests/fixtures/edgar``. Every request is recorded
with its arrival time and headers. Faults are queued per path (consumed one per request) or set for
good: ``429`` (with ``Retry-After: 1``), ``503``, ``403``, ``slow`` (no answer for ``slow_seconds``),
``truncate`` (the full Content-Length, half the body, then the connection closes), ``short`` (a
complete HTTP response of half the body), ``redirect`` (to another host) and ``trickle`` (the body
in small chunks, slowly).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import threading
import time
from collections import deque
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "edgar"
AAMES = FIXTURES / "0001011438-98-000429.txt"  # real: AAMES CAPITAL CORP, CIK 913951, filed 1998-12-31
THORNBURG = FIXTURES / "0001056404-04-000060.txt"  # THORNBURG MORTGAGE SECURITIES TRUST 2003-1, CIK 1216897

AAMES_PATH = "/Archives/edgar/data/913951/0001011438-98-000429.txt"
THORNBURG_PATH = "/Archives/edgar/data/1216897/0001056404-04-000060.txt"
TRAVERSAL_LINE = "913951|AAMES CAPITAL CORP|8-K|1998-12-30|edgar/data/913951/../../../../../tmp/mbs-escape.txt"

# master.idx rows: (CIK, company, form, date filed, file name). Only the two real filings are served.
INDEX_ROWS = [
    "1000180|SANDISK CORP|8-K|1998-10-21|edgar/data/1000180/0000891618-98-004635.txt",
    "913951|AAMES CAPITAL CORP|10-Q|1998-11-16|edgar/data/913951/0001011438-98-000350.txt",
    "1000180|SANDISK CORP|8-K|1998-12-02|edgar/data/1000180/0000891618-98-005321.txt",
    "1020242|WELLS FARGO ASSET SECURITIES CORP|424B5|1998-12-15|edgar/data/1020242/0000950130-98-005999.txt",
    TRAVERSAL_LINE,
    "913951|AAMES CAPITAL CORP|8-K|1998-12-31|edgar/data/913951/0001011438-98-000429.txt",
    "1216897|THORNBURG MORTGAGE SECURITIES TRUST 2003-1|8-K|2004-01-05|edgar/data/1216897/0001056404-04-000060.txt",
    "1000180|SANDISK CORP|10-K|2004-03-12|edgar/data/1000180/0000891618-04-000200.txt",
    "1216897|THORNBURG MORTGAGE SECURITIES TRUST 2003-1|10-K|2004-03-30|edgar/data/1216897/0001056404-04-000999.txt",
]
COMPANIES = {
    913951: ("AAMES CAPITAL CORP", "6189", "Asset-Backed Securities"),
    1216897: ("THORNBURG MORTGAGE SECURITIES TRUST 2003-1", "6189", "Asset-Backed Securities"),
    1000180: ("SANDISK CORP", "3572", "Computer Storage Devices"),
}
# The real file's header: five described lines, a blank one, three holding a single space, the columns.
_HEADER = "\n".join(
    [
        "Description:           Master Index of EDGAR Dissemination Feed",
        "Last Data Received:    {last}",
        "Comments:              webmaster@sec.gov",
        "Anonymous FTP:         ftp://ftp.sec.gov/edgar/",
        "Cloud HTTP:            https://www.sec.gov/Archives/",
        "",
        " ",
        " ",
        " ",
        "CIK|Company Name|Form Type|Date Filed|Filename",
        "-" * 80,
        "",
    ]
)
_INDEX = re.compile(r"/Archives/edgar/full-index/(\d{4})/QTR([1-4])/master\.idx")
_SUBMISSIONS = re.compile(r"/data\.sec\.gov/submissions/CIK(\d{10})\.json")


def master_index(year: int, quarter: int) -> bytes:
    """The quarter's master.idx: the header of the real file and the rows filed in the quarter."""
    rows = [r for r in INDEX_ROWS if (lambda d: d.year == year and (d.month - 1) // 3 + 1 == quarter)(_filed(r))]
    last = dt.date(year, 3 * quarter, 28).strftime("%B %d, %Y")
    return (_HEADER.format(last=last) + "".join(r + "\n" for r in rows)).encode("ascii")


def _filed(row: str) -> dt.date:
    return dt.date.fromisoformat(row.split("|")[3])


@dataclass(frozen=True)
class Request:
    time: float  # time.monotonic() when the request line arrived
    path: str
    headers: dict[str, str]


class MockEdgar:
    def __init__(self, slow_seconds: float = 3.0, trickle_chunk: int = 1024, trickle_pause: float = 0.05):
        self.files = {AAMES_PATH: AAMES.read_bytes(), THORNBURG_PATH: THORNBURG.read_bytes()}
        self.requests: list[Request] = []
        self.queued: dict[str, deque[str]] = {}
        self.always: dict[str, str] = {}
        self.slow_seconds, self.trickle_chunk, self.trickle_pause = slow_seconds, trickle_chunk, trickle_pause
        self.trickled = 0  # bytes of a trickled body sent so far
        self.lock = threading.Lock()
        mock = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:  # quiet
                pass

            def do_GET(self) -> None:
                mock._handle(self)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, name="mock-edgar", daemon=True)

    # ---- control

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    @property
    def data_url(self) -> str:
        return self.url + "/data.sec.gov"

    def queue(self, path: str, *faults: str) -> None:
        self.queued.setdefault(path, deque()).extend(faults)

    def start(self) -> MockEdgar:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def paths(self, prefix: str = "") -> list[str]:
        with self.lock:
            return [r.path for r in self.requests if r.path.startswith(prefix)]

    def clear(self) -> None:
        with self.lock:
            self.requests.clear()

    # ---- serving

    def _fault(self, path: str) -> str | None:
        with self.lock:
            queued = self.queued.get(path)
            if queued:
                return queued.popleft()
            return self.always.get(path)

    def _body(self, path: str) -> tuple[int, bytes, str]:
        if match := _INDEX.fullmatch(path):
            return 200, master_index(int(match.group(1)), int(match.group(2))), "text/plain"
        if match := _SUBMISSIONS.fullmatch(path):
            cik = int(match.group(1))
            if cik not in COMPANIES:
                return 404, b"Not Found", "text/plain"
            name, sic, description = COMPANIES[cik]
            document = {"cik": str(cik), "name": name, "sic": sic, "sicDescription": description, "filings": {}}
            return 200, json.dumps(document).encode(), "application/json"
        if path in self.files:
            return 200, self.files[path], "text/plain"
        return 404, b"Not Found", "text/plain"

    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        path = handler.path
        with self.lock:
            self.requests.append(Request(time.monotonic(), path, dict(handler.headers.items())))
        fault = self._fault(path)
        status, body, content_type = self._body(path)
        try:
            if fault == "slow":
                time.sleep(self.slow_seconds)
            if fault in ("429", "503", "403"):
                extra = {"Retry-After": "1"} if fault == "429" else {}
                self._send(handler, int(fault), b"Refused", "text/plain", extra)
            elif fault == "redirect":
                location = "http://mirror.example.invalid" + path
                self._send(handler, 302, b"", "text/plain", {"Location": location})
            elif fault == "truncate":
                self._send(handler, status, body, content_type, send=len(body) // 2)
                handler.close_connection = True
            elif fault == "short":
                self._send(handler, status, body[: len(body) // 2], content_type)
            elif fault == "trickle":
                self._send(handler, status, body, content_type, send=0)
                for start in range(0, len(body), self.trickle_chunk):
                    handler.wfile.write(body[start : start + self.trickle_chunk])
                    handler.wfile.flush()
                    self.trickled = start + self.trickle_chunk
                    time.sleep(self.trickle_pause)
            else:
                self._send(handler, status, body, content_type)
        except (BrokenPipeError, ConnectionResetError):
            handler.close_connection = True

    @staticmethod
    def _send(handler, status: int, body: bytes, content_type: str, extra: dict | None = None, send: int | None = None):
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(body)))
        for key, value in (extra or {}).items():
            handler.send_header(key, value)
        handler.end_headers()
        handler.wfile.write(body if send is None else body[:send])
        handler.wfile.flush()
