"""The database cache table of the `throttle` cache (failed-login budgets) when there is no
Redis: created wherever migrations run, so no deployment forgets it."""

from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    # createcachetable is idempotent and only creates tables of database caches.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = []  # noqa: RUF012 - Django's migration shape
    operations = [  # noqa: RUF012 - Django's migration shape
        migrations.RunPython(create_cache_tables, migrations.RunPython.noop)
    ]
