"""A city's 相談機関 from its area file (areas/spheres.py): each sphere's consultation office
(its 地域包括支援センター) becomes a published category-6.1 resource whose 担当地区 is the sphere.

Only what the file says is kept: name, address (matched to a town for its point) and phone
(dialled only when it is one complete number, otherwise kept as written). Updated in place by
name, so its page keeps its URL when the file is loaded again.
"""

from __future__ import annotations

from areas.addresses import match_town
from areas.models import Area
from areas.spheres import SphereFile
from directory.demo import city_provider, public_resource
from directory.models import Category, Resource
from sasaeai.lib import phones


def load_centers(municipality: Area, found: SphereFile) -> list[Resource]:
    """One resource per sphere row that names its 相談機関; returns them."""
    category = Category.objects.get(code="6.1")
    city = city_provider(municipality)
    made = []
    for row, sphere in found.spheres:
        if not row.center:
            continue
        address = row.address.removeprefix(municipality.prefecture)
        town = match_town(municipality, address) if address else None
        cell = phones.split_cell(row.phone, area_code=municipality.phone_area_code)
        made.append(
            public_resource(
                municipality,
                row.center,
                category,
                sphere,
                provider=city,
                address=address,
                town=town,
                lat=town.lat if town else None,
                lng=town.lng if town else None,
                point_precision=Resource.PointPrecision.TOWN if town else "",
                phone=cell.phone,
                fax=cell.fax,
                phone_note=cell.note,
                for_self=True,
                for_carers=True,
                for_anyone=True,
                eligibility=f"{sphere.name}にお住まいの方",
            )
        )
    return made
