"""Print files in a folder on this machine (the embedded default): written aside, checked, then renamed into place."""

import glob
import logging
import os
import tempfile
import time
from pathlib import Path

from flask import send_file

from .base import FileMissing, HashingWriter, check_size, checked_key

log = logging.getLogger(__name__)

# A temporary file this old belongs to a process that died mid-write (a live download stops long before).
STALE_PART_SECONDS = 3600


class LocalFileStore:
    """Files under `root`, one per key (`<order number>/<id>-<name>`)."""

    kind = "local"

    def __init__(self, root):
        self.root = Path(root)

    def __str__(self):
        return f"folder {self.root}"

    def path(self, key):
        """The file of a key; a key that would lead out of the folder is refused."""
        root = self.root.resolve()
        path = (root / checked_key(key)).resolve()
        if root not in path.parents:
            raise ValueError("file store key escapes the folder")
        return path

    def check(self):
        """Nothing to check: the folder is made on the first write."""

    def put(self, key, download, expected_size=None):
        """Write a file through `download(fileobj)`; returns (size, sha256 hex).

        The bytes go to a temporary file of its own beside the final one (so two runs for one key never share
        one), which is renamed over the key only when complete and of the announced size: a reader sees the old
        file or the new one, never part of one.
        """
        final = self.path(key)
        final.parent.mkdir(parents=True, exist_ok=True)
        _sweep_stale_parts(final)
        descriptor, name = tempfile.mkstemp(dir=final.parent, prefix=f".{final.name}.", suffix=".part")
        part = Path(name)
        try:
            with os.fdopen(descriptor, "wb") as handle:
                writer = HashingWriter(handle)
                download(writer)
                handle.flush()
                os.fsync(handle.fileno())
            check_size(writer.size, expected_size)
            os.replace(part, final)
        finally:
            part.unlink(missing_ok=True)
        return writer.size, writer.sha256.hexdigest()

    def exists(self, key):
        return self.path(key).is_file()

    def open(self, key):
        """The stored bytes as a binary file object (the caller closes it)."""
        try:
            return open(self.path(key), "rb")
        except FileNotFoundError:
            raise FileMissing(f"no file {key} in {self}") from None

    def send(self, key, *, mimetype, download_name, etag, inline=False):
        """A response carrying the file as an attachment, or `inline` for the browser to show (ranges and
        conditional requests included)."""
        path = self.path(key)
        if not path.is_file():
            raise FileMissing(f"no file {key} in {self}")
        return send_file(
            path, mimetype=mimetype, as_attachment=not inline, download_name=download_name, etag=etag or True
        )

    def delete(self, keys):
        """Delete the files of these keys; one that cannot be removed is logged and skipped."""
        for key in keys:
            try:
                self.path(key).unlink(missing_ok=True)
            except (OSError, ValueError) as exc:
                log.warning("could not remove print file %s: %s", key, exc.__class__.__name__)


def _sweep_stale_parts(final):
    """Remove the temporary files a killed process left beside `final` (its `finally` never ran)."""
    cutoff = time.time() - STALE_PART_SECONDS
    for part in final.parent.glob(glob.escape(f".{final.name}.") + "*.part"):
        try:
            if part.stat().st_mtime < cutoff:
                part.unlink()
        except OSError:
            pass  # another process swept it first
