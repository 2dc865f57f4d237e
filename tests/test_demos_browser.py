"""The chapter-4 demos in a real browser: they start where nnadl says, redraw and recompute when a
slider moves, load nothing from another host, log no error, and survive instant navigation."""

import numpy as np
import pytest

from nnadl.activations import sigmoid
from nnadl.universality import STEEPNESS, book_function, build_network, bump_edges, bump_heights, bump_sum, max_error

DEMO = ".nnadl-demo[data-demo='{}']"


def set_slider(locator, value):
    """Move a range input as a reader would: set its value and fire the input event."""
    locator.evaluate("(el, v) => { el.value = v; el.dispatchEvent(new Event('input', {bubbles: true})); }", str(value))


def displayed_error(page):
    out = page.locator(DEMO.format("approximation") + " output[data-role='max-error']")
    return out.text_content(), float(out.get_attribute("data-value"))


def expected_error(heights, n_bumps=5):
    """max |sigma(weighted output) - f| on the grid of max_error, for given bump heights."""
    edges, _ = bump_edges(n_bumps)
    x = np.linspace(0.0, 1.0, 10001)
    return float(np.max(np.abs(sigmoid(bump_sum(x, edges, heights, STEEPNESS * n_bumps)) - book_function(x))))


@pytest.fixture
def chapter4(visit):
    page = visit.open("chapter4/")
    page.wait_for_selector(DEMO.format("approximation") + " output[data-role='max-error']")
    return page


def test_every_demo_is_drawn_with_labelled_inputs(visit, chapter4):
    for name in ("step", "bump", "approximation"):
        demo = chapter4.locator(DEMO.format(name))
        assert demo.get_attribute("data-ready") == "true", name
        assert demo.locator("path[data-role='output-curve']").get_attribute("d").startswith("M"), name
        inputs = demo.locator("input, select")
        assert inputs.count() >= 2, name
        for i in range(inputs.count()):
            input_id = inputs.nth(i).get_attribute("id")
            assert demo.locator(f"label[for='{input_id}']").count() == 1, (name, input_id)
    assert visit.outside_requests() == []
    assert visit.console_errors == []


def test_initial_error_is_the_one_nnadl_computes(visit, chapter4):
    text, value = displayed_error(chapter4)
    nnadl_error = max_error(build_network(n_bumps=5))
    assert text == f"{round(nnadl_error, 4):.4f}" == "0.4477"   # the page's pycon example says 0.4477
    assert value == pytest.approx(nnadl_error, rel=1e-9, abs=1e-12)
    assert chapter4.locator(DEMO.format("approximation") + " input[data-role='height']").count() == 5


def test_moving_a_height_redraws_and_recomputes_the_error(visit, chapter4):
    demo = chapter4.locator(DEMO.format("approximation"))
    curve = demo.locator("path[data-role='output-curve']")
    before = curve.get_attribute("d")
    set_slider(demo.locator("input[data-role='height']").nth(3), "0.2")   # h_4, next to the largest error
    assert curve.get_attribute("d") != before
    heights = bump_heights(book_function, bump_edges(5)[1])
    heights[3] = 0.2
    text, value = displayed_error(chapter4)
    expected = expected_error(heights)
    assert value == pytest.approx(expected, rel=1e-9, abs=1e-12)
    assert text == f"{expected:.4f}" != "0.4477"
    assert visit.outside_requests() == []
    assert visit.console_errors == []


def test_ten_bumps_start_at_the_nnadl_error(visit, chapter4):
    demo = chapter4.locator(DEMO.format("approximation"))
    demo.locator("select[data-role='n-bumps']").select_option("10")
    assert demo.locator("input[data-role='height']").count() == 10
    text, value = displayed_error(chapter4)
    assert value == pytest.approx(max_error(build_network(n_bumps=10)), rel=1e-9)
    assert text == "0.2342"


def test_step_demo_moves_the_step_to_minus_b_over_w(visit, chapter4):
    demo = chapter4.locator(DEMO.format("step"))
    curve = demo.locator("path[data-role='output-curve']")
    before = curve.get_attribute("d")
    set_slider(demo.locator("input").nth(0), "3")       # w = 10^3
    set_slider(demo.locator("input[data-role='step-position']"), "0.3")
    assert curve.get_attribute("d") != before
    assert demo.locator("output[data-role='s']").text_content() == "0.300"
    assert demo.locator("output[data-role='b']").text_content() == "-300.0"   # b = -w s, shown


def plot_x_to_client(demo):
    """The plot's x in [0, 1] -> the page's x in pixels, from where the grid lines x = 0 and x = 1 are drawn."""
    left = demo.locator("line.nnadl-grid[data-x='0']").bounding_box()
    right = demo.locator("line.nnadl-grid[data-x='1']").bounding_box()
    x0, x1 = left["x"] + left["width"] / 2, right["x"] + right["width"] / 2
    return lambda x: x0 + x * (x1 - x0), x1 - x0


def drawn_half_height_x(demo):
    """Where the drawn curve crosses output 1/2, in page pixels: the step the reader sees."""
    return demo.evaluate(
        """root => {
            const path = root.querySelector("path[data-role='output-curve']");
            const svg = path.ownerSVGElement;
            const y = Number(svg.querySelector("line[data-y='0.5']").getAttribute('y1'));
            const pts = path.getAttribute('d').slice(1).split('L').map(p => p.trim().split(' ').map(Number));
            const i = pts.findIndex(([, py], k) => k > 0 && (pts[k - 1][1] - y) * (py - y) <= 0);
            const [xa, ya] = pts[i - 1], [xb, yb] = pts[i];
            const xSvg = ya === yb ? xa : xa + (y - ya) * (xb - xa) / (yb - ya);
            const p = new DOMPoint(xSvg, y).matrixTransform(svg.getScreenCTM());
            return p.x;
        }"""
    )


@pytest.mark.parametrize("width", [1200, 390])
def test_the_step_goes_where_the_reader_points(browser, site_url, width):
    """With the mouse: a click on the plot puts the step there, a drag takes it along; w and b stay shown."""
    page = browser.new_page(viewport={"width": width, "height": 844})
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        page.goto(f"{site_url}/chapter4/")
        demo = page.locator(DEMO.format("step"))
        demo.locator("path[data-role='output-curve']").wait_for()
        set_slider(demo.locator("input").nth(0), "2")       # w = 100: a step, 0.08 wide
        demo.locator("svg").scroll_into_view_if_needed()
        to_client, span = plot_x_to_client(demo)
        pixel = 1 / span                                      # one pixel in plot units
        box = demo.locator("svg").bounding_box()
        y = box["y"] + box["height"] / 2

        page.mouse.click(to_client(0.3), y)
        s = float(demo.locator("output[data-role='s']").text_content())
        assert s == pytest.approx(0.3, abs=1.5 * pixel)
        assert drawn_half_height_x(demo) == pytest.approx(to_client(0.3), abs=1.5)
        assert float(demo.locator("output[data-role='b']").get_attribute("data-value")) == pytest.approx(-100 * s, rel=1e-6)
        assert demo.locator("input").nth(0).input_value() == "2"   # w unchanged

        page.mouse.move(to_client(0.15), y)                  # a drag, in steps, to 0.85
        page.mouse.down()
        page.mouse.move(to_client(0.85), y, steps=8)
        assert drawn_half_height_x(demo) == pytest.approx(to_client(0.85), abs=1.5)
        page.mouse.up()
        page.mouse.move(to_client(0.5), y)                   # the button is up: the step stays
        assert float(demo.locator("output[data-role='s']").text_content()) == pytest.approx(0.85, abs=1.5 * pixel)
        assert demo.locator("output[data-role='b']").is_visible() and demo.locator("input").nth(0).is_visible()
        assert errors == []
    finally:
        page.close()


def test_bump_demo_changes_with_its_height(visit, chapter4):
    demo = chapter4.locator(DEMO.format("bump"))
    curve = demo.locator("path[data-role='output-curve']")
    before = curve.get_attribute("d")
    set_slider(demo.locator("input").nth(2), "-0.5")    # h
    assert curve.get_attribute("d") != before
    assert visit.console_errors == []


def test_demos_start_after_instant_navigation(visit):
    page = visit.open("")                                  # the home page, no demo on it
    assert page.locator(".nnadl-demo").count() == 0
    page.click("article a[href$='/chapter4/']")
    page.wait_for_url("**/chapter4/")
    page.wait_for_selector(DEMO.format("approximation") + " output[data-role='max-error']")
    for name in ("step", "bump", "approximation"):
        assert page.locator(DEMO.format(name) + " path[data-role='output-curve']").count() == 1, name
    assert displayed_error(page)[0] == "0.4477"
    assert visit.outside_requests() == []
    assert visit.console_errors == []
