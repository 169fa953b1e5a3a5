"""Settings: the sandbox by default, the real Hub with credentials (and then a SECRET_KEY of our own), a generated
secret key kept in instance/ for the sandbox."""

import config
from storefront.hub import HubSettings

CREDENTIALS = {"CCHUB_CLIENT_ID": "store-app", "CCHUB_CLIENT_SECRET": "s3cr3t-value"}


def test_without_credentials_the_store_talks_to_the_sandbox(tmp_path):
    settings = config.load_settings({}, instance_dir=tmp_path)
    assert settings["HUB_USES_SANDBOX"] is True
    assert settings["CCHUB_BASEURL"] == "http://127.0.0.1:5100"
    assert settings["CCHUB_API_URL"] == "http://127.0.0.1:5100"


def test_with_credentials_the_api_host_is_api_dot_base_host(tmp_path):
    settings = config.load_settings(
        {**CREDENTIALS, "SECRET_KEY": "k" * 64, "CCHUB_BASEURL": "https://eu.customerscanvashub.com/"}, tmp_path
    )
    assert settings["HUB_USES_SANDBOX"] is False
    assert settings["CCHUB_BASEURL"] == "https://eu.customerscanvashub.com"
    assert settings["CCHUB_API_URL"] == "https://api.eu.customerscanvashub.com"
    assert settings["HUB_POLL_INTERVAL"] >= 60


def test_api_url_can_be_overridden(tmp_path):
    settings = config.load_settings(
        {**CREDENTIALS, "SECRET_KEY": "k" * 64, "CCHUB_API_URL": "https://gateway.example.test/"}, tmp_path
    )
    assert settings["CCHUB_API_URL"] == "https://gateway.example.test"


def test_download_hosts_are_a_list_and_the_sandbox_is_known_by_its_own_credentials(tmp_path):
    real = config.load_settings(
        {**CREDENTIALS, "SECRET_KEY": "k" * 64, "HUB_DOWNLOAD_HOSTS": " cdn.example.net, ,blob.example.net:8443"},
        tmp_path,
    )
    assert real["HUB_DOWNLOAD_HOSTS"] == ["cdn.example.net", "blob.example.net:8443"]
    assert HubSettings.from_config(real).sandbox is False
    # The test and benchmark workers pass the sandbox's credentials: downloads from it stay allowed there.
    sandbox_credentials = {"CCHUB_CLIENT_ID": "sandbox-client", "CCHUB_CLIENT_SECRET": "sandbox-secret"}
    worker = config.load_settings({**sandbox_credentials, "SECRET_KEY": "k" * 64}, tmp_path)
    assert HubSettings.from_config(worker).sandbox is True


def test_api_url_for_keeps_an_api_host():
    assert config.api_url_for("https://api.customerscanvashub.com") == "https://api.customerscanvashub.com"


def test_secret_key_is_generated_once_and_kept_private(tmp_path):
    first = config.instance_secret_key(tmp_path)
    assert len(first) >= 64
    assert config.instance_secret_key(tmp_path) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_secret_key_from_environment_wins(tmp_path):
    settings = config.load_settings({"SECRET_KEY": "from-the-environment"}, instance_dir=tmp_path)
    assert settings["SECRET_KEY"] == "from-the-environment"
    assert not (tmp_path / "secret_key").exists()


def test_files_go_to_the_instance_folder_given(tmp_path):
    settings = config.load_settings({"PRINTSHOP_INSTANCE_DIR": str(tmp_path / "from-env")})
    assert settings["INSTANCE_PATH"] == str(tmp_path / "from-env")
    assert settings["ARTIFACTS_DIR"] == str(tmp_path / "from-env" / "artifacts")
    assert (tmp_path / "from-env" / "secret_key").exists()


def test_dotenv_fills_in_what_the_environment_leaves_unset(tmp_path, monkeypatch):
    dotenv = tmp_path / ".env"
    dotenv.write_text("STORE_NAME=From dotenv\nSTORE_URL=http://dotenv.test\n")
    monkeypatch.setenv("STORE_URL", "http://environment.test")
    environ = config.read_environment(dotenv)
    assert environ["STORE_NAME"] == "From dotenv"
    assert environ["STORE_URL"] == "http://environment.test"
    assert config.read_environment(tmp_path / "absent.env")["STORE_URL"] == "http://environment.test"


def test_a_test_config_replaces_the_environment(tmp_path, monkeypatch):
    from storefront import create_app

    monkeypatch.setenv("STORE_NAME", "Developer's own shop")
    instance = tmp_path / "instance"
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", "INSTANCE_PATH": str(instance)})
    assert app.config["STORE_NAME"] == "Printshop"
    assert app.instance_path == str(instance)
    assert (instance / "secret_key").exists() and (instance / "webhook_secret").exists()


def test_behind_a_proxy_the_client_address_comes_from_x_forwarded_for(tmp_path):
    from flask import request

    from storefront import create_app

    app = create_app(
        {"TESTING": True, "TRUSTED_PROXIES": 1, "SQLALCHEMY_DATABASE_URI": "sqlite://", "INSTANCE_PATH": str(tmp_path)}
    )
    app.add_url_rule("/whoami", "whoami", lambda: request.remote_addr)
    response = app.test_client().get("/whoami", headers={"X-Forwarded-For": "203.0.113.9"})
    assert response.get_data(as_text=True) == "203.0.113.9"


def test_with_hub_credentials_a_start_without_secret_key_is_refused(tmp_path):
    import pytest

    with pytest.raises(config.SettingsError, match="SECRET_KEY"):
        config.load_settings(CREDENTIALS, instance_dir=tmp_path)
    assert not (tmp_path / "secret_key").exists()


def test_the_web_app_and_the_worker_refuse_to_start_and_name_the_setting(tmp_path):
    import subprocess

    from storefront import APP_LOAD_ERROR
    from tests.fixtures.processes import PYTHON, ROOT

    env = {"PATH": "/usr/bin:/bin", "PRINTSHOP_INSTANCE_DIR": str(tmp_path), **CREDENTIALS}
    for command in (["-c", "import app"], ["worker.py"]):
        done = subprocess.run([PYTHON, *command], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
        assert done.returncode == APP_LOAD_ERROR
        assert done.stderr.strip().splitlines() == [done.stderr.strip()], done.stderr  # one line, no traceback
        assert "SECRET_KEY" in done.stderr


def test_shared_settings_are_all_a_second_host_needs(tmp_path):
    shared = {**CREDENTIALS, "SECRET_KEY": "k" * 64, "HUB_WEBHOOK_SECRET": "w" * 32, "DATABASE_URL": "postgresql://db"}
    one = config.load_settings(shared, instance_dir=tmp_path / "host-1")
    two = config.load_settings(shared, instance_dir=tmp_path / "host-2")
    for key in ("SECRET_KEY", "HUB_WEBHOOK_SECRET", "SQLALCHEMY_DATABASE_URI"):
        assert one[key] == two[key]
    assert not (tmp_path / "host-1").exists() and not (tmp_path / "host-2").exists()
