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


def test_the_spec_refuses_to_bundle_the_checkout_instead_of_the_installed_package(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import importlib.machinery
    import importlib.util
    import sys
    import types

    # What the spec would see if run from the checkout with an editable install.
    spec = importlib.machinery.ModuleSpec("netbuilder.resources", None, origin=str(ROOT / "resources" / "__init__.py"))
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, package=None: spec)
    hooks = types.ModuleType("PyInstaller.utils.hooks")
    for name in ("collect_data_files", "collect_submodules", "copy_metadata"):
        setattr(hooks, name, lambda *args, **kwargs: [])
    for name in ("PyInstaller", "PyInstaller.utils"):
        monkeypatch.setitem(sys.modules, name, types.ModuleType(name))
    monkeypatch.setitem(sys.modules, "PyInstaller.utils.hooks", hooks)
    code = compile((ROOT / "packaging" / "netbuilder.spec").read_text(encoding="utf-8"), "netbuilder.spec", "exec")
    with pytest.raises(SystemExit, match="not editable"):
        exec(code, {"SPECPATH": str(ROOT / "packaging"), "__name__": "__main__"})


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
