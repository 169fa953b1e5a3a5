"""What the store owner reads when a Hub call made for an admin action fails (no tokens or secrets in it)."""

from ..hub import HubConflict, HubNotFound, HubUnavailable


def hub_error_message(exc):
    if isinstance(exc, HubUnavailable):
        return f"The Hub could not be reached, so nothing was changed; try again in a moment. ({exc})"
    if isinstance(exc, HubNotFound):
        return f"The Hub does not know this project any more, so nothing was changed. ({exc})"
    if isinstance(exc, HubConflict):
        reason = str(exc.detail or exc.title or exc).rstrip(".")
        return f"The Hub refused: {reason}. Nothing was changed."
    return f"The Hub refused, so nothing was changed. ({exc})"


def conflict_message(name, exc):
    """A refused status transition, with the transitions the Hub allows now."""
    reason = exc.detail or exc.title or "not allowed now"
    names = sorted({t.display_name or t.name for t in exc.available_transitions if t.name})
    available = f"Available transitions: {', '.join(names)}." if names else "No transition is available now."
    return f"The Hub refused the transition “{name}”: {reason.rstrip('.')}. {available}"
