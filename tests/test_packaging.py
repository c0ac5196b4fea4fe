"""The desktop entry, AppStream metadata and icon are present and consistent."""

from __future__ import annotations

import configparser
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

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
