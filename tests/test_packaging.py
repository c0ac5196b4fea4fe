"""The desktop entry, AppStream metadata and icon are present and consistent; the bundle files are sound."""

from __future__ import annotations

import configparser
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
APP = "io.github.netbuilder.NetBuilder"


def test_desktop_entry_is_valid_and_launches_the_console_script() -> None:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(ROOT / "packaging" / f"{APP}.desktop", encoding="utf-8")
    entry = parser["Desktop Entry"]
    assert entry["Type"] == "Application"
    assert entry["Exec"].split()[0] == "netbuilder"
    assert entry["Icon"] == APP
    assert entry["Categories"].endswith(";") and "Education" in entry["Categories"]
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert 'netbuilder = "netbuilder.cli.main:main"' in pyproject


def test_appstream_metadata_has_the_required_fields() -> None:
    root = ET.parse(ROOT / "packaging" / f"{APP}.metainfo.xml").getroot()
    assert root.tag == "component" and root.get("type") == "desktop-application"
    for tag in ("id", "name", "summary", "description", "metadata_license", "project_license", "launchable"):
        assert root.find(tag) is not None, tag
    assert root.findtext("id") == APP
    assert root.findtext("launchable") == f"{APP}.desktop"
    assert root.find("releases/release").get("version") in pyproject_version()


def pyproject_version() -> str:
    for line in (ROOT / "pyproject.toml").read_text().splitlines():
        if line.startswith("version"):
            return line
    return ""


def test_icon_is_an_svg_shipped_with_the_package() -> None:
    from importlib import resources

    icon = resources.files("netbuilder.resources") / "icons" / "netbuilder.svg"
    assert ET.fromstring(icon.read_text()).tag.endswith("svg")


def test_install_script_installs_into_a_prefix(tmp_path: Path) -> None:
    result = subprocess.run(
        ["bash", str(ROOT / "packaging" / "install-desktop-entry.sh")],
        env={"PREFIX": str(tmp_path), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "share" / "applications" / f"{APP}.desktop").is_file()
    assert (tmp_path / "share" / "icons" / "hicolor" / "scalable" / "apps" / f"{APP}.svg").is_file()


def listed_packages() -> set[str]:
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    return set(config["tool"]["setuptools"]["packages"])


def test_every_package_is_listed_in_pyproject() -> None:
    on_disk = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "netbuilder").rglob("__init__.py")
        if "__pycache__" not in init.parts
    }
    missing = on_disk - listed_packages()
    assert not missing, f"add these to [tool.setuptools] packages in pyproject.toml: {sorted(missing)}"


def test_a_built_wheel_holds_every_module_and_resource(tmp_path: Path) -> None:
    import shutil
    import sys
    import zipfile

    # Build from a clean copy: a build/ folder left in the checkout would hide a missing package.
    source = tmp_path / "source"
    ignore = shutil.ignore_patterns(
        ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache", ".hypothesis", "docs"
    )
    shutil.copytree(ROOT, source, ignore=ignore)
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q"]
    result = subprocess.run([*command, "-w", str(tmp_path), str(source)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    (wheel,) = tmp_path.glob("netbuilder-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    modules = {
        str(path.relative_to(ROOT)) for path in (ROOT / "netbuilder").rglob("*.py") if "__pycache__" not in path.parts
    }
    assert modules <= names, sorted(modules - names)
    for example in (ROOT / "resources" / "examples").glob("*.nbproj"):
        assert f"netbuilder/resources/examples/{example.name}" in names
    assert "netbuilder/resources/icons/netbuilder.svg" in names
    assert "netbuilder/resources/datasets/digits.csv.gz" in names


# ---- the standalone bundle (packaging/build-bundle, netbuilder.spec, smoke-test-bundle) ------------
# PyInstaller itself is not run here (minutes of CPU, GBs of disk); these check what can go stale cheaply.


def spec_calls() -> dict[str, list[object]]:
    """Each function call in netbuilder.spec, by name, with its first argument's literal value (or None)."""
    import ast

    calls: dict[str, list[object]] = {}
    tree = ast.parse((ROOT / "packaging" / "netbuilder.spec").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            first = node.args[0] if node.args else None
            calls.setdefault(name, []).append(ast.literal_eval(first) if isinstance(first, ast.Constant) else None)
    return calls


def test_the_spec_builds_one_folder_app_from_the_launcher_with_the_resources() -> None:
    import ast

    text = (ROOT / "packaging" / "netbuilder.spec").read_text(encoding="utf-8")
    calls = spec_calls()
    assert {"Analysis", "PYZ", "EXE", "COLLECT"} <= set(calls)  # COLLECT: one folder, not one file
    assert 'ENTRY = ROOT / "packaging" / "launcher.py"' in text
    launcher = ast.parse((ROOT / "packaging" / "launcher.py").read_text(encoding="utf-8"))
    imports = [n for n in ast.walk(launcher) if isinstance(n, ast.ImportFrom)]
    assert any(n.module == "netbuilder.cli.main" and n.names[0].name == "main" for n in imports)
    # Every module (the CLI finds its commands by name) and the whole resources tree of the package.
    assert "netbuilder" in calls["collect_submodules"] and "onnxscript" in calls["collect_submodules"]
    assert "netbuilder" in calls["collect_data_files"]
    for folder in ("examples", "datasets", "icons"):
        assert any((ROOT / "resources" / folder).iterdir()), folder
    assert 'name="netbuilder"' in text and "exclude_binaries=True" in text
    for excluded in ('"tensorboard"', '"triton"', '"tkinter"', '"pytest"'):
        assert excluded in text


class _Analysis:
    """Stands in for PyInstaller's Analysis: records its arguments, offers a few collected files."""

    def __init__(self, scripts: list[str], **kwargs: object) -> None:
        self.args, self.kwargs, self.pure, self.scripts = scripts, kwargs, [], []
        lib = "torch/lib/"
        self.binaries = [(f"{lib}libtorch_cpu.so", "/x", "BINARY"), (f"{lib}libtorchbind_test.so", "/x", "BINARY")]
        self.binaries += [(f"{lib}libaoti_custom_ops.so", "/x", "BINARY"), ("torch/bin/protoc", "/x", "BINARY")]
        self.binaries += [("torch/bin/torch_shm_manager", "/x", "BINARY"), ("torch/test/Dict_test", "/x", "BINARY")]
        self.datas = [("torch/include/ATen/ATen.h", "/x", "DATA"), ("netbuilder/resources/icons/a.svg", "/x", "DATA")]


def exec_spec(monkeypatch: pytest.MonkeyPatch, resources_origin: Path) -> dict[str, object]:
    """Run netbuilder.spec with PyInstaller's names stubbed; ``resources_origin``: where netbuilder.resources is."""
    import importlib.machinery
    import importlib.util
    import sys
    import types

    spec = importlib.machinery.ModuleSpec("netbuilder.resources", None, origin=str(resources_origin))
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, package=None: spec)
    hooks = types.ModuleType("PyInstaller.utils.hooks")
    hooks.collect_submodules = lambda package, **kwargs: [f"{package}.stub"]  # type: ignore[attr-defined]
    hooks.collect_data_files = lambda package, **kwargs: []  # type: ignore[attr-defined]
    hooks.copy_metadata = lambda dist, **kwargs: []  # type: ignore[attr-defined]
    for name in ("PyInstaller", "PyInstaller.utils"):
        monkeypatch.setitem(sys.modules, name, types.ModuleType(name))
    monkeypatch.setitem(sys.modules, "PyInstaller.utils.hooks", hooks)
    made: dict[str, object] = {}

    def recorder(kind: str) -> object:
        def make(*args: object, **kwargs: object) -> object:
            made[kind] = (args, kwargs)
            return kind

        return make

    namespace: dict[str, object] = {"SPECPATH": str(ROOT / "packaging"), "__name__": "__main__", "Analysis": _Analysis}
    namespace.update({kind: recorder(kind) for kind in ("PYZ", "EXE", "COLLECT")})
    code = compile((ROOT / "packaging" / "netbuilder.spec").read_text(encoding="utf-8"), "netbuilder.spec", "exec")
    exec(code, namespace)
    return {**namespace, **made}


def test_the_spec_keeps_the_app_and_drops_torch_s_developer_files(monkeypatch: pytest.MonkeyPatch) -> None:
    installed = Path("/venv/lib/python3.11/site-packages/netbuilder/resources/__init__.py")
    result = exec_spec(monkeypatch, installed)
    analysis = result["a"]
    assert isinstance(analysis, _Analysis)
    assert analysis.args == [str(ROOT / "packaging" / "launcher.py")]
    assert {"netbuilder.stub", "onnxscript.stub", "onnxruntime"} <= set(analysis.kwargs["hiddenimports"])  # type: ignore[arg-type]
    assert analysis.kwargs["module_collection_mode"]["netbuilder"] == "pyz+py"  # type: ignore[index]
    kept = {entry[0] for entry in analysis.binaries + analysis.datas}
    assert kept == {"torch/lib/libtorch_cpu.so", "torch/bin/torch_shm_manager", "netbuilder/resources/icons/a.svg"}
    _, exe_kwargs = result["EXE"]  # type: ignore[misc]
    assert exe_kwargs["name"] == "netbuilder" and exe_kwargs["exclude_binaries"] is True
    collect_args, collect_kwargs = result["COLLECT"]  # type: ignore[misc]
    assert collect_kwargs["name"] == "netbuilder" and analysis.binaries in collect_args


def test_the_spec_refuses_to_bundle_the_checkout_instead_of_the_installed_package(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # What the spec sees when run from the checkout, or with an editable install.
    with pytest.raises(SystemExit, match="not editable"):
        exec_spec(monkeypatch, ROOT / "resources" / "__init__.py")


def test_the_build_script_is_one_executable_command_that_pins_the_cpu_torch() -> None:
    import os

    script = ROOT / "packaging" / "build-bundle"
    assert os.access(script, os.X_OK)
    text = script.read_text(encoding="utf-8")
    assert 'torch_pin="torch==2.13.0"' in text and 'pyinstaller_pin="pyinstaller>=6' in text
    assert "torch.version.cuda is None" in text  # refuses a CUDA build
    assert "packaging/netbuilder.spec" in text and '--distpath "$root/dist"' in text
    assert 'find_spec("netbuilder.gui.i18n")' in text  # translations compiled only where they exist
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").split()
    assert "build/" in ignored and "dist/" in ignored  # everything the build writes stays out of git


def test_the_bundle_scripts_are_valid_bash() -> None:
    import os
    import shutil

    bash = shutil.which("bash")
    assert bash is not None
    for name in ("build-bundle", "smoke-test-bundle", "install-desktop-entry.sh"):
        result = subprocess.run([bash, "-n", str(ROOT / "packaging" / name)], capture_output=True, text=True)
        assert result.returncode == 0, (name, result.stderr)
    assert os.access(ROOT / "packaging" / "smoke-test-bundle", os.X_OK)


def test_the_smoke_test_says_what_is_missing_without_a_bundle(tmp_path: Path) -> None:
    result = subprocess.run(
        [str(ROOT / "packaging" / "smoke-test-bundle"), "--bundle", str(tmp_path / "none")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "no bundle at" in result.stderr and "packaging/build-bundle" in result.stderr
