"""Asserting that a control is there for a person, not only in the DOM.

An editor once worked and passed every test while it sat in an 18×36 px box clipped away by a
visually-hidden label: Playwright's `to_be_visible` counts a clipped box as visible. So before
a test uses a control, `assert_usable` checks what a person needs: a box of real size inside
the viewport, not clipped by itself or an ancestor, not covered by another element at its
centre, not transparent, and reachable by keyboard.
"""

from __future__ import annotations

from playwright.sync_api import Locator, expect

MIN_SIZE = 8  # px: a checkbox is about 18

# What stands between the element and a person's eyes, found by walking up its ancestors.
PROBLEMS = """
(element) => {
  const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
    (typeof el.className === "string" && el.className ? "." + el.className.trim().split(/\\s+/).join(".") : "");
  const box = element.getBoundingClientRect();
  const problems = [];
  for (let node = element; node && node.nodeType === 1; node = node.parentElement) {
    const style = getComputedStyle(node);
    if (style.clipPath && style.clipPath !== "none") problems.push(`clip-path on ${name(node)}`);
    if (style.clip && style.clip !== "auto") problems.push(`clip on ${name(node)}`);
    if (parseFloat(style.opacity) === 0) problems.push(`opacity 0 on ${name(node)}`);
    if (style.visibility === "hidden") problems.push(`hidden by ${name(node)}`);
    if (node !== element && style.overflow !== "visible") {
      const outer = node.getBoundingClientRect();
      const outside = box.left < outer.left - 1 || box.top < outer.top - 1 ||
        box.right > outer.right + 1 || box.bottom > outer.bottom + 1;
      if (outside) {
        problems.push(`clipped by ${name(node)}`);
      }
    }
  }
  const x = box.left + box.width / 2, y = box.top + box.height / 2;
  const hit = document.elementFromPoint(x, y);
  const labels = element.labels ? [...element.labels] : [];
  if (!hit || !(hit === element || element.contains(hit) || labels.some((label) => label.contains(hit)))) {
    problems.push(`covered by ${hit ? name(hit) : "nothing at its centre"}`);
  }
  if (element.disabled) problems.push("disabled");
  if (element.tabIndex < 0) problems.push("not reachable by keyboard");
  return problems;
}
"""


def assert_usable(locator: Locator, *, keyboard: bool = True) -> dict[str, float]:
    """`locator` (one element) can be seen and used: fails with what stands in the way.
    Returns its box. `keyboard=False` for what is seen but not focused (a label, a picture)."""
    expect(locator).to_be_visible()
    locator.scroll_into_view_if_needed()
    box = locator.bounding_box()
    assert box is not None, f"{locator} has no box"
    assert box["width"] >= MIN_SIZE and box["height"] >= MIN_SIZE, f"{locator} is {box['width']}×{box['height']} px"
    viewport = locator.page.viewport_size
    assert box["x"] >= -1 and box["y"] >= -1, f"{locator} starts outside the viewport: {box}"
    assert box["x"] + box["width"] <= viewport["width"] + 1, f"{locator} sticks out to the right: {box}"
    assert box["y"] + box["height"] <= viewport["height"] + 1, f"{locator} is below the viewport: {box}"
    problems = locator.evaluate(PROBLEMS)
    if not keyboard:
        problems = [problem for problem in problems if problem != "not reachable by keyboard"]
    assert problems == [], f"{locator}: {', '.join(problems)}"
    return box


def assert_all_usable(*locators: Locator) -> None:
    """Each locator finds at least one element, and every element it finds is usable."""
    for locator in locators:
        assert locator.count() > 0, f"{locator} finds nothing"
        for index in range(locator.count()):
            assert_usable(locator.nth(index))
