"""The whole site served under a script prefix (issue 10): /sasaeai/, as behind a proxy that
mounts it there (FORCE_SCRIPT_NAME, SCRIPT_NAME in the request's environ).

Two crawls through Django's test client, each starting from the top and following every
href, src, form action and data-* URL of each HTML page (and every URL in a JSON answer,
the API's page links and the result map's GeoJSON): the public site without an account,
and the back office (with Django's admin) as a 管理者 logged in through the log-in form.
No same-site URL in any attribute, JSON answer or redirect may leave the prefix, and no
page reached may answer 404 or 500. A few posts along the way (a report, a 最終確認,
an update link) put the pages that follow them into the crawl and check their redirects.

The crawl is bounded: at most ROUTE_VISITS URLs per route and query-key set, MAX_FETCHES
in all; the routes it must have reached are listed in PUBLIC_ROUTES and OFFICE_ROUTES.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit

from django.core.handlers.wsgi import get_script_name
from django.http import HttpResponseBase
from django.test import Client, override_settings
from django.test.client import ClientHandler
from django.test.utils import override_script_prefix
from django.urls import Resolver404, resolve, set_script_prefix

from tests.base import OfficeTestCase

PREFIX = "/sasaeai"
HOST = "testserver"
ROUTE_VISITS = 3
MAX_FETCHES = 600
FETCHED_ATTRIBUTES = {"href", "src", "action", "formaction"}
REDIRECTS = {301, 302, 303, 307, 308}

PUBLIC_ROUTES = {
    "directory-top",
    "directory-results",
    "directory-conditions",
    "directory-map-data",
    "directory-detail",
    "directory-text-size",
    "directory-about",
    "directory-guide",
    "directory-mylist",
    "directory-mylist-add",
    "directory-export",
    "directory-opendata-columns",
    "directory-report",
    "api-root",
    "api-openapi",
    "api-services",
    "api-service",
}
OFFICE_ROUTES = {
    "office-login",
    "office-dashboard",
    "office-resources",
    "office-resource",
    "office-resource-new",
    "office-resource-edit",
    "office-resource-history",
    "office-revision",
    "office-resource-photos",
    "office-resource-links",
    "office-reports",
    "office-report",
    "office-import",
    "office-export",
    "office-password",
    "office-account",
    "office-postal-code",
    "provider-update",
    "admin:index",
}


class PrefixHandler(ClientHandler):
    """What Django's WSGIHandler does and its test client does not: take the script prefix
    from the request, so that reverse() and {% url %} answer with it."""

    def __call__(self, environ: dict[str, Any]) -> HttpResponseBase:
        set_script_prefix(get_script_name(environ))
        return super().__call__(environ)


@dataclass
class Form:
    action: str
    method: str
    fields: dict[str, str] = field(default_factory=dict)


class Markup(HTMLParser):
    """Every attribute of a page, and its forms with their hidden fields."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.attributes: list[tuple[str, str, str]] = []
        self.forms: list[Form] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        self.attributes += [(tag, name, value) for name, value in values.items()]
        if tag == "form":
            self.forms.append(Form(values.get("action", ""), values.get("method", "get").lower()))
        elif tag == "input" and self.forms and values.get("type") == "hidden" and "name" in values:
            self.forms[-1].fields[values["name"]] = values.get("value", "")


def json_strings(data: Any) -> Iterator[str]:
    if isinstance(data, dict):
        for value in data.values():
            yield from json_strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from json_strings(value)
    elif isinstance(data, str):
        yield data


def same_site(url: str) -> str | None:
    """The path and query of a URL of this site (None for other sites, mailto:, tel:, …)."""
    parts = urlsplit(url)
    if parts.scheme not in ("", "http", "https") or parts.netloc not in ("", HOST):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def route_of(path: str) -> str:
    """The URL name a prefixed path resolves to ("static" for files, "?" for none)."""
    path_info = urlsplit(path).path.removeprefix(PREFIX)
    if path_info.startswith("/static/"):
        return "static"
    try:
        return resolve(path_info).view_name
    except Resolver404:
        return "?"


@dataclass
class Crawl:
    client: Client
    expand: Callable[[str], bool]  # which same-site pages are read for more links
    queue: list[tuple[str, str]] = field(default_factory=list)  # (url, where it was found)
    seen: set[str] = field(default_factory=set)
    per_route: Counter[tuple[str, tuple[str, ...]]] = field(default_factory=Counter)
    routes: set[str] = field(default_factory=set)
    escapes: list[str] = field(default_factory=list)
    broken: list[str] = field(default_factory=list)
    fetches: int = 0

    def request(self, method: str, url: str, data: dict | None = None) -> HttpResponseBase:
        """GET or POST a prefixed URL: SCRIPT_NAME is the prefix, PATH_INFO the rest."""
        assert url.startswith(PREFIX + "/"), url
        path_info = url.removeprefix(PREFIX)
        self.fetches += 1
        if method == "post":
            return self.client.post(path_info, data or {}, SCRIPT_NAME=PREFIX)
        return self.client.get(path_info, SCRIPT_NAME=PREFIX)

    def check(self, value: str, where: str, base: str, *, fetch: bool) -> None:
        """A URL found on a page: it must stay under the prefix; queue it if asked to."""
        if not value or value.startswith(("#", "javascript:", "data:")):
            return
        path = same_site(urljoin(f"http://{HOST}{base}", value))
        if path is None:
            return
        if not path.startswith(PREFIX + "/"):
            self.escapes.append(f"{where}: {value}")
            return
        if fetch and path not in self.seen:
            self.seen.add(path)
            self.queue.append((path, where))

    def read(self, url: str, response: HttpResponseBase) -> None:
        """Check every URL a response holds, and queue those to follow."""
        if response.status_code in REDIRECTS:
            self.check(response["Location"], f"{url} → Location", url, fetch=True)
            return
        if response.streaming:
            b"".join(response.streaming_content)
            return
        content_type = response.get("Content-Type", "")
        body = response.content.decode(response.charset or "utf-8", errors="replace")
        if "json" in content_type:
            for text in json_strings(json.loads(body)):
                if text.startswith(("/", f"http://{HOST}")) and not text.startswith("//"):
                    self.check(text, f"{url} (JSON)", url, fetch=True)
        elif content_type.startswith("text/html"):
            markup = Markup()
            markup.feed(body)
            for tag, name, value in markup.attributes:
                where = f"{url} <{tag} {name}>"
                if name in FETCHED_ATTRIBUTES or name.startswith("data-"):
                    looks_like_url = name in FETCHED_ATTRIBUTES or value.startswith(("/", "http"))
                    if looks_like_url:
                        # a folder of static files (Leaflet's images) is no page
                        folder = value.endswith("/") and route_of(value) == "static"
                        self.check(value, where, url, fetch=not folder)
                elif value.startswith(("/", f"http://{HOST}/")) and not value.startswith("//"):
                    self.check(value, where, url, fetch=False)  # e.g. a form's "next"

    def visit(self, url: str, where: str) -> None:
        key = (
            route_of(url),
            tuple(sorted({p.split("=")[0] for p in urlsplit(url).query.split("&") if p})),
        )
        if self.per_route[key] >= ROUTE_VISITS or self.fetches >= MAX_FETCHES:
            return
        self.per_route[key] += 1
        response = self.request("get", url)
        self.routes.add(key[0])
        if response.status_code == 404 or response.status_code >= 500:
            self.broken.append(f"{url} (from {where}): {response.status_code}")
        if response.status_code in REDIRECTS or self.expand(url):
            self.read(url, response)

    def run(self, *starts: str) -> None:
        for start in starts:
            self.check(start, "start", "/", fetch=True)
        while self.queue:
            self.visit(*self.queue.pop(0))

    def page(self, url: str) -> tuple[HttpResponseBase, Markup]:
        """A page read (and checked) outside the crawl: for the forms on it."""
        response = self.request("get", url)
        assert response.status_code == 200, f"{url}: {response.status_code}"
        self.read(url, response)
        markup = Markup()
        markup.feed(response.content.decode())
        return response, markup

    def submit(self, url: str, route: str, values: dict[str, str]) -> HttpResponseBase:
        """Post the form on a page whose action is the named route, as a browser would
        (its hidden fields, the CSRF token among them, and the values given)."""
        _response, markup = self.page(url)
        for form in markup.forms:
            action = same_site(urljoin(f"http://{HOST}{url}", form.action or url)) or ""
            if form.method == "post" and route_of(action) == route:
                self.check(form.action, f"{url} <form action>", url, fetch=False)
                response = self.request("post", action, {**form.fields, **values})
                self.read(action, response)
                return response
        raise AssertionError(f"{url} has no form posting to {route}")


# STATIC_URL again: the static storage keeps the prefix it first saw, so a new one is made
# under this prefix (a process serves one prefix; a test run has seen "/" before).
@override_settings(FORCE_SCRIPT_NAME=PREFIX, STATIC_URL="static/")
@override_script_prefix("/")  # after each test, the prefix PrefixHandler set is put back
class ScriptNameTests(OfficeTestCase):
    def crawl(self, expand: Callable[[str], bool]) -> Crawl:
        client = Client(REMOTE_ADDR="192.0.2.20")
        client.handler = PrefixHandler(enforce_csrf_checks=True)  # posts carry the form's token
        return Crawl(client, expand)

    def assert_clean(self, crawl: Crawl, routes: set[str]) -> None:
        self.assertEqual(crawl.escapes, [], "same-site URLs outside /sasaeai/")
        self.assertEqual(crawl.broken, [], "pages answering 404 or 500")
        self.assertLessEqual(routes, crawl.routes, f"not reached: {routes - crawl.routes}")

    def test_it_keeps_every_public_link_under_the_prefix(self):
        crawl = self.crawl(
            lambda url: not url.startswith((f"{PREFIX}/office/", f"{PREFIX}/update/"))
        )
        # a report, sent through the form: its thanks page comes back under the prefix
        report = f"{PREFIX}/resources/{self.salon.pk}/report/"
        response = crawl.submit(report, "directory-report", {"body": "電話番号が変わりました。"})
        self.assertEqual(response["Location"], f"{report}?sent=1")

        api = f"{PREFIX}/api/hsds/"
        crawl.run(f"{PREFIX}/", api, f"{api}services?per_page=2", f"{api}services/{self.salon.pk}")
        self.assert_clean(crawl, PUBLIC_ROUTES)
        self.assertIn("static", crawl.routes)  # STATIC_URL is relative: the prefix applies

        # the 404 page's own links
        missing = f"{PREFIX}/resources/999999999/"
        response = crawl.request("get", missing)
        self.assertEqual(response.status_code, 404)
        crawl.read(missing, response)
        self.assertEqual(crawl.escapes, [])

    def test_it_keeps_every_back_office_link_under_the_prefix(self):
        crawl = self.crawl(lambda url: url.startswith((f"{PREFIX}/office/", f"{PREFIX}/update/")))
        report = f"{PREFIX}/resources/{self.salon.pk}/report/"
        crawl.submit(report, "directory-report", {"body": "開催日が変わりました。"})
        # log in through the form the log-in redirect leads to
        response = crawl.request("get", f"{PREFIX}/office/")
        login = f"{PREFIX}/office/login/?next={PREFIX}/office/"
        self.assertEqual(response["Location"], login)
        response = crawl.submit(
            login, "office-login", {"username": "city-admin", "password": self.PASSWORD}
        )
        self.assertEqual(response["Location"], f"{PREFIX}/office/")

        # a 最終確認 (a revision to show in the history) and an update link for a provider
        office_page = f"{PREFIX}/office/resources/{self.salon.pk}/"
        response = crawl.submit(office_page, "office-resource-confirm", {})
        self.assertEqual(response["Location"], office_page)
        links = f"{PREFIX}/office/resources/{self.salon.pk}/links/"
        response = crawl.submit(links, "office-resource-links", {"create": "1"})
        markup = Markup()
        markup.feed(response.content.decode())
        provider_page = next(v for _tag, _name, v in markup.attributes if "/update/" in v)
        self.assertTrue(provider_page.startswith(f"http://{HOST}{PREFIX}/update/"), provider_page)

        crawl.run(f"{PREFIX}/office/", provider_page)
        self.assert_clean(crawl, OFFICE_ROUTES)
