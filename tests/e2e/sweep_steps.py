"""What the Sweep panel's browser tests do to the page, written once: fill the form, run, wait."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page

from tests.e2e.actions import get_json

FINISHED = ("done", "cancelled", "failed")


def fill_sweep(
    page: Page,
    first: tuple[str, str],
    second: tuple[str, str] | None = None,
    seeds: int = 1,
    epochs: int = 2,
) -> None:
    """Choose the settings to vary (dotted path, typed values), the seeds and the epochs."""
    page.locator("#sweep").scroll_into_view_if_needed()
    page.select_option("#sweep-path-1", first[0])
    page.fill("#sweep-values-1", first[1])
    page.select_option("#sweep-path-2", second[0] if second else "")
    if second:
        page.fill("#sweep-values-2", second[1])
    page.fill("#sweep-seeds", str(seeds))
    page.fill("#sweep-epochs", str(epochs))


def run_sweep(page: Page, timeout: float = 60_000) -> str:
    """Press Run, wait until the sweep has finished; its id."""
    page.click("#sweep-run")
    wait_status(page, FINISHED, timeout)
    sweep: str = page.get_attribute("#sweep", "data-sweep") or ""
    assert sweep
    return sweep


def wait_status(page: Page, statuses: tuple[str, ...], timeout: float = 60_000) -> None:
    """Wait until the panel shows one of `statuses`."""
    page.wait_for_function(
        "(statuses) => statuses.includes(document.getElementById('sweep').dataset.status)",
        arg=list(statuses),
        timeout=timeout,
    )


def read_sweep(server_url: str, sweep: str) -> dict[str, Any]:
    """GET /api/sweeps/{id}."""
    result: dict[str, Any] = get_json(f"{server_url}/api/sweeps/{sweep}")
    return result
