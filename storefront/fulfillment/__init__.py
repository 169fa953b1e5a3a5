"""Fulfilment: every RQ job and its queueing, the worker and its scheduler tick, the Hub project of each order from
submission to stored print files, the reconciler, and the Hub pipeline's webhook."""
