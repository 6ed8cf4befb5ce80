"""The container behind a CLI invocation: built by the root command, or handed in by a test
(`CliRunner().invoke(app, args, obj=container)`). Commands reach it with `services()`."""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date

from dependency_injector import containers

from application.ledger import Ledger
from entrypoints.container import Container, build_container, prepare_database
from entrypoints.logging_setup import configure_logging
from entrypoints.settings import Settings

_current: ContextVar[CliServices | None] = ContextVar("cli_services", default=None)


@dataclass
class CliServices:
    """What a command may ask for. The database is prepared (embedded default) before first use."""

    container: Container
    owns_container: bool = False
    _prepared: bool = field(default=False, repr=False)

    @property
    def settings(self) -> Settings:
        settings: Settings = self.container.settings()
        return settings

    def prepare(self) -> None:
        if self._prepared:
            return
        # A test that swapped the unit of work for memory adapters has no database to prepare.
        if not (self.container.uow.overridden or self.container.engine.overridden):
            prepare_database(self.settings)
        self._prepared = True

    def ledger(self) -> Ledger:
        self.prepare()
        ledger: Ledger = self.container.ledger()
        return ledger

    def today(self) -> date:
        today: date = self.container.clock().today()
        return today

    def close(self) -> None:
        if self.owns_container:
            self.container.shutdown_resources()


def open_services(given: object) -> CliServices:
    """Start an invocation: use the container a test passed, or build one from the environment."""
    if given is not None and not isinstance(given, containers.Container):
        raise TypeError(f"The CLI's context object must be a container, not {type(given).__name__}.")
    # Logging first: nothing built after it (or logged by another thread meanwhile) can reach stdout.
    settings: Settings = given.settings() if given is not None else Settings()  # type: ignore[attr-defined]
    configure_logging(settings, default_level="WARNING")
    container: Container = given if given is not None else build_container(settings)  # type: ignore[assignment]
    opened = CliServices(container, owns_container=given is None)
    _current.set(opened)
    return opened


def close_services() -> None:
    opened = _current.get()
    _current.set(None)
    if opened is not None:
        opened.close()


def services() -> CliServices:
    """The services of the running command."""
    opened = _current.get()
    if opened is None:
        raise RuntimeError("No CLI invocation is running: commands get their services from the root app.")
    return opened
