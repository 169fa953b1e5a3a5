"""Fulfilment: the Hub project of each order from submission to stored print files (submission, polling, fetching
the print files, their proofs), the order's Hub project status, and the reconciler. Its jobs are queued and run by
storefront/jobs/."""
