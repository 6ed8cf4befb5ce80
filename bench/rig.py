"""The rig: a sandbox in its own process, the CLI in another, measured from outside.

Wall time, peak RSS and CPU of a child come from os.wait4 (the kernel's own accounting of that one
process); requests, 429s and the highest concurrency from the sandbox's counters.
"""

from __future__ import annotations

import os
import re
import secrets
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests
from requests_oauthlib import OAuth1

ROOT = Path(__file__).resolve().parent.parent
CLI = str(Path(sys.executable).with_name("invoiced-netsuite"))
ACCOUNT_ID = "TSTDRV2450117"


@dataclass(frozen=True)
class Credentials:
    consumer_key: str = field(default_factory=lambda: secrets.token_hex(32))
    consumer_secret: str = field(default_factory=lambda: secrets.token_hex(32))
    token_id: str = field(default_factory=lambda: secrets.token_hex(32))
    token_secret: str = field(default_factory=lambda: secrets.token_hex(32))

    def auth(self) -> OAuth1:
        return OAuth1(
            self.consumer_key,
            client_secret=self.consumer_secret,
            resource_owner_key=self.token_id,
            resource_owner_secret=self.token_secret,
            signature_method="HMAC-SHA256",
            realm=ACCOUNT_ID,
        )

    def options(self) -> list[str]:
        return [
            "--consumer-key",
            self.consumer_key,
            "--consumer-secret",
            self.consumer_secret,
            "--token-id",
            self.token_id,
            "--token-secret",
            self.token_secret,
        ]


@dataclass(frozen=True)
class Measured:
    """`wall_s` is the work itself (the run's duration as the service records it, or the minimal
    client's own clock around its PUTs); `process_s` the whole process, start-up included."""

    wall_s: float
    process_s: float
    peak_rss_mb: float
    cpu_s: float
    output: str


_DURATION = re.compile(r'"duration_seconds":\s*([0-9.]+)|^elapsed=([0-9.]+)$', re.MULTILINE)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def measure(command: list[str], env: dict[str, str]) -> Measured:
    """Run one child to its end; its own wall time, peak RSS and user+system CPU."""
    started = time.perf_counter()
    child = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=ROOT)
    assert child.stdout is not None
    output = child.stdout.read().decode(errors="replace")
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise RuntimeError(f"{' '.join(command[:4])} … exited {child.returncode}:\n{output[-3000:]}")
    found = _DURATION.search(output)
    work = float(found.group(1) or found.group(2)) if found else wall
    return Measured(work, wall, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime, output)


class Sandbox:
    """`invoiced-netsuite sandbox serve` in its own process."""

    def __init__(self, seed: str, latency_ms: int, concurrency: int) -> None:
        self.credentials = Credentials()
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [
                CLI,
                "sandbox",
                "serve",
                "--port",
                str(self.port),
                "--seed",
                seed,
                "--latency-ms",
                str(latency_ms),
                "--concurrency",
                str(concurrency),
                "--account-id",
                ACCOUNT_ID,
                *self.credentials.options(),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            cwd=ROOT,
        )
        deadline = time.monotonic() + 120
        while True:
            try:
                requests.get(f"{self.base_url}/_sandbox/health", timeout=2).raise_for_status()
                break
            except requests.RequestException:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the sandbox did not start") from None
                time.sleep(0.1)
        self.session = requests.Session()

    def control(self, method: str, action: str, body: dict[str, Any] | None = None) -> Any:
        answer = self.session.request(method, f"{self.base_url}/_sandbox/{action}", json=body, timeout=600)
        answer.raise_for_status()
        return answer.json()

    def governance(self, latency_ms: int) -> None:
        self.control("PUT", "governance", {"latency_ms": latency_ms})

    def start_counting(self) -> None:
        self.control("DELETE", "stats")

    def counts(self) -> dict[str, int]:
        """Requests since counting started, 429s among them and the highest concurrency let in."""
        stats = self.control("GET", "stats")
        by_endpoint = stats["requests"]["by_endpoint"]
        throttled = sum(n for statuses in by_endpoint.values() for s, n in statuses.items() if s == "429")
        return {
            "requests": int(stats["requests"]["total"]),
            "429s": throttled,
            "peak_concurrency": int(stats["highest_concurrency"]),
        }

    def suiteql_count(self, where: str, table: str = "transaction t") -> int:
        """A count read with a signed SuiteQL request (after the counters were read)."""
        answer = self.session.post(
            f"{self.base_url}/services/rest/query/v1/suiteql",
            json={"q": f"SELECT COUNT(*) AS n, COUNT(DISTINCT externalid) AS d FROM {table} WHERE {where}"},
            headers={"Prefer": "transient"},
            auth=self.credentials.auth(),
            timeout=600,
        )
        answer.raise_for_status()
        row = answer.json()["items"][0]
        if row["n"] != row.get("d", row["n"]) and "externalid" in where:
            raise AssertionError(f"duplicate external ids in NetSuite: {row}")
        return int(row["n"])

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def environment(database_url: str, data_dir: Path, sandbox_port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL")}
    env.update(
        DATABASE_URL=database_url,
        DATA_DIR=str(data_dir),
        NETSUITE_SANDBOX_PORTS=str(sandbox_port),
        LOG_LEVEL="WARNING",
        LOG_FORMAT="json",
        PYTHONPATH=str(ROOT),
    )
    return env


def run_cli(args: list[str], env: dict[str, str]) -> str:
    done = subprocess.run([CLI, *args], env=env, capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        raise RuntimeError(f"invoiced-netsuite {' '.join(args[:3])} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def company_id_from(output: str) -> int:
    found = re.search(r'"id":\s*(\d+)', output) or re.search(r"\b(\d+)\b", output)
    if found is None:
        raise RuntimeError(f"no company id in: {output}")
    return int(found.group(1))
