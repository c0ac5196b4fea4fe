"""Headless datasets: specs, builders for toy/function/digits/IDX/sequence/table/file data, splits,
normalisation, and the MNIST downloader. Imports numpy and torch, never Qt."""

from netbuilder.data.builders import build_dataset, dataset_kinds
from netbuilder.data.dataset import Dataset
from netbuilder.data.errors import DatasetError
from netbuilder.data.formula import parse_formula
from netbuilder.data.functions import target_function, x_range
from netbuilder.data.idx import read_idx
from netbuilder.data.idx_download import DownloadCancelled, download_idx
from netbuilder.data.spec import DatasetSpec
from netbuilder.data.splits import apply_normalization, fit_normalization
from netbuilder.data.toy2d import PLANE_EXTENT, featurize

__all__ = [
    "PLANE_EXTENT",
    "Dataset",
    "DatasetError",
    "DatasetSpec",
    "DownloadCancelled",
    "apply_normalization",
    "build_dataset",
    "dataset_kinds",
    "download_idx",
    "featurize",
    "fit_normalization",
    "parse_formula",
    "read_idx",
    "target_function",
    "x_range",
]
