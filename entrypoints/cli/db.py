"""`invoiced-netsuite db ...`: the database schema."""

from __future__ import annotations

import typer

from adapters.persistence import current_revision, head_revision, upgrade_database
from entrypoints.cli.context import services
from entrypoints.cli.output import JsonOption, print_json, say
from entrypoints.settings import redact_url

app = typer.Typer(help="The database schema.", no_args_is_help=True)


@app.command("upgrade")
def upgrade(as_json: JsonOption = False) -> None:
    """Apply the migrations not yet applied to DATABASE_URL (safe to run again: then it does nothing)."""
    settings = services().settings
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    before = current_revision(settings.database_url)
    upgrade_database(settings.database_url)
    after = current_revision(settings.database_url)
    document = {
        "object": "database",
        "url": redact_url(settings.database_url),
        "previous_revision": before,
        "revision": after,
        "head": head_revision(),
        "upgraded": before != after,
    }
    if as_json:
        print_json(document)
        return
    if before == after:
        say(f"The database is up to date (revision {after}): {document['url']}")
    else:
        say(f"Upgraded the database from revision {before} to {after}: {document['url']}")
