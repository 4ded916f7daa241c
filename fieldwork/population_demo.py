"""見本 (sample) population for the demo's 東千葉圏域, added by `load_demo`, so the demo's gap
map and area report show people aged 65+ there.

The figures are made up (a fixed seed, 60–480 people a town), not the census: the import's
出典 says so, and every page showing them names that 出典. Only the towns of 東千葉圏域 get a
figure; every other town of the city stays 「不明」, as the gap map says of a town the file
did not give.

The newest import is the one the gap map uses, so the demo adds its import only while the
city has no other (a real file is never hidden behind the sample); loading again replaces
the sample import and leaves real ones as they are.
"""

from __future__ import annotations

import random

from django.db import transaction
from django.dispatch import receiver

from areas.models import Area, PopulationImport, TownPopulation
from directory.demo_hooks import demo_loaded
from fieldwork.demo import SPHERE_CODE

SOURCE = "見本（架空の人数です。実際の人口ではありません）"
FILE_NAME = "demo-population.csv"
SEED = 12


def delete_samples(municipality: Area) -> int:
    count, _ = PopulationImport.objects.filter(
        municipality=municipality, source=SOURCE, file_name=FILE_NAME
    ).delete()
    return count


def load_population_demo(municipality: Area) -> int:
    """Sample figures for the towns of 東千葉圏域 (0 when the city has a real import or no
    such 圏域); idempotent."""
    with transaction.atomic():
        delete_samples(municipality)
        sphere = Area.objects.filter(code=SPHERE_CODE, municipality=municipality).first()
        if sphere is None or PopulationImport.objects.filter(municipality=municipality).exists():
            return 0
        towns = list(Area.objects.within(sphere).towns().order_by("code"))
        batch = PopulationImport.objects.create(
            municipality=municipality,
            kind=PopulationImport.Kind.SIMPLE,
            file_name=FILE_NAME,
            source=SOURCE,
        )
        rng = random.Random(SEED)
        TownPopulation.objects.bulk_create(
            TownPopulation(batch=batch, town=town, aged_65_plus=rng.randint(60, 480))
            for town in towns
        )
    return len(towns)


@receiver(demo_loaded, dispatch_uid="fieldwork.population_demo")
def on_demo_loaded(sender, municipality: Area, **kwargs) -> str:
    towns = load_population_demo(municipality)
    if towns == 0:
        return "人口の見本: なし（取り込んだ人口があるか、東千葉圏域がありません）"
    return f"人口の見本（架空）: 東千葉圏域の {towns} 町丁目"
