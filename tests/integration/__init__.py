"""The integration tier: real HTTP, PostgreSQL, Redis and SMTP."""
