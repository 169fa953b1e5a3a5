"""What every file store shares: its errors, the key rules and the writer that hashes and counts bytes."""

import hashlib
import mimetypes
import posixpath

# Bytes per read when a stored file is streamed back or read for checking.
CHUNK = 64 * 1024


class FileStoreError(Exception):
    """Something about the file store itself went wrong; the message is one line a person can act on."""


class StoreUnavailable(FileStoreError):
    """The store did not answer, or refused us (bucket missing, no credentials, endpoint unreachable)."""


class FileMissing(FileStoreError):
    """No stored file under this key."""


class SizeMismatch(FileStoreError):
    """A written file is not as long as announced; nothing was kept under its key."""


def checked_key(key):
    """A key as the stores use it: a relative path of plain parts, never one that climbs out of the store."""
    if not key or key.startswith("/") or "\\" in key:
        raise ValueError(f"not a file store key: {key!r}")
    if any(part in ("", ".", "..") for part in key.split("/")):
        raise ValueError(f"not a file store key: {key!r}")
    return posixpath.normpath(key)


def guessed_type(key):
    """The content type a key's extension suggests, for stores that keep one with the object."""
    return mimetypes.guess_type(key)[0] or "application/octet-stream"


def check_size(size, expected_size):
    if expected_size is not None and size != expected_size:
        raise SizeMismatch(f"expected {expected_size} bytes, got {size}")


class HashingWriter:
    """A file object that hashes and counts what passes through it into `target` (anything with write())."""

    def __init__(self, target):
        self.target = target
        self.sha256 = hashlib.sha256()
        self.size = 0

    def write(self, chunk):
        self.sha256.update(chunk)
        self.size += len(chunk)
        self.target.write(chunk)
        return len(chunk)


def hash_stream(stream):
    """(size, sha256 hex) of everything a readable stream yields."""
    writer = HashingWriter(_Discard())
    while chunk := stream.read(CHUNK):
        writer.write(chunk)
    return writer.size, writer.sha256.hexdigest()


class _Discard:
    def write(self, chunk):
        return len(chunk)
