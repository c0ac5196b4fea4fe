"""A safe parser for target formulas of one variable, such as ``sin(x) + 0.5*x**2``.

The text is parsed with ``ast`` and every node is checked against a whitelist, then compiled into a
tree of numpy closures. Nothing is ever passed to ``eval``/``exec``, so text such as
``__import__('os')`` or ``x.__class__`` is rejected with a ``DatasetError`` naming the token and its
column instead of being run.
"""

from __future__ import annotations

import ast
import logging
import operator
from collections.abc import Callable

import numpy as np

from netbuilder.data.errors import DatasetError

log = logging.getLogger(__name__)

Expr = Callable[[np.ndarray], np.ndarray]

MAX_LENGTH = 500
MAX_NODES = 300


def _relu(x: np.ndarray) -> np.ndarray:
    result: np.ndarray = np.maximum(x, 0.0)
    return result


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * x))  # tanh form: no overflow warning for large |x|


def _step(x: np.ndarray) -> np.ndarray:
    return (x >= 0).astype(np.float64)


FUNCTIONS: dict[str, tuple[Callable[..., np.ndarray], int]] = {
    "sin": (np.sin, 1),
    "cos": (np.cos, 1),
    "tan": (np.tan, 1),
    "exp": (np.exp, 1),
    "log": (np.log, 1),
    "sqrt": (np.sqrt, 1),
    "abs": (np.abs, 1),
    "tanh": (np.tanh, 1),
    "sinh": (np.sinh, 1),
    "cosh": (np.cosh, 1),
    "arctan": (np.arctan, 1),
    "floor": (np.floor, 1),
    "ceil": (np.ceil, 1),
    "sign": (np.sign, 1),
    "relu": (_relu, 1),
    "sigmoid": (_sigmoid, 1),
    "step": (_step, 1),
    "minimum": (np.minimum, 2),
    "maximum": (np.maximum, 2),
    "min": (np.minimum, 2),
    "max": (np.maximum, 2),
}
CONSTANTS = {"pi": float(np.pi), "e": float(np.e)}

_BINARY: dict[type[ast.operator], Callable[[np.ndarray, np.ndarray], np.ndarray]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.Pow: operator.pow,
    ast.Mod: np.mod,
}


def parse_formula(text: str) -> Expr:
    """Check ``text`` and return a function of a float64 array ``x``; raise ``DatasetError`` if unsafe."""
    if not isinstance(text, str) or not text.strip():
        raise DatasetError("field 'formula': the formula is empty")
    if len(text) > MAX_LENGTH:
        raise DatasetError(f"field 'formula': longer than {MAX_LENGTH} characters")
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as error:
        column = error.offset or 0
        raise DatasetError(f"field 'formula': syntax error at column {column}: {error.msg}") from None
    if sum(1 for _ in ast.walk(tree)) > MAX_NODES:
        raise DatasetError("field 'formula': the formula is too long")
    return _compile(tree.body, text.strip())


def _reject(node: ast.AST, source: str, why: str) -> DatasetError:
    token = ast.get_source_segment(source, node) or type(node).__name__
    column = getattr(node, "col_offset", 0) + 1
    return DatasetError(f"field 'formula': {why} at column {column}: {token!r}")


def _compile(node: ast.AST, source: str) -> Expr:
    if isinstance(node, ast.Constant):
        if isinstance(node.value, bool) or not isinstance(node.value, int | float):
            raise _reject(node, source, "only numbers are allowed as constants")
        try:
            value = float(node.value)
        except OverflowError:
            raise _reject(node, source, "number too large") from None
        return lambda x: np.full_like(x, value)
    if isinstance(node, ast.Name):
        if node.id == "x":
            return lambda x: x
        if node.id in CONSTANTS:
            constant = CONSTANTS[node.id]
            return lambda x: np.full_like(x, constant)
        raise _reject(node, source, "unknown name (use x, pi, e)")
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        operand = _compile(node.operand, source)
        if isinstance(node.op, ast.USub):
            return lambda x: -operand(x)
        return operand
    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        op = _BINARY[type(node.op)]
        left, right = _compile(node.left, source), _compile(node.right, source)
        return lambda x: op(left(x), right(x))
    if isinstance(node, ast.Call):
        return _compile_call(node, source)
    if isinstance(node, ast.Attribute):
        raise _reject(node, source, "attribute access is not allowed")
    if isinstance(node, ast.BinOp):
        raise _reject(node, source, "operator not allowed (use + - * / ** %)")
    raise _reject(node, source, f"{type(node).__name__.lower()} is not allowed")


def _compile_call(node: ast.Call, source: str) -> Expr:
    if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
        names = ", ".join(sorted(FUNCTIONS))
        raise _reject(node.func, source, f"unknown function (known: {names})")
    if node.keywords:
        raise _reject(node, source, "keyword arguments are not allowed")
    function, arity = FUNCTIONS[node.func.id]
    if len(node.args) != arity:
        raise _reject(node, source, f"{node.func.id} takes {arity} argument{'s' if arity > 1 else ''}")
    args = [_compile(arg, source) for arg in node.args]
    if arity == 1:
        (only,) = args
        return lambda x: function(only(x))
    first, second = args
    return lambda x: function(first(x), second(x))


def evaluate_formula(expr: Expr, x: np.ndarray) -> np.ndarray:
    """Evaluate a parsed formula; a result that is not finite everywhere is a ``DatasetError``."""
    x64 = np.asarray(x, dtype=np.float64)
    with np.errstate(all="ignore"):  # checked below: a user's log(x) at x<0 is an error message, not a warning
        result = np.broadcast_to(np.asarray(expr(x64), dtype=np.float64), x64.shape).copy()
    bad = ~np.isfinite(result)
    if bad.any():
        where = float(x64[bad][0])
        raise DatasetError(f"field 'formula': not a finite number at x = {where:g}; narrow x_min/x_max")
    return result
