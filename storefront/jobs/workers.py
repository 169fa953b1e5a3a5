"""The RQ worker: RQ's forking Worker, each job in a work horse of its own with a fresh app context, a short
heartbeat, and a process that outlives Redis outages."""

import ctypes
import ctypes.util
import logging
import os
import signal
import threading
import time
from contextlib import suppress

import redis
from redis.backoff import ExponentialBackoff
from redis.exceptions import RedisError
from redis.retry import Retry
from rq import Queue, Worker
from rq.job import Job

from ..extensions import db
from .redis_queue import queue_names
from .scheduling import Ticker

log = logging.getLogger(__name__)
MAX_RESTART_PAUSE = 5.0  # the longest wait before a worker that quit on a Redis error is started again
BEATS_PER_TTL = 3
PR_SET_PDEATHSIG = 1  # linux/prctl.h
# app.extensions entries holding sockets or threads that a work horse must build anew.
FORK_UNSAFE_EXTENSIONS = ("hub", "hub_quick")


class FulfilmentWorker(Worker):
    """RQ's forking Worker: each job runs in a work horse forked for it, in an app context of its own, so a job that
    leaks or crashes cannot take the worker with it and RQ enforces the job's timeout.

    This process heartbeats the running job every third of JOB_HEARTBEAT_TTL (RQ's default would keep a dead
    worker's job looking alive for over a minute), writes the job back when Redis lost it, and lives through
    Redis errors while its horse works.
    """

    max_connection_wait_time = MAX_RESTART_PAUSE  # RQ's reconnect backoff grows to 60 s otherwise

    def __init__(self, *args, app, heartbeat_ttl, **kwargs):
        kwargs.setdefault("job_monitoring_interval", max(1, int(heartbeat_ttl) // BEATS_PER_TTL))
        super().__init__(*args, **kwargs)
        self.app = app
        self.heartbeat_ttl = heartbeat_ttl
        self.stop_requested = False

    def get_heartbeat_ttl(self, job):
        return self.heartbeat_ttl

    def request_stop(self, signum, frame):
        self.stop_requested = True
        super().request_stop(signum, frame)

    def main_work_horse(self, job, queue):
        forked_process_reset(self.app)
        super().main_work_horse(job, queue)

    def perform_job(self, job, queue):
        with self.app.app_context():
            return super().perform_job(job, queue)

    def maintain_heartbeats(self, job):
        try:
            if self.execution is not None and not Job.exists(job.id, self.connection):
                self._restore(job)
            super().maintain_heartbeats(job)
        except RedisError as exc:
            log.warning("job %s: heartbeat failed (%s)", job.id, type(exc).__name__)

    def _restore(self, job):
        # Redis restarted empty (or was flushed) under a running job: without its record the reconciler would
        # queue a second copy of a job that is still running.
        ttl = self.heartbeat_ttl
        with self.connection.pipeline() as pipeline:
            job.save(pipeline=pipeline)
            self.execution.save(ttl=ttl, pipeline=pipeline)
            job.started_job_registry.add_execution(self.execution, pipeline=pipeline, ttl=ttl)
            pipeline.execute()
        log.warning("job %s: Redis had lost the record of this running job; written back", job.id)


def forked_process_reset(app):
    """In a work horse: nothing that holds a socket is shared with the parent.

    The database pool is replaced (close=False: the parent's connections stay the parent's), the Hub clients and
    their HTTP sessions are built anew (the access token comes from Redis, see hub/token_store.py), redis-py
    reconnects by itself after a fork, and the horse dies with its worker (a killed worker's job is retried, not
    left running beside its retry).
    """
    _die_with_parent()
    with app.app_context():
        for engine in db.engines.values():
            engine.dispose(close=False)
    for name in FORK_UNSAFE_EXTENSIONS:
        app.extensions.pop(name, None)


def _die_with_parent():
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return  # not Linux: the horse outlives a killed worker and finishes its job
    if os.getppid() == 1:
        os._exit(1)  # the worker died between the fork and prctl


def new_worker(app):
    """A worker on its own Redis connection (RQ lengthens its socket timeout for blocking dequeues), taking jobs
    from the store's queues in their order: mail only when no order step waits."""
    connection = redis.Redis.from_url(
        app.config["REDIS_URL"], socket_connect_timeout=2, retry=Retry(ExponentialBackoff(cap=1, base=0.1), 3)
    )
    queues = [Queue(name, connection=connection) for name in queue_names(app.config)]
    return FulfilmentWorker(queues, connection=connection, app=app, heartbeat_ttl=app.config["JOB_HEARTBEAT_TTL"])


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
