"""WSGI entry point: `flask --app app run` or any WSGI server pointing at `app:app`."""

import sys

from storefront import StartupError, create_app

try:
    app = create_app()
except StartupError as exc:
    # One line instead of a traceback. Exit status 4 is gunicorn's "app failed to load": it stops the server
    # rather than starting worker after worker that would fail the same way.
    print(f"Printshop cannot start: {exc}", file=sys.stderr, flush=True)
    raise SystemExit(4) from None
