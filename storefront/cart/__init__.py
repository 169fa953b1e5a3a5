"""Cart: the shopper's cart lines, plain products and editor designs alike."""
