"""The built-in 28×28 digits: the bundled 8×8 digits upscaled and centred, shifted copies to train on."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from netbuilder.data import DatasetError, build_dataset
from netbuilder.data.digits import load_digits_arrays
from netbuilder.data.images28 import upscale_digits


def test_images_are_the_digits_upscaled_and_centred() -> None:
    pixels, _labels = load_digits_arrays()
    images = upscale_digits(pixels[:5])
    assert images.shape == (5, 28, 28) and images.dtype == np.float32
    direct = torch.nn.functional.interpolate(
        torch.tensor(pixels[:5]).reshape(5, 1, 8, 8), size=(24, 24), mode="bilinear"
    )
    np.testing.assert_allclose(images[:, 2:26, 2:26], direct[:, 0].clamp(0, 1).numpy(), atol=1e-6)
    assert np.all(images[:, :2] == 0) and np.all(images[:, 26:] == 0)  # a blank border, as MNIST's


def test_dataset_shapes_split_and_copies() -> None:
    one = build_dataset({"kind": "digits28", "copies": 1})
    three = build_dataset({"kind": "digits28"})
    assert one.input_shape == (1, 28, 28) and one.num_classes == 10 and one.class_names == [str(d) for d in range(10)]
    assert sum(one.sizes().values()) == 1797
    assert three.sizes()["train"] == 3 * one.sizes()["train"]
    assert three.sizes()["test"] == one.sizes()["test"]
    torch.testing.assert_close(three.x_test, one.x_test)  # test images are never shifted copies
    torch.testing.assert_close(three.x_train[: one.sizes()["train"]], one.x_train)
    again = build_dataset({"kind": "digits28"})
    torch.testing.assert_close(again.x_train, three.x_train)  # same spec, same tensors
    flat = build_dataset({"kind": "digits28", "layout": "vector", "copies": 1})
    assert flat.input_shape == (784,)


def test_bad_fields_name_themselves() -> None:
    with pytest.raises(DatasetError, match="copies"):
        build_dataset({"kind": "digits28", "copies": 0})
    with pytest.raises(DatasetError, match="layout"):
        build_dataset({"kind": "digits28", "layout": "square"})
