"""Help says what an option takes the way a person reads it: no `<bool>` after a flag, no Python
`<list[int]>` for an option given once per value."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from entrypoints.cli.main import build_app


@pytest.mark.parametrize(
    "command", [[], ["payment", "add"], ["invoice", "add"], ["settings", "set"], ["sandbox", "serve"]]
)
def test_help_shows_no_python_types(command: list[str]) -> None:
    result = CliRunner().invoke(build_app(), [*command, "--help"], env={"COLUMNS": "200"})

    assert result.exit_code == 0, result.output
    assert "<bool>" not in result.output
    assert "<list[" not in result.output


def test_a_repeatable_option_says_so() -> None:
    output = CliRunner().invoke(build_app(), ["payment", "add", "--help"], env={"COLUMNS": "200"}).output

    assert "--invoice" in output and "<int> (repeatable)" in output
