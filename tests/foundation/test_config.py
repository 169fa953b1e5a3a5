"""Settings: the sandbox by default, the real Hub with credentials, a generated secret key kept in instance/."""

import config


def test_without_credentials_the_store_talks_to_the_sandbox(monkeypatch):
    for name in ("CCHUB_CLIENT_ID", "CCHUB_CLIENT_SECRET", "CCHUB_BASEURL", "CCHUB_API_URL"):
        monkeypatch.delenv(name, raising=False)
    settings = config.load_settings()
    assert settings["HUB_USES_SANDBOX"] is True
    assert settings["CCHUB_BASEURL"] == "http://127.0.0.1:5100"
    assert settings["CCHUB_API_URL"] == "http://127.0.0.1:5100"


def test_with_credentials_the_api_host_is_api_dot_base_host(monkeypatch):
    monkeypatch.setenv("CCHUB_CLIENT_ID", "store-app")
    monkeypatch.setenv("CCHUB_CLIENT_SECRET", "s3cr3t-value")
    monkeypatch.setenv("CCHUB_BASEURL", "https://eu.customerscanvashub.com/")
    monkeypatch.delenv("CCHUB_API_URL", raising=False)
    settings = config.load_settings()
    assert settings["HUB_USES_SANDBOX"] is False
    assert settings["CCHUB_BASEURL"] == "https://eu.customerscanvashub.com"
    assert settings["CCHUB_API_URL"] == "https://api.eu.customerscanvashub.com"
    assert settings["HUB_POLL_INTERVAL"] >= 60


def test_api_url_can_be_overridden(monkeypatch):
    monkeypatch.setenv("CCHUB_CLIENT_ID", "store-app")
    monkeypatch.setenv("CCHUB_CLIENT_SECRET", "s3cr3t-value")
    monkeypatch.setenv("CCHUB_API_URL", "https://gateway.example.test/")
    assert config.load_settings()["CCHUB_API_URL"] == "https://gateway.example.test"


def test_api_url_for_keeps_an_api_host():
    assert config.api_url_for("https://api.customerscanvashub.com") == "https://api.customerscanvashub.com"


def test_secret_key_is_generated_once_and_kept_private(tmp_path):
    first = config.instance_secret_key(tmp_path)
    assert len(first) >= 64
    assert config.instance_secret_key(tmp_path) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_secret_key_from_environment_wins(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    assert config.load_settings()["SECRET_KEY"] == "from-the-environment"


def test_behind_a_proxy_the_client_address_comes_from_x_forwarded_for():
    from flask import request

    from storefront import create_app

    app = create_app({"TESTING": True, "TRUSTED_PROXIES": 1, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    app.add_url_rule("/whoami", "whoami", lambda: request.remote_addr)
    response = app.test_client().get("/whoami", headers={"X-Forwarded-For": "203.0.113.9"})
    assert response.get_data(as_text=True) == "203.0.113.9"
