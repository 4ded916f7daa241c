"""Validation against the Open Referral HSDS 3.0 JSON schemas in api/hsds/ (CC BY-SA 4.0,
see LICENSE there), through a referencing registry: nothing is fetched from the network.

One copy of the schemas: the answers are checked against the very files the API's OpenAPI
document is built from."""

from __future__ import annotations

import datetime
import functools
import json
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from api.openapi import HSDS_DIR

BASE = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"
# HSDS types every id as a UUID; ours are numbers and category codes (docs/api.md), so that
# one format is not checked. Every other format (date-time, uri, email …) is.
FORMATS = FormatChecker(formats=[f for f in FormatChecker.checkers if f != "uuid"])


@FORMATS.checks("date-time", raises=ValueError)
def is_datetime(value: object) -> bool:
    """RFC 3339 with its offset (jsonschema's own check needs a package we do not install)."""
    if not isinstance(value, str):
        return True
    return "T" in value and datetime.datetime.fromisoformat(value).tzinfo is not None


@functools.cache
def registry() -> Registry:
    resources = [
        (
            BASE + path.name,
            Resource.from_contents(
                json.loads(path.read_text(encoding="utf-8")), default_specification=DRAFT202012
            ),
        )
        for path in sorted(HSDS_DIR.glob("*.json"))
    ]
    return Registry().with_resources(resources)


@functools.cache
def validator(entity: str) -> Draft202012Validator:
    return Draft202012Validator(
        {"$ref": BASE + entity + ".json"}, registry=registry(), format_checker=FORMATS
    )


def errors(instance: Any, entity: str) -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator(entity).iter_errors(instance)
    ]
