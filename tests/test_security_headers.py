"""Security headers on every page, public and back office, and the production settings
(sasaeai/settings.py, sasaeai/settings_production.py, sasaeai/middleware.py)."""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.test import override_settings

from sasaeai.settings import _tile_origin
from tests.base import OfficeTestCase

ROOT = Path(__file__).resolve().parent.parent
# The PDFs' templates are read by WeasyPrint on the server, never by a browser.
# Rendered only by WeasyPrint into a PDF (never sent to a browser, so no CSP applies).
SERVER_ONLY = {"templates/directory/guide_pdf.html", "templates/fieldwork/report/pdf.html"}
PRODUCTION_NAMES = [
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_REFERRER_POLICY",
    "X_FRAME_OPTIONS",
    "DEBUG",
]


def production_env() -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("SASAEAI_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    env.update(
        DJANGO_SETTINGS_MODULE="sasaeai.settings_production",
        SASAEAI_ALLOWED_HOSTS="sasaeai.example.jp",
        SASAEAI_SECRET_KEY=secrets.token_urlsafe(50),
    )
    return env


def production_settings() -> dict:
    """The production settings' values, read in a process of their own."""
    code = (
        "import json, django; from django.conf import settings; django.setup(); "
        f"print(json.dumps({{n: getattr(settings, n) for n in {PRODUCTION_NAMES!r}}}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


# What a strict CSP refuses: inline scripts (a JSON data block is no script), <style>
# elements, event-handler and style attributes, javascript: URLs.
INLINE = [
    r"<script(?![^>]*\s(src=|type=\"application/json\"))[^>]*>",
    r"<style[\s>]",
    r"<[^>]+\s(on[a-z]+|style)=[^>]*>",
    r"javascript:",
]


def inline_code(html: str) -> list[str]:
    return [m[0][:120] for pattern in INLINE for m in re.finditer(pattern, html)]


class SecurityHeaderTests(OfficeTestCase):
    def pages(self) -> list[str]:
        return [
            "/",
            "/search/?q=体操",
            f"/resources/{self.salon.pk}/",
            f"/resources/{self.salon.pk}/report/",
            "/search/?view=map",
            "/office/login/",
        ]

    def office_pages(self) -> list[str]:
        return [
            "/office/",
            "/office/resources/",
            f"/office/resources/{self.salon.pk}/",
            "/office/admin/",
        ]

    def assert_headers(self, response, url: str) -> None:
        self.assertEqual(response.status_code, 200, url)
        csp = response["Content-Security-Policy"]
        directives = dict(d.strip().split(" ", 1) for d in csp.split(";") if d.strip())
        self.assertEqual(directives["default-src"], "'self'", url)
        self.assertEqual(directives["script-src"], "'self'", url)
        self.assertEqual(directives["style-src"], "'self'", url)
        self.assertEqual(directives["frame-ancestors"], "'none'", url)
        self.assertEqual(directives["object-src"], "'none'", url)
        self.assertIn(_tile_origin(settings.SASAEAI_TILE_URL), directives["img-src"], url)
        self.assertNotIn("unsafe", csp, url)
        self.assertEqual(response["X-Frame-Options"], "DENY", url)
        self.assertEqual(response["Referrer-Policy"], "same-origin", url)
        self.assertEqual(response["X-Content-Type-Options"], "nosniff", url)
        self.assertIn("geolocation=(self)", response["Permissions-Policy"], url)
        self.assertIn("camera=()", response["Permissions-Policy"], url)
        # What the policy forbids is not in the page either.
        self.assertEqual(inline_code(response.content.decode()), [], url)

    def test_it_sends_the_headers_on_public_pages(self):
        for url in self.pages():
            self.assert_headers(self.client.get(url), url)

    def test_it_sends_the_headers_on_office_pages(self):
        self.client.force_login(self.admin)
        for url in self.office_pages():
            self.assert_headers(self.client.get(url), url)

    def test_it_sends_the_headers_on_errors_too(self):
        response = self.client.get("/resources/999999999/")
        self.assertEqual(response.status_code, 404)
        self.assertIn("script-src 'self'", response["Content-Security-Policy"])
        self.assertIn("geolocation=(self)", response["Permissions-Policy"])

    def test_it_allows_the_tile_host_of_the_settings(self):
        self.assertEqual(
            _tile_origin("https://cyberjapandata.gsi.go.jp/xyz/pale/{z}/{x}/{y}.png"),
            "https://cyberjapandata.gsi.go.jp",
        )
        self.assertEqual(
            _tile_origin("https://{s}.tile.example.org/{z}/{x}/{y}.png"),
            "https://*.tile.example.org",
        )

    def test_it_uses_https_everywhere_with_the_production_settings(self):
        values = production_settings()
        self.assertFalse(values.pop("DEBUG"))
        self.assertGreaterEqual(values["SECURE_HSTS_SECONDS"], 365 * 24 * 3600)
        with override_settings(**values):
            insecure = self.client.get("/", headers={"host": "testserver"})
            self.assertEqual(insecure.status_code, 301)
            self.assertTrue(insecure["Location"].startswith("https://"))
            for url in self.pages():
                response = self.client.get(url, secure=True)
                self.assert_headers(response, url)
                self.assertEqual(
                    response["Strict-Transport-Security"],
                    "max-age=31536000; includeSubDomains; preload",
                )
            login = self.client.post(
                "/office/login/",
                {"username": "chuo", "password": self.PASSWORD},
                secure=True,
                REMOTE_ADDR="192.0.2.30",
            )
            self.assertEqual(login.status_code, 302)
            for name in ("sessionid", "csrftoken"):
                self.assertTrue(self.client.cookies[name]["secure"], name)
                self.assertTrue(self.client.cookies[name]["httponly"], name)
            self.client.cookies.clear()
            self.client.force_login(self.admin)
            for url in self.office_pages():
                response = self.client.get(url, secure=True)
                self.assert_headers(response, url)
                self.assertIn("max-age=31536000", response["Strict-Transport-Security"])

    def test_it_passes_the_deploy_check_with_the_production_settings(self):
        done = subprocess.run(
            [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
            cwd=ROOT,
            env=production_env(),
            capture_output=True,
            text=True,
        )
        self.assertEqual(done.returncode, 0, done.stdout + done.stderr)

    def test_it_refuses_a_proxy_without_trusted_proxy_addresses(self):
        check = [sys.executable, "manage.py", "check"]
        env = production_env() | {"SASAEAI_BEHIND_PROXY": "1"}
        done = subprocess.run(check, cwd=ROOT, env=env, capture_output=True, text=True)
        self.assertNotEqual(done.returncode, 0)
        self.assertIn("SASAEAI_TRUSTED_PROXIES", done.stderr)
        env["SASAEAI_TRUSTED_PROXIES"] = "127.0.0.1,::1"
        done = subprocess.run(check, cwd=ROOT, env=env, capture_output=True, text=True)
        self.assertEqual(done.returncode, 0, done.stderr)


class NoInlineCodeTests(OfficeTestCase):
    def test_it_has_no_inline_script_or_style_in_any_template(self):
        found = []
        for path in ROOT.glob("**/templates/**/*.html"):
            if ".venv" in path.parts or str(path.relative_to(ROOT)) in SERVER_ONLY:
                continue
            found += [f"{path.relative_to(ROOT)}: {code}" for code in inline_code(path.read_text())]
        self.assertEqual(found, [])
