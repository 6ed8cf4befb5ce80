"""The background side: Dramatiq actors, the per-process worker setup, and the embedded worker."""
