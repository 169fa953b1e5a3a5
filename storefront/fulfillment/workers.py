"""The RQ worker: jobs run in-process, each in its own app context, with a short heartbeat; the process outlives
Redis outages."""

import logging
import signal
import threading
import time
from contextlib import suppress

import redis
from redis.backoff import ExponentialBackoff
from redis.exceptions import RedisError
from redis.retry import Retry
from rq import Queue, SimpleWorker
from rq.job import Job
from rq.worker import WorkerStatus

from .scheduling import Ticker

log = logging.getLogger(__name__)
MAX_RESTART_PAUSE = 5.0  # the longest wait before a worker that quit on a Redis error is started again
BEATS_PER_TTL = 3


class JobHeartbeat(threading.Thread):
    """Keeps a running job's StartedJobRegistry entry alive, and writes the job back if Redis lost it."""

    def __init__(self, worker, job):
        super().__init__(name=f"heartbeat-{job.id}", daemon=True)
        self.worker, self.job = worker, job
        self.stopped = threading.Event()
        self.beating = threading.Lock()

    def run(self):
        failing = False
        while not self.stopped.wait(self.worker.heartbeat_ttl / BEATS_PER_TTL):
            with self.beating:
                if self.stopped.is_set():
                    return
                try:
                    self.beat()
                    failing = False
                except RedisError as exc:
                    if not failing:
                        log.warning("job %s: heartbeat failed (%s)", self.job.id, type(exc).__name__)
                    failing = True

    def beat(self):
        execution = self.worker.execution
        if execution is None:
            return
        if not Job.exists(self.job.id, self.worker.connection):
            self.restore(execution)
        self.worker.maintain_heartbeats(self.job)

    def restore(self, execution):
        # Redis restarted empty (or was flushed) under a running job: without its record the reconciler would
        # queue a second copy of a job that is still running.
        ttl = self.worker.heartbeat_ttl
        with self.worker.connection.pipeline() as pipeline:
            self.job.save(pipeline=pipeline)
            execution.save(ttl=ttl, pipeline=pipeline)
            self.job.started_job_registry.add_execution(execution, pipeline=pipeline, ttl=ttl)
            pipeline.execute()
        log.warning("job %s: Redis had lost the record of this running job; written back", self.job.id)

    def stop(self):
        """Stop beating; returns once a beat in progress is over."""
        self.stopped.set()
        with self.beating:
            pass


class AppContextWorker(SimpleWorker):
    """RQ's SimpleWorker (jobs in this process: the Hub client keeps its token, the database its pool) that runs
    each job in a new app context of `app`, so each job gets a fresh database session."""

    def __init__(self, *args, app, **kwargs):
        super().__init__(*args, **kwargs)
        self.app = app

    def perform_job(self, job, queue):
        with self.app.app_context():
            return super().perform_job(job, queue)


class FulfilmentWorker(AppContextWorker):
    """The store's worker: a heartbeat while a job runs. SimpleWorker has none, so a killed worker's job would look
    alive for its whole timeout plus a minute; here it is retried once JOB_HEARTBEAT_TTL has passed
    (see scheduling.tick)."""

    max_connection_wait_time = MAX_RESTART_PAUSE  # RQ's reconnect backoff grows to 60 s otherwise

    def __init__(self, *args, heartbeat_ttl, **kwargs):
        super().__init__(*args, **kwargs)
        self.heartbeat_ttl = heartbeat_ttl
        self.stop_requested = False
        self._heartbeat = None

    def get_heartbeat_ttl(self, job):
        return self.heartbeat_ttl

    def request_stop(self, signum, frame):
        self.stop_requested = True
        super().request_stop(signum, frame)

    def execute_job(self, job, queue):
        self.prepare_execution(job)
        self._heartbeat = JobHeartbeat(self, job)
        self._heartbeat.start()
        try:
            self.perform_job(job, queue)
        finally:
            self._stop_heartbeat()
        self.set_state(WorkerStatus.IDLE)

    def handle_execution_ended(self, job, queue, heartbeat_ttl):
        self._stop_heartbeat()  # before RQ records the outcome: a late beat must not write a finished job back
        super().handle_execution_ended(job, queue, heartbeat_ttl)

    def _stop_heartbeat(self):
        if self._heartbeat is not None:
            self._heartbeat.stop()
            self._heartbeat = None


def new_worker(app):
    """A worker on its own Redis connection (RQ lengthens its socket timeout for blocking dequeues)."""
    connection = redis.Redis.from_url(
        app.config["REDIS_URL"], socket_connect_timeout=2, retry=Retry(ExponentialBackoff(cap=1, base=0.1), 3)
    )
    queue = Queue(app.config["RQ_QUEUE"], connection=connection)
    return FulfilmentWorker([queue], connection=connection, app=app, heartbeat_ttl=app.config["JOB_HEARTBEAT_TTL"])


def run(app):
    """Work the queue until SIGTERM or SIGINT, with the scheduler tick beside it.

    RQ's worker loop quits on some Redis errors (a heartbeat failing as a job ends, a timeout); a worker that quits
    without being asked to is replaced here after a short backoff, so the process lives through Redis outages.
    """
    ticker = Ticker(app)
    ticker.start()
    stop = threading.Event()
    pause = 0.5
    try:
        while True:
            _stop_on_signals(stop)  # until RQ installs its own handlers, and again after the worker quits
            if stop.is_set():
                break
            started, worker = time.monotonic(), None
            try:
                worker = new_worker(app)
                if not stop.is_set():
                    worker.work()
            except RedisError as exc:
                log.warning("worker: Redis is not answering (%s)", type(exc).__name__)
            finally:
                _dispose(worker)
            if stop.is_set() or (worker is not None and worker.stop_requested):
                break
            pause = 0.5 if time.monotonic() - started > MAX_RESTART_PAUSE else min(pause * 2, MAX_RESTART_PAUSE)
            log.warning("worker: stopped unexpectedly; starting a new one in %.1f s", pause)
            _stop_on_signals(stop)
            stop.wait(pause)
    finally:
        ticker.stop()


def _stop_on_signals(stop):
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())


def _dispose(worker):
    """Stop what a quitting worker leaves running: RQ's teardown may have failed before it unsubscribed."""
    if worker is None:
        return
    if worker.pubsub_thread is not None:
        with suppress(Exception):
            worker.pubsub_thread.stop()
    if worker.pubsub is not None:
        with suppress(Exception):
            worker.pubsub.close()
    with suppress(Exception):
        worker.connection.close()
