"""mbs-fetch against a mock EDGAR on 127.0.0.1 (tests/python/mock_edgar.py): no other network.

Every run is the real command in a subprocess, pointed at the mock by MBS_EDGAR_BASE_URL and
MBS_EDGAR_DATA_URL; the mock's own request log (arrival times, headers) is the evidence.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import pty
import signal
import socket
import struct
import subprocess
import termios
import time
from pathlib import Path

import pytest

from loaders.fetch import (
    Filing,
    Filters,
    IndexRow,
    Refusal,
    check_user_agent,
    index_is_final,
    parse_master_index,
    parse_retry_after,
    quarters,
    select_filings,
    submission_problem,
    validate,
)
from tests.python.conftest import BIN, REPO, RUN_METADATA, SAMPLE, checksums
from tests.python.mock_edgar import (
    AAMES,
    AAMES_PATH,
    THORNBURG,
    THORNBURG_PATH,
    TRAVERSAL_LINE,
    MockEdgar,
    master_index,
)

USER_AGENT = "Jane Doe jane@example.com"
ARCHIVE = "/Archives/edgar/data/"
BOTH = ["--cik", "913951,1216897", "--since", "1998-10-01", "--until", "2004-03-31"]
THORNBURG_ONLY = ["--cik", "1216897", "--since", "2004-01-01", "--until", "2004-03-31"]
EXPECTED_BOTH = {"913951/0001011438-98-000429.txt": AAMES, "1216897/0001056404-04-000060.txt": THORNBURG}


@pytest.fixture
def mock():
    server = MockEdgar().start()
    yield server
    server.stop()


def fetch_env(mock: MockEdgar, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MBS_")}
    env.update(
        MBS_EDGAR_BASE_URL=mock.url,
        MBS_EDGAR_DATA_URL=mock.data_url,
        MBS_EDGAR_USER_AGENT=USER_AGENT,
        MBS_EDGAR_BACKOFF="0.1",  # seconds: backoff starts here and doubles (1 s by default)
        MBS_EDGAR_TIMEOUT="5",
    )
    env.update(extra)
    return env


def run_fetch(env: dict[str, str], *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BIN / "mbs-fetch"), *args], env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


def filings_in(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` that mbs-load would read (not the dot files of state and cache)."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.startswith(".")
    }


def partial_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*.part")]


def max_in_one_second(times: list[float]) -> int:
    """The most requests whose arrival falls in any half-open one-second window."""
    times = sorted(times)
    return max((sum(1 for t in times if start <= t < start + 1.0) for start in times), default=0)


# ----------------------------------------------------------------------------- pure parts


def test_user_agent_needs_a_name_and_an_email():
    assert check_user_agent("  Jane Doe jane@example.com ") == USER_AGENT
    assert check_user_agent("Acme Research data-team@acme.co.uk") == "Acme Research data-team@acme.co.uk"
    for bad, says in [(None, "required"), ("", "required"), ("Jane Doe", "e-mail"), ("jane@example.com", "name")]:
        with pytest.raises(ValueError, match=says):
            check_user_agent(bad)


def test_index_header_is_skipped_and_every_data_line_read():
    rows = list(parse_master_index(master_index(1998, 4).decode()))
    assert len(rows) == 6  # the six 1998 QTR4 rows of the mock, none of its header lines
    assert rows[-1] == IndexRow(
        913951, "AAMES CAPITAL CORP", "8-K", dt.date(1998, 12, 31), "edgar/data/913951/0001011438-98-000429.txt"
    )
    assert list(parse_master_index(master_index(2001, 2).decode())) == []
    with pytest.raises(ValueError, match="not an EDGAR master index"):
        list(parse_master_index("<html>Service Unavailable</html>"))
    # A company name with a "|" keeps its fields; an unreadable line is refused, not guessed.
    text = "CIK|Company Name|Form Type|Date Filed|Filename\n---\n"
    text += "5|A|B CO|8-K|19981231|edgar/data/5/0000000005-98-000001.txt\n"
    assert next(iter(parse_master_index(text))) == IndexRow(
        5, "A|B CO", "8-K", dt.date(1998, 12, 31), "edgar/data/5/0000000005-98-000001.txt"
    )
    assert isinstance(list(parse_master_index(text + "garbage line\n"))[-1], Refusal)


@pytest.mark.parametrize(
    "filename",
    [
        "edgar/data/913951/../../../../etc/passwd",
        "edgar/data/913951/../913951/0001011438-98-000429.txt",
        "/etc/passwd",
        "/edgar/data/913951/0001011438-98-000429.txt",
        "https://evil.example/edgar/data/913951/0001011438-98-000429.txt",
        "//evil.example/edgar/data/913951/0001011438-98-000429.txt",
        "edgar/data/913951/0001011438-98-00042.txt",
        "edgar/data/913951/0001011438-98-000429.txt/../../x",
        "edgar/data/1216897/0001011438-98-000429.txt",  # another CIK's folder
        "edgar\\data\\913951\\0001011438-98-000429.txt",
        "edgar/data/913951/0001011438-98-000429.txt\x00",
    ],
)
def test_file_names_other_than_digits_are_refused(filename):
    row = IndexRow(913951, "AAMES CAPITAL CORP", "8-K", dt.date(1998, 12, 31), filename)
    assert isinstance(validate(row), Refusal)


def test_a_valid_row_gives_paths_made_of_its_digits():
    row = IndexRow(
        913951, "AAMES CAPITAL CORP", "8-k", dt.date(1998, 12, 31), "edgar/data/913951/0001011438-98-000429.txt"
    )
    filing = validate(row)
    assert isinstance(filing, Filing)
    assert (filing.relative_path, filing.url_path, filing.form) == (
        "913951/0001011438-98-000429.txt",
        AAMES_PATH,
        "8-K",
    )


def test_filters_combine_and_one_accession_is_fetched_once():
    rows = list(parse_master_index(master_index(1998, 4).decode()))
    default = Filters(since=dt.date(1998, 10, 1), until=dt.date(1998, 12, 31))
    found, refused = select_filings(rows, default)
    assert {f.accession for f in found} == {"0000891618-98-004635", "0000891618-98-005321", "0001011438-98-000429"}
    assert [r.line for r in refused] == [TRAVERSAL_LINE]
    import re

    aames = Filters(company=re.compile("aames", re.I), since=dt.date(1998, 12, 31), until=dt.date(1998, 12, 31))
    assert [f.accession for f in select_filings(rows, aames)[0]] == ["0001011438-98-000429"]
    tenq = Filters(ciks=frozenset({913951}), forms=frozenset({"10-Q"}), until=dt.date(1998, 12, 31))
    assert [f.accession for f in select_filings(rows, tenq)[0]] == ["0001011438-98-000350"]
    co_registrant = IndexRow(
        913952, "AAMES CO-REGISTRANT", "8-K", dt.date(1998, 12, 31), "edgar/data/913952/0001011438-98-000429.txt"
    )
    assert len(select_filings([*rows, co_registrant], default)[0]) == 3


def test_quarters_retry_after_and_completeness():
    assert quarters(dt.date(1998, 11, 5), dt.date(1999, 4, 1)) == [(1998, 4), (1999, 1), (1999, 2)]
    assert index_is_final(1998, 4, dt.date(1999, 1, 8)) and not index_is_final(1998, 4, dt.date(1999, 1, 2))
    assert parse_retry_after("7") == 7.0
    assert (
        parse_retry_after("Wed, 01 Jan 2020 00:00:30 GMT", now=dt.datetime(2020, 1, 1, tzinfo=dt.UTC).timestamp()) == 30
    )
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None
    body = THORNBURG.read_bytes()
    assert submission_problem(body[:8192], body[-256:], "0001056404-04-000060") is None
    pem = AAMES.read_bytes()
    assert submission_problem(pem[:8192], pem[-256:], "0001011438-98-000429") is None
    assert "truncated" in submission_problem(body[:8192], body[:30000][-256:], "0001056404-04-000060")
    assert "accession" in submission_problem(body[:8192], body[-256:], "0001011438-98-000429")


# ----------------------------------------------------------------------------- runs against the mock


def test_fetch_two_quarters_politely_then_nothing_again(mock, tmp_path):
    """The right filings land byte for byte; the rate limit holds over retries; a rerun asks nothing."""
    out = tmp_path / "filings"
    mock.queue(AAMES_PATH, "429")  # Retry-After: 1
    mock.queue(THORNBURG_PATH, "503", "503")
    env = fetch_env(mock)
    first = run_fetch(env, "--out", str(out), *BOTH, "--max-rps", "4")
    # The traversal line matches --cik 913951 and the dates: refused, named, and the run says so (1).
    assert first.returncode == 1, first.stderr
    assert f"refused index line {TRAVERSAL_LINE!r}" in first.stderr
    assert "2 listed, 2 fetched, 0 skipped, 0 failed, 1 refused" in first.stdout
    assert filings_in(out) == {name: path.read_bytes() for name, path in EXPECTED_BOTH.items()}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["filings"]  # nothing written beside DIR
    assert not Path("/tmp/mbs-escape.txt").exists() and not partial_files(out)

    requests = list(mock.requests)
    assert all(r.headers.get("User-Agent") == USER_AGENT for r in requests)
    index = [r for r in requests if "/full-index/" in r.path]
    assert len(index) == 22  # 1998 QTR4, 1999-2003 (20), 2004 QTR1: one request each
    assert mock.paths(ARCHIVE).count(AAMES_PATH) == 2 and mock.paths(ARCHIVE).count(THORNBURG_PATH) == 3
    assert not mock.paths("/data.sec.gov")  # --cik given: no SIC filter, no lookups
    assert len(requests) == 27
    assert max_in_one_second([r.time for r in requests]) <= 4
    # Retry-After: 1 was honoured: the second Aames request came a second or more after the 429.
    aames_times = [r.time for r in requests if r.path == AAMES_PATH]
    assert aames_times[1] - aames_times[0] >= 1.0

    mock.clear()
    second = run_fetch(env, "--out", str(out), *BOTH, "--max-rps", "4")
    assert second.returncode == 1
    assert "2 listed, 0 fetched, 2 skipped, 0 failed, 1 refused" in second.stdout
    assert mock.paths(ARCHIVE) == []
    assert mock.requests == []  # closed quarters' index is cached in DIR too
    assert filings_in(out) == {name: path.read_bytes() for name, path in EXPECTED_BOTH.items()}


def test_rate_limit_is_measured_at_ten_and_more_is_refused(mock, tmp_path):
    env = fetch_env(mock)
    result = run_fetch(env, "--out", str(tmp_path / "f"), *BOTH)  # --max-rps 10, the default
    assert result.returncode == 1 and len(mock.requests) == 24
    assert max_in_one_second([r.time for r in mock.requests]) <= 10
    mock.clear()
    for too_fast in ("11", "10.5", "0", "-1"):
        refused = run_fetch(env, "--out", str(tmp_path / "g"), *BOTH, "--max-rps", too_fast)
        assert refused.returncode == 2 and "--max-rps" in refused.stderr
    assert mock.requests == []


def test_sic_filter_looks_each_company_up_once_and_caches_it(mock, tmp_path):
    out = tmp_path / "filings"
    env = fetch_env(mock)
    args = ["--out", str(out), "--company", "aames|sandisk", "--since", "1998-10-01", "--until", "1998-12-31"]
    first = run_fetch(env, *args)  # no --cik: --sic 6189 (asset-backed) by default
    assert first.returncode == 1, first.stderr  # the traversal line, refused
    assert filings_in(out) == {"913951/0001011438-98-000429.txt": AAMES.read_bytes()}
    # SanDisk (SIC 3572) has two 8-Ks in the quarter: one lookup; Aames (6189) one.
    assert sorted(mock.paths("/data.sec.gov")) == [
        "/data.sec.gov/submissions/CIK0000913951.json",
        "/data.sec.gov/submissions/CIK0001000180.json",
    ]
    assert mock.paths(ARCHIVE) == [AAMES_PATH]
    mock.clear()
    assert run_fetch(env, *args).returncode == 1
    assert mock.requests == []
    # --sic any turns the filter off: SanDisk's 8-Ks are then wanted (and the mock has no such files).
    anyone = run_fetch(env, *args, "--sic", "any")
    assert anyone.returncode == 1
    assert "failed 1000180/0000891618-98-004635.txt" in anyone.stderr and "http_404" in anyone.stderr
    assert not mock.paths("/data.sec.gov")


def test_company_filter_alone_on_one_quarter_exits_zero(mock, tmp_path):
    out = tmp_path / "filings"
    env = fetch_env(mock)
    result = run_fetch(
        env, "--out", str(out), "--company", "THORNBURG", "--since", "2004-01-01", "--until", "2004-03-31"
    )
    assert result.returncode == 0, result.stderr
    assert "1 listed, 1 fetched, 0 skipped, 0 failed, 0 refused" in result.stdout
    assert filings_in(out) == {"1216897/0001056404-04-000060.txt": THORNBURG.read_bytes()}
    forms = run_fetch(env, "--out", str(tmp_path / "k"), *THORNBURG_ONLY, "--forms", "10-K")
    assert forms.returncode == 1 and "0001056404-04-000999" in forms.stderr  # only the 10-K was asked for


def test_truncated_bodies_are_retried_not_saved(mock, tmp_path):
    out = tmp_path / "filings"
    env = fetch_env(mock)
    mock.queue(THORNBURG_PATH, "truncate", "short")
    result = run_fetch(env, "--out", str(out), *THORNBURG_ONLY)
    assert result.returncode == 0, result.stderr
    assert mock.paths(ARCHIVE) == [THORNBURG_PATH] * 3
    assert filings_in(out) == {"1216897/0001056404-04-000060.txt": THORNBURG.read_bytes()}

    broken = tmp_path / "broken"
    mock.always[THORNBURG_PATH] = "short"
    result = run_fetch(dict(env, MBS_EDGAR_ATTEMPTS="3"), "--out", str(broken), *THORNBURG_ONLY)
    assert result.returncode == 1
    assert "failed 1216897/0001056404-04-000060.txt" in result.stderr and "incomplete" in result.stderr
    assert filings_in(broken) == {} and not partial_files(broken)
    mock.always[THORNBURG_PATH] = "truncate"
    result = run_fetch(dict(env, MBS_EDGAR_ATTEMPTS="2"), "--out", str(broken), *THORNBURG_ONLY)
    assert result.returncode == 1 and "truncated" in result.stderr
    assert filings_in(broken) == {} and not partial_files(broken)


def test_a_slow_answer_times_out_and_is_retried(mock, tmp_path):
    out = tmp_path / "filings"
    mock.slow_seconds = 2.0
    mock.queue(THORNBURG_PATH, "slow")
    result = run_fetch(fetch_env(mock, MBS_EDGAR_TIMEOUT="0.5"), "--out", str(out), *THORNBURG_ONLY)
    assert result.returncode == 0, result.stderr
    assert mock.paths(ARCHIVE) == [THORNBURG_PATH] * 2
    assert filings_in(out) == {"1216897/0001056404-04-000060.txt": THORNBURG.read_bytes()}


def test_a_redirect_to_another_host_is_not_followed(mock, tmp_path):
    out = tmp_path / "filings"
    mock.always[THORNBURG_PATH] = "redirect"
    result = run_fetch(fetch_env(mock), "--out", str(out), *THORNBURG_ONLY)
    assert result.returncode == 1
    assert "redirect_other_host" in result.stderr and "mirror.example.invalid" in result.stderr
    assert mock.paths(ARCHIVE) == [THORNBURG_PATH]  # not retried either
    assert filings_in(out) == {}


def test_a_file_over_the_size_limit_is_refused(mock, tmp_path):
    out = tmp_path / "filings"
    result = run_fetch(fetch_env(mock, MBS_MAX_FILE_MB="0.02"), "--out", str(out), *THORNBURG_ONLY)
    assert result.returncode == 1 and "too_large" in result.stderr and "MiB" in result.stderr
    assert mock.paths(ARCHIVE) == [THORNBURG_PATH]
    assert filings_in(out) == {} and not partial_files(out)


def test_repeated_403_stops_the_run_with_a_message(mock, tmp_path):
    for year, quarter in [(1998, 4), (1999, 1), (1999, 2)]:
        mock.always[f"/Archives/edgar/full-index/{year}/QTR{quarter}/master.idx"] = "403"
    result = run_fetch(fetch_env(mock), "--out", str(tmp_path / "f"), *BOTH)
    assert result.returncode == 2
    assert "403 Forbidden" in result.stderr and "User-Agent" in result.stderr and "stopped" in result.stderr
    assert len(mock.requests) == 3  # it stops instead of hammering on


def test_missing_or_incomplete_user_agent_is_refused(mock, tmp_path):
    env = fetch_env(mock)
    del env["MBS_EDGAR_USER_AGENT"]
    result = run_fetch(env, "--out", str(tmp_path / "f"), *BOTH)
    assert result.returncode == 2 and "User-Agent" in result.stderr and "MBS_EDGAR_USER_AGENT" in result.stderr
    result = run_fetch(env, "--out", str(tmp_path / "f"), *BOTH, "--user-agent", "Jane Doe")
    assert result.returncode == 2 and "e-mail" in result.stderr
    assert mock.requests == [] and not (tmp_path / "f").exists()


def test_bad_arguments_exit_2(mock, tmp_path):
    env = fetch_env(mock)
    for args in (["--cik", "12a"], ["--since", "2004-13-01"], ["--since", "2004-02-01", "--until", "2004-01-01"]):
        result = run_fetch(env, "--out", str(tmp_path / "f"), *args)
        assert result.returncode == 2, args
    assert run_fetch(dict(env, MBS_EDGAR_BASE_URL="ftp://x"), "--out", str(tmp_path / "f"), *BOTH).returncode == 2
    assert mock.requests == []


def test_an_unreachable_base_url_exits_2(tmp_path):
    with socket.socket() as probe:  # a port on which nothing listens
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith("MBS_")}
    env.update(
        MBS_EDGAR_BASE_URL=f"http://127.0.0.1:{port}",
        MBS_EDGAR_DATA_URL=f"http://127.0.0.1:{port}",
        MBS_EDGAR_USER_AGENT=USER_AGENT,
        MBS_EDGAR_BACKOFF="0.05",
        MBS_EDGAR_ATTEMPTS="2",
    )
    result = run_fetch(env, "--out", str(tmp_path / "f"), *THORNBURG_ONLY)
    assert result.returncode == 2
    assert f"cannot reach http://127.0.0.1:{port}" in result.stderr


def interrupt_mid_download(mock: MockEdgar, out: Path, sig: int) -> tuple[int, str]:
    """Start a fetch of the Thornburg filing, trickled, and send ``sig`` once 16 KiB of it have gone out.

    Returns the exit status and stderr; while the body arrives it must sit under a temporary name.
    """
    mock.queue(THORNBURG_PATH, "trickle")  # 1 KiB every 50 ms: the 54 KiB body takes ~3 s
    process = subprocess.Popen(
        [str(BIN / "mbs-fetch"), "--out", str(out), *THORNBURG_ONLY],
        env=fetch_env(mock),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while mock.trickled < 16 * 1024 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert mock.trickled >= 16 * 1024, "the download never started"
        assert partial_files(out), "the body is written to a temporary name while it arrives"
        process.send_signal(sig)
        _, stderr = process.communicate(timeout=30)
    finally:
        process.kill()
        process.wait(timeout=10)
    return process.returncode, stderr


def test_a_run_killed_mid_download_leaves_no_partial_file_and_resumes(mock, tmp_path):
    out = tmp_path / "filings"
    assert interrupt_mid_download(mock, out, signal.SIGKILL)[0] == -signal.SIGKILL
    assert not (out / "1216897" / "0001056404-04-000060.txt").exists()
    assert filings_in(out) == {}

    mock.clear()
    result = run_fetch(fetch_env(mock), "--out", str(out), *THORNBURG_ONLY)
    assert result.returncode == 0, result.stderr
    assert mock.paths(ARCHIVE) == [THORNBURG_PATH]
    assert filings_in(out) == {"1216897/0001056404-04-000060.txt": THORNBURG.read_bytes()}
    assert not partial_files(out)


def test_ctrl_c_mid_download_removes_the_temporary_file(mock, tmp_path):
    out = tmp_path / "filings"
    status, stderr = interrupt_mid_download(mock, out, signal.SIGINT)
    assert status == 130 and "interrupted" in stderr and "Traceback" not in stderr
    assert filings_in(out) == {} and not partial_files(out)


def test_load_gives_the_same_warehouse_as_mbs_load(mock, tmp_path):
    out = tmp_path / "filings"
    fetched = tmp_path / "fetched.duckdb"
    result = run_fetch(fetch_env(mock), "--out", str(out), *BOTH, "--load", "--warehouse", str(fetched))
    assert result.returncode == 1, result.stderr  # the refused traversal line
    assert "mbs-load: 2 seen, " in result.stdout and f"-> {fetched}" in result.stdout
    loaded = tmp_path / "loaded.duckdb"
    by_hand = subprocess.run(
        [str(BIN / "mbs-load"), str(out), "--warehouse", str(loaded)], capture_output=True, text=True, check=False
    )
    assert by_hand.returncode in (0, 1), by_hand.stderr
    volatile = RUN_METADATA | {"started_at", "finished_at", "rejected_at"}
    assert checksums(fetched, "raw", exclude=volatile) == checksums(loaded, "raw", exclude=volatile)
    assert checksums(fetched, "raw", ["filings"])["filings"][0] >= 1


def test_progress_bars_only_on_a_terminal(mock, tmp_path):
    env = fetch_env(mock)
    quiet = run_fetch(env, "--out", str(tmp_path / "quiet"), *THORNBURG_ONLY)
    assert quiet.returncode == 0 and "\r" not in quiet.stderr and quiet.stderr == ""

    def on_a_terminal(*command: str) -> tuple[int, str, str]:
        primary, secondary = pty.openpty()
        fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 120, 0, 0))  # a 120-column terminal
        process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=secondary, text=True)
        os.close(secondary)
        stdout, _ = process.communicate(timeout=60)
        chunks = []
        while True:
            try:
                chunk = os.read(primary, 65536)
            except OSError:
                break
            if not chunk:
                break
            chunks.append(chunk)
        os.close(primary)
        return process.returncode, stdout, b"".join(chunks).decode(errors="replace")

    code, stdout, terminal = on_a_terminal(str(BIN / "mbs-fetch"), "--out", str(tmp_path / "tty"), *THORNBURG_ONLY)
    assert code == 0 and "1 fetched" in stdout
    assert "fetched 1" in terminal and "MB/s" in terminal and "1/1" in terminal
    code, stdout, terminal = on_a_terminal(
        str(BIN / "mbs-load"), str(SAMPLE), "--warehouse", str(tmp_path / "w.duckdb")
    )
    assert code == 0 and stdout.startswith("mbs-load: 1 seen, 1 loaded, 0 unchanged, 0 rejected -> ")
    assert "1/1" in terminal and "MB/s" in terminal and "rejected 0" in terminal


def test_make_fetch_passes_the_filters_and_loads_the_build_warehouse(mock, tmp_path):
    out, warehouse = tmp_path / "filings", tmp_path / "build.duckdb"
    env = fetch_env(mock)
    del env["MBS_EDGAR_USER_AGENT"]
    variables = ["CIK=1216897", "SINCE=2004-01-01", "UNTIL=2004-03-31", f"USER_AGENT={USER_AGENT}"]
    variables += [f"FETCH_OUT={out}", f"WAREHOUSE={warehouse}", "FETCH_ARGS=--max-rps 5"]
    result = subprocess.run(  # -o: the venv is there (make test made it); never reinstall it from a test
        ["make", "--no-print-directory", "-o", ".venv/bin/.installed", "fetch", *variables],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 listed, 1 fetched" in result.stdout and "mbs-load: 1 seen, 1 loaded" in result.stdout
    assert mock.paths(ARCHIVE) == [THORNBURG_PATH]
    assert all(r.headers["User-Agent"] == USER_AGENT for r in mock.requests)
    assert checksums(warehouse, "raw", ["filings"])["filings"][0] == 1
