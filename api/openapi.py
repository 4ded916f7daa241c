"""The OpenAPI 3.1 document of our API, built from the HSDS 3.0 schemas in api/hsds/.

The HSDS schema files (Open Referral, CC BY-SA 4.0, see api/hsds/LICENSE) become
components/schemas, their relative references ("phone.json") rewritten to
"#/components/schemas/phone", so the document is complete without any network access.
"""

from __future__ import annotations

import copy
import functools
import json
from pathlib import Path
from typing import Any

from directory.search import ORDERS

HSDS_DIR = Path(__file__).resolve().parent / "hsds"
PROFILE_URL = "https://github.com/openreferral/specification/tree/3.0"
# Keys of the HSDS files that describe the CSV form, not the JSON: left out of the document.
TABULAR_KEYS = {"name", "path", "datapackage_metadata", "tabular_required", "constraints", "core"}
ENTITIES = [
    "accessibility",
    "address",
    "attribute",
    "contact",
    "cost_option",
    "funding",
    "language",
    "location",
    "meta_table_description",
    "metadata",
    "organization",
    "organization_identifier",
    "phone",
    "program",
    "required_document",
    "schedule",
    "service",
    "service_area",
    "service_at_location",
    "taxonomy",
    "taxonomy_term",
]


def clean(schema: Any) -> Any:
    """A schema without the tabular keys, references pointing inside this document.

    HSDS types every id as a UUID; ours are the resource's number or the category code
    (stable, and what the public pages use), so the document leaves that one format out.
    """
    if isinstance(schema, list):
        return [clean(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key in TABULAR_KEYS or (key == "format" and value == "uuid"):
            continue  # our ids are numbers and category codes, not UUIDs (docs/api.md)
        if key == "$ref" and isinstance(value, str) and value.endswith(".json"):
            out[key] = "#/components/schemas/" + value.removesuffix(".json")
        elif key == "properties":
            out[key] = {name: clean(prop) for name, prop in value.items()}
        elif key == "example":
            out["examples"] = [value]
        else:
            out[key] = clean(value)
    return out


def hsds_schemas() -> dict[str, Any]:
    return {
        name: clean(json.loads((HSDS_DIR / f"{name}.json").read_text(encoding="utf-8")))
        for name in ENTITIES
    }


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def query(name: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema,
    }


ORDER_VALUES = list(ORDERS)  # the site's orders: one definition (directory/search/query.py)
PARAMETERS = {
    "search": query(
        "search",
        "言葉で探す（サイトの検索と同じ日本語検索。公開中のものだけ、最大1000件）。"
        "並び順を指定しなければ、サイトの「おすすめ順」と同じ順（同じ関数で順位づけ）。"
        "すべての言葉を含むものがないときは、サイトと同じく一部の言葉を含むもの。"
        "「午前」「平日」「無料」などの条件の言葉は、文字としてではなく条件として使います。",
        {"type": "string", "maxLength": 100, "pattern": "^[^\\x00-\\x1f]*$"},
    ),
    "order": query(
        "order",
        "並び順。サイトと同じ：relevance（おすすめ順。search があるときの既定）、"
        "next（開催日が近い順）、confirmed（確認日が新しい順）、name（名前順）、"
        "distance（近い順。proximity と一緒に）。指定しなければ search なしは番号順。",
        {"type": "string", "enum": ORDER_VALUES},
    ),
    "sort": query(
        "sort",
        "order と同じ（別名）。order と違う値を一緒に指定すると 400。",
        {"type": "string", "enum": ORDER_VALUES},
    ),
    "page": query(
        "page", "ページ番号（1から）。", {"type": "integer", "minimum": 1, "maximum": 100000}
    ),
    "per_page": query(
        "per_page",
        "1ページの件数（1〜100、既定50）。",
        {"type": "integer", "minimum": 1, "maximum": 100},
    ),
    "format": query(
        "format",
        "json（既定、ページ分け）または ndjson（全件を1行1件で逐次送信）。",
        {"type": "string", "enum": ["json", "ndjson"]},
    ),
    "taxonomy_term_id": query(
        "taxonomy_term_id",
        "分類コード（例：5.1.1）。下位の分類も含みます。",
        {"type": "string"},
    ),
    "taxonomy_id": query(
        "taxonomy_id", "分類体系のID（sasaeai-categories のみ）。", {"type": "string"}
    ),
    "organization_id": query("organization_id", "実施主体のID。", {"type": "string"}),
    "modified_after": query(
        "modified_after",
        "この日時以降に更新されたもの（ISO 8601。タイムゾーンなしは日本時間）。",
        {"type": "string", "format": "date-time"},
    ),
    "postcode": query(
        "postcode",
        "郵便番号（例：260-0801）。その地域にある、またはその地域を対象にしているもの。",
        {"type": "string", "pattern": "^[0-9]{3}-?[0-9]{4}$"},
    ),
    "place": query(
        "place",
        "場所の名前（例：新千葉、しんちば、新千葉2丁目、千葉駅、美浜区）。サイトの「近くを探す」と同じに読みます。"
        "いくつもの場所に当てはまる名前や見つからない名前は、候補を示すエラーになります。",
        {"type": "string", "maxLength": 100},
    ),
    "proximity": query(
        "proximity",
        "postcode か place の中心からの距離（メートル）、または「緯度,経度,メートル」。最大100000。",
        {"type": "string", "pattern": "^[0-9]{1,5}$"},
    ),
    "top_only": query("top_only", "true なら最上位の分類だけ。", {"type": "boolean"}),
    "parent_id": query("parent_id", "この分類コードの直下の分類だけ。", {"type": "string"}),
    "city": query(
        "city", "市区町村コード（例：121002）。検索はこの市区町村で行います。", {"type": "string"}
    ),
    "day": {
        **query(
            "day",
            "曜日（mon・tue・wed・thu・fri・sat・sun）。くり返すか（day=mon&day=tue）、"
            "カンマで区切ります（day=mon,tue,wed,thu,fri は平日）。どれかの曜日に開かれるもの。",
            {"type": "array", "items": {"type": "string", "pattern": "^[a-z,]*$"}},
        ),
        "style": "form",
        "explode": True,
    },
}
SERVICE_FILTERS = [
    "search",
    "taxonomy_term_id",
    "taxonomy_id",
    "organization_id",
    "modified_after",
    "postcode",
    "place",
    "proximity",
    "city",
    "day",
    "order",
    "sort",
]


def params(*names: str) -> list[dict[str, str]]:
    return [{"$ref": f"#/components/parameters/{name}"} for name in names]


def errors(*statuses: int) -> dict[str, Any]:
    texts = {400: "パラメータが正しくありません。", 404: "見つかりません。"}
    return {
        str(status): {
            "description": texts[status],
            "content": {"application/json": {"schema": ref("Error")}},
        }
        for status in statuses
    }


def list_operation(summary: str, item: str, names: list[str]) -> dict[str, Any]:
    return {
        "get": {
            "summary": summary,
            "operationId": "list_" + item,
            "parameters": params(*names, "page", "per_page", "format"),
            "responses": {
                "200": {
                    "description": summary,
                    "content": {
                        "application/json": {
                            "schema": {
                                "allOf": [ref("Page")],
                                "properties": {"contents": {"type": "array", "items": ref(item)}},
                                "required": ["contents"],
                            }
                        },
                        "application/x-ndjson": {"schema": {"type": "string"}},
                    },
                },
                **errors(400),
            },
        }
    }


def item_operation(summary: str, item: str, id_description: str) -> dict[str, Any]:
    return {
        "get": {
            "summary": summary,
            "operationId": "get_" + item,
            "parameters": [
                {
                    "name": "id",
                    "in": "path",
                    "required": True,
                    "description": id_description,
                    "schema": {"type": "string"},
                }
            ],
            "responses": {
                "200": {
                    "description": summary,
                    "content": {"application/json": {"schema": ref(item)}},
                },
                **errors(404),
            },
        }
    }


PAGE = {
    "type": "object",
    "required": [
        "total_items",
        "total_pages",
        "page_number",
        "size",
        "first_page",
        "last_page",
        "empty",
    ],
    "properties": {
        "total_items": {"type": "integer"},
        "total_pages": {"type": "integer"},
        "page_number": {"type": "integer"},
        "size": {"type": "integer"},
        "first_page": {"type": "boolean"},
        "last_page": {"type": "boolean"},
        "empty": {"type": "boolean"},
        "links": {
            "type": "object",
            "description": "self, first, last と（あれば）prev, next のURL。",
            "additionalProperties": {"type": "string", "format": "uri"},
        },
    },
}
ERROR = {
    "type": "object",
    "required": ["error", "status"],
    "properties": {
        "error": {"type": "string", "description": "日本語のメッセージ"},
        "status": {"type": "integer"},
        "parameter": {"type": "string", "description": "正しくなかったパラメータ"},
    },
}
INFO = {
    "type": "object",
    "required": ["version", "profile", "openapi_url"],
    "properties": {
        "version": {"type": "string"},
        "profile": {"type": "string", "format": "uri"},
        "openapi_url": {"type": "string", "format": "uri"},
    },
}


@functools.cache
def _document() -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "info": {
            "title": "sasaeai HSDS API",
            "version": "1.0.0",
            "summary": "地域資源（高齢者の暮らしを支える地域の活動・サービス）の読み取り専用API",
            "description": (
                "Open Referral HSDS 3.0 形式で、公開中・休止中の地域資源だけを返します。"
                "IDは番号（service, organization）または分類コード（taxonomy_term）で、UUIDではありません。"
                "スキーマは Open Referral HSDS 3.0（CC BY-SA 4.0）に基づきます。"
            ),
            "license": {"name": "CC BY-SA 4.0", "identifier": "CC-BY-SA-4.0"},
        },
        "paths": {
            "/api/hsds/": {
                "get": {
                    "summary": "このAPIの情報",
                    "operationId": "api_info",
                    "responses": {
                        "200": {
                            "description": "HSDSのバージョンとOpenAPI文書のURL",
                            "content": {"application/json": {"schema": ref("Info")}},
                        }
                    },
                }
            },
            "/api/hsds/services": list_operation(
                "地域資源（service）の一覧", "service", SERVICE_FILTERS
            ),
            "/api/hsds/services/{id}": item_operation(
                "地域資源（service）", "service", "地域資源の番号"
            ),
            "/api/hsds/organizations": list_operation(
                "実施主体（organization）の一覧", "organization", ["search"]
            ),
            "/api/hsds/organizations/{id}": item_operation(
                "実施主体（organization）と公開中の地域資源", "organization", "実施主体の番号"
            ),
            "/api/hsds/taxonomies": list_operation(
                "分類体系（taxonomy）の一覧", "taxonomy", ["search"]
            ),
            "/api/hsds/taxonomies/{id}": item_operation(
                "分類体系（taxonomy）", "taxonomy", "分類体系のID（sasaeai-categories）"
            ),
            "/api/hsds/taxonomy_terms": list_operation(
                "分類（taxonomy_term）の一覧",
                "taxonomy_term",
                ["search", "taxonomy_id", "top_only", "parent_id"],
            ),
            "/api/hsds/taxonomy_terms/{id}": item_operation(
                "分類（taxonomy_term）", "taxonomy_term", "分類コード（例：5.1.1）"
            ),
            "/api/hsds/service_at_locations": list_operation(
                "会場ごとの地域資源（service_at_location）の一覧",
                "service_at_location",
                SERVICE_FILTERS,
            ),
            "/api/hsds/service_at_locations/{id}": item_operation(
                "会場ごとの地域資源（service_at_location）", "service_at_location", "地域資源の番号"
            ),
        },
        "components": {
            "schemas": {**hsds_schemas(), "Page": PAGE, "Error": ERROR, "Info": INFO},
            "parameters": PARAMETERS,
        },
    }


def document() -> dict[str, Any]:
    """A fresh copy: callers may change it without touching the cached one."""
    return copy.deepcopy(_document())
