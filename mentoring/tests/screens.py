"""What the browser tests check of a page's layout on a phone and a laptop."""

from playwright.sync_api import Page, expect

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def fits_a_phone(page: Page, screenshot, name: str) -> None:
    page.set_viewport_size(PHONE)  # the same page laid out again, not reloaded (a POST's result)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(f"{name}-phone")
    page.set_viewport_size(DESKTOP)


def rows_are_cards_on_a_phone(page: Page, screenshot, name: str) -> None:
    """On a phone each row is a card that names its fields: the table's header row is gone."""
    fits_a_phone(page, screenshot, name)
    header = page.locator("table thead")
    page.set_viewport_size(PHONE)
    expect(header).to_be_hidden()
    page.set_viewport_size(DESKTOP)
    expect(header).to_be_visible()
