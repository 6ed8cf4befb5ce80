"""HTTP delivery: the JSON API and the server-rendered dashboard (`create_app(container)`)."""
