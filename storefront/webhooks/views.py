"""Webhook views (being built)."""
