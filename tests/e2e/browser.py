"""What a person does in the browser, shared by the end-to-end tests."""

from pathlib import Path

from playwright.sync_api import Page, expect

from tests.personas import PASSWORD


def log_in(page: Page, base_url: str, email: str, snap=None) -> None:
    """Through allauth's login form, as a person would (no force_login)."""
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    if snap:
        snap(page, "00-login")
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def import_file(page: Page, base_url: str, model: str, path: Path) -> None:
    """Upload one file on a list's import page (CSV); stops at the preview."""
    if not page.url.endswith(f"/admin/{model}/import/"):
        page.goto(f"{base_url}/admin/{model}/import/")
    page.set_input_files("input[name=import_file]", str(path))
    page.select_option("select[name=format]", label="csv")
    with page.expect_navigation():
        page.locator("form[enctype] input[type=submit]").click()


def confirm_import(page: Page, base_url: str, model: str) -> None:
    """Confirm the previewed import; returns once back on the list, rows saved."""
    page.locator("input[name=confirm]").click()
    page.wait_for_url(f"{base_url}/admin/{model}/")
    expect(page.locator(".messagelist")).to_be_visible()
