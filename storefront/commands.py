"""Flask CLI commands: seed-demo, bootstrap, processes, reconcile, sandbox, make-admin and move-print-files."""

import os
import shutil
from urllib.parse import urlsplit

import click
import redis
from flask import current_app
from flask.cli import with_appcontext
from flask_migrate import upgrade
from redis.exceptions import RedisError

from .catalog.demo import catalog_is_empty, seed_demo
from .fulfillment.reconciler import reconcile
from .links import hub_webhook_link
from .shipping.demo import seed_shipping, shipping_is_empty
from .shoppers.accounts import find_by_email, set_admin
from .storage import FileStoreError
from .storage.folder_to_bucket import OUTCOMES, move_local_files

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}


def redact_url(url):
    """The URL without its password, for messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    return parts._replace(netloc=parts.netloc.replace(f":{parts.password}@", ":***@")).geturl()


@click.command("seed-demo")
def seed_demo_command():
    """Create or update the demo catalog, shipping methods and tax rates (safe to run again)."""
    changes = seed_demo()
    click.echo(f"Demo store: {changes} row(s) created or updated." if changes else "Demo store is up to date.")


@click.command("bootstrap")
def bootstrap_command():
    """Apply migrations, then seed the demo store when the catalog is empty, or its shipping methods and tax rates
    when there are none (used by `make run`)."""
    upgrade()
    if catalog_is_empty():
        seed_demo()
        click.echo("Seeded the demo catalog, shipping methods and tax rates.")
    elif shipping_is_empty():
        seed_shipping()
        click.echo("Seeded the demo shipping methods and tax rates.")


@click.command("processes")
@with_appcontext
def processes_command():
    """Print the Procfile processes `make run` starts: the sandbox only when no Hub credentials are set, a private
    Redis only when none answers at REDIS_URL (on this machine, with redis-server installed)."""
    names = ["web", "worker"]
    if current_app.config["HUB_USES_SANDBOX"]:
        names.append("sandbox")
    if local_redis_needed(current_app.config["REDIS_URL"]):
        names.append("redis")
    click.echo(" ".join(names))


def local_redis_needed(url):
    """True when `make run` must start a private Redis; a ClickException (one line) when it cannot."""
    try:
        with redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1) as connection:
            connection.ping()
        return False
    except RedisError:
        pass
    where = redact_url(url)
    if urlsplit(url).hostname not in LOCAL_HOSTS:
        raise click.ClickException(f"Redis is not answering at {where}; start it there, or unset REDIS_URL.")
    if shutil.which("redis-server") is None:
        raise click.ClickException(
            f"Redis is not answering at {where} and redis-server is not installed: apt-get install redis-server"
        )
    return True


@click.command("reconcile")
@with_appcontext
def reconcile_command():
    """Re-enqueue missing order work: unqueued orders, lost polls, missing print files, pending Hub merges."""
    try:
        counts = reconcile()
    except RedisError as exc:
        raise click.ClickException(f"Redis is not answering ({type(exc).__name__}); nothing was queued.") from exc
    click.echo(", ".join(f"{name}: {count}" for name, count in counts.items()))


@click.command("sandbox")
@with_appcontext
def sandbox_command():
    """Run the Hub sandbox (as `python -m sandbox`) wired to call this store's pipeline webhook."""
    config = current_app.config
    os.environ.setdefault("SANDBOX_WEBHOOK_URL", hub_webhook_link())
    if config["HUB_WEBHOOK_SECRET"]:
        os.environ.setdefault("SANDBOX_WEBHOOK_SECRET", config["HUB_WEBHOOK_SECRET"])
    from sandbox.__main__ import main  # the sandbox is a development tool: only loaded when it is asked for

    main()


@click.command("make-admin")
@click.argument("email")
@click.option("--revoke", is_flag=True, help="Take the admin rights away instead.")
@with_appcontext
def make_admin_command(email, revoke):
    """Give the registered customer with EMAIL the store owner's admin pages (or take them away with --revoke)."""
    user = find_by_email(email)
    if user is None:
        raise click.ClickException(
            f"No account uses {email!r}. The person must register at /account/register first, then run this again."
        )
    admin = not revoke
    if bool(user.is_admin) == admin:
        click.echo(f"{user.email} is {'already' if admin else 'not'} an admin; nothing changed.")
        return
    set_admin(user.id, admin)
    click.echo(f"{user.email} is {'now' if admin else 'no longer'} an admin.")


@click.command("move-print-files")
@click.option("--delete-local", is_flag=True, help="Delete each local file once its object in the bucket is checked.")
@with_appcontext
def move_print_files_command(delete_local):
    """Upload the print files kept in ARTIFACTS_DIR to the ARTIFACTS_STORE bucket, checking each (safe to run again)."""
    try:
        counts = move_local_files(delete_local, note=lambda key, outcome: click.echo(f"{key}: {outcome}"))
    except FileStoreError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo("; ".join(f"{label}: {counts[outcome]}" for outcome, label in OUTCOMES.items()))
    if counts["missing"] or counts["damaged"]:
        raise click.ClickException(
            "Some print files could not be moved (listed above). For a ready order, `flask --app app reconcile` "
            "fetches its missing files from the Hub again into the bucket."
        )


def register_commands(app):
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(bootstrap_command)
    app.cli.add_command(processes_command)
    app.cli.add_command(reconcile_command)
    app.cli.add_command(sandbox_command)
    app.cli.add_command(make_admin_command)
    app.cli.add_command(move_print_files_command)
