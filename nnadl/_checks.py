"""Checking number arguments once, the same way everywhere: one rule for the whole package.

- A whole number (a size, a count, an index, an epoch) is an ``int`` or a numpy integer; not a
  bool, not a float even when it is ``2.0``, not a string.
- A real number (a learning rate, a weight, a position) is an ``int``, a ``float`` or a numpy
  integer or float; not a bool, a complex number or a string, and finite unless the caller allows
  infinity.
- A seed is None, a whole number ``>= 0`` or a ``numpy.random.Generator``.

Each refusal is a ``ValueError`` that names the argument and says what was expected.
"""

from __future__ import annotations

import math

import numpy as np

#: The most weights and biases (or classes, or labels' width) an argument may ask for: 8 GB of
#: float64. Beyond it a size is refused, naming it, instead of failing in numpy's allocator.
MAX_PARAMETERS = 10**9


def is_real(value):
    """Is ``value`` one real number (a Python or numpy int or float, not a bool)?"""
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, (bool, np.bool_))


def _is_whole(value):
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))


def whole(value, name, minimum=None, maximum=None) -> int:
    """``value`` as an int, or a ValueError naming ``name``.

    Examples
    --------
    >>> whole(3, "epochs", minimum=0)
    3
    >>> whole(2.5, "epochs")
    Traceback (most recent call last):
    ...
    ValueError: epochs must be a whole number; got 2.5
    """
    if not _is_whole(value):
        raise ValueError(f"{name} must be a whole number; got {value!r}")
    value = int(value)
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be at least {minimum}; got {value}")
    if maximum is not None and value > maximum:
        raise ValueError(f"{name} must be at most {maximum}; got {value}")
    return value


def real(value, name, minimum=None, maximum=None, *, above=None, below=None, finite=True) -> float:
    """``value`` as a float, or a ValueError naming ``name``.

    ``minimum``/``maximum`` are inclusive bounds, ``above``/``below`` exclusive ones.

    Examples
    --------
    >>> real(0.5, "eta", above=0)
    0.5
    >>> real(float("nan"), "eta", above=0)
    Traceback (most recent call last):
    ...
    ValueError: eta must be a finite number > 0; got nan
    """
    try:
        number = float(value) if is_real(value) else math.nan
    except OverflowError:  # an int beyond float range
        number = math.nan
    if (math.isnan(number) or (finite and math.isinf(number))
            or (minimum is not None and number < minimum) or (maximum is not None and number > maximum)
            or (above is not None and not number > above) or (below is not None and not number < below)):
        bounds = [f">= {minimum}" if minimum is not None else "", f"> {above}" if above is not None else "",
                  f"<= {maximum}" if maximum is not None else "", f"< {below}" if below is not None else ""]
        bounds = " and ".join(b for b in bounds if b)
        raise ValueError(f"{name} must be a {'finite ' if finite else ''}number{' ' + bounds if bounds else ''}; "
                         f"got {value!r}")
    return number


def float_dtype(dtype, name="dtype") -> np.dtype:
    """``dtype`` as a numpy floating-point dtype, or a ValueError naming ``name``.

    Examples
    --------
    >>> float_dtype("float32")
    dtype('float32')
    >>> float_dtype(np.complex128)
    Traceback (most recent call last):
    ...
    ValueError: dtype must be a floating-point type such as np.float64 or np.float32; got <class 'numpy.complex128'>
    """
    try:
        d = np.dtype(dtype)
    except (TypeError, ValueError):
        d = None
    if d is None or d.kind != "f":
        raise ValueError(f"{name} must be a floating-point type such as np.float64 or np.float32; got {dtype!r}")
    return d


def reals(value, name):
    """``value`` (a real number or an array of them) as float64, or a ValueError naming ``name``
    if it holds a bool, a complex number, text or a value that is not finite.

    Examples
    --------
    >>> reals(np.array([0.5, 2]), "s").tolist()
    [0.5, 2.0]
    >>> reals(1j, "w")
    Traceback (most recent call last):
    ...
    ValueError: w must be finite real numbers; got 1j
    """
    a = np.asarray(value)
    if a.dtype.kind not in "iuf" or not np.isfinite(a).all():
        raise ValueError(f"{name} must be finite real numbers; got {value!r}")
    return a.astype(np.float64) if a.ndim else float(a)


def rng(seed, name="seed") -> np.random.Generator:
    """A random generator from ``seed`` (None, a whole number >= 0 or a Generator), or a ValueError naming ``name``.

    Examples
    --------
    >>> rng(-1)
    Traceback (most recent call last):
    ...
    ValueError: seed must be None, a whole number >= 0 or a numpy Generator; got -1
    """
    if isinstance(seed, np.random.Generator):
        return seed
    if seed is None or (_is_whole(seed) and seed >= 0):
        return np.random.default_rng(None if seed is None else int(seed))
    raise ValueError(f"{name} must be None, a whole number >= 0 or a numpy Generator; got {seed!r}")
