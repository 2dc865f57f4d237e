# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # The sigmoid and gradient descent, drawn
#
# *Executed when the site is built: every number and picture below comes from this run.*
#
# Two pictures from chapter 1: the sigmoid function $\sigma$ next to the step function of a
# perceptron, and gradient descent walking down a cost $C(v_1, v_2)$ of two variables.
# Both use the functions of `nnadl` (`sigmoid`, `sigmoid_prime`) or plain numpy.

# %% [markdown]
# ## The sigmoid against the step function
#
# A perceptron outputs 1 when $w \cdot x + b > 0$ and 0 otherwise: a step function of the
# weighted input $z = w \cdot x + b$. A sigmoid neuron outputs $\sigma(z) = 1/(1 + e^{-z})$,
# a smoothed step. Multiplying all weights and the bias by a constant $c > 0$ replaces $z$ by
# $c z$; as $c$ grows, $\sigma(c z)$ approaches the step everywhere except at $z = 0$, where it
# stays at $1/2$.

# %%
# %matplotlib inline
import matplotlib.pyplot as plt
import numpy as np

from nnadl.activations import sigmoid, sigmoid_prime

z = np.linspace(-6, 6, 601)
step = (z > 0).astype(float)

fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.8))
left.plot(z, step, color="gray", lw=2, label="step (perceptron)")
left.plot(z, sigmoid(z), lw=2, label=r"$\sigma(z)$ (sigmoid neuron)")
left.set_xlabel("$z = w \\cdot x + b$")
left.set_ylabel("output")
left.set_title("Sigmoid function and step function")
left.legend(loc="upper left")
left.grid(alpha=0.3)

for c in (1, 3, 10, 100):
    right.plot(z, sigmoid(c * z), lw=1.5, label="$\\sigma(z)$" if c == 1 else f"$\\sigma({c}z)$")
right.plot(z, step, color="gray", ls="--", lw=1, label="step")
right.set_xlabel("$z$")
right.set_title("Scaling the weights and bias by $c$")
right.legend(loc="upper left")
right.grid(alpha=0.3)
fig.tight_layout()
plt.show()

for c in (1, 3, 10, 100):
    print(f"c = {c:>3}: sigma(c z) at z = -0.5, 0, 0.5 is "
          + ", ".join(f"{float(sigmoid(c * v)):.4f}" for v in (-0.5, 0.0, 0.5)))

# %% [markdown]
# The slope of the sigmoid is $\sigma'(z) = \sigma(z)(1 - \sigma(z))$, largest at $z = 0$,
# where it is $1/4$. This slope is what makes learning possible: by equation (5) of the book,
# a small change in a weight or bias makes a small change in the output, proportional to
# $\sigma'(z)$. The step function has slope zero everywhere except at $z = 0$, where it jumps.

# %%
fig, ax = plt.subplots(figsize=(5, 3.2))
ax.plot(z, sigmoid_prime(z), lw=2)
ax.set_xlabel("$z$")
ax.set_ylabel("$\\sigma'(z)$")
ax.set_title("The slope of the sigmoid")
ax.grid(alpha=0.3)
fig.tight_layout()
plt.show()
print(f"largest slope: {float(sigmoid_prime(z).max()):.4f} at z = {z[np.argmax(sigmoid_prime(z))]:.2f}")

# %% [markdown]
# ## Gradient descent on a cost of two variables
#
# Take a cost that is an average over $n = 100$ "training examples" $p_x$, points in the plane,
#
# $$C(v) = \frac{1}{n} \sum_x C_x(v), \qquad C_x(v) = \frac{1}{2} (v - p_x)^T A (v - p_x),
# \qquad A = \begin{bmatrix} 1 & 0 \\ 0 & 4 \end{bmatrix}.$$
#
# Its graph is a bowl, elongated along $v_1$. Its gradient is $\nabla C = A (v - \bar p)$,
# with $\bar p$ the mean of the points, so the bottom of the bowl is at $\bar p$.
#
# - **Gradient descent** repeats the update rule $v \rightarrow v' = v - \eta \nabla C$
#   (equations (11) and (15) of the book) with the full gradient.
# - **Stochastic gradient descent** replaces $\nabla C$ by the average of $\nabla C_x$ over a
#   mini-batch of $m = 5$ examples, equation (19): a noisy estimate, twenty times cheaper here.
#   One epoch is $n/m = 20$ such steps.

# %%
rng = np.random.default_rng(0)
A = np.diag([1.0, 4.0])
points = rng.normal(loc=[0.5, -0.3], scale=0.6, size=(100, 2))
p_bar = points.mean(axis=0)


def cost(v):
    d = v - points
    return 0.5 * np.mean(np.einsum("ni,ij,nj->n", d, A, d))


def grad(v, batch=points):
    return A @ (v - batch.mean(axis=0))


eta, start = 0.1, np.array([-2.6, 1.6])

gd = [start]
for _ in range(40):
    gd.append(gd[-1] - eta * grad(gd[-1]))
gd = np.array(gd)

sgd, v = [start], start.copy()
for epoch in range(2):
    order = rng.permutation(len(points))
    for k in range(0, len(points), 5):
        v = v - eta * grad(v, points[order[k:k + 5]])
        sgd.append(v)
sgd = np.array(sgd)

v1, v2 = np.meshgrid(np.linspace(-3, 3, 241), np.linspace(-2, 2, 161))
grid = np.stack([v1.ravel(), v2.ravel()], axis=1)
C = np.array([cost(g) for g in grid]).reshape(v1.shape)

fig, ax = plt.subplots(figsize=(8, 5))
contours = ax.contour(v1, v2, C, levels=np.geomspace(C.min() + 0.01, C.max(), 14), cmap="viridis")
ax.plot(gd[:, 0], gd[:, 1], "o-", ms=3, color="C3", label=f"gradient descent, {len(gd) - 1} steps")
ax.plot(sgd[:, 0], sgd[:, 1], ".-", ms=3, lw=0.8, color="C1",
        label=f"stochastic gradient descent, m = 5, {len(sgd) - 1} steps")
ax.plot(*p_bar, "k*", ms=12, label="minimum")
ax.set_xlabel("$v_1$")
ax.set_ylabel("$v_2$")
ax.set_aspect("equal")
ax.set_title(f"Descending the cost $C(v_1, v_2)$ with $\\eta = {eta}$")
ax.legend(loc="lower right", fontsize=8)
fig.tight_layout()
plt.show()

print(f"start: C = {cost(start):.4f}")
print(f"after {len(gd) - 1} steps of gradient descent:  C = {cost(gd[-1]):.4f}")
print(f"after {len(sgd) - 1} steps of stochastic descent: C = {cost(sgd[-1]):.4f}")
print(f"minimum:                           C = {cost(p_bar):.4f}")

# %% [markdown]
# Every step of gradient descent goes straight downhill, across the contour lines, and $C$
# falls at every step. Along $v_2$, where the bowl is steep, the gradient is large and the path
# drops quickly to the valley floor; along $v_1$, where the bowl is shallow, it then creeps
# toward the minimum. The stochastic path wanders, because each mini-batch sees only five of
# the hundred points, but it heads the same way, at a twentieth of the cost per step.
#
# **How good is the approximation $\Delta C \approx \nabla C \cdot \Delta v$?** Equation (9)
# predicts that a step $\Delta v = -\eta \nabla C$ changes the cost by about
# $-\eta \|\nabla C\|^2$. The error is of order $\eta^2$: halve $\eta$ and it falls fourfold.

# %%
v = start
g = grad(v)
print(f"{'eta':>8} {'actual change':>15} {'-eta |grad C|^2':>16} {'difference':>12}")
for e in (0.2, 0.1, 0.05, 0.025):
    actual = cost(v - e * g) - cost(v)
    predicted = -e * g @ g
    print(f"{e:>8} {actual:>15.6f} {predicted:>16.6f} {actual - predicted:>12.6f}")
