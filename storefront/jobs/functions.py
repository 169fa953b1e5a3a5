"""Every RQ job function of the store, queued by dotted name (`storefront.jobs.functions.submit_order`). Each
takes ids, may run twice without harm, and lets exceptions reach RQ, so transient Hub errors are retried (the
policies are in queueing.py, with the job ids).

A job runs inside an app context of its own: the worker (workers.py) pushes one per job, so a failed transaction
in one job can never poison the next. The work itself is done by the services these jobs call.
"""

from ..fulfillment import hub_status, polling, print_file_fetching, proof_making, reconciler, submission
from ..mail import sending
from ..shoppers.design_retention import keep_customer_designs
from ..shoppers.guest_merge import merge_at_hub


class HubMergePending(Exception):
    """Raised by the merge job so RQ schedules another attempt."""


def submit_order(order_id):
    """Create (or adopt) the order's multi-item Hub project and start polling it."""
    submission.submit(order_id)


def poll_project(order_id, scheduled=False):
    """Read the project's processing results and act on them; `scheduled` continues the poll chain."""
    polling.poll(order_id, scheduled)


def resume_project(order_id):
    """Resume a failed pipeline and poll again."""
    polling.resume(order_id)


def fetch_print_files(order_id):
    """Download the order's print files; the order is ready once all are stored."""
    print_file_fetching.fetch(order_id)


def make_proof(print_file_id):
    """Draw a stored PDF's first page as the order page's proof, with its page count and trim size."""
    proof_making.make(print_file_id)


def merge_guest(merge_id):
    """Retry a guest-to-customer merge at the Hub until it succeeds."""
    if not merge_at_hub(merge_id):
        raise HubMergePending(f"hub merge {merge_id} not done yet")


def keep_designs(user_id):
    """Ask the Hub to keep the customer's new saved designs for good (the `Never` retention policy)."""
    keep_customer_designs(user_id)


def send_email(email_id):
    """Send one owed order email, once; temporary SMTP failures are retried (MAIL_RETRY)."""
    sending.send(email_id)


def follow_at_hub(order_id):
    """Move the order's Hub project to the status the order's last change asked for (the Hub's outages retried)."""
    hub_status.apply_wanted_status(order_id)


def reconcile():
    """Queue every order step our rows say is due and Redis does not hold."""
    return reconciler.reconcile()
