"""Checks shared by the browser tests: axe-core on the page, and no sideways scroll."""

from __future__ import annotations

import json
import os

from axe_playwright_python.sync_playwright import Axe

BLOCKING = ("serious", "critical")
_axe = Axe()
# axe reads colours as they are painted: a toast still fading in fails contrast. Let finite animations end.
_SETTLE = """Promise.all(document.getAnimations()
  .filter(a => a.effect && a.effect.getComputedTiming().endTime !== Infinity)
  .map(a => a.finished.catch(() => null)))"""


def axe_violations(page) -> list[dict]:
    """axe-core's violations on the page once its animations have ended (all impacts)."""
    page.evaluate(_SETTLE)
    results = _axe.run(page)
    violations = results.response["violations"]
    log = os.environ.get("AXE_LOG")  # a file to append every page's findings to (for a report)
    if log:
        with open(log, "a", encoding="utf-8") as out:
            out.write(json.dumps({"url": page.url, "violations": [_short(v) for v in violations]}) + "\n")
    return violations


def assert_accessible(page) -> None:
    """Fail on any serious or critical axe-core violation, naming the rule and the elements."""
    blocking = [v for v in axe_violations(page) if v.get("impact") in BLOCKING]
    assert blocking == [], f"axe on {page.url}:\n" + "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:5]}"
        for v in blocking
    )


def _short(violation: dict) -> dict:
    return {
        "id": violation["id"],
        "impact": violation.get("impact"),
        "nodes": len(violation["nodes"]),
        "targets": [node["target"] for node in violation["nodes"]][:3],
    }


def assert_no_sideways_scroll(page) -> None:
    widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1], f"{page.url} scrolls sideways: content {widths[0]} px in {widths[1]} px"


def assert_no_axe_violations(page) -> None:
    """Fail on any axe-core violation, whatever its impact (minor and moderate too)."""
    found = axe_violations(page)
    assert found == [], f"axe on {page.url}:\n" + "\n".join(
        f"- {v['id']} ({v.get('impact')}): {v['help']} at {[n['target'] for n in v['nodes']][:5]}"
        for v in found
    )


def wait_until_true(page, expression: str, timeout_ms: int = 5000) -> None:
    """Wait until `expression` is true in the page. Playwright's wait_for_function polls by
    evaluating a string in the page, which the app's Content-Security-Policy refuses (no eval);
    page.evaluate runs outside the page's CSP."""
    waited = 0
    while not page.evaluate(expression):
        assert waited < timeout_ms, f"still false after {timeout_ms} ms: {expression}"
        page.wait_for_timeout(50)
        waited += 50
