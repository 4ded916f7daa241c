"""The client's address behind the reverse proxy (sasaeai/lib/clientaddress.py), as the
report limit and django-axes' lock-out count it."""

from __future__ import annotations

from django.test import RequestFactory, SimpleTestCase, override_settings

from office.models import Report
from sasaeai.lib.clientaddress import client_address
from tests.base import OfficeTestCase

PROXY = "10.0.0.5"
TRUSTED = override_settings(SASAEAI_TRUSTED_PROXIES=["127.0.0.1", "10.0.0.0/24"])


def address(peer: str, forwarded: str | None = None) -> str:
    extra = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_address(RequestFactory().get("/", **extra))


class ClientAddressTests(SimpleTestCase):
    def test_it_ignores_the_header_without_trusted_proxies(self):
        self.assertEqual(address("198.51.100.7", "203.0.113.1"), "198.51.100.7")

    @TRUSTED
    def test_it_ignores_a_header_sent_by_an_untrusted_peer(self):
        self.assertEqual(address("198.51.100.7", "203.0.113.1"), "198.51.100.7")

    @TRUSTED
    def test_it_believes_the_proxy_and_not_what_the_client_wrote_before(self):
        # The client sent "X-Forwarded-For: 1.2.3.4"; nginx appended the real peer.
        self.assertEqual(address(PROXY, "1.2.3.4, 203.0.113.1"), "203.0.113.1")
        # Through two trusted proxies.
        self.assertEqual(address(PROXY, "1.2.3.4, 203.0.113.1, 10.0.0.9"), "203.0.113.1")
        self.assertEqual(address(PROXY, "2001:db8::1"), "2001:db8::1")

    @TRUSTED
    def test_it_keeps_the_proxy_when_the_header_is_missing_or_garbage(self):
        self.assertEqual(address(PROXY), PROXY)
        self.assertEqual(address(PROXY, "not-an-address"), PROXY)
        self.assertEqual(address(PROXY, "garbage, 203.0.113.1"), "203.0.113.1")

    @TRUSTED
    def test_it_reads_ports_and_ipv4_mapped_peers(self):
        self.assertEqual(address("::ffff:10.0.0.5", "203.0.113.1:5123"), "203.0.113.1")
        self.assertEqual(address(PROXY, "[2001:db8::2]:443"), "2001:db8::2")


@TRUSTED
@override_settings(SASAEAI_REPORTS_PER_HOUR=2)
class ReportLimitBehindTheProxyTests(OfficeTestCase):
    def send(self, peer: str, forwarded: str | None = None):
        extra = {"REMOTE_ADDR": peer}
        if forwarded is not None:
            extra["HTTP_X_FORWARDED_FOR"] = forwarded
        data = {"body": "開催日が変わりました。", "contact": "", "website": ""}
        return self.client.post(f"/resources/{self.salon.pk}/report/", data, **extra)

    def test_it_limits_the_real_client_alone(self):
        for _ in range(2):
            self.assertEqual(self.send(PROXY, "203.0.113.1").status_code, 303)
        self.assertEqual(self.send(PROXY, "203.0.113.1").status_code, 429)
        # Someone else behind the same proxy still reports.
        self.assertEqual(self.send(PROXY, "203.0.113.2").status_code, 303)
        # Changing the header the client writes itself does not reset its limit.
        self.assertEqual(self.send(PROXY, "9.9.9.9, 203.0.113.1").status_code, 429)
        self.assertEqual(Report.objects.count(), 3)

    def test_it_ignores_a_spoofed_header_from_an_untrusted_peer(self):
        for n in range(2):
            self.assertEqual(self.send("198.51.100.7", f"203.0.113.{n}").status_code, 303)
        self.assertEqual(self.send("198.51.100.7", "203.0.113.99").status_code, 429)


@TRUSTED
class LockOutBehindTheProxyTests(OfficeTestCase):
    def login(self, password: str, peer: str, forwarded: str | None = None):
        extra = {"REMOTE_ADDR": peer}
        if forwarded is not None:
            extra["HTTP_X_FORWARDED_FOR"] = forwarded
        data = {"username": "chuo", "password": password}
        return self.client_class().post("/office/login/", data, **extra)

    def test_it_locks_out_the_real_client_alone(self):
        for _ in range(5):
            self.login("wrong", PROXY, "203.0.113.1")
        self.assertEqual(self.login(self.PASSWORD, PROXY, "203.0.113.1").status_code, 429)
        self.assertEqual(self.login(self.PASSWORD, PROXY, "1.1.1.1, 203.0.113.1").status_code, 429)
        # The same staff member from another address behind the proxy logs in.
        self.assertEqual(self.login(self.PASSWORD, PROXY, "203.0.113.2").status_code, 302)

    def test_it_ignores_a_spoofed_header_from_an_untrusted_peer(self):
        for n in range(5):
            self.login("wrong", "198.51.100.7", f"203.0.113.{n}")
        self.assertEqual(self.login(self.PASSWORD, "198.51.100.7", "203.0.113.50").status_code, 429)
        self.assertEqual(self.login(self.PASSWORD, "198.51.100.8").status_code, 302)
