"""The embedded mail backend for `make run` without MAIL_SERVER: each message one .eml file in MAIL_OUTBOX_DIR.

Flask-Mailman's own file backend appends every message of a connection to one .log file with separator lines;
a developer opens an .eml file in any mail program instead, one message each.
"""

import secrets
from datetime import UTC, datetime
from pathlib import Path

from flask_mailman.backends.file import EmailBackend as FileEmailBackend


class EmailBackend(FileEmailBackend):
    """Writes each message to `<outbox>/<UTC time>-<random>.eml`, atomically (a reader never sees half a file)."""

    def open(self):
        return False  # the parent would create (empty) the .log file it appends to; each .eml is written whole

    def close(self):
        pass

    def send_messages(self, email_messages):
        for message in email_messages:
            self.write_eml(message)
        return len(email_messages)

    def write_eml(self, message):
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ")
        path = Path(self.file_path) / f"{stamp}-{secrets.token_hex(4)}.eml"
        partial = path.with_suffix(".eml.part")
        partial.write_bytes(message.message().as_bytes())
        partial.replace(path)
        return path
