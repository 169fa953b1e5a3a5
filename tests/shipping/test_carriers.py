"""Carriers and their tracking pages: the SHIPPING_CARRIERS setting (its default list and its format) and the link
to a parcel, with the number URL-encoded; no link for an unknown carrier, a carrier without a page or no number."""

import pytest

import config
from storefront.shipping.carriers import carrier_names, shipment_words, tracking_number, tracking_url


def test_the_default_carriers_each_have_a_public_tracking_page(tmp_path):
    carriers = dict(config.load_settings({}, instance_dir=tmp_path)["SHIPPING_CARRIERS"])
    assert list(carriers) == ["DHL", "UPS", "FedEx", "USPS", "Royal Mail", "DPD"]
    for template in carriers.values():
        assert template.startswith("https://") and "{number}" in template


def test_the_setting_takes_names_with_pages_and_a_name_alone(tmp_path):
    text = "Parcelforce=https://www.parcelforce.com/track-trace?trackNumber={number}\nLocal courier; DHL=http://dhl.test/t/{number}"
    assert config.load_settings({"SHIPPING_CARRIERS": text}, instance_dir=tmp_path)["SHIPPING_CARRIERS"] == (
        ("Parcelforce", "https://www.parcelforce.com/track-trace?trackNumber={number}"),
        ("Local courier", None),
        ("DHL", "http://dhl.test/t/{number}"),
    )


@pytest.mark.parametrize(
    "text",
    [
        "DHL=https://www.dhl.com/track",  # no {number}
        "DHL=javascript:alert({number})",
        "=https://example.test/{number}",
        "DHL=https://a.test/{number};DHL=https://b.test/{number}",
        "A carrier whose name runs on for far more than forty characters",
    ],
)
def test_a_malformed_carrier_stops_the_start_naming_the_setting(tmp_path, text):
    with pytest.raises(config.SettingsError, match="SHIPPING_CARRIERS"):
        config.load_settings({"SHIPPING_CARRIERS": text}, instance_dir=tmp_path)


def test_the_tracking_link_carries_the_number_url_encoded(app):
    app.config["SHIPPING_CARRIERS"] = (("DHL", "https://dhl.test/track?id={number}&x=1"), ("Courier", None))
    assert carrier_names() == ["DHL", "Courier"]
    assert tracking_url("DHL", "1Z999-AA1") == "https://dhl.test/track?id=1Z999-AA1&x=1"
    assert tracking_url("DHL", "a b/&?#") == "https://dhl.test/track?id=a%20b%2F%26%3F%23&x=1"
    assert tracking_url("Courier", "123") is None  # no tracking page
    assert tracking_url("Pony Express", "123") is None  # not (or no longer) a carrier of the setting
    assert tracking_url("DHL", None) is None and tracking_url(None, "123") is None


def test_a_tracking_number_is_kept_without_its_spaces_and_told_in_words():
    assert tracking_number(" 1Z 999 AA1  0123 ") == "1Z999AA10123"
    assert tracking_number("") is None and tracking_number(None) is None
    assert shipment_words("DHL", "123") == "Shipped with DHL, tracking 123"
    assert shipment_words(None, "123") == "Shipped, tracking 123"
    assert shipment_words("DHL", None) == "Shipped with DHL"
