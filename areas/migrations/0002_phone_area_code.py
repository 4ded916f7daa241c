from django.db import migrations, models

# 千葉市's local numbers are 7 digits under 043 in every ward (総務省 市外局番の一覧).
KNOWN = {"121002": "043"}


def set_known(apps, schema_editor):
    Area = apps.get_model("areas", "Area")
    for code, area_code in KNOWN.items():
        Area.objects.filter(code=code, kind="municipality").update(phone_area_code=area_code)


class Migration(migrations.Migration):
    dependencies = [("areas", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="area",
            name="phone_area_code",
            field=models.CharField(blank=True, max_length=5, verbose_name="市外局番"),
        ),
        migrations.RunPython(set_known, migrations.RunPython.noop),
    ]
