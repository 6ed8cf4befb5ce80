"""The admin CLI (Typer)."""
