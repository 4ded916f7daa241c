import django.db.models.deletion
from django.db import migrations, models


def fill_kana(apps, schema_editor):
    """Towns loaded before readings were filled get them now (see areas/readings.py)."""
    from areas.readings import fill_town_kana

    Area = apps.get_model("areas", "Area")
    for municipality in Area.objects.filter(kind="municipality"):
        fill_town_kana(Area, municipality)


def fill_sphere_aliases(apps, schema_editor):
    """Chiba's spheres loaded before: their あんしんケアセンター's names, as the loader gives."""
    from areas.loader import sphere_aliases

    Area = apps.get_model("areas", "Area")
    for sphere in Area.objects.filter(kind="sphere", code__startswith="121002-", aliases=""):
        short = sphere.code.removeprefix("121002-")
        sphere.aliases = "\n".join(sphere_aliases(f"千葉市あんしんケアセンター{short}"))
        sphere.save(update_fields=["aliases"])


class Migration(migrations.Migration):
    dependencies = [("areas", "0002_phone_area_code")]

    operations = [
        migrations.AddField(
            model_name="area",
            name="aliases",
            field=models.TextField(
                blank=True,
                help_text="市の資料や住民が使う別の呼び名を1行に1つ（例: 東千葉圏域）。近くを探すで使います。",
                verbose_name="別名",
            ),
        ),
        migrations.CreateModel(
            name="Landmark",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=100, verbose_name="名称")),
                ("kana", models.CharField(blank=True, max_length=200, verbose_name="よみがな")),
                (
                    "kind",
                    models.CharField(
                        choices=[("station", "駅"), ("facility", "施設")], max_length=16, verbose_name="種別"
                    ),
                ),
                ("lat", models.FloatField(verbose_name="緯度")),
                ("lng", models.FloatField(verbose_name="経度")),
                ("source", models.CharField(blank=True, max_length=200, verbose_name="出典")),
                (
                    "municipality",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="landmarks",
                        to="areas.area",
                        verbose_name="市区町村",
                    ),
                ),
            ],
            options={
                "verbose_name": "目印",
                "verbose_name_plural": "目印",
                "ordering": ["municipality", "kind", "kana", "name"],
                "constraints": [
                    models.UniqueConstraint(fields=("municipality", "kind", "name"), name="landmark_unique_name")
                ],
            },
        ),
        migrations.RunPython(fill_kana, migrations.RunPython.noop),
        migrations.RunPython(fill_sphere_aliases, migrations.RunPython.noop),
    ]
