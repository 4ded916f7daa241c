"""Take the README's screenshots from a running sasaeai server (not part of the tests).

    export SASAEAI_DEMO=1 DATABASE_URL=sqlite:///shots.sqlite3   # a local demo: no key needed
    .venv/bin/python manage.py migrate
    .venv/bin/python manage.py load_demo
    .venv/bin/python manage.py runserver 127.0.0.1:8765
    .venv/bin/python scripts/screenshots.py [--base-url http://127.0.0.1:8765]

Writes docs/screenshots/top-phone.png (TOP, 390 px wide, the whole page) and
docs/screenshots/results-pc.png (「体操」の検索結果, a 1280×800 window). With --user and
--password of a back-office account (e.g. a demo coordinator of 中央区) and --resource, also
docs/screenshots/office-edit-tablet.png (the schedule editor with its preview, 820 px wide)
and docs/screenshots/office-history-pc.png (a version's differences).

The resident's path at 特大 on a 390×844 phone (issue 13), each the first screen only:
docs/screenshots/path-1-top.png (TOP), path-2-results.png (「体操」 in 中央区),
path-3-detail.png (the first result), path-4-conditions.png (条件を選ぶ in 中央区) and
path-5-menu.png (the folded menu opened). Written as 8-bit palette PNGs to stay small.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.chromium import CHROMIUM_ARGS  # noqa: E402 - one list of Chromium's flags

OUT = ROOT / "docs" / "screenshots"
SHOTS = [
    # (file, path, context options, full page)
    (
        "top-phone.png",
        "/",
        {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
        True,
    ),
    ("results-pc.png", "/search/?q=体操", {"viewport": {"width": 1280, "height": 800}}, False),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8765")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--user", help="a back-office account for the office shots")
    parser.add_argument("--password", default="")
    parser.add_argument("--resource", type=int, help="a resource the account may edit")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
        for name, path, options, full_page in SHOTS:
            context = browser.new_context(locale="ja-JP", **options)
            page = context.new_page()
            response = page.goto(args.base_url.rstrip("/") + path)
            if response is None or response.status != 200:
                raise SystemExit(f"{path}: {response and response.status}")
            page.screenshot(path=str(OUT / name), full_page=full_page)
            context.close()
            print(OUT / name)
        resident_path(browser, args.base_url.rstrip("/"))
        if args.user and args.resource:
            office_shots(browser, args)
        browser.close()


PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def small_png(path: Path, data: bytes) -> None:
    """A screenshot as a 64-colour palette PNG: text stays sharp, the file a fraction."""
    import io

    from PIL import Image

    image = Image.open(io.BytesIO(data)).convert("RGB").quantize(colors=64)
    image.save(path, optimize=True)
    print(path)


def resident_path(browser, base: str) -> None:
    context = browser.new_context(locale="ja-JP", **PHONE)
    context.add_cookies([{"name": "textsize", "value": "xlarge", "url": base}])
    page = context.new_page()
    page.goto(base + "/")
    small_png(OUT / "path-1-top.png", page.screenshot())
    page.goto(base + "/search/?q=体操&area=121011")
    small_png(OUT / "path-2-results.png", page.screenshot())
    link = page.locator("#results > li.card h3 a").first.get_attribute("href")
    page.goto(base + str(link))
    small_png(OUT / "path-3-detail.png", page.screenshot())
    page.goto(base + "/search/conditions/?area=121011&q=体操")
    small_png(OUT / "path-4-conditions.png", page.screenshot())
    page.goto(base + "/")
    page.locator(".menu > summary").tap()
    small_png(OUT / "path-5-menu.png", page.screenshot())
    context.close()


def office_shots(browser, args) -> None:
    base = args.base_url.rstrip("/")
    context = browser.new_context(locale="ja-JP", viewport={"width": 820, "height": 1180})
    page = context.new_page()
    page.goto(base + "/office/login/")
    page.get_by_label("ユーザー名").fill(args.user)
    page.get_by_label("パスワード").fill(args.password)
    with page.expect_navigation():
        page.get_by_role("button", name="ログイン").click()
    page.goto(f"{base}/office/resources/{args.resource}/edit/")
    with page.expect_navigation():
        page.get_by_role("button", name="日時の表示を確かめる").click()
    page.locator(".preview").evaluate("e => e.scrollIntoView({block: 'end'})")
    page.screenshot(path=str(OUT / "office-edit-tablet.png"))
    print(OUT / "office-edit-tablet.png")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{base}/office/resources/{args.resource}/history/")
    latest = page.locator("table a").first
    with page.expect_navigation():
        latest.click()
    page.screenshot(path=str(OUT / "office-history-pc.png"))
    print(OUT / "office-history-pc.png")
    context.close()


if __name__ == "__main__":
    main()
