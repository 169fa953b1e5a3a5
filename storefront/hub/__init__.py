"""The store's only HTTP client for Customer's Canvas Hub: public exports, config factory and get_hub()."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Mapping

from flask import current_app

from .asset_storage import KEEP_POLICY, AssetRetention, PrivateDesign
from .cache import HubCache
from .client import HubClient
from .errors import DownloadRefused, HubAuthError, HubConflict, HubError, HubNotFound, HubUnavailable
from .inputs import MultiItemProjectInput, ProjectItemInput
from .projects import Artifact, OutputFile, ProcessingResults, Project, ProjectItem, ProjectStatus, ProjectTransition
from .resources import (
    Page,
    PersonalizationParameters,
    PersonalizationWorkflow,
    Product,
    ProductReference,
    StorefrontUser,
    TenantApplications,
)
from .settings import HubSettings
from .token_store import SharedTokenStore

__all__ = [
    "KEEP_POLICY",
    "Artifact",
    "AssetRetention",
    "DownloadRefused",
    "HubAuthError",
    "HubCache",
    "HubClient",
    "HubConflict",
    "HubError",
    "HubNotFound",
    "HubSettings",
    "HubUnavailable",
    "MultiItemProjectInput",
    "OutputFile",
    "Page",
    "PersonalizationParameters",
    "PersonalizationWorkflow",
    "PrivateDesign",
    "ProcessingResults",
    "Product",
    "ProductReference",
    "Project",
    "ProjectItem",
    "ProjectItemInput",
    "ProjectStatus",
    "ProjectTransition",
    "StorefrontUser",
    "TenantApplications",
    "get_hub",
    "get_quick_hub",
    "hub_client_from_config",
]

_build_lock = threading.Lock()


def hub_client_from_config(config: Mapping, redis=None, **transport_options) -> HubClient:
    """A HubClient from CCHUB_*/HUB_* config keys; `redis` (a redis.Redis) enables the caches and shares the
    access token with the store's other processes.

    `transport_options` (sleep, rng, clock, resolve) exist for tests.
    """
    settings = HubSettings.from_config(config)
    tokens = SharedTokenStore(redis, settings.token_url, settings.client_id) if redis is not None else None
    return HubClient(settings, cache=HubCache(redis), tokens=tokens, **transport_options)


QUICK_CONNECT_TIMEOUT = 2.0
QUICK_READ_TIMEOUT = 4.0


def get_quick_hub() -> HubClient:
    """A client like get_hub()'s with short timeouts and no retries, for calls made while a person waits."""
    hub = get_hub()
    extensions = current_app.extensions
    cached = extensions.get("hub_quick")
    if cached is not None and cached[0] is hub:
        return cached[1]
    settings = dataclasses.replace(
        hub.settings,
        connect_timeout=min(hub.settings.connect_timeout, QUICK_CONNECT_TIMEOUT),
        read_timeout=min(hub.settings.read_timeout, QUICK_READ_TIMEOUT),
        max_retries=0,
    )
    client = HubClient(settings, cache=hub.cache, tokens=hub.transport.token.tokens)
    extensions["hub_quick"] = (hub, client)
    return client


def get_hub() -> HubClient:
    """The current app's HubClient, built on first use and kept in app.extensions["hub"]."""
    extensions = current_app.extensions
    client = extensions.get("hub")
    if client is None:
        with _build_lock:
            client = extensions.get("hub")
            if client is None:
                client = hub_client_from_config(current_app.config, redis=extensions.get("redis"))
                extensions["hub"] = client
    return client
