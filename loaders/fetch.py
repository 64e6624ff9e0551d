"""``mbs-fetch --out DIR [filters]``: download EDGAR full submissions, politely, resumably and safely.

Reads EDGAR's quarterly full index (``master.idx``) for the quarters in range, keeps the rows that
match the filters and downloads each full submission to ``DIR/{cik}/{accession}.txt``, the layout
``mbs-load DIR`` reads. ``--load`` then loads DIR into the build warehouse.
Exit status: 0 when everything matched was fetched, 1 when something failed or was refused (each
named), 2 for bad arguments, an unreachable base URL, or when EDGAR refused us (repeated 403).
"""

from __future__ import annotations

import argparse
import datetime as dt
import email.utils
import gzip
import hashlib
import json
import os
import re
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar
from urllib.parse import urljoin, urlsplit

# httpx: a maintained HTTP client with separate connect/read timeouts, streamed bodies (a filing
# goes to disk as it arrives, with the size limit checked on the way), gzip decoding (the SEC asks
# clients to accept it) and redirects that are off unless asked for: we inspect each one ourselves.
import httpx

# tenacity: retries with exponential backoff and jitter as a policy object (stop, wait, which
# errors), instead of a hand-written loop; our wait function adds Retry-After on top of it.
import tenacity

from loaders.limits import MAX_FILE_BYTES
from loaders.progress import progress_bar

DEFAULT_BASE_URL = "https://www.sec.gov"
DEFAULT_DATA_URL = "https://data.sec.gov"
DEFAULT_FORMS = ("8-K", "8-K/A", "10-D", "10-D/A")
ASSET_BACKED_SIC = "6189"
MAX_RPS = 10.0  # SEC fair access: at most 10 requests per second, whatever the user asks for
FIRST_INDEX_DAY = dt.date(1993, 1, 1)  # EDGAR's full index starts with 1993 QTR1
# A quarter's index is final some days after the quarter ends; only final ones are cached.
INDEX_FINAL_AFTER = dt.timedelta(days=7)
# The full index of a busy quarter is tens of MB: it has its own, larger cap than a filing.
MAX_INDEX_BYTES = 1024 * 1024 * 1024
MAX_JSON_BYTES = 64 * 1024 * 1024
MAX_FORBIDDEN = 3  # consecutive 403 responses before the run stops: EDGAR is blocking us
MAX_RETRY_AFTER = 600.0  # seconds; a longer Retry-After is capped
MAX_REDIRECTS = 5
T = TypeVar("T")
STATE_FILE = ".mbs-fetch-state.jsonl"  # one line per fetched filing (dot files: mbs-load skips them)
SIC_FILE = ".mbs-fetch-sic.jsonl"  # one line per CIK looked up
INDEX_CACHE = ".mbs-fetch-index-{year}-QTR{quarter}-{forms}.idx.gz"

_ACCESSION = re.compile(r"\d{10}-\d{2}-\d{6}")
_FILENAME = re.compile(r"edgar/data/(\d{1,10})/(\d{10}-\d{2}-\d{6})\.txt")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_INDEX_COLUMNS = "CIK|Company Name|Form Type|Date Filed|Filename"
_SUBMISSION_ENDS = (b"</SEC-DOCUMENT>", b"-----END PRIVACY-ENHANCED MESSAGE-----")


# ----------------------------------------------------------------------------- pure functions


@dataclass(frozen=True)
class Filing:
    """A matched index row whose file name was validated: every part of its path is digits."""

    cik: int
    accession: str
    company: str
    form: str
    filed: dt.date

    @property
    def relative_path(self) -> str:
        return f"{self.cik}/{self.accession}.txt"

    @property
    def url_path(self) -> str:
        return f"/Archives/edgar/data/{self.cik}/{self.accession}.txt"


@dataclass(frozen=True)
class IndexRow:
    cik: int
    company: str
    form: str
    filed: dt.date
    filename: str


@dataclass(frozen=True)
class Refusal:
    """An index line that is not fetched, and why (a path-traversal file name, a malformed line)."""

    line: str
    reason: str


@dataclass(frozen=True)
class Filters:
    ciks: frozenset[int] | None = None
    company: re.Pattern | None = None
    forms: frozenset[str] = frozenset(DEFAULT_FORMS)
    since: dt.date = FIRST_INDEX_DAY
    until: dt.date = field(default_factory=dt.date.today)
    sics: frozenset[str] | None = None

    def matches(self, row: IndexRow) -> bool:
        """Every filter but SIC (which needs a request per company)."""
        return (
            (self.ciks is None or row.cik in self.ciks)
            and row.form.upper() in self.forms
            and self.since <= row.filed <= self.until
            and (self.company is None or self.company.search(row.company) is not None)
        )


def check_user_agent(value: str | None) -> str:
    """The declared User-Agent, stripped; ``ValueError`` saying what is missing (a name, an e-mail)."""
    value = (value or "").strip()
    if not value:
        raise ValueError(
            "a User-Agent with your name and e-mail is required by the SEC's fair-access rules: "
            'pass --user-agent "Jane Doe jane@example.com" or set MBS_EDGAR_USER_AGENT'
        )
    email_match = _EMAIL.search(value)
    name = _EMAIL.sub(" ", value)
    if not email_match:
        raise ValueError(f"the User-Agent {value!r} has no contact e-mail address (e.g. jane@example.com)")
    if not re.search(r"[A-Za-z]{2,}", name):
        raise ValueError(f"the User-Agent {value!r} has no name before the e-mail (e.g. 'Jane Doe jane@example.com')")
    if any(ord(c) < 32 or ord(c) > 126 for c in value):
        raise ValueError(f"the User-Agent {value!r} must be printable ASCII")
    return value


def parse_ciks(value: str) -> frozenset[int]:
    ciks = set()
    for part in value.split(","):
        part = part.strip()
        if not re.fullmatch(r"\d{1,10}", part) or int(part) == 0:
            raise ValueError(f"--cik: {part!r} is not a CIK (1 to 10 digits)")
        ciks.add(int(part))
    return frozenset(ciks)


def parse_list(value: str) -> frozenset[str]:
    items = frozenset(p.strip().upper() for p in value.split(",") if p.strip())
    if not items:
        raise ValueError(f"empty list: {value!r}")
    return items


def quarters(since: dt.date, until: dt.date) -> list[tuple[int, int]]:
    """The (year, quarter) pairs whose full index covers filing dates ``since``..``until``."""
    out = []
    year, quarter = since.year, (since.month - 1) // 3 + 1
    while (year, quarter) <= (until.year, (until.month - 1) // 3 + 1):
        out.append((year, quarter))
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    return out


def quarter_end(year: int, quarter: int) -> dt.date:
    return (
        dt.date(year + 1, 1, 1) - dt.timedelta(days=1)
        if quarter == 4
        else dt.date(year, 3 * quarter + 1, 1) - dt.timedelta(days=1)
    )


def index_is_final(year: int, quarter: int, today: dt.date) -> bool:
    """A closed quarter's index no longer changes (a week's margin for late dissemination)."""
    return today >= quarter_end(year, quarter) + INDEX_FINAL_AFTER


def _parse_date(text: str) -> dt.date | None:
    for fmt in ("%Y-%m-%d", "%Y%m%d"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def parse_master_index(text: str) -> Iterator[IndexRow | Refusal]:
    """The data lines of a ``master.idx`` (after its header and the dashed rule), as rows or refusals.

    ``ValueError`` when the text is not a master index (no column line): a mirror's error page.
    """
    lines = text.splitlines()
    try:
        start = next(i for i, line in enumerate(lines) if line.strip() == _INDEX_COLUMNS)
    except StopIteration:
        raise ValueError("not an EDGAR master index (no 'CIK|Company Name|...' line)") from None
    for line in lines[start + 1 :]:
        if not line.strip() or set(line.strip()) == {"-"}:
            continue
        parts = line.split("|")
        if len(parts) < 5:
            yield Refusal(line, "malformed index line (fewer than 5 fields)")
            continue
        # A company name may hold a "|": the other fields are counted from both ends.
        cik, company, form, filed, filename = parts[0], "|".join(parts[1:-3]), parts[-3], parts[-2], parts[-1]
        date = _parse_date(filed.strip())
        if not cik.strip().isdigit() or date is None:
            yield Refusal(line, "malformed index line (CIK or date unreadable)")
            continue
        yield IndexRow(int(cik), company.strip(), form.strip(), date, filename.strip())


def validate(row: IndexRow) -> Filing | Refusal:
    """The filing of an index row, or a refusal: the file name must be ``edgar/data/CIK/ACCESSION.txt``.

    Only the digits matched here reach a path on disk or a URL; anything else (``../``, an absolute
    path, another host, another CIK's folder) is refused.
    """
    match = _FILENAME.fullmatch(row.filename)
    line = f"{row.cik}|{row.company}|{row.form}|{row.filed.isoformat()}|{row.filename}"
    if not match:
        return Refusal(line, f"file name {row.filename!r} is not edgar/data/<CIK>/<accession>.txt")
    if int(match.group(1)) != row.cik:
        return Refusal(line, f"file name {row.filename!r} is not in the folder of CIK {row.cik}")
    return Filing(row.cik, match.group(2), row.company, row.form.upper(), row.filed)


def select_filings(rows: Iterable[IndexRow | Refusal], filters: Filters) -> tuple[list[Filing], list[Refusal]]:
    """The filings that match ``filters`` (SIC aside), once per accession, and the refused lines.

    A malformed line is refused whatever the filters (it cannot be matched); a line with a bad file
    name only when it matches them.
    """
    filings: dict[str, Filing] = {}
    refusals = []
    for row in rows:
        if isinstance(row, Refusal):
            refusals.append(row)
            continue
        if not filters.matches(row):
            continue
        checked = validate(row)
        if isinstance(checked, Refusal):
            refusals.append(checked)
        else:
            filings.setdefault(checked.accession, checked)  # a co-registrant's row names the same file
    return list(filings.values()), refusals


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or an HTTP date), else None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def submission_problem(head: bytes, tail: bytes, accession: str) -> str | None:
    """Why downloaded bytes are not the complete full submission ``accession`` (None when they are)."""
    if accession.encode() not in head:
        return f"the file does not name accession {accession} in its first {len(head)} bytes"
    if not tail.rstrip().endswith(_SUBMISSION_ENDS):
        return "the file does not end with </SEC-DOCUMENT> or the PEM end line (truncated)"
    return None


# ----------------------------------------------------------------------------- HTTP


class FetchError(Exception):
    """A request that did not give what we asked for; ``retryable`` decides whether to try again."""

    def __init__(self, reason: str, detail: str, retryable: bool = False, retry_after: float | None = None):
        super().__init__(detail)
        self.reason, self.detail, self.retryable, self.retry_after = reason, detail, retryable, retry_after


class Blocked(Exception):
    """EDGAR answered 403 repeatedly: continuing would only prolong the block."""


class Unreachable(Exception):
    """A base URL never answered during this run."""


class RateLimiter:
    """At most ``rate`` request starts in any one-second window, for every request of the run.

    Requests are spaced by ``1/rate`` and, in addition, the ``rate``-th previous start must lie more
    than a second (plus a margin for the network's jitter) in the past, so a window measured at the
    server never holds more than ``rate`` requests. Thread-safe.
    """

    def __init__(self, rate: float, margin: float = 0.1, clock: Callable[[], float] = time.monotonic):
        self.rate, self.margin, self.clock = rate, margin, clock
        self.window = max(int(rate), 1)
        self.starts: deque[float] = deque(maxlen=self.window)
        self.lock = threading.Lock()

    def wait(self) -> None:
        with self.lock:
            while True:
                now = self.clock()
                delay = 0.0
                if self.starts:
                    delay = max(delay, self.starts[-1] + 1.0 / self.rate - now)
                if len(self.starts) == self.window:
                    delay = max(delay, self.starts[0] + 1.0 + self.margin - now)
                if delay <= 0:
                    self.starts.append(now)
                    return
                time.sleep(delay)


@dataclass
class Settings:
    base_url: str
    data_url: str
    user_agent: str
    max_rps: float = MAX_RPS
    timeout: float = 30.0
    attempts: int = 5
    backoff: float = 1.0
    max_backoff: float = 60.0
    deadline: float = 300.0  # seconds for one response, however slowly it trickles in


class Edgar:
    """EDGAR over HTTP: every request through one rate limiter, retried by one policy."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.limiter = RateLimiter(settings.max_rps)
        self.client = httpx.Client(
            headers={"User-Agent": settings.user_agent, "Accept-Encoding": "gzip, deflate"},
            timeout=httpx.Timeout(settings.timeout),
            follow_redirects=False,
        )
        self.forbidden = 0  # consecutive 403 responses
        self.answered: set[str] = set()  # hosts that answered at least once

    def close(self) -> None:
        self.client.close()

    def _wait(self, retry_state: tenacity.RetryCallState) -> float:
        exc = retry_state.outcome.exception() if retry_state.outcome else None
        backoff = tenacity.wait_exponential_jitter(
            initial=self.settings.backoff, max=self.settings.max_backoff, jitter=self.settings.backoff
        )(retry_state)
        if isinstance(exc, FetchError) and exc.retry_after is not None:
            return min(max(exc.retry_after, 0.0), MAX_RETRY_AFTER)
        return backoff

    def get(self, url: str, consume: Callable[[_Body], T]) -> T:
        """GET ``url`` and hand the response to ``consume`` (which reads its body), with retries."""
        retrying = tenacity.Retrying(
            retry=tenacity.retry_if_exception(lambda e: isinstance(e, FetchError) and e.retryable),
            stop=tenacity.stop_after_attempt(self.settings.attempts),
            wait=self._wait,
            reraise=True,
        )
        try:
            return retrying(self._attempt, url, consume)
        except FetchError as exc:
            host = urlsplit(url).netloc
            if exc.reason == "connection" and host not in self.answered:
                raise Unreachable(f"cannot reach {urlsplit(url).scheme}://{host}: {exc.detail}") from exc
            raise

    def _attempt(self, url: str, consume: Callable[[_Body], T]) -> T:
        for _ in range(MAX_REDIRECTS + 1):
            self.limiter.wait()
            started = time.monotonic()
            try:
                with self.client.stream("GET", url) as response:
                    self.answered.add(urlsplit(url).netloc)
                    if response.is_redirect:
                        url = self._redirect_target(url, response)
                        continue
                    self._check_status(url, response)
                    result = consume(_Body(response, started + self.settings.deadline))
                    length = response.headers.get("content-length")
                    if length and length.isdigit() and response.num_bytes_downloaded != int(length):
                        raise FetchError(
                            "truncated",
                            f"{url}: got {response.num_bytes_downloaded} of {length} bytes",
                            retryable=True,
                        )
                    self.forbidden = 0
                    return result
            except httpx.TimeoutException as exc:
                raise FetchError("timeout", f"{url}: timed out ({type(exc).__name__})", retryable=True) from exc
            except httpx.ConnectError as exc:
                raise FetchError("connection", f"{url}: {exc}", retryable=True) from exc
            except (httpx.RemoteProtocolError, httpx.ReadError, httpx.DecodingError) as exc:
                raise FetchError("truncated", f"{url}: the response broke off ({exc})", retryable=True) from exc
            except httpx.TransportError as exc:
                raise FetchError("connection", f"{url}: {exc}", retryable=True) from exc
        raise FetchError("redirects", f"{url}: more than {MAX_REDIRECTS} redirects")

    def _redirect_target(self, url: str, response: httpx.Response) -> str:
        target = urljoin(url, response.headers.get("location", ""))
        here, there = urlsplit(url), urlsplit(target)
        if (here.scheme, here.netloc) != (there.scheme, there.netloc):
            raise FetchError(
                "redirect_other_host",
                f"{url}: redirected to another host ({there.scheme}://{there.netloc}), not followed",
            )
        return target

    def _check_status(self, url: str, response: httpx.Response) -> None:
        status = response.status_code
        if status == 200:
            return
        if status == 403:
            self.forbidden += 1
            if self.forbidden >= MAX_FORBIDDEN:
                raise Blocked(
                    f"EDGAR refused {self.forbidden} requests in a row with 403 Forbidden (last: {url}). "
                    "It blocks clients that do not declare a User-Agent with a name and an e-mail, or that "
                    "send more than 10 requests per second. Check --user-agent, wait ten minutes, and run "
                    "the same command again: what was fetched is kept."
                )
            raise FetchError("forbidden", f"{url}: 403 Forbidden", retryable=True)
        self.forbidden = 0
        if status == 429 or status >= 500:
            raise FetchError(
                "http_" + str(status),
                f"{url}: HTTP {status}",
                retryable=True,
                retry_after=parse_retry_after(response.headers.get("retry-after")),
            )
        raise FetchError("http_" + str(status), f"{url}: HTTP {status}")

    def get_bytes(self, url: str, limit: int) -> bytes:
        def consume(response: _Body) -> bytes:
            return b"".join(response.iter_bytes(limit, url))

        return self.get(url, consume)


class _Body:
    """A streamed response whose body must arrive before a deadline and stay under a size limit."""

    def __init__(self, response: httpx.Response, deadline: float):
        self.response, self.deadline = response, deadline

    @property
    def headers(self) -> httpx.Headers:
        return self.response.headers

    def iter_bytes(self, limit: int, url: str) -> Iterator[bytes]:
        length = self.response.headers.get("content-length")
        if length and length.isdigit() and int(length) > limit and "content-encoding" not in self.response.headers:
            raise FetchError("too_large", f"{url}: {int(length) / 2**20:.1f} MiB, over the {limit / 2**20:g} MiB limit")
        size = 0
        for chunk in self.response.iter_bytes():
            size += len(chunk)
            if size > limit:
                raise FetchError("too_large", f"{url}: more than the {limit / 2**20:g} MiB limit (MBS_MAX_FILE_MB)")
            if time.monotonic() > self.deadline:
                raise FetchError("timeout", f"{url}: the body did not arrive in time", retryable=True)
            yield chunk


# ----------------------------------------------------------------------------- the run


@dataclass
class Failure:
    what: str
    reason: str
    detail: str


@dataclass
class FetchSummary:
    listed: int = 0
    fetched: int = 0
    skipped: int = 0
    failed: int = 0
    refused: int = 0
    bytes_fetched: int = 0
    failures: list[Failure] = field(default_factory=list)
    refusals: list[Refusal] = field(default_factory=list)

    def line(self, out: Path, seconds: float) -> str:
        rate = self.bytes_fetched / max(seconds, 1e-6) / 1e6
        return (
            f"mbs-fetch: {self.listed} listed, {self.fetched} fetched, {self.skipped} skipped, "
            f"{self.failed} failed, {self.refused} refused; {self.bytes_fetched / 1e6:.1f} MB in {seconds:.1f} s "
            f"({rate:.2f} MB/s) -> {out}"
        )


def _append_jsonl(path: Path, record: dict) -> None:
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(record, sort_keys=True) + "\n")
        handle.flush()
        os.fsync(handle.fileno())


def _read_jsonl(path: Path) -> Iterator[dict]:
    """The records of a JSON-lines file; a line torn by a killed run is skipped."""
    if not path.exists():
        return
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if isinstance(record, dict):
            yield record


def _write_atomically(path: Path, data: bytes) -> None:
    temporary = path.with_name(f".{path.name}.part")
    with open(temporary, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


class Fetcher:
    def __init__(self, edgar: Edgar, out: Path, filters: Filters, today: dt.date):
        self.edgar, self.out, self.filters, self.today = edgar, out, filters, today
        self.summary = FetchSummary()
        self.sic_cache = {
            int(r["cik"]): str(r["sic"]) for r in _read_jsonl(out / SIC_FILE) if str(r.get("cik", "")).isdigit()
        }
        self.sic_failed: set[int] = set()  # looked up and failed in this run: not asked again

    # ---- index

    def _index_text(self, year: int, quarter: int) -> str:
        """The quarter's index lines of the requested forms: from the cache when final, else EDGAR."""
        forms_key = hashlib.sha256(",".join(sorted(self.filters.forms)).encode()).hexdigest()[:10]
        cache = self.out / INDEX_CACHE.format(year=year, quarter=quarter, forms=forms_key)
        if cache.exists():
            try:
                return gzip.decompress(cache.read_bytes()).decode("latin-1")
            except (OSError, EOFError):
                cache.unlink()
        url = f"{self.edgar.settings.base_url}/Archives/edgar/full-index/{year}/QTR{quarter}/master.idx"
        text = self.edgar.get_bytes(url, MAX_INDEX_BYTES).decode("latin-1")
        kept = _keep_forms(text, self.filters.forms)
        if index_is_final(year, quarter, self.today):
            _write_atomically(cache, gzip.compress(kept.encode("latin-1"), compresslevel=6))
        return kept

    def list_filings(self, progress: bool = False) -> list[Filing]:
        filings: dict[str, Filing] = {}
        periods = quarters(self.filters.since, self.filters.until)
        with progress_bar(len(periods), progress, unit="quarter", desc="index ") as bar:
            for year, quarter in periods:
                self._list_quarter(year, quarter, filings)
                bar.update(1)
        self.summary.refused = len(self.summary.refusals)
        selected = sorted(filings.values(), key=lambda f: (f.filed, f.cik, f.accession))
        if self.filters.sics is not None:
            selected = [f for f in selected if self._sic_matches(f)]
        self.summary.listed = len(selected)
        return selected

    def _list_quarter(self, year: int, quarter: int, filings: dict[str, Filing]) -> None:
        try:
            rows = parse_master_index(self._index_text(year, quarter))
            found, refusals = select_filings(rows, self.filters)
        except FetchError as exc:
            self._fail(f"index {year} QTR{quarter}", exc.reason, exc.detail)
            return
        except ValueError as exc:
            self._fail(f"index {year} QTR{quarter}", "bad_index", str(exc))
            return
        for filing in found:
            filings.setdefault(filing.accession, filing)
        self.summary.refusals.extend(refusals)

    # ---- SIC

    def _sic_matches(self, filing: Filing) -> bool:
        if filing.cik in self.sic_failed:
            self._fail(f"{filing.relative_path}", "sic_lookup", f"the SIC code of CIK {filing.cik} is unknown")
            return False
        sic = self.sic_cache.get(filing.cik)
        if sic is None:
            url = f"{self.edgar.settings.data_url}/submissions/CIK{filing.cik:010d}.json"
            try:
                sic = self._lookup_sic(url)
            except FetchError as exc:
                self.sic_failed.add(filing.cik)
                self._fail(f"{filing.relative_path}", "sic_lookup", exc.detail)
                return False
            self.sic_cache[filing.cik] = sic
            _append_jsonl(self.out / SIC_FILE, {"cik": filing.cik, "sic": sic})
        return sic in (self.filters.sics or ())

    def _lookup_sic(self, url: str) -> str:
        try:
            data = self.edgar.get_bytes(url, MAX_JSON_BYTES)
        except FetchError as exc:
            if exc.reason == "http_404":  # EDGAR has no submissions file for this CIK: no SIC
                return ""
            raise
        try:
            document = json.loads(data)
        except ValueError as exc:
            raise FetchError("bad_json", f"{url}: not JSON ({exc})") from exc
        sic = document.get("sic") if isinstance(document, dict) else None
        return str(sic or "").strip()

    # ---- downloads

    def _fail(self, what: str, reason: str, detail: str) -> None:
        self.summary.failed += 1
        self.summary.failures.append(Failure(what, reason, detail))

    def download(self, filing: Filing) -> str:
        """Fetch one filing unless it is on disk: 'fetched', 'skipped' or 'failed'."""
        final = self.out / filing.relative_path
        if final.exists():
            return "skipped"
        final.parent.mkdir(parents=True, exist_ok=True)
        temporary = final.with_name(f".{final.name}.part")  # a dot file: mbs-load never reads it
        url = f"{self.edgar.settings.base_url}{filing.url_path}"
        try:
            size, digest = self.edgar.get(url, lambda r: _save(r, url, temporary, filing.accession))
        except FetchError as exc:
            temporary.unlink(missing_ok=True)
            self._fail(
                f"{filing.relative_path} ({filing.form} {filing.filed}, {filing.company})", exc.reason, exc.detail
            )
            return "failed"
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
        os.replace(temporary, final)
        _append_jsonl(
            self.out / STATE_FILE,
            {
                "accession": filing.accession,
                "cik": filing.cik,
                "form": filing.form,
                "filed": filing.filed.isoformat(),
                "company": filing.company,
                "bytes": size,
                "sha256": digest,
                "url": url,
                "fetched_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            },
        )
        self.summary.fetched += 1
        self.summary.bytes_fetched += size
        return "fetched"

    def run(self, progress: bool) -> None:
        filings = self.list_filings(progress)
        bar = progress_bar(len(filings), progress, desc="mbs-fetch ")
        started = time.monotonic()
        try:
            for filing in filings:
                outcome = self.download(filing)
                if outcome == "skipped":
                    self.summary.skipped += 1
                bar.update(1)
                rate = self.summary.bytes_fetched / max(time.monotonic() - started, 1e-6) / 1e6
                bar.set_postfix_str(
                    f"listed {self.summary.listed} fetched {self.summary.fetched} skipped {self.summary.skipped} "
                    f"failed {self.summary.failed} {rate:.2f} MB/s"
                )
        finally:
            bar.close()


def _keep_forms(text: str, forms: frozenset[str]) -> str:
    """The index's header and those data lines whose form is requested (or that cannot be read)."""
    lines = text.splitlines()
    try:
        start = next(i for i, line in enumerate(lines) if line.strip() == _INDEX_COLUMNS)
    except StopIteration:
        return text  # parse_master_index says what is wrong with it
    kept = lines[: start + 1]
    for line in lines[start + 1 :]:
        parts = line.split("|")
        if len(parts) < 5 or parts[-3].strip().upper() in forms:
            kept.append(line)
    return "\n".join(kept) + "\n"


def _save(response: _Body, url: str, temporary: Path, accession: str) -> tuple[int, str]:
    """Stream a submission to ``temporary``, then check it is whole: (size, sha256)."""
    digest = hashlib.sha256()
    head = b""
    tail = b""
    size = 0
    with open(temporary, "wb") as handle:
        for chunk in response.iter_bytes(MAX_FILE_BYTES, url):
            handle.write(chunk)
            digest.update(chunk)
            if len(head) < 8192:
                head = (head + chunk)[:8192]
            tail = (tail + chunk)[-256:]
            size += len(chunk)
        handle.flush()
        os.fsync(handle.fileno())
    problem = submission_problem(head, tail, accession)
    if problem:
        raise FetchError("incomplete", f"{url}: {problem}", retryable=True)
    return size, digest.hexdigest()


# ----------------------------------------------------------------------------- command line


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date YYYY-MM-DD") from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="mbs-fetch", description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", required=True, type=Path, metavar="DIR", help="folder of DIR/{cik}/{accession}.txt")
    parser.add_argument("--cik", help="CIK[,CIK...]: only these filers")
    parser.add_argument("--company", metavar="PATTERN", help="regular expression on EDGAR's company name (any case)")
    parser.add_argument("--forms", default=",".join(DEFAULT_FORMS), help="form types (default %(default)s)")
    parser.add_argument("--since", type=_date, help="first filing date YYYY-MM-DD (default 1993-01-01)")
    parser.add_argument("--until", type=_date, help="last filing date YYYY-MM-DD (default today)")
    parser.add_argument(
        "--sic",
        help=f"SIC code(s) of the filer, e.g. {ASSET_BACKED_SIC} (asset-backed); default {ASSET_BACKED_SIC} "
        "unless --cik is given; 'any' turns it off",
    )
    parser.add_argument("--user-agent", help="your name and e-mail (default $MBS_EDGAR_USER_AGENT); required")
    parser.add_argument("--max-rps", type=float, default=MAX_RPS, help="requests per second, at most 10 (default 10)")
    parser.add_argument("--load", action="store_true", help="then load DIR into the build warehouse (as mbs-load DIR)")
    parser.add_argument(
        "--warehouse", help="build warehouse for --load (default $MBS_WAREHOUSE, else build/mbs.duckdb)"
    )
    return parser


def _settings_from(args: argparse.Namespace) -> Settings:
    user_agent = check_user_agent(args.user_agent or os.environ.get("MBS_EDGAR_USER_AGENT"))
    if not 0 < args.max_rps <= MAX_RPS:
        raise ValueError(f"--max-rps {args.max_rps:g}: EDGAR allows at most {MAX_RPS:g} requests per second")
    urls = []
    for name, default in (("MBS_EDGAR_BASE_URL", DEFAULT_BASE_URL), ("MBS_EDGAR_DATA_URL", DEFAULT_DATA_URL)):
        url = (os.environ.get(name) or default).rstrip("/")
        if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc:
            raise ValueError(f"{name}={url!r} is not an http(s) URL")
        urls.append(url)
    env = os.environ
    return Settings(
        base_url=urls[0],
        data_url=urls[1],
        user_agent=user_agent,
        max_rps=args.max_rps,
        timeout=float(env.get("MBS_EDGAR_TIMEOUT", "30")),
        attempts=int(env.get("MBS_EDGAR_ATTEMPTS", "5")),
        backoff=float(env.get("MBS_EDGAR_BACKOFF", "1")),
    )


def _filters_from(args: argparse.Namespace, today: dt.date) -> Filters:
    ciks = parse_ciks(args.cik) if args.cik else None
    company = None
    if args.company:
        try:
            company = re.compile(args.company, re.IGNORECASE)
        except re.error as exc:
            raise ValueError(f"--company {args.company!r} is not a valid pattern: {exc}") from None
    if args.sic is None:
        sics = None if ciks else frozenset({ASSET_BACKED_SIC})
    elif args.sic.strip().lower() == "any":
        sics = None
    else:
        sics = parse_list(args.sic)
        if not all(s.isdigit() for s in sics):
            raise ValueError(f"--sic {args.sic!r}: SIC codes are digits")
    since = max(args.since or FIRST_INDEX_DAY, FIRST_INDEX_DAY)
    until = min(args.until or today, today)
    if since > until:
        raise ValueError(f"--since {since} is after --until {until}")
    return Filters(ciks, company, parse_list(args.forms), since, until, sics)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    today = dt.date.today()
    try:
        settings = _settings_from(args)
        filters = _filters_from(args, today)
        args.out.mkdir(parents=True, exist_ok=True)
    except (ValueError, OSError) as exc:
        print(f"mbs-fetch: {exc}", file=sys.stderr)
        return 2
    started = time.monotonic()
    edgar = Edgar(settings)
    fetcher = Fetcher(edgar, args.out, filters, today)
    stopped, interrupted = None, False
    try:
        fetcher.run(progress=sys.stderr.isatty())
    except (Blocked, Unreachable) as exc:
        stopped = str(exc)
    except KeyboardInterrupt:
        stopped, interrupted = "interrupted; what was fetched is kept, and the same command fetches the rest", True
    finally:
        edgar.close()
    summary = fetcher.summary
    for refusal in summary.refusals:
        print(f"refused index line {refusal.line!r}: {refusal.reason}", file=sys.stderr)
    for failure in summary.failures:
        print(f"failed {failure.what}: {failure.reason}: {failure.detail}", file=sys.stderr)
    print(summary.line(args.out, time.monotonic() - started))
    if stopped:
        print(f"mbs-fetch: stopped: {stopped}", file=sys.stderr)
        return 130 if interrupted else 2
    status = 1 if summary.failed or summary.refused else 0
    if args.load:
        status = max(status, _load(args.out, args.warehouse))
    return status


def _load(out: Path, warehouse: str | None) -> int:
    """``mbs-load OUT --warehouse WAREHOUSE``, in this process: its summary line and exit status."""
    from loaders import cli  # duckdb and polars load only when asked to

    return cli.main([str(out), *(["--warehouse", warehouse] if warehouse else [])])


if __name__ == "__main__":
    sys.exit(main())
