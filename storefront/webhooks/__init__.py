"""Webhooks: the `webhooks` blueprint, the Hub pipeline's `invoke-url` callback."""
