"""The boto3 S3 client of a bucket store: boto3's own settings, our timeouts and retries, and one-line errors."""

import os
import threading
from dataclasses import dataclass
from urllib.parse import urlsplit

import boto3
import botocore.exceptions as boto_errors
from botocore.config import Config

from .base import FileStoreError, StoreUnavailable

# The store's setting names are boto3's own; None leaves boto3 to find the value (environment, ~/.aws, instance).
SESSION_SETTINGS = {
    "AWS_ACCESS_KEY_ID": "aws_access_key_id",
    "AWS_SECRET_ACCESS_KEY": "aws_secret_access_key",
    "AWS_SESSION_TOKEN": "aws_session_token",
    "AWS_DEFAULT_REGION": "region_name",
    "AWS_PROFILE": "profile_name",
}
_UNREACHABLE = (boto_errors.EndpointConnectionError, boto_errors.ConnectTimeoutError)
_SILENT = (boto_errors.ReadTimeoutError, boto_errors.ConnectionClosedError)
_NO_CREDENTIALS = (boto_errors.NoCredentialsError, boto_errors.PartialCredentialsError)


@dataclass(frozen=True)
class BucketAddress:
    """Where ARTIFACTS_STORE points: a bucket and a key prefix inside it (possibly empty)."""

    bucket: str
    prefix: str

    def __str__(self):
        return f"s3://{self.bucket}/{self.prefix}" if self.prefix else f"s3://{self.bucket}"

    def key(self, key):
        return f"{self.prefix}/{key}" if self.prefix else key


def parse_store_url(url):
    """`s3://bucket/prefix` as a BucketAddress; anything else is a FileStoreError naming ARTIFACTS_STORE."""
    parts = urlsplit(url or "")
    if parts.scheme != "s3" or not parts.netloc or parts.query or parts.fragment:
        raise FileStoreError(f"ARTIFACTS_STORE must look like s3://bucket/prefix, not {url!r}")
    return BucketAddress(parts.netloc, parts.path.strip("/"))


class ClientFactory:
    """One S3 client per process, made on first use: a process forked from this one makes its own, so two
    processes never share a connection pool."""

    def __init__(self, config):
        self.session_kwargs = {arg: config.get(name) for name, arg in SESSION_SETTINGS.items() if config.get(name)}
        self.endpoint_url = config.get("AWS_ENDPOINT_URL") or None
        self.config = Config(
            connect_timeout=config["S3_CONNECT_TIMEOUT"],
            read_timeout=config["S3_READ_TIMEOUT"],
            retries={"mode": config["AWS_RETRY_MODE"], "total_max_attempts": config["AWS_MAX_ATTEMPTS"]},
        )
        self._lock = threading.Lock()
        self._pid = self._client = None

    def __call__(self):
        with self._lock:  # neither boto3 sessions nor client creation are thread-safe
            if self._client is None or self._pid != os.getpid():
                session = boto3.session.Session(**self.session_kwargs)
                self._client = session.client("s3", endpoint_url=self.endpoint_url, config=self.config)
                self._pid = os.getpid()
            return self._client

    def where(self):
        """The endpoint, for messages: the configured URL, or the one boto3 chose."""
        return self.endpoint_url or self().meta.endpoint_url


def error_code(exc):
    return exc.response.get("Error", {}).get("Code", "") if isinstance(exc, boto_errors.ClientError) else ""


def is_missing(exc):
    """True when S3 answered that the key (or upload) is not there."""
    return error_code(exc) in ("404", "NoSuchKey", "NotFound", "NoSuchUpload")


def unavailable(exc, address, where):
    """A StoreUnavailable whose one-line message names the bucket and what is wrong with it."""
    code = error_code(exc)
    if isinstance(exc, _NO_CREDENTIALS):
        reason = "no S3 credentials found (set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE)"
    elif isinstance(exc, _UNREACHABLE):
        reason = f"the S3 endpoint {where} is unreachable ({type(exc).__name__}; check AWS_ENDPOINT_URL)"
    elif isinstance(exc, _SILENT):
        reason = f"the S3 endpoint {where} did not answer in time ({type(exc).__name__})"
    elif code in ("404", "NoSuchBucket"):
        reason = f"the bucket {address.bucket} does not exist at {where}"
    elif code in ("403", "AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch"):
        reason = f"access denied ({code}): check the credentials and their rights on the bucket {address.bucket}"
    elif isinstance(exc, boto_errors.ClientError):
        message = exc.response.get("Error", {}).get("Message") or ""
        reason = f"S3 answered {code or 'an error'} {message}".strip()
    else:
        reason = f"S3 call failed ({type(exc).__name__})"
    return StoreUnavailable(f"Print file store {address}: {reason}.")
