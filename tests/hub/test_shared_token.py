"""The Hub access token shared through Redis: many processes that need a token at once make one token request."""

import threading

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from storefront.hub import hub_client_from_config
from storefront.hub.token_store import SharedTokenStore
from tests.fixtures.sandbox import QUICK_RETRIES

CLIENTS = 8


def separate_clients(sandbox, conn, count=CLIENTS):
    """Clients that share nothing but Redis, as the store's web and worker processes do."""
    config = {**sandbox.hub_config(), **QUICK_RETRIES}
    return [hub_client_from_config(config, redis=conn) for _ in range(count)]


def all_at_once(clients, call):
    """Run `call(client)` in a thread per client, released together; returns what each returned or raised."""
    barrier = threading.Barrier(len(clients))
    results = [None] * len(clients)

    def run(index, client):
        barrier.wait()
        try:
            results[index] = call(client)
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            results[index] = exc

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


def test_a_stampede_of_processes_makes_one_token_request(sandbox, redis_conn):
    clients = separate_clients(sandbox, redis_conn)
    results = all_at_once(clients, lambda hub: hub.get_project_statuses().total)
    assert all(isinstance(total, int) and total > 0 for total in results), results
    assert sandbox.stats()["Token"] == 1
    tokens = {client.transport.session.token["access_token"] for client in clients}
    assert len(tokens) == 1


def test_a_process_started_later_takes_the_shared_token(sandbox, redis_conn):
    first, later = separate_clients(sandbox, redis_conn, count=2)
    first.get_project_statuses()
    later.get_project_statuses()
    assert sandbox.stats()["Token"] == 1
    assert later.transport.session.token["access_token"] == first.transport.session.token["access_token"]


def test_a_shared_token_the_hub_refuses_is_replaced_once_for_everyone(sandbox, redis_conn):
    clients = separate_clients(sandbox, redis_conn)
    clients[0].get_project_statuses()
    store = clients[0].transport.token.tokens
    shared = store.read()
    revoked = {**shared.token, "access_token": "revoked-token"}
    store.write(revoked, shared.refresh_at, shared.refresh_at + 60)
    sandbox._call("POST", "/sandbox/stats/reset")

    results = all_at_once(clients[1:], lambda hub: hub.get_project_statuses().total)

    assert all(isinstance(total, int) and total > 0 for total in results), results
    assert sandbox.stats()["Token"] == 1
    assert store.read().access_token not in (None, "revoked-token")


def test_the_shared_token_expires_from_redis_with_the_token(sandbox, redis_conn):
    sandbox.configure(token_ttl=90)
    hub = separate_clients(sandbox, redis_conn, count=1)[0]
    hub.get_project_statuses()
    store = hub.transport.token.tokens
    assert 0 < redis_conn.ttl(store.key) <= 90
    assert sandbox.client_secret not in str(redis_conn.get(store.key))


def test_without_redis_each_process_fetches_its_own_token(sandbox):
    dead = redis.Redis(host="127.0.0.1", port=1, socket_connect_timeout=0.2, retry=Retry(NoBackoff(), 0))
    clients = separate_clients(sandbox, dead, count=3)
    results = all_at_once(clients, lambda hub: hub.get_project_statuses().total)
    assert all(isinstance(total, int) and total > 0 for total in results), results
    assert sandbox.stats()["Token"] == 3


def test_the_token_key_names_the_endpoint_and_client_but_not_the_secret(redis_conn):
    one = SharedTokenStore(redis_conn, "https://hub.example/connect/token", "client-a")
    other = SharedTokenStore(redis_conn, "https://hub.example/connect/token", "client-b")
    assert one.key != other.key
    assert "client-a" not in one.key
