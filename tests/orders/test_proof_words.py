"""The proof's page count and trim size in the customer's words: inches, then millimetres."""

import pytest

from storefront.orders.proof_display import pages_words, trim_words


@pytest.mark.parametrize(
    ("points", "words"),
    [
        ((252, 144), "3.5 × 2 in (88.9 × 50.8 mm)"),
        ((240.94, 155.91), "3.35 × 2.17 in (85 × 55 mm)"),
        ((595.28, 841.89), "8.27 × 11.69 in (210 × 297 mm)"),
        ((612, 792), "8.5 × 11 in (215.9 × 279.4 mm)"),
    ],
)
def test_trim_sizes_read_in_inches_and_millimetres(points, words):
    assert trim_words(*points) == words


def test_one_page_is_not_pages():
    assert [pages_words(1), pages_words(2)] == ["1 page", "2 pages"]
