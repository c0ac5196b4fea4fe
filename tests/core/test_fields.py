"""One rule for every field: the same value is valid or invalid for params, dataset specs and settings."""

from __future__ import annotations

import math

import pytest

from netbuilder.core.errors import ParamError
from netbuilder.core.fields import MAX_INT, FieldError, require_choice, require_float, require_int, require_text
from netbuilder.core.params import int_param
from netbuilder.data.errors import DatasetError
from netbuilder.data.spec import DatasetSpec
from netbuilder.training.config import TrainConfig
from netbuilder.training.errors import ConfigError

HUGE = 10**5000


def _id(value: object) -> str:
    # A 5,000-digit int cannot be turned into text (Python's 4,300-digit limit), so name values by type.
    return type(value).__name__ if value is HUGE else repr(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(3, 3), (3.0, 3), (-2, -2), (MAX_INT, MAX_INT)],
)
def test_whole_numbers_accept_ints_and_integral_floats(value: object, expected: int) -> None:
    assert require_int(value, "n") == expected


@pytest.mark.parametrize("value", [True, False, 3.5, "3", None, [3], math.nan, math.inf, HUGE, MAX_INT + 1], ids=_id)
def test_whole_numbers_refuse_everything_else(value: object) -> None:
    with pytest.raises(FieldError) as caught:
        require_int(value, "n")
    assert caught.value.field == "n"
    assert len(str(caught.value)) < 200  # a 5,000-digit number is not echoed back


@pytest.mark.parametrize("value", [True, "1", None, math.nan, -math.inf, HUGE, [1.0]], ids=_id)
def test_numbers_refuse_non_finite_and_non_numbers(value: object) -> None:
    with pytest.raises(FieldError):
        require_float(value, "x")


def test_ranges_and_open_lower_bound() -> None:
    assert require_float(0.5, "x", low=0.0, high=1.0, low_open=True) == 0.5
    with pytest.raises(FieldError, match="> 0"):
        require_float(0.0, "x", low=0.0, low_open=True)
    with pytest.raises(FieldError, match="<= 10"):
        require_int(11, "n", high=10)


def test_choices_refuse_unhashable_values_with_a_message() -> None:
    with pytest.raises(FieldError, match="one of a, b"):
        require_choice(["a"], "c", ("a", "b"))


def test_text_refuses_nul_and_non_text() -> None:
    with pytest.raises(FieldError, match="NUL"):
        require_text("a\x00b", "path")
    with pytest.raises(FieldError):
        require_text(3, "path")


@pytest.mark.parametrize("value", [3.0, True, HUGE, math.nan], ids=_id)
def test_the_three_validators_agree(value: object) -> None:
    """A layer parameter, a dataset field and a training setting take the same whole numbers."""
    outcomes = []
    for attempt in (
        lambda: int_param("n", 1, "d", 1).coerce(value),
        lambda: DatasetSpec.from_dict({"kind": "spiral", "samples": value}),
        lambda: TrainConfig.from_dict({"epochs": value}),
    ):
        try:
            attempt()
            outcomes.append(True)
        except (ParamError, DatasetError, ConfigError):
            outcomes.append(False)
    assert len(set(outcomes)) == 1, outcomes
    assert outcomes[0] is (value == 3.0)
