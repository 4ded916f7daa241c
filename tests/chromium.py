"""How this project starts Debian's Chromium (no browser download; the machine has no
network but the package registries, hence no background networking)."""

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]

# Content-Security-Policy violations Chromium reported (tests/test_browser.py's new_page
# listens on every context); tests/conftest.py fails the test that caused one.
CSP_VIOLATIONS: list[str] = []


def watch_csp(context) -> None:  # playwright BrowserContext
    def console(message) -> None:
        if "Content Security Policy" in message.text:
            CSP_VIOLATIONS.append(f"{message.page.url if message.page else '?'}: {message.text}")

    context.on("console", console)
