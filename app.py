"""WSGI entry point: `flask --app app run` or any WSGI server pointing at `app:app`."""

from storefront import start_app

app = start_app()
