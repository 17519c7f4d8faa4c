"""Every word in the chosen language: the page opened in Simplified Chinese shows no English word
(outside a short list of symbols and proper names), and in English no Chinese character, across
every panel, menu, tooltip, lesson, dialog and the messages a learner can trigger. The language
menu names each language in its own words and is the one place exempt."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from urllib.request import urlopen

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.actions import make_it_diverge
from tests.e2e.conftest import wait_until_painted
from tests.live import VIEWPORT

# Symbols and proper names written the same in both languages (docs/i18n.md, glossary).
ALLOWED_WORDS = {
    "NN", "Playground",  # the product's name
    "tanh", "sigmoid", "softmax", "softplus", "ReLU", "ELU", "GELU",
    "SGD", "Adam", "RMSprop", "Adagrad", "Nesterov", "Xavier", "He", "LeCun",
    "MSE", "CSV", "JSON", "NaN",
    "exp", "ln", "max", "min", "sin", "sign",  # functions in formulas
    "Shift", "Alt",  # key caps
}  # fmt: skip
# Regions of the page not translated yet: none. Name a selector here (and say why) rather than
# weakening the check, so the remaining work stays visible.
NOT_YET_TRANSLATED: list[str] = []

ENGLISH_WORD = re.compile(r"\b[A-Za-z]{2,}\b")
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")

# Every visible text node, every title / aria-label / placeholder, and each option of a visible
# select, outside the language menu and the named untranslated regions.
COLLECT = """(skip) => {
  const out = [];
  const exempt = (el) => el.closest('[data-language-menu]') || skip.some((s) => el.closest(s));
  const visible = (el) => el.getClientRects().length > 0;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    const text = node.textContent.trim();
    if (!text || !el || exempt(el)) continue;
    const select = el.closest('select');
    if (select ? visible(select) : visible(el)) out.push(text);
  }
  for (const el of document.querySelectorAll('[title], [aria-label], [placeholder]')) {
    if (exempt(el)) continue;
    for (const name of ['title', 'aria-label', 'placeholder']) {
      const value = el.getAttribute(name);
      if (value) out.push(value);
    }
  }
  out.push(document.title);
  return out;
}"""


def texts(page: Page) -> list[str]:
    found: list[str] = page.evaluate(COLLECT, NOT_YET_TRANSLATED)
    return found


def english_words(text: str) -> list[str]:
    """The English words of `text` that are not allowed symbols or names."""
    return [w for w in ENGLISH_WORD.findall(text) if w not in ALLOWED_WORDS]


def in_english(text: str) -> bool:
    return bool(english_words(text))


def in_chinese(text: str) -> bool:
    return bool(CJK.search(text))


class Walk:
    """Collects what the page shows after each step, and the offending texts."""

    def __init__(self, page: Page, wrong: Callable[[str], bool]) -> None:
        self.page = page
        self.wrong = wrong
        self.found: dict[str, str] = {}
        self.seen = 0

    def look(self, where: str) -> None:
        for text in texts(self.page):
            self.seen += 1
            if self.wrong(text):
                self.found.setdefault(text, where)


@pytest.fixture(params=["zh-CN", "en"])
def walked(request: pytest.FixtureRequest, browser: Browser, server_url: str) -> Iterator[Walk]:
    """The whole page walked with the browser set to one language; yields what was seen."""
    language: str = request.param
    context = browser.new_context(viewport=VIEWPORT, locale=language)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(server_url)
    wait_until_painted(page)
    walk = Walk(page, in_english if language == "zh-CN" else in_chinese)
    walk_the_page(walk, server_url, language)
    yield walk
    context.close()
    assert not errors, f"the page raised: {errors}"


def toast(page: Page) -> None:
    expect(page.locator("#toast")).to_be_visible()


def walk_the_page(walk: Walk, server_url: str, language: str) -> None:
    page = walk.page
    assert page.evaluate("document.documentElement.lang") == language
    assert f"lang={language}" in page.url
    walk.look("first view")
    # Menus and the folded settings.
    page.click("#lessons-menu summary")
    page.wait_for_selector(".lesson-item")
    walk.look("lessons menu")
    # The Compare menu, and a lesson's comparison side by side (the lessons menu is open).
    page.click(".lesson-item[data-id='cost-slowdown']")
    page.click(".lesson-compare")
    page.wait_for_function("document.getElementById('compare').dataset.state === 'ready'")
    page.click("#compare-step")
    walk.look("compare view")
    page.click("#compare-close")
    page.click("#compare-menu summary")
    walk.look("compare menu")
    page.click("#compare-menu summary")
    # Every lesson, with its presets and Train button.
    lessons = json.loads(urlopen(f"{server_url}/api/lessons").read())
    for lesson in lessons:
        if page.locator("#lessons-menu").get_attribute("open") is None:
            page.click("#lessons-menu summary")
        page.click(f".lesson-item[data-id='{lesson['id']}']")
        expect(page.locator("#lesson")).to_be_visible()
        wait_until_painted(page)
        walk.look(f"lesson {lesson['id']}")
    page.click("#lesson-close")
    # Hovering a neuron (the legend names it), a link's tooltip, the weight editor.
    page.locator(".network .node.neuron").first.hover()
    walk.look("neuron preview")
    page.locator("h1").hover()
    page.wait_for_function("window.playground.latest?.weights")
    page.click("#link-edit")
    expect(page.locator("#weight-editor")).to_be_visible()
    walk.look("weight editor")
    page.click("#weight-cancel")
    # A backprop trace.
    page.check("input[name=click-mode][value=trace]")
    box = page.locator("#plot").bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_selector("table.trace")
    walk.look("backprop trace")
    page.check("input[name=click-mode][value=add]")
    # A bad value typed into a box.
    page.fill("#batch-size", "0")
    page.press("#batch-size", "Enter")
    toast(page)
    walk.look("a bad value")
    # A file that is not an export.
    page.set_input_files(
        "#import-file", files=[{"name": "x.json", "mimeType": "application/json", "buffer": b"{}"}]
    )
    toast(page)
    walk.look("a bad import")
    # A divergence.
    make_it_diverge(page)
    walk.look("divergence")
    # An early stop.
    page.goto(f"{server_url}/#es=1&patience=2&mindelta=1&lang={language}")
    page.wait_for_function(
        "window.playground.config.training.early_stopping === true && window.playground.latest"
    )
    page.click("#play")
    expect(page.locator("#banner-fix")).to_be_visible()
    walk.look("early stop")
    # A regression problem (its legend and target box) and several classes.
    page.click(".dataset[data-name='plane']")
    page.wait_for_function("window.playground.config.data.dataset === 'plane'")
    walk.look("regression")
    page.click(".dataset[data-name='spiral']")
    page.wait_for_function("window.playground.config.data.dataset === 'spiral'")
    page.fill("#n-classes", "3")
    page.press("#n-classes", "Enter")
    toast(page)
    walk.look("three classes")


def test_every_text_is_in_the_chosen_language(walked: Walk) -> None:
    assert walked.seen > 300  # the walk did see the page
    assert walked.found == {}, "text in the wrong language (text: where):\n" + "\n".join(
        f"{text!r}: {where}" for text, where in walked.found.items()
    )


def test_the_checks_catch_the_other_language() -> None:
    assert in_english("训练在第 3 步停止：the loss became too large")
    assert not in_english("激活函数 tanh：g(z) = max(0, z)；x₁, L2, W1, z_i")
    assert in_chinese("Training stopped 训练")
    assert not in_chinese("Training stopped at step 3: the loss became too large.")


def test_switching_language_keeps_the_run(page: Page) -> None:
    page.wait_for_function("window.playground.latest?.step >= 0")
    page.click("#step")
    page.wait_for_function("window.playground.latest?.step === 1")
    session = page.evaluate("window.playground.session?.id ?? window.playground.session")
    page.select_option("#language", "zh-CN")
    expect(page.locator("#data-title")).to_have_text("数据")
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
    assert "lang=zh-CN" in page.url
    assert page.evaluate("window.playground.latest.step") == 1
    assert page.evaluate("window.playground.session?.id ?? window.playground.session") == session
    page.reload()
    wait_until_painted(page)
    expect(page.locator("#data-title")).to_have_text("数据")  # the URL carries it
    page.goto(page.url.split("#")[0])
    wait_until_painted(page)
    expect(page.locator("#data-title")).to_have_text("数据")  # and the browser remembers it
