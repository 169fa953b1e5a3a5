"""Jobs are found by their names: the dotted name of each job function, an older release's names too, and the ids
that let one job of each step wait at a time."""

from types import SimpleNamespace

import pytest
from rq.utils import import_attribute

from storefront.jobs import functions, queueing
from storefront.jobs.redis_queue import get_queue
from tests.fixtures.jobs import burst_worker

QUEUED = sorted(
    value
    for name, value in vars(queueing).items()
    if name.isupper() and isinstance(value, str) and value.startswith(f"{queueing.JOBS}.")
)
# Where the job functions lived before storefront/jobs/: jobs an older release left in Redis name this module.
BEFORE_THE_MOVE = "storefront.fulfillment.jobs"
# Jobs that came after the move: no older release queued them under the old name.
NEW_SINCE_THE_MOVE = {f"{queueing.JOBS}.follow_at_hub"}


@pytest.mark.parametrize("dotted", sorted(set(QUEUED) - NEW_SINCE_THE_MOVE))
def test_a_job_named_as_before_the_move_runs_the_same_function(dotted):
    name = dotted.rpartition(".")[2]
    assert import_attribute(f"{BEFORE_THE_MOVE}.{name}") is import_attribute(dotted) is getattr(functions, name)


def test_a_job_an_older_release_queued_under_its_old_name_runs(app):
    queue = get_queue()
    job = queue.enqueue(f"{BEFORE_THE_MOVE}.reconcile")
    burst_worker(queue).work(burst=True)
    assert job.get_status(refresh=True) == "finished"


def test_job_ids_stay_what_the_previous_release_queued():
    # The reconciler asks Redis for a step's job by its id: ids must not change between releases.
    project = SimpleNamespace(order_id=12, next_poll_at=None, resumes=1)
    assert queueing.submit_job_id(12) == "submit-order-12"
    assert queueing.fetch_job_id(12) == "fetch-order-12"
    assert queueing.poll_now_job_id(12) == "poll-order-12-now"
    assert queueing.poll_job_prefix(12) == "poll-order-12-"
    assert queueing.resume_job_id(project) == "resume-order-12-1"
    assert queueing.proof_job_id(7) == "proof-7"
    assert queueing.merge_job_id(3) == "hub-merge-3"
    assert queueing.keep_designs_job_id(5) == "keep-designs-5"
    assert queueing.mail_job_id(9) == "mail-9"
    assert queueing.reconcile_job_id(300, now=3000) == "reconcile-10"
