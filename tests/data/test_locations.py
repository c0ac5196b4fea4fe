"""The per-user datasets folder, where an IDX spec's relative folder is looked for, and the message a
user gets when the files are nowhere (e.g. ``example:seed-cnn`` before ``netbuilder download mnist``)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from netbuilder.data import DatasetError, build_dataset
from netbuilder.data.idx import IDX_FILES
from netbuilder.data.locations import DATA_DIR_ENV, datasets_dir, folder_candidates
from tests.data.test_idx import make_arrays, write_idx_folder

FILES_HINT = (
    "set the dataset's folder to one holding train-images-idx3-ubyte(.gz), train-labels-idx1-ubyte(.gz), "
    "t10k-images-idx3-ubyte(.gz), t10k-labels-idx1-ubyte(.gz)."
)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fake home folder with none of the data-folder variables set."""
    home = tmp_path / "home"
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("USERPROFILE", str(home))
    for name in (DATA_DIR_ENV, "XDG_DATA_HOME", "LOCALAPPDATA"):
        monkeypatch.delenv(name, raising=False)
    return home


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="the XDG layout is the Linux/BSD default")
def test_datasets_dir_xdg_default_and_override(home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert datasets_dir() == home / ".local" / "share" / "netbuilder" / "datasets"
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert datasets_dir() == tmp_path / "xdg" / "netbuilder" / "datasets"
    monkeypatch.setenv("XDG_DATA_HOME", "relative/is/ignored")  # the XDG spec: relative values are invalid
    assert datasets_dir() == home / ".local" / "share" / "netbuilder" / "datasets"


def test_netbuilder_data_dir_wins(home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "local"))
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "data"))
    assert datasets_dir() == tmp_path / "data"
    monkeypatch.setenv(DATA_DIR_ENV, "")  # empty means unset
    assert datasets_dir() != tmp_path / "data"


def test_datasets_dir_on_windows_and_macos(home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "AppData" / "Local"))
    assert datasets_dir() == tmp_path / "AppData" / "Local" / "NetBuilder" / "datasets"
    monkeypatch.setattr(sys, "platform", "darwin")
    assert datasets_dir() == Path.home() / "Library" / "Application Support" / "NetBuilder" / "datasets"


def test_relative_folder_candidates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "data"
    monkeypatch.setenv(DATA_DIR_ENV, str(data))
    assert folder_candidates("mnist", tmp_path / "proj") == [tmp_path / "proj" / "mnist", data / "mnist"]
    assert folder_candidates("mnist", None) == [data / "mnist"]
    assert folder_candidates(str(tmp_path / "abs"), tmp_path / "proj") == [tmp_path / "abs"]
    with pytest.raises(DatasetError, match="no file or folder chosen"):
        folder_candidates("  ", None)


def test_resolution_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data, project = tmp_path / "data", tmp_path / "proj"
    monkeypatch.setenv(DATA_DIR_ENV, str(data))
    spec = {"kind": "idx", "folder": "mnist"}
    write_idx_folder(data / "mnist", make_arrays(n_train=20, n_test=7))
    # nothing beside the project (or no project folder at all): the datasets folder
    assert build_dataset(spec, base_dir=project).sizes()["test"] == 7
    assert build_dataset(spec).sizes()["test"] == 7
    # an empty folder beside the project does not hide the downloaded files
    (project / "mnist").mkdir(parents=True)
    assert build_dataset(spec, base_dir=project).sizes()["test"] == 7
    # files beside the project come first
    write_idx_folder(project / "mnist", make_arrays(n_train=20, n_test=5))
    assert build_dataset(spec, base_dir=project).sizes()["test"] == 5
    # an absolute folder is used as given
    write_idx_folder(tmp_path / "elsewhere", make_arrays(n_train=20, n_test=3))
    assert build_dataset({**spec, "folder": str(tmp_path / "elsewhere")}, base_dir=project).sizes()["test"] == 3


def test_partial_folder_keeps_naming_the_missing_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "data"))
    arrays = make_arrays(n_train=20, n_test=5)
    del arrays[IDX_FILES["test_labels"]]
    write_idx_folder(tmp_path / "proj" / "mnist", arrays)
    with pytest.raises(DatasetError, match=re.escape("expected t10k-labels-idx1-ubyte or t10k-labels-idx1-ubyte.gz")):
        build_dataset({"kind": "idx", "folder": "mnist"}, base_dir=tmp_path / "proj")


def test_missing_files_name_both_places_and_the_download_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data, project = tmp_path / "data", tmp_path / "proj"
    monkeypatch.setenv(DATA_DIR_ENV, str(data))
    (project / "mnist").mkdir(parents=True)  # an empty folder is no better than none
    with pytest.raises(DatasetError) as info:
        build_dataset({"kind": "idx", "folder": "mnist"}, base_dir=project)
    assert str(info.value) == (
        f"MNIST files not found (looked in {project / 'mnist'} and {data / 'mnist'}). "
        f"Download them with: netbuilder download mnist — or {FILES_HINT}"
    )
    # no project folder (a bundled example): only the datasets folder
    with pytest.raises(DatasetError, match=re.escape(f"(looked in {data / 'mnist'}). Download")):
        build_dataset({"kind": "idx", "folder": "mnist"})


def test_missing_files_message_for_fashion_and_other_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "data"
    monkeypatch.setenv(DATA_DIR_ENV, str(data))
    with pytest.raises(DatasetError) as info:
        build_dataset({"kind": "idx", "folder": "fashion-mnist", "variant": "fashion-mnist"})
    assert str(info.value).startswith(
        f"Fashion-MNIST files not found (looked in {data / 'fashion-mnist'}). "
        "Download them with: netbuilder download fashion-mnist — or"
    )
    # a folder other than the default download target: the command says where to put the files
    with pytest.raises(DatasetError, match=re.escape(f"netbuilder download fashion-mnist --folder {data / 'fm'} —")):
        build_dataset({"kind": "idx", "folder": "fm", "variant": "fashion-mnist"})
    absolute = tmp_path / "no such dir"
    with pytest.raises(DatasetError) as info:
        build_dataset({"kind": "idx", "folder": str(absolute)})
    assert str(info.value).startswith(
        f"MNIST files not found in {absolute}: the folder does not exist. "
        f"Download them with: netbuilder download mnist --folder '{absolute}' — or"
    )
