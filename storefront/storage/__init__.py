"""Where print files are kept: the app's file store, a local folder (ARTIFACTS_DIR) or a bucket (ARTIFACTS_STORE).

Every store offers the same few operations on keys such as `PS-000012/7-business-card.pdf`:
put(key, download, expected_size) -> (size, sha256), exists(key), open(key), send(key, ..., inline=False) and
delete(keys).
"""

from flask import current_app

from .base import CHUNK, FileMissing, FileStoreError, SizeMismatch, StoreUnavailable, hash_stream
from .local import LocalFileStore
from .s3 import S3FileStore

__all__ = [
    "CHUNK",
    "FileMissing",
    "FileStoreError",
    "LocalFileStore",
    "S3FileStore",
    "SizeMismatch",
    "StoreUnavailable",
    "get_store",
    "hash_stream",
    "init_store",
    "make_store",
]


def make_store(config):
    """The store the settings name: the bucket of ARTIFACTS_STORE when set, else the folder ARTIFACTS_DIR."""
    if config.get("ARTIFACTS_STORE"):
        return S3FileStore(config["ARTIFACTS_STORE"], config)
    return LocalFileStore(config["ARTIFACTS_DIR"])


def init_store(app):
    """Make the app's store and check it (a bucket must be there and answer); raises FileStoreError otherwise."""
    store = make_store(app.config)
    store.check()
    app.extensions["file_store"] = store
    return store


def get_store(app=None):
    """The store of the app (the current one by default)."""
    app = app or current_app
    store = app.extensions.get("file_store")
    if store is None:
        store = app.extensions["file_store"] = make_store(app.config)
    return store
