"""Chapter 3's opening demo in a real browser: one sigmoid neuron learning to output 0.

The numbers the page's JavaScript shows after N epochs (weight, bias, output and cost) must be
the numbers nnadl computes for the same settings: a one-neuron ``Network([1, 1], cost)``
trained by ``SGD`` on the one example x = 1, y = 0, mini-batches of 1."""

import numpy as np
import pytest

from nnadl.network2 import Network

DEMO = ".nnadl-demo[data-demo='learning-slowdown']"


def nnadl_neuron(cost, w, b, eta, epochs):
    """w, b, output a and cost C after `epochs` epochs, computed by nnadl."""
    net = Network([1, 1], cost, seed=0)
    net.weights[0][:], net.biases[0][:] = w, b
    x, y = np.array([[1.0]]), np.array([[0.0]])
    if epochs:
        net.SGD((x, y), epochs, 1, eta)
    a = float(net.feedforward(x)[0, 0])
    return {"w": float(net.weights[0][0, 0]), "b": float(net.biases[0][0, 0]), "output": a,
            "cost-value": float(net.total_cost((x, y)))}


def set_input(locator, value):
    """Set a range input as a reader would: its value, then the input event."""
    locator.evaluate("(el, v) => { el.value = v; el.dispatchEvent(new Event('input', {bubbles: true})); }", str(value))


def shown(page, role):
    out = page.locator(f"{DEMO} output[data-role='{role}']")
    return out.text_content(), float(out.get_attribute("data-value"))


def assert_matches_nnadl(page, cost, w, b, eta, epochs):
    expected = nnadl_neuron(cost, w, b, eta, epochs)
    for role, value in expected.items():
        text, displayed = shown(page, role)
        assert displayed == pytest.approx(value, rel=1e-9, abs=1e-12), (role, displayed, value)
        assert text == f"{value:.4f}", (role, text, value)


@pytest.fixture
def chapter3(visit):
    page = visit.open("chapter3/")
    page.wait_for_selector(f"{DEMO} output[data-role='cost-value']")
    return page


def test_demo_is_drawn_with_labelled_inputs(visit, chapter3):
    demo = chapter3.locator(DEMO)
    assert demo.get_attribute("data-ready") == "true"
    for role in ("cost-curve", "output-curve"):
        assert demo.locator(f"path[data-role='{role}']").get_attribute("d").startswith("M"), role
    inputs = demo.locator("input, select")
    assert inputs.count() == 5
    for i in range(inputs.count()):
        input_id = inputs.nth(i).get_attribute("id")
        assert demo.locator(f"label[for='{input_id}']").count() == 1, input_id
    assert visit.outside_requests() == []
    assert visit.console_errors == []


def test_starts_at_the_books_saturated_neuron_as_nnadl_trains_it(visit, chapter3):
    # quadratic cost, w = b = 2, eta = 0.15, 300 epochs: the page's pycon example says (0.2028, 0.0206)
    assert_matches_nnadl(chapter3, "quadratic", 2.0, 2.0, 0.15, 300)
    assert shown(chapter3, "output")[0] == "0.2028"
    assert shown(chapter3, "cost-value")[0] == "0.0206"
    # dC/db before training: a sigma'(z) at z = 4, the page's 0.0173
    assert shown(chapter3, "initial-gradient")[0] == "0.0173"


@pytest.mark.parametrize("cost, w, b, eta, epochs", [
    ("cross-entropy", 2.0, 2.0, 0.15, 300),
    ("cross-entropy", 0.6, 0.9, 0.005, 1000),
    ("quadratic", 0.6, 0.9, 0.5, 40),
    ("cross-entropy", -1.5, 3.25, 5, 10),
    ("quadratic", 2.0, 2.0, 0.15, 0),
])
def test_any_setting_gives_the_numbers_nnadl_computes(visit, chapter3, cost, w, b, eta, epochs):
    demo = chapter3.locator(DEMO)
    demo.locator("select[data-role='cost']").select_option(cost)
    demo.locator("select[data-role='eta']").select_option(str(eta))
    set_input(demo.locator("input[data-role='w0']"), w)
    set_input(demo.locator("input[data-role='b0']"), b)
    set_input(demo.locator("input[data-role='epochs']"), epochs)
    assert_matches_nnadl(chapter3, cost, w, b, eta, epochs)
    assert visit.console_errors == []


def test_cross_entropy_removes_the_slowdown(visit, chapter3):
    demo = chapter3.locator(DEMO)
    quadratic_gradient = shown(chapter3, "initial-gradient")[1]
    demo.locator("select[data-role='cost']").select_option("cross-entropy")
    assert shown(chapter3, "initial-gradient")[1] == pytest.approx(1 / (1 + np.exp(-4.0)), rel=1e-12)   # a - y
    assert shown(chapter3, "initial-gradient")[1] > 50 * quadratic_gradient


def test_run_replays_the_training_to_the_last_epoch(visit, chapter3):
    demo = chapter3.locator(DEMO)
    curve = demo.locator("path[data-role='cost-curve']")
    full = curve.get_attribute("d")
    demo.locator("button[data-role='run']").click()
    now = demo.locator("[data-role='now']")
    assert int(now.get_attribute("data-epoch")) < 300          # the replay starts from the beginning
    chapter3.wait_for_function(
        "() => document.querySelector(\"" + DEMO + " [data-role='now']\").dataset.epoch === '300'", timeout=30000)
    assert curve.get_attribute("d") == full
    expected = nnadl_neuron("quadratic", 2.0, 2.0, 0.15, 300)
    assert f"output a = {expected['output']:.3f}" in now.text_content()
    assert visit.console_errors == []


def test_demo_starts_after_instant_navigation(visit):
    page = visit.open("")
    assert page.locator(".nnadl-demo").count() == 0
    page.click("article a[href$='/chapter3/']")
    page.wait_for_url("**/chapter3/")
    page.wait_for_selector(f"{DEMO} output[data-role='cost-value']")
    assert shown(page, "output")[0] == "0.2028"
    assert visit.outside_requests() == []
    assert visit.console_errors == []
