"""The playground on a phone (390 x 844, touch): a short header, the plot, play and the dataset
picker within the first screen and a half, 24 x 24 px tap targets, touch-friendly hints, folded
advanced settings, and a Lessons menu that stays on screen."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.e2e.conftest import PHONE

pytestmark = pytest.mark.e2e

TARGET_PX = 24  # WCAG 2.2 target size (minimum)

# Every visible control a finger can reach, with its box.
VISIBLE_CONTROLS = """() => {
  const selector = 'button, input, select, textarea, summary, a[href], '
    + '[tabindex]:not([tabindex="-1"])';
  return [...document.querySelectorAll(selector)]
    .filter((e) => e.checkVisibility() && !e.disabled && e.getClientRects().length > 0)
    .map((e) => {
      const r = e.getBoundingClientRect();
      const name = e.id || e.getAttribute('aria-label') || e.title || e.textContent.slice(0, 30);
      return {name: `${e.tagName.toLowerCase()} ${name}`, width: r.width, height: r.height};
    });
}"""

# Every hint a person reads: visible text, tooltips and accessible names.
HINTS = """() => [
  document.body.innerText,
  ...[...document.querySelectorAll('[title]')].map((e) => e.title),
  ...[...document.querySelectorAll('[aria-label]')].map((e) => e.getAttribute('aria-label')),
].join('\\n')"""


def page_top(page: Page, selector: str) -> float:
    """The top of `selector` in page coordinates (px from the top of the document)."""
    top: float = page.eval_on_selector(selector, "e => e.getBoundingClientRect().top + scrollY")
    return top


def test_the_header_leaves_the_screen_to_the_plot(phone: Page) -> None:
    height = phone.eval_on_selector(".topbar", "e => e.getBoundingClientRect().height")
    assert height <= 120, f"the sticky header takes {height} of {PHONE['height']} px"


@pytest.mark.parametrize("selector", ["#plot", "#play", "#datasets"])
def test_the_essentials_are_within_a_screen_and_a_half(phone: Page, selector: str) -> None:
    assert page_top(phone, selector) < 1.5 * PHONE["height"]


def test_every_tap_target_is_at_least_24_px(phone: Page) -> None:
    phone.evaluate("document.querySelector('.more').open = true")  # their controls count too
    controls = phone.evaluate(VISIBLE_CONTROLS)
    assert len(controls) > 30
    small = [c for c in controls if c["width"] < TARGET_PX - 0.01 or c["height"] < TARGET_PX - 0.01]
    assert not small, f"{len(small)} targets under {TARGET_PX} px: {small[:12]}"


def test_the_advanced_settings_are_folded_on_a_phone(phone: Page) -> None:
    assert phone.eval_on_selector(".more", "e => e.open") is False
    assert not phone.locator("#optimizer").is_visible()


def test_the_lessons_menu_stays_on_screen(phone: Page) -> None:
    phone.click("#lessons-menu > summary")
    phone.wait_for_selector(".lesson-item")
    box = phone.eval_on_selector(
        "#lesson-list", "e => { const r = e.getBoundingClientRect(); return [r.left, r.right]; }"
    )
    assert box[0] >= 0 and box[1] <= PHONE["width"], f"the menu spans {box}"


def test_hints_speak_of_taps_not_modifier_clicks(phone: Page) -> None:
    phone.evaluate("document.querySelector('.more').open = true")
    hints = phone.evaluate(HINTS).lower()
    for phrase in ("shift-click", "alt-click"):
        assert phrase not in hints
