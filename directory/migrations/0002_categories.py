from django.db import migrations

from directory.categories import ensure_categories


def create(apps, schema_editor):
    ensure_categories(apps.get_model("directory", "Category"))


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
