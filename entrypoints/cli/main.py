"""The admin CLI's root: `invoiced-netsuite` (console script `entrypoints.cli.main:app`).

Every command group lives in its own module and is registered in COMMAND_GROUPS below. Errors the
use cases raise become one line on stderr and an exit code: 2 when the input is wrong (unknown ids,
malformed amounts, broken business rules), 1 when it could not be done (conflicts, NetSuite, database).
"""

from __future__ import annotations

import functools
import importlib
import logging
from importlib.metadata import PackageNotFoundError, version
from typing import Annotated, Any

import typer
from pydantic import ValidationError
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from typer.core import TyperGroup, TyperOption

from adapters.security import InvalidSecretKey
from application.errors import ApplicationError, InvalidInput, NotFound
from domain.errors import DomainError
from entrypoints.cli.context import close_services, open_services
from entrypoints.cli.output import error_line

EXIT_FAILED = 1
EXIT_BAD_INPUT = 2

# (name, "module:attribute" of a typer.Typer, required). A name of None merges the group's commands
# into the root (e.g. `connect`, `sync`). Optional modules are skipped until they exist.
COMMAND_GROUPS: list[tuple[str | None, str, bool]] = [
    ("company", "entrypoints.cli.company:app", True),
    ("customer", "entrypoints.cli.customer:app", True),
    ("invoice", "entrypoints.cli.invoice:app", True),
    ("payment", "entrypoints.cli.payment:app", True),
    ("credit-note", "entrypoints.cli.credit_note:app", True),
    ("db", "entrypoints.cli.db:app", True),
    ("certificate", "entrypoints.cli.certificate:app", True),
    (None, "entrypoints.cli.demo:app", True),
    ("sandbox", "entrypoints.cli.sandbox:sandbox_app", False),  # the NetSuite sandbox (its own module)
    # Issue 4's integration commands (connect, disconnect, settings, sync, import, runs, errors):
    (None, "entrypoints.cli.integration:app", False),
    (None, "entrypoints.cli.drift:app", False),  # drift: do Invoiced and NetSuite agree?
    (None, "entrypoints.cli.worker:app", False),  # scheduler, worker (issue 5's background side)
    (None, "entrypoints.cli.serve:app", False),  # serve: API + dashboard + in-process worker and scheduler
]

_log = logging.getLogger(__name__)


def exit_code_for(error: BaseException) -> int:
    if isinstance(error, InvalidInput | NotFound | DomainError | InvalidSecretKey | ValidationError):
        return EXIT_BAD_INPUT
    return EXIT_FAILED


def message_for(error: BaseException) -> str:
    if isinstance(error, ApplicationError | DomainError | InvalidSecretKey | PermissionError):
        detail = getattr(error, "detail", None)
        return f"{error} Details: {detail}" if detail else str(error)
    if isinstance(error, ValidationError):
        problems = "; ".join(
            f"{'.'.join(str(part) for part in e['loc']).upper()}: {e['msg'].removeprefix('Value error, ')}"
            for e in error.errors()
        )
        return f"The configuration in the environment is not valid: {problems}."
    if isinstance(error, DBAPIError | SQLAlchemyError):
        # The driver's text can repeat row values; name the kind of problem and what to do instead.
        return (
            f"The database refused the request ({type(error).__name__}): check DATABASE_URL, and run "
            "`invoiced-netsuite db upgrade` if the schema is out of date."
        )
    return f"Unexpected {type(error).__name__}: {error} (rerun with LOG_LEVEL=DEBUG for the traceback)."


def _is_cli_signal(error: BaseException) -> bool:
    """Exit, Abort and usage errors belong to the CLI framework (Typer, or the click it is built on)."""
    return type(error).__module__.split(".")[0] in ("typer", "click")


def _element_type(option: TyperOption) -> str:
    """`int` for an option that takes a list of ints (Typer's own display says `list[int]`)."""
    click_type = getattr(option, "type", None)
    if click_type is not None and getattr(click_type, "name", None):
        return str(click_type.name).lower()
    bare = str(option.bare_type())
    return bare[len("list[") : -1] if bare.startswith("list[") and bare.endswith("]") else bare


def _plain_option_types(command: Any) -> None:
    """Help shows what an option takes the way a person reads it: nothing for a flag (not `<bool>`),
    and `<int> (repeatable)` for an option given once per value (not `<list[int]>`)."""
    for param in command.params:
        if not isinstance(param, TyperOption) or param.metavar is not None:
            continue
        if param.is_flag:
            param.metavar = ""
        elif param.multiple:
            param.metavar = f"<{_element_type(param)}> (repeatable)"
    help_option = command.get_help_option

    def plain_help_option(ctx: Any) -> Any:
        option = help_option(ctx)
        if option is not None:
            option.metavar = ""
        return option

    command.get_help_option = plain_help_option
    for sub in getattr(command, "commands", {}).values():
        _plain_option_types(sub)


class LedgerErrorsGroup(TyperGroup):
    """Turns the errors a command raises into one line on stderr and an exit code, never a traceback."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _plain_option_types(self)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except Exception as error:
            if _is_cli_signal(error):
                raise
            # The traceback only at DEBUG, through the redacting log pipeline (never rich locals).
            _log.debug("CLI command failed", exc_info=True)
            error_line(message_for(error))
            raise typer.Exit(exit_code_for(error)) from None


def _load(target: str) -> typer.Typer | None:
    module_name, _, attribute = target.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as missing:
        if missing.name == module_name:
            return None
        raise
    sub_app: typer.Typer = getattr(module, attribute)
    return sub_app


def _version_callback(show: bool) -> None:
    if show:
        try:
            typer.echo(f"invoiced-netsuite {version('invoiced-netsuite')}")
        except PackageNotFoundError:
            typer.echo("invoiced-netsuite (not installed)")
        raise typer.Exit()


def build_app(groups: list[tuple[str | None, str, bool]] | None = None) -> typer.Typer:
    """The root app with every command group of `groups` (by default COMMAND_GROUPS)."""
    root = typer.Typer(
        name="invoiced-netsuite",
        help="Keep an Invoiced-style ledger and a NetSuite account in step: admin commands.",
        cls=LedgerErrorsGroup,
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
    )

    @root.callback()
    def _root(
        ctx: typer.Context,
        _version: Annotated[
            bool,
            typer.Option("--version", callback=_version_callback, is_eager=True, help="Show the version."),
        ] = False,
    ) -> None:
        """Admin commands. Configuration comes from the environment (DATABASE_URL, DATA_DIR, ...)."""
        open_services(ctx.obj)
        ctx.call_on_close(close_services)

    for name, target, required in COMMAND_GROUPS if groups is None else groups:
        sub_app = _load(target)
        if sub_app is None:
            if required:
                raise ModuleNotFoundError(f"The CLI module {target} is missing.")
            continue
        if name is None:
            root.add_typer(sub_app)
        else:
            root.add_typer(sub_app, name=name)
    return root


@functools.cache
def root_app() -> typer.Typer:
    """The CLI every caller shares, built on first use."""
    return build_app()


def __getattr__(name: str) -> typer.Typer:
    # `app` (the console script's target) is built when first asked for, not when the module is imported.
    if name == "app":
        return root_app()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


if __name__ == "__main__":
    root_app()()
