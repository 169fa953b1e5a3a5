"""Who the current storefront user is (anonymous or registered), its Hub registration, token, and the merge on login."""


def adopt_guest_after_login(user):
    """Move the guest session's designs and cart to `user` and merge its Hub storefront user (shoppers issue)."""
