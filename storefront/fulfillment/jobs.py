"""The job functions under the dotted names they had before they moved to storefront/jobs/functions.py.

RQ keeps a job's function as a dotted name in Redis, so a job the previous release queued, scheduled or left
failed names this module (`storefront.fulfillment.jobs.poll_project`: a poll due in a minute, a mail or merge retry
due in hours, a failed job the owner requeues from the health page). These aliases let such jobs run after the
deploy; everything queued now names `storefront.jobs.functions`. Delete this module one release after the move,
once the queued, scheduled, started and failed registries of both queues hold no `storefront.fulfillment.jobs.` job.
"""

from ..jobs.functions import (
    fetch_print_files,
    keep_designs,
    make_proof,
    merge_guest,
    poll_project,
    reconcile,
    resume_project,
    send_email,
    submit_order,
)

__all__ = [
    "fetch_print_files",
    "keep_designs",
    "make_proof",
    "merge_guest",
    "poll_project",
    "reconcile",
    "resume_project",
    "send_email",
    "submit_order",
]
