"""`invoiced-netsuite certificate create`: the key pair and certificate for OAuth 2.0 client credentials."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from adapters.security.certificates import MAX_DAYS, create_certificate
from application.errors import InvalidInput
from entrypoints.cli.output import JsonOption, print_json, say

app = typer.Typer(help="Certificates for connecting with OAuth 2.0 client credentials.", no_args_is_help=True)

PRIVATE_KEY_FILE = "netsuite-private-key.pem"
CERTIFICATE_FILE = "netsuite-certificate.pem"


def upload_steps(certificate: Path | str, private_key: Path | str, expires_on: str) -> list[str]:
    """What a NetSuite administrator does with a new certificate, and the command to run after."""
    return [
        "In NetSuite, once per account: Setup > Company > Enable Features > SuiteCloud: check REST Web "
        "Services and OAuth 2.0.",
        "Setup > Integration > Manage Integrations > New (or the existing record): State Enabled; under "
        "OAuth 2.0 check Client Credentials (Machine to Machine) Grant and the REST Web Services scope; "
        "save and copy the client ID (it is shown once).",
        "Give the role the integration logs in with the permissions Log in using OAuth 2.0 Access Tokens "
        "and REST Web Services (Setup), plus the records it syncs (customers, invoices, payments).",
        "Setup > Integration > Manage Authentication > OAuth 2.0 Client Credentials (M2M) Setup > Create "
        f"New: choose the entity, the role and the application, upload {certificate}, save, and copy the "
        "certificate ID shown in the list.",
        f"The certificate expires on {expires_on}; map a new one before then (NetSuite emails reminders).",
        "Then connect: invoiced-netsuite connect --company ID --account-id ACCOUNT --auth oauth2 "
        f"--client-id CLIENT_ID --certificate-id CERTIFICATE_ID --private-key {private_key}",
    ]


@app.command("create")
def create(
    out: Annotated[
        Path, typer.Option("--out", help="Folder to write the private key and the certificate to.")
    ],
    key_type: Annotated[
        str,
        typer.Option("--key-type", help="ec (P-256, ES256; the default) or rsa (3072 bits, PS256)."),
    ] = "ec",
    days: Annotated[
        int, typer.Option("--days", help=f"How long the certificate lasts (at most {MAX_DAYS}: two years).")
    ] = MAX_DAYS,
    force: Annotated[bool, typer.Option("--force", help="Replace files already in the folder.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Write a private key (readable by you only) and a self-signed certificate NetSuite accepts, and
    print how to map the certificate in NetSuite and connect with it."""
    key_type = key_type.strip().lower()
    pair = create_certificate(key_type, days)
    out.mkdir(parents=True, exist_ok=True)
    key_path, certificate_path = out / PRIVATE_KEY_FILE, out / CERTIFICATE_FILE
    existing = [path.name for path in (key_path, certificate_path) if path.exists()]
    if existing and not force:
        raise InvalidInput(
            f"{' and '.join(existing)} already exist in {out}: choose another --out, or --force to replace "
            "them (a certificate mapped in NetSuite stops working when its key is gone).",
            "--out",
        )
    # The key is created with mode 0600 from the start, never readable by others even for a moment.
    descriptor = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as key_file:
        key_file.write(pair.private_key_pem)
    os.chmod(key_path, 0o600)
    certificate_path.write_text(pair.certificate_pem, encoding="ascii")
    steps = upload_steps(certificate_path, key_path, pair.expires_on.isoformat())
    if as_json:
        print_json(
            {
                "object": "netsuite_certificate",
                "private_key_file": str(key_path),
                "certificate_file": str(certificate_path),
                "key_type": key_type,
                "algorithm": pair.algorithm,
                "expires_on": pair.expires_on.isoformat(),
                "next_steps": steps,
            }
        )
        return
    say(f"Wrote the private key to {key_path} (only you can read it; never upload or share it).")
    say(f"Wrote the certificate to {certificate_path} ({pair.algorithm}, expires on {pair.expires_on}).")
    say("Next:")
    for number, step in enumerate(steps, start=1):
        say(f"  {number}. {step}")
