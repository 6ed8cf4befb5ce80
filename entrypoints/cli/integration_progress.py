"""A progress bar for long imports and syncs: on stderr in a terminal, never when piped or with --json."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from application.integration import ProgressCallback


def stderr_console() -> Console:
    """Looked up per call: test runners swap sys.stderr."""
    return Console(stderr=True, highlight=False)


class ProgressBar:
    """Turns the use cases' on_progress(done, total, stage) into one bar per stage."""

    def __init__(self, progress: Progress) -> None:
        self._progress = progress
        self._tasks: dict[str, TaskID] = {}

    def __call__(self, done: int, total: int, stage: str) -> None:
        task = self._tasks.get(stage)
        if task is None:
            task = self._progress.add_task(stage, total=max(total, 1))
            self._tasks[stage] = task
        self._progress.update(task, completed=done if total else 1, total=max(total, 1))


@contextmanager
def progress_bar(enabled: bool = True) -> Iterator[ProgressCallback | None]:
    """A progress callback drawing a bar on stderr when it is a terminal and `enabled`; else None."""
    console = stderr_console()
    if not enabled or not console.is_terminal:
        yield None
        return
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,  # the bar goes when the run is done: the run's summary is what stays
    )
    with progress:
        yield ProgressBar(progress)
