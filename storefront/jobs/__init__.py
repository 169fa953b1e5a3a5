"""Jobs: the one home of background work. The queueing API with every job id and retry policy (`queueing.py`, over
the RQ primitives of `redis_queue.py`), the job functions RQ runs (`functions.py`), the worker (`workers.py`, started
by worker.py) and its scheduler tick (`scheduling.py`)."""
