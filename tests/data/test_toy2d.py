"""The 2-D Playground-style classification sets and their engineered features."""

from __future__ import annotations

import pytest
import torch

from netbuilder.data import PLANE_EXTENT, DatasetError, apply_normalization, build_dataset, featurize


def _all_points(ds: object) -> tuple[torch.Tensor, torch.Tensor]:
    extras = ds.extras  # type: ignore[attr-defined]
    points = torch.cat([extras["points_train"], extras["points_val"], extras["points_test"]])
    labels = torch.cat([ds.y_train, ds.y_val, ds.y_test])  # type: ignore[attr-defined]
    return points, labels


@pytest.mark.parametrize("kind", ["circle", "xor", "gaussians", "spiral", "moons"])
def test_classes_are_balanced_and_split_sizes_add_up(kind: str) -> None:
    ds = build_dataset({"kind": kind, "samples": 401, "seed": 2})
    sizes = ds.sizes()
    assert sum(sizes.values()) == 401
    assert sizes["train"] == pytest.approx(0.7 * 401, abs=3)
    _, labels = _all_points(ds)
    assert abs(int((labels == 1).sum()) - int((labels == 0).sum())) <= 1
    # stratified: the validation split has both classes in about equal numbers
    assert abs(float(ds.y_val.float().mean()) - 0.5) < 0.1
    assert ds.class_names is not None and len(ds.class_names) == 2
    assert ds.extras["plane_extent"] == PLANE_EXTENT


def test_circle_inner_class_is_inside_outer_class() -> None:
    ds = build_dataset({"kind": "circle", "noise": 0.0, "samples": 400})
    points, labels = _all_points(ds)
    radius = points.norm(dim=1)
    assert float(radius[labels == 0].max()) <= 2.5 + 1e-5
    assert float(radius[labels == 1].min()) >= 3.5 - 1e-5
    assert float(radius.max()) <= 5.0 + 1e-5


def test_xor_labels_follow_quadrants_without_noise() -> None:
    ds = build_dataset({"kind": "xor", "noise": 0.0})
    points, labels = _all_points(ds)
    product = points[:, 0] * points[:, 1]
    assert torch.equal(labels == 1, product >= 0)
    assert float(points.abs().min()) >= 0.3 - 1e-6  # the Playground's padding off the axes


def test_spiral_arms_are_point_symmetric_and_grow_to_radius_5() -> None:
    ds = build_dataset({"kind": "spiral", "noise": 0.0, "samples": 200, "split": "none"})
    points = ds.extras["points_train"]
    labels = ds.y_train
    arm0, arm1 = points[labels == 0], points[labels == 1]
    assert len(arm0) == len(arm1) == 100
    # arm 2 is arm 1 rotated by π: for the same index, the points are negatives of each other
    assert torch.allclose(arm0, -arm1, atol=1e-5)
    radius = arm0.norm(dim=1)
    assert float(radius.max()) == pytest.approx(5.0 * 99 / 100, rel=1e-5)


def test_gaussians_are_centred_on_opposite_corners() -> None:
    ds = build_dataset({"kind": "gaussians", "noise": 0.0, "samples": 2000})
    points, labels = _all_points(ds)
    assert torch.allclose(points[labels == 0].mean(0), torch.tensor([2.0, 2.0]), atol=0.1)
    assert torch.allclose(points[labels == 1].mean(0), torch.tensor([-2.0, -2.0]), atol=0.1)


def test_noise_moves_points() -> None:
    clean = build_dataset({"kind": "moons", "noise": 0.0})
    noisy = build_dataset({"kind": "moons", "noise": 0.3})
    assert not torch.allclose(clean.extras["points_train"], noisy.extras["points_train"])


def test_featurize_computes_every_feature() -> None:
    points = torch.tensor([[1.0, 2.0], [-0.5, 3.0]])
    names = ["x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)"]
    out = featurize(points, names)
    a, b = points[:, 0], points[:, 1]
    expected = torch.stack([a, b, a * a, b * b, a * b, torch.sin(a), torch.sin(b)], dim=1)
    assert out.dtype == torch.float32 and out.shape == (2, 7)
    assert torch.allclose(out, expected)
    with pytest.raises(DatasetError, match="x3"):
        featurize(points, ["x3"])
    with pytest.raises(DatasetError, match=r"\(N, 2\)"):
        featurize(torch.zeros(3), ["x1"])


def test_engineered_features_match_featurize_of_stored_points() -> None:
    features = ["x1^2", "x2^2", "sin(x1)"]
    ds = build_dataset({"kind": "circle", "features": features})
    assert ds.input_shape == (3,) and ds.feature_names == features
    assert torch.allclose(ds.x_train, featurize(ds.extras["points_train"], features))


def test_normalization_is_fitted_on_train_only_and_reapplies_to_a_grid() -> None:
    spec = {"kind": "spiral", "features": ["x1", "x2", "x1*x2"], "normalize": True, "seed": 4}
    ds = build_dataset(spec)
    assert ds.normalization is not None
    assert torch.allclose(ds.x_train.mean(0), torch.zeros(3), atol=1e-5)
    assert torch.allclose(ds.x_train.std(0, unbiased=False), torch.ones(3), atol=1e-4)
    # the validation split is standardised with the training statistics, so it is not exactly 0/1
    assert not torch.allclose(ds.x_val.mean(0), torch.zeros(3), atol=1e-6)
    raw = featurize(ds.extras["points_train"], ds.feature_names)
    assert torch.allclose(apply_normalization(raw, ds.normalization), ds.x_train, atol=1e-5)
    mean = torch.tensor(ds.normalization["mean"])
    assert torch.allclose(mean, raw.double().mean(0).float(), atol=1e-5)
