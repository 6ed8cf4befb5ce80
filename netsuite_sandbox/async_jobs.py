"""REST asynchronous batch writes: `PUT /record/v1/{type}` on the collection with `Prefer: respond-async`
queues a job that the account's REST Async Processors work through, one task per item, in order.

Facts and choices (see the reference's topic 3):
- 202, no body, `Preference-Applied: respond-async`, an absolute Location of the job (the batch page's
  example is absolute; the single-request page's is relative).
- Job: `completed`, `id`, `progress`, `task` links. Oracle documents only `pending` and `succeeded`;
  a job with a failed task ends `failed` (undocumented, the reference's suggested value).
- Task list: Oracle's example holds every task link in one item (count 1); copied as documented.
- A task's result replays the synchronous answer: 204 with Location for a written record, NetSuite's
  error body and status for a refused one (the batch page leaves the status open).
- `X-NetSuite-Idempotency-Key` resent: 400 IDEMPOTENCY_ERROR with the first job's Location, as the doc
  prints it (status 400 though titled Conflict); nothing is queued or applied again. Keys never expire
  here (their lifetime on the real system is undocumented).
- Jobs do not hold the account's concurrency slots while they run: the docs count the submitting
  request and put jobs on a separate processor pool (open question 11).
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from netsuite_sandbox.errors import NetSuiteError, invalid_request, not_found

ASYNC_PREFIX = "/services/rest/async/v1/job"
MAX_BATCH = 100
DEFAULT_PROCESSORS = 2
# A record costs NetSuite the same work alone or in a batch: the same 50 ms a benchmark's sync write takes.
DEFAULT_RECORD_MS = 50

# (method, path, body) of one item's synchronous twin -> (status, body, headers)
ApplyOne = Callable[[str, str, dict[str, Any]], tuple[int, Any, dict[str, str]]]


@dataclass
class Task:
    id: str
    path: str
    body: dict[str, Any]
    progress: str = "pending"
    start: str | None = None
    end: str | None = None
    result: tuple[int, Any, dict[str, str]] | None = None


@dataclass
class Job:
    id: str
    tasks: list[Task]
    progress: str = "pending"
    completed: bool = False
    fail_whole: bool = False
    done: threading.Event = field(default_factory=threading.Event)


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class AsyncJobs:
    """The account's async queue and its processors (threads started on the first job)."""

    def __init__(
        self, apply: ApplyOne, processors: int = DEFAULT_PROCESSORS, record_ms: float = DEFAULT_RECORD_MS
    ) -> None:
        if processors < 1:
            raise ValueError("an account has at least one REST Async Processor")
        self._apply = apply
        self.processors = processors
        self.record_ms = record_ms
        self._lock = threading.Lock()
        self._jobs: dict[str, Job] = {}
        self._keys: dict[str, str] = {}
        self._queue: queue.Queue[Job] = queue.Queue()
        self._threads: list[threading.Thread] = []
        self._next_id = 0
        self._fail_next = 0
        self.items_applied = 0

    # ---- controls -------------------------------------------------------------------------

    def configure(self, processors: int | None = None, record_ms: float | None = None) -> None:
        if processors is not None:
            if processors < 1:
                raise ValueError("an account has at least one REST Async Processor")
            with self._lock:
                self.processors = processors
        if record_ms is not None:
            if record_ms < 0:
                raise ValueError("record_ms cannot be negative")
            self.record_ms = record_ms

    def fail_next_jobs(self, count: int) -> None:
        """The next `count` jobs fail whole: nothing applied, no task run."""
        with self._lock:
            self._fail_next = count

    def clear(self) -> None:
        with self._lock:
            self._jobs.clear()
            self._keys.clear()
            self._fail_next = 0
            self.items_applied = 0

    def stats(self) -> dict[str, Any]:
        with self._lock:
            jobs = list(self._jobs.values())
        return {
            "processors": self.processors,
            "record_ms": self.record_ms,
            "jobs": len(jobs),
            "jobs_pending": sum(1 for job in jobs if not job.completed),
            "items_applied": self.items_applied,
        }

    def wait_idle(self, timeout: float = 30.0) -> None:
        with self._lock:
            jobs = list(self._jobs.values())
        for job in jobs:
            job.done.wait(timeout)

    # ---- submitting -----------------------------------------------------------------------

    def submit(
        self, record_path: str, items: list[dict[str, Any]], key: str | None, base_url: str
    ) -> tuple[int, Any, dict[str, str]]:
        """The 202 of a new job, or the idempotency refusal naming the first one."""
        if not items:
            raise invalid_request("A batch request needs at least one item in 'items'.")
        if len(items) > MAX_BATCH:
            raise invalid_request(f"A batch request can hold at most {MAX_BATCH} records, not {len(items)}.")
        tasks: list[Task] = []
        for index, item in enumerate(items):
            if not isinstance(item, dict):
                raise invalid_request(f"Item {index} of the batch is not a JSON object.")
            external_id = next((v for k, v in item.items() if k.lower() == "externalid"), None)
            if "id" in {k.lower() for k in item}:
                raise invalid_request("PUT batch items are matched by external ID only; remove 'id'.")
            if not isinstance(external_id, str) or not external_id:
                raise invalid_request(f"Item {index} of the PUT batch has no externalId.")
            path = f"{record_path}/eid:{external_id}"
            tasks.append(
                Task(str(index + 1), path, {k: v for k, v in item.items() if k.lower() != "externalid"})
            )
        with self._lock:
            if key is not None and key in self._keys:
                error = NetSuiteError(
                    400,
                    "IDEMPOTENCY_ERROR",
                    'A request with the same idempotency key is already submitted. See the "Location" '
                    "header for a link to the previously submitted job",
                    extra={"title": "Conflict"},
                )
                body = error.body()
                body["title"] = "Conflict"
                body["type"] = "https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html#sec10.4.10"
                headers = {
                    "Preference-Applied": "respond-async",
                    "Location": f"{base_url}{ASYNC_PREFIX}/{self._keys[key]}",
                }
                return 400, body, headers
            self._next_id += 1
            job = Job(str(self._next_id), tasks)
            if self._fail_next > 0:
                self._fail_next -= 1
                job.fail_whole = True
            self._jobs[job.id] = job
            if key is not None:
                self._keys[key] = job.id
            self._start_processors()
        self._queue.put(job)
        return (
            202,
            None,
            {"Preference-Applied": "respond-async", "Location": f"{base_url}{ASYNC_PREFIX}/{job.id}"},
        )

    def _start_processors(self) -> None:
        while len(self._threads) < self.processors:
            thread = threading.Thread(
                target=self._work, args=(len(self._threads),), name="netsuite-async-processor", daemon=True
            )
            self._threads.append(thread)
            thread.start()

    def _work(self, index: int) -> None:
        while True:
            if index >= self.processors:  # this processor was taken away (fewer licences)
                time.sleep(0.02)
                continue
            try:
                job = self._queue.get(timeout=0.05)
            except queue.Empty:
                continue
            self._run(job)

    def _run(self, job: Job) -> None:
        if job.fail_whole:
            time.sleep(self.record_ms / 1000)
            job.tasks = []
            job.progress, job.completed = "failed", True
            job.done.set()
            return
        failed = False
        for task in job.tasks:  # sequential, in request order (the 2026.2 default)
            task.start = _now()
            time.sleep(self.record_ms / 1000)
            task.result = self._apply("PUT", task.path, task.body)
            task.end = _now()
            task.progress = "succeeded" if task.result[0] < 300 else "failed"
            failed = failed or task.progress == "failed"
            with self._lock:
                self.items_applied += task.progress == "succeeded"
        job.progress, job.completed = ("failed" if failed else "succeeded"), True
        job.done.set()

    # ---- reading jobs ---------------------------------------------------------------------

    def read(self, path: str, base_url: str) -> tuple[int, Any, dict[str, str]]:
        parts = [part for part in path[len(ASYNC_PREFIX) :].split("/") if part]
        with self._lock:
            job = self._jobs.get(parts[0]) if parts else None
        if job is None:
            raise not_found(f"The requested resource {path} does not exist.")
        job_url = f"{base_url}{ASYNC_PREFIX}/{job.id}"
        if len(parts) == 1:
            body = {
                "links": [{"rel": "self", "href": job_url}],
                "completed": job.completed,
                "id": job.id,
                "progress": job.progress,
                "task": {"links": [{"rel": "self", "href": f"{job_url}/task"}]},
            }
            return 200, body, {}
        if parts[1] != "task":
            raise not_found(f"The requested resource {path} does not exist.")
        if len(parts) == 2:
            links = [{"rel": "self", "href": f"{job_url}/task/{task.id}"} for task in job.tasks]
            items = [{"links": links}] if links else []
            return (
                200,
                {"links": [{"rel": "self", "href": f"{job_url}/task"}], "count": len(items), "items": items},
                {},
            )
        task = next((t for t in job.tasks if t.id == parts[2]), None)
        if task is None:
            raise not_found(f"The requested resource {path} does not exist.")
        task_url = f"{job_url}/task/{task.id}"
        if len(parts) == 3:
            body = {
                "links": [
                    {"rel": "related", "href": f"{task_url}/result"},
                    {"rel": "self", "href": task_url},
                ],
                "completed": task.result is not None,
                "id": task.id,
                "progress": task.progress,
            }
            if task.start:
                body["startTime"] = task.start
            if task.end:
                body["endTime"] = task.end
            return 200, body, {}
        if len(parts) == 4 and parts[3] == "result":
            if task.result is None:
                raise not_found("The task has not finished yet.")
            return task.result
        raise not_found(f"The requested resource {path} does not exist.")
