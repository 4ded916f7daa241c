"""Our records as HSDS 3.0 objects (docs/hsds-mapping.md is the table this follows).

Only public data goes in: the callers hand over public resources only, and nothing here
reads internal_note, contact_person, status_changed_by or any other back-office field.
Empty values are left out rather than sent as null: the HSDS schemas type most fields as
plain strings, which null would not satisfy.

Identifiers: a service, its location and its service_at_location share the resource's
number ("123"); an organization is its provider's number; a taxonomy term is its category
code ("5.1.1"); objects with no table of their own get "<kind>-<resource>-<n>" ids.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from areas.models import Area
from directory.models import Category, Provider, Resource, ResourceQuerySet
from directory.schedule_hsds import hsds_notes, to_hsds_list
from sasaeai.lib.phones import tel_href

TAXONOMY_ID = "sasaeai-categories"
STATUSES: dict[str, str] = {Resource.Status.PUBLISHED: "active", Resource.Status.PAUSED: "inactive"}
# A resource has a location when any of these tells where it is.
HAS_LOCATION = ~Q(venue_name="", address="", lat__isnull=True, town__isnull=True)


def compact(data: dict[str, Any]) -> dict[str, Any]:
    """Leave out None, "" and empty lists."""
    return {k: v for k, v in data.items() if v not in (None, "", [])}


def taxonomy() -> dict[str, Any]:
    return {
        "id": TAXONOMY_ID,
        "name": "ささえあい地域資源の分類",
        "description": (
            "高齢者の暮らしを支える地域資源の分類。コードは「5.1.1」のような階層つきの番号です。"
        ),
        "version": "1",
    }


@dataclass
class Context:
    """What serializing needs beyond the resource rows, read once per request."""

    categories: dict[int, Category] = field(default_factory=dict)
    areas: dict[int, Area] = field(default_factory=dict)  # every area above the towns

    @classmethod
    def load(cls) -> Context:
        return cls(
            categories=Category.objects.in_bulk(),
            areas=Area.objects.exclude(kind=Area.Kind.TOWN).in_bulk(),
        )

    def ward_of(self, town: Area | None) -> Area | None:
        if town is None:
            return None
        for area_id in town.ancestor_ids:
            area = self.areas.get(area_id)
            if area and area.kind == Area.Kind.WARD:
                return area
        return None


def services_queryset() -> ResourceQuerySet:
    """Public resources with everything a service object reads, in a stable order."""
    return (
        Resource.objects.public()
        .select_related("provider", "town", "place_area", "municipality")
        .prefetch_related(
            "categories",
            "schedule_rules",
            Prefetch("served_areas", queryset=Area.objects.order_by("path")),
        )
        .order_by("pk")
    )


def public_providers() -> QuerySet[Provider]:
    """Providers with at least one public resource: no other provider is ever shown."""
    return Provider.objects.filter(
        pk__in=Resource.objects.public().filter(provider__isnull=False).values("provider_id")
    ).order_by("pk")


def taxonomy_term(category: Category, ctx: Context) -> dict[str, Any]:
    parent = ctx.categories.get(category.parent_id) if category.parent_id else None
    return compact(
        {
            "id": category.code,
            "code": category.code,
            "name": category.name,
            "description": category.description or category.name,
            "parent_id": parent.code if parent else None,
            "taxonomy": TAXONOMY_ID,
            "taxonomy_id": TAXONOMY_ID,
            "taxonomy_detail": taxonomy(),
            "language": "ja",
        }
    )


def organization(provider: Provider, services: list[Resource] | None = None) -> dict[str, Any]:
    data = compact(
        {
            "id": str(provider.pk),
            "name": provider.name,
            "alternate_name": provider.kana,
            "description": str(provider.get_kind_display()),
            "website": provider.url,
            "legal_status": str(provider.get_kind_display()),
            "phones": (
                [
                    {
                        "id": f"organization-phone-{provider.pk}",
                        "organization_id": str(provider.pk),
                        "number": provider.phone,
                        "type": "voice",
                    }
                ]
                if tel_href(provider.phone)
                else []
            ),
        }
    )
    if services is not None:
        # Not in the organization schema: HSDS's "full_service" style list, public only.
        data["services"] = [
            compact({"id": str(r.pk), "name": r.name, "status": STATUSES[r.status]})
            for r in services
        ]
    return data


def phones(resource: Resource) -> list[dict[str, Any]]:
    """Only numbers an app can dial (an app makes them links); the words the source wrote
    around the phone number travel as its description."""
    out = []
    for kind, number, note in (
        ("voice", resource.phone, resource.phone_note),
        ("fax", resource.fax, ""),
    ):
        if number and tel_href(number):
            out.append(
                compact(
                    {
                        "id": f"phone-{resource.pk}-{kind}",
                        "service_id": str(resource.pk),
                        "number": number,
                        "type": kind,
                        "description": note,
                    }
                )
            )
    return out


def schedule_list(resource: Resource) -> list[dict[str, Any]]:
    out = []
    for rule in resource.rules():
        # Months and 祝日 have no HSDS field: they are in description and notes in words.
        notes = "　".join(t for t in (hsds_notes(rule), resource.schedule_note) if t)
        for suffix, fields in to_hsds_list(rule):
            out.append(
                compact(
                    {
                        "id": f"schedule-{rule.pk}{suffix}",
                        "service_id": str(resource.pk),
                        **fields,
                        "notes": notes,
                        "attending_type": "in_person",
                    }
                )
            )
    if not out and resource.schedule_note:
        out.append(
            {
                "id": f"schedule-{resource.pk}-note",
                "service_id": str(resource.pk),
                "description": resource.schedule_note,
                "notes": resource.schedule_note,
            }
        )
    return out


def service_areas(resource: Resource) -> list[dict[str, Any]]:
    return [
        compact(
            {
                "id": f"service-area-{resource.pk}-{area.pk}",
                "service_id": str(resource.pk),
                "name": area.name,
                "description": str(area.get_kind_display()),
                "extent": area.code,
                "extent_type": "sasaeai_area_code",
            }
        )
        for area in resource.served_areas.all()
    ]


def has_location(resource: Resource) -> bool:
    return bool(
        resource.venue_name or resource.address or resource.lat is not None or resource.town_id
    )


def location(resource: Resource, ctx: Context) -> dict[str, Any]:
    pk = str(resource.pk)
    municipality = resource.municipality
    address = None
    if resource.address or resource.postal_code or resource.town_id:
        ward = ctx.ward_of(resource.town)
        address = compact(
            {
                "id": f"address-{pk}",
                "location_id": pk,
                "address_1": resource.address or (resource.town.name if resource.town else ""),
                "city": municipality.name,
                "region": ward.name if ward else None,
                "state_province": municipality.prefecture,
                "postal_code": resource.postal_code,
                "country": "JP",
                "address_type": "physical",
            }
        )
        for required in ("address_1", "city", "state_province", "postal_code"):
            address.setdefault(required, "")
    accessibility = compact(
        {
            "id": f"accessibility-{pk}",
            "location_id": pk,
            "description": resource.barrier_free,
            "details": resource.parking,
        }
    )
    return compact(
        {
            "id": pk,
            "location_type": "physical",
            "name": resource.venue_name or resource.name,
            "organization_id": str(resource.provider_id) if resource.provider_id else None,
            # Held somewhere in an area (no address known): the area, in words.
            "description": resource.place_text if resource.place_area_id and not address else None,
            "latitude": resource.lat,
            "longitude": resource.lng,
            "addresses": [address] if address else [],
            "accessibility": [accessibility] if len(accessibility) > 2 else [],
        }
    )


def service_at_location(
    resource: Resource, ctx: Context, *, with_service: bool = False
) -> dict[str, Any]:
    pk = str(resource.pk)
    data: dict[str, Any] = {
        "id": pk,
        "service_id": pk,
        "location_id": pk,
        "location": location(resource, ctx),
    }
    if with_service:
        data["service"] = service(resource, ctx, with_locations=False)
    return data


def eligibility(resource: Resource) -> str:
    parts = [f"対象：{resource.audience_text}"] if resource.audience_text else []
    if resource.eligibility:
        parts.append(resource.eligibility)
    return "。".join(parts)


def application_process(resource: Resource) -> str:
    """参加方法 as the source gave it; "" (left out) when nobody said."""
    label = str(resource.get_booking_display()) if resource.booking else ""
    if label and resource.booking_note:
        return f"{label}（{resource.booking_note}）"
    return label or resource.booking_note


def attributes(resource: Resource, ctx: Context) -> list[dict[str, Any]]:
    return [
        {
            "id": f"attribute-{resource.pk}-{category.code}",
            "link_id": str(resource.pk),
            "link_type": "service",
            "link_entity": "service",
            "taxonomy_term_id": category.code,
            "taxonomy_term": taxonomy_term(category, ctx),
        }
        for category in sorted(resource.categories.all(), key=lambda c: c.code)
    ]


def service(resource: Resource, ctx: Context, *, with_locations: bool = True) -> dict[str, Any]:
    """A fully nested service (HSDS: service with its related objects)."""
    pk = str(resource.pk)
    cost_options = []
    if resource.fee_amount is not None:
        cost_options.append(
            compact(
                {
                    "id": f"cost-option-{pk}",
                    "service_id": pk,
                    "option": "参加費",
                    "currency": "JPY",
                    "amount": resource.fee_amount,
                    "amount_description": resource.fee_text,
                }
            )
        )
    capacities = []
    if resource.capacity is not None:
        # HSDS 3.1's service_capacity shape (3.0 has none; extra properties are allowed).
        capacities.append(
            {
                "id": f"capacity-{pk}",
                "service_id": pk,
                "maximum": resource.capacity,
                "unit": {"id": "sasaeai-people", "name": "人"},
                "description": "定員",
            }
        )
    return compact(
        {
            "id": pk,
            "organization_id": str(resource.provider_id) if resource.provider_id else None,
            "name": resource.name,
            "alternate_name": resource.kana,
            "description": resource.description,
            "url": resource.url,
            "email": resource.email,
            "status": STATUSES[resource.status],
            "application_process": application_process(resource),
            "fees_description": resource.fee_text,
            "eligibility_description": eligibility(resource),
            "assured_date": resource.confirmed_on.isoformat() if resource.confirmed_on else None,
            "last_modified": resource.updated_at.isoformat(),
            "organization": organization(resource.provider) if resource.provider else None,
            "phones": phones(resource),
            "schedules": schedule_list(resource),
            "service_areas": service_areas(resource),
            "service_at_locations": (
                [service_at_location(resource, ctx)]
                if with_locations and has_location(resource)
                else []
            ),
            "languages": [
                {"id": f"language-{pk}", "service_id": pk, "name": "日本語", "code": "ja"}
            ],
            "cost_options": cost_options,
            "capacities": capacities,
            "attributes": attributes(resource, ctx),
        }
    )
