"""Print files in an S3-compatible bucket through boto3: an object appears only once complete and checked.

A file no larger than one part is held in memory, checked, then sent with one PutObject; a larger one goes up as
a multipart upload that is completed only after the size check (and aborted otherwise). S3 makes either visible
at once and whole, and a second upload to the same key replaces the object the same way.
"""

import logging

import botocore.exceptions as boto_errors
from flask import Response, request

from .base import CHUNK, FileMissing, HashingWriter, check_size, checked_key, guessed_type
from .s3_client import ClientFactory, is_missing, parse_store_url, unavailable

log = logging.getLogger(__name__)

# S3 parts must be at least 5 MiB, except the last; 8 MiB is boto3's own multipart chunk size.
PART_SIZE = 8 * 1024 * 1024
# DeleteObjects takes at most this many keys per call.
DELETE_BATCH = 1000
_FAILURES = (boto_errors.BotoCoreError, boto_errors.ClientError)


class S3FileStore:
    """Objects under `s3://bucket/prefix/<key>`; `config` is the app config (AWS_* settings, timeouts, retries)."""

    kind = "s3"

    def __init__(self, url, config, part_size=PART_SIZE):
        self.address = parse_store_url(url)
        self.client = ClientFactory(config)
        self.part_size = part_size

    def __str__(self):
        return f"bucket {self.address}"

    def _fail(self, exc):
        return unavailable(exc, self.address, self.client.where())

    def _object(self, key):
        return {"Bucket": self.address.bucket, "Key": self.address.key(checked_key(key))}

    def check(self):
        """Raise StoreUnavailable, with a one-line reason, unless the bucket is there and ours to use."""
        try:
            self.client().head_bucket(Bucket=self.address.bucket)
        except _FAILURES as exc:
            raise self._fail(exc) from None

    def put(self, key, download, expected_size=None):
        """Write an object through `download(fileobj)`; returns (size, sha256 hex). A failed size check, or any
        error, leaves the key as it was and no upload behind."""
        target = self._object(key)
        upload = _Upload(self.client(), target, guessed_type(key), self.part_size)
        writer = HashingWriter(upload)
        try:
            download(writer)
            check_size(writer.size, expected_size)
            upload.finish()
        except _FAILURES as exc:
            upload.abort()
            raise self._fail(exc) from None
        except BaseException:
            upload.abort()
            raise
        return writer.size, writer.sha256.hexdigest()

    def exists(self, key):
        try:
            self.client().head_object(**self._object(key))
        except _FAILURES as exc:
            if is_missing(exc):
                return False
            raise self._fail(exc) from None
        return True

    def _get(self, key):
        try:
            return self.client().get_object(**self._object(key))
        except _FAILURES as exc:
            if is_missing(exc):
                raise FileMissing(f"no object {key} in {self}") from None
            raise self._fail(exc) from None

    def open(self, key):
        """The stored bytes as a readable stream (the caller closes it)."""
        return self._get(key)["Body"]

    def send(self, key, *, mimetype, download_name, etag, inline=False):
        """A response streaming the object through this app as an attachment, or `inline` for the browser to show
        (If-None-Match answered with 304)."""
        found = self._get(key)
        body = found["Body"]
        response = Response(_chunks(body), mimetype=mimetype, direct_passthrough=True)
        response.call_on_close(body.close)
        response.content_length = found["ContentLength"]
        response.headers.set("Content-Disposition", "inline" if inline else "attachment", filename=download_name)
        response.last_modified = found.get("LastModified")
        response.cache_control.no_cache = True
        if etag:
            response.set_etag(etag)
        return response.make_conditional(request)

    def delete(self, keys):
        """Delete these objects; a failure is logged, never raised (the rows are gone already)."""
        names = [self._object(key)["Key"] for key in keys]
        for start in range(0, len(names), DELETE_BATCH):
            batch = [{"Key": name} for name in names[start : start + DELETE_BATCH]]
            try:
                answer = self.client().delete_objects(
                    Bucket=self.address.bucket, Delete={"Objects": batch, "Quiet": True}
                )
            except _FAILURES as exc:
                log.warning("could not remove %d print file(s) from %s: %s", len(batch), self, self._fail(exc))
                continue
            for error in answer.get("Errors", []):
                log.warning("could not remove print file %s from %s: %s", error.get("Key"), self, error.get("Code"))


def _chunks(body):
    while chunk := body.read(CHUNK):
        yield chunk


class _Upload:
    """The bytes of one object on their way up: held until a part fills, then sent as a multipart upload."""

    def __init__(self, client, target, content_type, part_size):
        self.client, self.target, self.content_type, self.part_size = client, target, content_type, part_size
        self.buffer = bytearray()
        self.upload_id = None
        self.parts = []

    def write(self, chunk):
        self.buffer += chunk
        while len(self.buffer) >= self.part_size:
            if self.upload_id is None:
                started = self.client.create_multipart_upload(**self.target, ContentType=self.content_type)
                self.upload_id = started["UploadId"]
            self._send_part(bytes(self.buffer[: self.part_size]))
            del self.buffer[: self.part_size]

    def _send_part(self, data):
        number = len(self.parts) + 1
        sent = self.client.upload_part(**self.target, UploadId=self.upload_id, PartNumber=number, Body=data)
        self.parts.append({"ETag": sent["ETag"], "PartNumber": number})

    def finish(self):
        """Make the object visible: one PutObject for a small file, else the last part and the completion."""
        if self.upload_id is None:
            self.client.put_object(**self.target, Body=bytes(self.buffer), ContentType=self.content_type)
            return
        if self.buffer:
            self._send_part(bytes(self.buffer))
        self.client.complete_multipart_upload(
            **self.target, UploadId=self.upload_id, MultipartUpload={"Parts": self.parts}
        )

    def abort(self):
        """Throw away the parts sent so far (nothing was ever visible under the key)."""
        self.buffer.clear()
        if self.upload_id is None:
            return
        try:
            self.client.abort_multipart_upload(**self.target, UploadId=self.upload_id)
        except _FAILURES as exc:
            # The parts stay invisible; a bucket lifecycle rule (AbortIncompleteMultipartUpload) removes them.
            log.warning("could not abort the upload of %s: %s", self.target["Key"], type(exc).__name__)
