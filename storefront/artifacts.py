"""Where print files live on disk: written to a .part file, checked, hashed, renamed atomically; streamed out."""

import hashlib
import os
import re
from pathlib import Path

from flask import current_app

MAX_FILE_BYTES = 2 * 1024**3


class ArtifactCheckFailed(Exception):
    """A downloaded file is not what the Hub announced (size); it is discarded and fetched again."""


def artifacts_root():
    return Path(current_app.config["ARTIFACTS_DIR"])


def safe_file_name(name, default="print-file"):
    """A file name without path parts or odd characters (the Hub names files; we never trust a path from it)."""
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", os.path.basename(name or "")).strip(".-")
    return cleaned[:150] or default


def relative_path(order_number, artifact_id, name, file_format):
    base = safe_file_name(name)
    extension = f".{safe_file_name(file_format).lower()}" if file_format else ""
    if extension and not base.lower().endswith(extension):
        base += extension
    return f"{safe_file_name(order_number)}/{artifact_id}-{base}"


def absolute_path(relative):
    root = artifacts_root().resolve()
    path = (root / relative).resolve()
    if root not in path.parents:
        raise ValueError("artifact path escapes the artifacts folder")
    return path


class HashingWriter:
    """A file object that hashes and counts what passes through it."""

    def __init__(self, handle):
        self.handle = handle
        self.sha256 = hashlib.sha256()
        self.size = 0

    def write(self, chunk):
        self.sha256.update(chunk)
        self.size += len(chunk)
        return self.handle.write(chunk)


def store(relative, download, expected_size=None):
    """Write a file through `download(fileobj)` into place atomically; returns (size, sha256 hex).

    The bytes go to `<name>.part` first; only a complete file of the announced size is renamed into place.
    """
    final = absolute_path(relative)
    final.parent.mkdir(parents=True, exist_ok=True)
    part = final.with_name(final.name + ".part")
    try:
        with open(part, "wb") as handle:
            writer = HashingWriter(handle)
            download(writer)
            handle.flush()
            os.fsync(handle.fileno())
        if expected_size is not None and writer.size != expected_size:
            raise ArtifactCheckFailed(f"expected {expected_size} bytes, got {writer.size}")
        os.replace(part, final)
    finally:
        if part.exists():
            part.unlink()
    return writer.size, writer.sha256.hexdigest()


def file_present(artifact):
    return bool(artifact.path) and absolute_path(artifact.path).is_file()
