"""A small bounded load generator: threads with keep-alive connections, loopback only."""

import http.client
import queue
import re
import secrets
import shutil
import statistics
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class LoadResult:
    requests: int
    errors: int
    seconds: float
    latencies_ms: list[float]
    statuses: dict[int, int] = field(default_factory=dict)
    # Each path's own latencies, where requests to several paths were mixed.
    by_path: dict[str, list[float]] = field(default_factory=dict)

    @property
    def rate(self) -> float:
        return self.requests / self.seconds

    @property
    def p95_ms(self) -> float:
        return statistics.quantiles(self.latencies_ms, n=20)[18]

    def path_p95_ms(self, path: str) -> float:
        return statistics.quantiles(self.by_path[path], n=20)[18]


Request = tuple[str, str, dict, str | None]  # method, path, headers, body


def _send(connection, request: Request):
    method, path, headers, body = request
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    response.read()
    return response.status


WRK = shutil.which("wrk")
WRK_SCRIPT = Path(__file__).with_name("wrk_report.lua")
WRK_SUBMIT_SCRIPT = Path(__file__).with_name("wrk_submit.lua")


def load_client() -> str:
    return "wrk" if WRK else "Python threads (apt-get install wrk for a lighter client)"


def run_load(port: int, path: str, *, seconds: float, threads: int, headers=None) -> LoadResult:
    """GET one path as fast as possible for a fixed time: with wrk where it is installed
    (it costs the server's cores far less than Python threads do), else with threads."""
    if WRK:
        return _run_wrk(port, path, seconds=seconds, connections=threads, headers=headers)
    deadline = time.perf_counter() + seconds

    def requests():
        while time.perf_counter() < deadline:
            yield ("GET", path, headers or {}, None)

    return run_requests(port, requests(), threads=threads)


def _run_wrk(port, path, *, seconds, connections, headers) -> LoadResult:
    command = [WRK, "-t2", f"-c{connections}", f"-d{seconds:.0f}s", "-s", str(WRK_SCRIPT)]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run(  # noqa: S603 - our own arguments, loopback only
        [*command, f"http://127.0.0.1:{port}{path}"],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 30,
    ).stdout
    figures = dict(re.findall(r"(\w+)=([\d.]+)", output.split("BENCH", 1)[1]))
    requests = int(figures["requests"])
    # wrk reports a percentile, not every latency: a flat list carries it to p95_ms.
    return LoadResult(
        requests, int(figures["errors"]), float(figures["seconds"]), [float(figures["p95_ms"])] * 20
    )


@dataclass
class SubmitRun:
    result: LoadResult
    successful: int
    ran_out_of_drafts: bool


def run_wrk_submits(port, slug, cookies, *, seconds, connections, workdir) -> SubmitRun:
    """POST a different ready draft on every request for a fixed time, from wrk (which
    leaves the server's cores to the server). The script counts the redirects to the sent
    page; requests still in flight when wrk stops are not counted, though the server may
    store them."""
    cookie_file = Path(workdir) / "submit-cookies.txt"
    cookie_file.write_text("\n".join(cookies) + "\n")
    csrf = secrets.token_hex(16)  # 32 characters: Django accepts the unmasked secret
    threads = 2
    command = [WRK, f"-t{threads}", f"-c{connections}", f"-d{seconds:.0f}s"]
    command += ["-s", str(WRK_SUBMIT_SCRIPT), f"http://127.0.0.1:{port}/"]
    command += ["--", str(cookie_file), slug, csrf, str(threads)]
    output = subprocess.run(  # noqa: S603 - our own arguments, loopback only
        command, capture_output=True, text=True, check=True, timeout=seconds + 30
    ).stdout
    figures = dict(re.findall(r"(\w+)=([\d.]+)", output.split("BENCH", 1)[1]))
    ok = int(figures["ok"])
    result = LoadResult(
        int(figures["requests"]),
        int(figures["errors"]),
        float(figures["seconds"]),
        [float(figures["p95_ms"])] * 20,
    )
    return SubmitRun(result, ok, figures["exhausted"] != "0")


def run_requests(
    port: int,
    requests,
    *,
    threads: int,
    rate: float | None = None,
    ok: Callable[[int], bool] = lambda status: status == 200,
) -> LoadResult:
    """Send each request once, from `threads` workers; at `rate` per second if given
    (an open loop: a slow answer does not slow the arrivals)."""
    work: queue.Queue = queue.Queue(maxsize=threads * 4)
    latencies: list[float] = []
    by_path: dict[str, list[float]] = {}
    statuses: dict[int, int] = {}
    errors = 0
    lock = threading.Lock()

    def worker():
        nonlocal errors
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine, mine_by_path, seen, failed = [], {}, {}, 0
        while (job := work.get()) is not None:
            item, due = job
            # Paced, a request's time counts from when it was due, so waiting for a free
            # client thread is counted too (no coordinated omission).
            start = due if due is not None else time.perf_counter()
            try:
                status = _send(connection, item)
            except (OSError, http.client.HTTPException):
                status = 0
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            mine.append((time.perf_counter() - start) * 1000)
            mine_by_path.setdefault(item[1], []).append(mine[-1])
            seen[status] = seen.get(status, 0) + 1
            failed += 0 if ok(status) else 1
        connection.close()
        with lock:
            latencies.extend(mine)
            for path, times in mine_by_path.items():
                by_path.setdefault(path, []).extend(times)
            errors += failed
            for status, count in seen.items():
                statuses[status] = statuses.get(status, 0) + count

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    started = time.perf_counter()
    for thread in pool:
        thread.start()
    for number, request in enumerate(requests):
        due = None
        if rate:
            due = started + number / rate
            pause = due - time.perf_counter()
            if pause > 0:
                time.sleep(pause)
        work.put((request, due))
    for _ in pool:
        work.put(None)
    for thread in pool:
        thread.join()
    seconds = time.perf_counter() - started
    return LoadResult(len(latencies), errors, seconds, latencies, statuses, by_path)
