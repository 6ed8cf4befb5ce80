"""`invoiced-netsuite connect | disconnect | settings ...` (and, from integration_sync, `sync`, `import`,
`runs`, `errors`): a company's NetSuite connection and its accounting sync.

Connecting with OAuth 2.0 client credentials (`--auth oauth2`) takes the client id, the certificate id
and the private key's file (from `certificate create`); the key is read, sealed, and never printed. With
token-based auth (`--auth tba`, the default while NetSuite keeps TBA) the four token secrets can come
from options, from NETSUITE_CONSUMER_KEY, NETSUITE_CONSUMER_SECRET, NETSUITE_TOKEN_ID and
NETSUITE_TOKEN_SECRET, or from a hidden prompt in a terminal, so they need not appear in shell history;
they are never printed back.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from adapters.security.certificates import certificate_expiry
from application.errors import InvalidInput
from application.integration import UNSET, ConnectionView, ConnectRequest, NetSuiteConnections, SettingsChange
from domain.integration import AuthMethod
from entrypoints.cli.certificate import CERTIFICATE_FILE
from entrypoints.cli.company import CompanyOption
from entrypoints.cli.context import services
from entrypoints.cli.integration_sync import errors_app, import_app, sync_app
from entrypoints.cli.integration_views import SETTING_COLUMNS, connection_json, setting_rows, settings_json
from entrypoints.cli.output import JsonOption, print_json, print_table, say
from entrypoints.cli.parsing import parse_date

app = typer.Typer()
settings_app = typer.Typer(help="The accounting sync's settings.", no_args_is_help=True)
app.add_typer(settings_app, name="settings")
app.add_typer(sync_app)
app.add_typer(import_app, name="import")
app.add_typer(errors_app, name="errors")

CLEAR_WORDS = ("none", "")


def connections() -> NetSuiteConnections:
    cli = services()
    cli.prepare()
    use_case: NetSuiteConnections = cli.container.netsuite_connections()
    return use_case


def can_prompt() -> bool:
    """Only a person at a terminal can answer a prompt; a script gets a clear error instead."""
    return sys.stdin.isatty()


def _required(value: str | None, option: str, envvar: str | None, label: str, *, secret: bool) -> str:
    if value is not None and value.strip():
        return value
    if can_prompt():
        answer: str = typer.prompt(label, hide_input=secret)
        if answer.strip():
            return answer
    where = f"{option} or the {envvar} environment variable" if envvar else option
    raise InvalidInput(f"The {label.lower()} is missing: give {where}.", option)


def _secret_option(option: str, envvar: str, what: str) -> Any:
    return typer.Option(
        option,
        envvar=envvar,
        show_envvar=True,
        show_default=False,
        help=f"{what} (prefer {envvar} or the prompt, to keep it out of shell history).",
    )


@app.command("connect")
def connect(
    company_id: CompanyOption,
    account_id: Annotated[
        str | None,
        typer.Option(
            "--account-id",
            envvar="NETSUITE_ACCOUNT_ID",
            help="NetSuite account ID, e.g. 1234567 or 1234567_SB1 (Setup > Company > Company Information).",
        ),
    ] = None,
    consumer_key: Annotated[
        str | None,
        _secret_option("--consumer-key", "NETSUITE_CONSUMER_KEY", "The integration's consumer key"),
    ] = None,
    consumer_secret: Annotated[
        str | None,
        _secret_option("--consumer-secret", "NETSUITE_CONSUMER_SECRET", "The integration's consumer secret"),
    ] = None,
    token_id: Annotated[
        str | None, _secret_option("--token-id", "NETSUITE_TOKEN_ID", "The access token's id")
    ] = None,
    token_secret: Annotated[
        str | None, _secret_option("--token-secret", "NETSUITE_TOKEN_SECRET", "The access token's secret")
    ] = None,
    base_url: Annotated[
        str | None,
        typer.Option(
            "--base-url",
            help="The account's REST address when it is not NetSuite's usual one (e.g. the local sandbox).",
        ),
    ] = None,
    auth: Annotated[
        AuthMethod,
        typer.Option(
            "--auth",
            case_sensitive=False,
            help="oauth2: OAuth 2.0 client credentials with a certificate (what NetSuite takes for new "
            "integrations from 2027.1); tba: token-based auth, for accounts that already have tokens.",
        ),
    ] = AuthMethod.TBA,
    client_id: Annotated[
        str | None,
        typer.Option(
            "--client-id", envvar="NETSUITE_CLIENT_ID", help="OAuth 2.0: the integration record's client ID."
        ),
    ] = None,
    certificate_id: Annotated[
        str | None,
        typer.Option(
            "--certificate-id",
            envvar="NETSUITE_CERTIFICATE_ID",
            help="OAuth 2.0: the certificate ID from Setup > Integration > Manage Authentication > "
            "OAuth 2.0 Client Credentials (M2M) Setup.",
        ),
    ] = None,
    private_key: Annotated[
        Path | None,
        typer.Option(
            "--private-key",
            envvar="NETSUITE_PRIVATE_KEY_FILE",
            help="OAuth 2.0: the certificate's private key file (PEM, from certificate create).",
        ),
    ] = None,
    certificate: Annotated[
        Path | None,
        typer.Option(
            "--certificate",
            help="OAuth 2.0: the certificate file, to warn before it expires (default: "
            f"{CERTIFICATE_FILE} beside the private key, when there).",
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Connect a company to its NetSuite account with OAuth 2.0 client credentials (--auth oauth2) or
    token-based auth (--auth tba, the default); the credentials are tried first.

    Nothing is saved when NetSuite refuses them; the error says what to check."""
    if auth is AuthMethod.OAUTH2:
        request = _oauth2_request(
            company_id, account_id, base_url, client_id, certificate_id, private_key, certificate
        )
    else:
        if (client_id or certificate_id or private_key) and not consumer_key:
            raise InvalidInput(
                "--client-id, --certificate-id and --private-key connect with OAuth 2.0: add --auth oauth2.",
                "--auth",
            )
        request = _tba_request(
            company_id, account_id, base_url, consumer_key, consumer_secret, token_id, token_secret
        )
    view = connections().connect(request)
    if as_json:
        print_json(connection_json(view))
        return
    method = "OAuth 2.0 client credentials" if view.auth.method is AuthMethod.OAUTH2 else "token-based auth"
    say(
        f"Company {view.company_id} is connected to NetSuite account {view.account_id} with {method} "
        f"(credentials checked; up to {view.settings.concurrency_limit} requests at once)."
    )
    warning = view.certificate_warning(date.today())
    if warning:
        say(f"Warning: {warning}")
    if view.needs_fallback_item:
        say(
            "Warning: no fallback item is set, so invoices whose lines have no NetSuite item (every line "
            "made here or through the API) will fail to sync. Set one: `settings set --company "
            f"{view.company_id} --fallback-item-id <NetSuite item internal id>`."
        )
    say("Next: `settings show`, then `import customers`, `import invoices` or `sync`.")


def _read_file(path: Path, option: str, what: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidInput(
            f"Cannot read the {what} {path}: {getattr(error, 'strerror', None) or error}.", option
        ) from None


def _oauth2_request(
    company_id: int,
    account_id: str | None,
    base_url: str | None,
    client_id: str | None,
    certificate_id: str | None,
    private_key: Path | None,
    certificate: Path | None,
) -> ConnectRequest:
    key_file = private_key or Path(
        _required(None, "--private-key", "NETSUITE_PRIVATE_KEY_FILE", "Private key file", secret=False)
    )
    key_pem = _read_file(key_file, "--private-key", "private key file")
    certificate_file = certificate or key_file.with_name(CERTIFICATE_FILE)
    expires_on = None
    if certificate is not None or certificate_file.exists():
        expires_on = certificate_expiry(_read_file(certificate_file, "--certificate", "certificate"), key_pem)
    return ConnectRequest(
        company_id=company_id,
        account_id=_required(account_id, "--account-id", "NETSUITE_ACCOUNT_ID", "Account ID", secret=False),
        base_url=base_url,
        auth=AuthMethod.OAUTH2,
        client_id=_required(client_id, "--client-id", "NETSUITE_CLIENT_ID", "Client ID", secret=False),
        certificate_id=_required(
            certificate_id, "--certificate-id", "NETSUITE_CERTIFICATE_ID", "Certificate ID", secret=False
        ),
        private_key=key_pem,
        certificate_expires_on=expires_on,
    )


def _tba_request(
    company_id: int,
    account_id: str | None,
    base_url: str | None,
    consumer_key: str | None,
    consumer_secret: str | None,
    token_id: str | None,
    token_secret: str | None,
) -> ConnectRequest:
    return ConnectRequest(
        company_id=company_id,
        account_id=_required(account_id, "--account-id", "NETSUITE_ACCOUNT_ID", "Account ID", secret=False),
        consumer_key=_required(
            consumer_key, "--consumer-key", "NETSUITE_CONSUMER_KEY", "Consumer key", secret=True
        ),
        consumer_secret=_required(
            consumer_secret, "--consumer-secret", "NETSUITE_CONSUMER_SECRET", "Consumer secret", secret=True
        ),
        token_id=_required(token_id, "--token-id", "NETSUITE_TOKEN_ID", "Token ID", secret=True),
        token_secret=_required(
            token_secret, "--token-secret", "NETSUITE_TOKEN_SECRET", "Token secret", secret=True
        ),
        base_url=base_url,
    )


@app.command("disconnect")
def disconnect(company_id: CompanyOption, as_json: JsonOption = False) -> None:
    """Forget the company's NetSuite credentials (links and sync history stay).

    Connecting the same account again carries on where it stopped."""
    use_case = connections()
    account_id = use_case.connection(company_id).account_id
    use_case.disconnect(company_id)
    if as_json:
        print_json(
            {
                "id": company_id,
                "object": "netsuite_connection",
                "company": company_id,
                "account_id": account_id,
                "connected": False,
            }
        )
        return
    say(f"Company {company_id} is no longer connected to NetSuite account {account_id}.")


def show_settings(view: ConnectionView, heading: str, as_json: bool) -> None:
    if as_json:
        print_json(settings_json(view))
        return
    print_table(f"{heading} (company {view.company_id})", SETTING_COLUMNS, setting_rows(view))
    warning = view.certificate_warning(date.today())
    if warning:
        say(f"Warning: {warning}")


@settings_app.command("show")
def settings_show(company_id: CompanyOption, as_json: JsonOption = False) -> None:
    """What the accounting sync does for this company, and when it runs next."""
    show_settings(connections().connection(company_id), "NetSuite settings", as_json)


# -- settings set: every value is parsed here, so a typo is one line naming the option ---------------


def parse_switch(text: str | None, option: str) -> bool | None:
    if text is None:
        return None
    word = text.strip().lower()
    if word in ("on", "yes", "true"):
        return True
    if word in ("off", "no", "false"):
        return False
    raise InvalidInput(f"{option} takes on or off, not {text!r}.", option)


def parse_whole_number(text: str | None, option: str) -> int | None:
    if text is None:
        return None
    cleaned = text.strip()
    if not cleaned.isdigit():
        raise InvalidInput(f"{option} takes a whole number, not {text!r}.", option)
    return int(cleaned)


def parse_clearable_date(text: str | None, option: str) -> Any:
    """A date, None for "none" (clear it), or UNSET when the option was not given."""
    if text is None:
        return UNSET
    if text.strip().lower() in CLEAR_WORDS:
        return None
    return parse_date(text, option)


def parse_clearable_id(text: str | None, option: str) -> Any:
    """An internal id, None for "none" (clear it), or UNSET when the option was not given."""
    if text is None:
        return UNSET
    cleaned = text.strip()
    if cleaned.lower() in CLEAR_WORDS:
        return None
    if not cleaned.isdigit():
        raise InvalidInput(
            f"{option} takes a NetSuite internal id (digits, e.g. 201), or none to clear it; not {text!r}.",
            option,
        )
    return cleaned


def _deposit(account: str | None, undeposited: bool) -> Any:
    if account is not None and undeposited:
        raise InvalidInput(
            "Choose one: --deposit-account ID (a bank account) or --undeposited-funds.", "--deposit-account"
        )
    if undeposited:
        return None
    if account is None:
        return UNSET
    if account.strip().lower() in CLEAR_WORDS:
        raise InvalidInput(
            "Use --undeposited-funds to deposit payments to Undeposited Funds.", "--deposit-account"
        )
    return parse_clearable_id(account, "--deposit-account")


@settings_app.command("set")
def settings_set(
    company_id: CompanyOption,
    auto_sync: Annotated[
        str | None,
        typer.Option("--auto-sync", metavar="on|off", help="Reconcile to NetSuite automatically."),
    ] = None,
    interval_minutes: Annotated[
        str | None,
        typer.Option("--interval-minutes", metavar="N", help="Minutes between automatic syncs (5 to 1440)."),
    ] = None,
    start_date: Annotated[
        str | None,
        typer.Option(
            "--start-date",
            metavar="YYYY-MM-DD",
            help="Only reconcile transactions dated on or after this day (none: any date).",
        ),
    ] = None,
    fallback_item_id: Annotated[
        str | None,
        typer.Option(
            "--fallback-item-id",
            metavar="ID",
            help="NetSuite item for invoice lines that have none (none: clear it).",
        ),
    ] = None,
    deposit_account: Annotated[
        str | None,
        typer.Option("--deposit-account", metavar="ID", help="Deposit payments to this NetSuite account."),
    ] = None,
    undeposited_funds: Annotated[
        bool, typer.Option("--undeposited-funds", help="Deposit payments to Undeposited Funds.")
    ] = False,
    subsidiary_id: Annotated[
        str | None,
        typer.Option(
            "--subsidiary-id", metavar="ID", help="Subsidiary of customers created in NetSuite (none: clear)."
        ),
    ] = None,
    concurrency: Annotated[
        str | None,
        typer.Option(
            "--concurrency", metavar="N", help="NetSuite requests at once, at most the account's limit."
        ),
    ] = None,
    read_invoices: Annotated[
        str | None,
        typer.Option("--read-invoices", metavar="on|off", help="Import outstanding NetSuite invoices."),
    ] = None,
    read_payments: Annotated[
        str | None,
        typer.Option("--read-payments", metavar="on|off", help="Sync payments recorded in NetSuite."),
    ] = None,
    write_invoices: Annotated[
        str | None,
        typer.Option("--write-invoices", metavar="on|off", help="Write invoices issued on Invoiced."),
    ] = None,
    write_payments: Annotated[
        str | None,
        typer.Option("--write-payments", metavar="on|off", help="Reconcile payments received on Invoiced."),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Change some settings of the accounting sync; the others stay as they are."""
    change = SettingsChange(
        auto_sync=parse_switch(auto_sync, "--auto-sync"),
        interval_minutes=parse_whole_number(interval_minutes, "--interval-minutes"),
        start_date=parse_clearable_date(start_date, "--start-date"),
        fallback_item_id=parse_clearable_id(fallback_item_id, "--fallback-item-id"),
        deposit_account_id=_deposit(deposit_account, undeposited_funds),
        subsidiary_id=parse_clearable_id(subsidiary_id, "--subsidiary-id"),
        concurrency_limit=parse_whole_number(concurrency, "--concurrency"),
        read_invoices=parse_switch(read_invoices, "--read-invoices"),
        read_payments=parse_switch(read_payments, "--read-payments"),
        write_invoices=parse_switch(write_invoices, "--write-invoices"),
        write_payments=parse_switch(write_payments, "--write-payments"),
    )
    if change == SettingsChange():
        raise InvalidInput(
            "Nothing to change: give at least one option, e.g. --auto-sync off (see `settings set --help`)."
        )
    view = connections().configure(company_id, change)
    show_settings(view, "Saved the NetSuite settings", as_json)
