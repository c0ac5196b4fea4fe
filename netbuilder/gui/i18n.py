"""The app's languages: choosing one, loading its translation, and keeping the ``.ts`` sources current.

Translations live as Qt Linguist sources in ``resources/i18n/netbuilder_<lang>.ts`` (kept in git). The
binary ``.qm`` files are built, never committed: ``python -m netbuilder.gui.i18n compile OUT_DIR`` (the
bundle build calls it), and a source or editable checkout compiles them on demand into the user's cache
folder when they are missing or older than the ``.ts`` (lrelease takes milliseconds).

``python -m netbuilder.gui.i18n update`` runs lupdate over the GUI sources and over the strings of the
layer catalog (generated from the live catalog, so its f-string docs are found too), keeping every
translation already made; ``check`` says what is missing or unfinished.

The language is read once at start-up (View ▸ Language stores the choice; it applies after a restart).
"""

from __future__ import annotations

import argparse
import logging
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QStandardPaths, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication

from netbuilder.gui.settings import settings

log = logging.getLogger(__name__)

SETTINGS_KEY = "language"
SYSTEM = "system"
#: language code -> its name in that language (as the menu shows it)
LANGUAGES: dict[str, str] = {"en": "English", "zh_CN": "简体中文"}
SOURCE_LANGUAGE = "en"
TS_PREFIX = "netbuilder_"
#: the contexts of the layer catalog's strings (see :func:`catalog_strings`)
LAYER_CONTEXT = "Layers"
LAYER_NAME_CONTEXT = "LayerNames"  # a layer type's common name in the language, shown beside its label
CATEGORY_CONTEXT = "LayerCategories"
PARAM_CONTEXT = "LayerParams"
EXAMPLE_CONTEXT = "Examples"  # the bundled examples' titles and descriptions


def ts_dir() -> Path:
    """The folder of the ``.ts`` sources (``resources/i18n`` in a checkout)."""
    return Path(str(resources.files("netbuilder.resources") / "i18n"))


def ts_files() -> list[Path]:
    return sorted(ts_dir().glob(f"{TS_PREFIX}*.ts"))


def _qt_tool(name: str) -> Path:
    """A Qt tool shipped inside the PySide6 wheel (``lrelease``, ``lupdate``)."""
    import PySide6

    folder = Path(PySide6.__file__).parent
    for candidate in (folder / name, folder / f"{name}.exe", folder / "Qt" / "libexec" / name):
        if candidate.exists():
            return candidate
    raise FileNotFoundError(f"{name} is not in the PySide6 installation at {folder}")


# ---- choosing the language ------------------------------------------------------------------------
def saved_language() -> str:
    """The choice in View ▸ Language: ``system`` (the default), ``en`` or ``zh_CN``."""
    value = str(settings().value(SETTINGS_KEY, SYSTEM))
    return value if value in LANGUAGES or value == SYSTEM else SYSTEM


def save_language(choice: str) -> None:
    if choice != SYSTEM and choice not in LANGUAGES:
        raise ValueError(f"unknown language {choice!r}")
    settings().setValue(SETTINGS_KEY, choice)


def resolve_language(choice: str, system_locale: str | None = None) -> str:
    """The language code that ``choice`` means here: ``system`` follows the locale (zh* → Chinese)."""
    if choice in LANGUAGES:
        return choice
    name = system_locale if system_locale is not None else QLocale.system().name()
    return "zh_CN" if name.lower().startswith("zh") else SOURCE_LANGUAGE


# ---- compiling ------------------------------------------------------------------------------------
def compile_translations(out_dir: Path) -> list[Path]:
    """Compile every ``.ts`` into ``out_dir`` with lrelease; return the ``.qm`` files written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    lrelease = _qt_tool("lrelease")
    for ts in ts_files():
        qm = out_dir / ts.with_suffix(".qm").name
        result = subprocess.run(
            [str(lrelease), "-silent", str(ts), "-qm", str(qm)], capture_output=True, text=True, check=False
        )
        if result.returncode != 0 or not qm.exists():
            raise RuntimeError(f"lrelease failed on {ts.name}: {result.stderr.strip() or result.stdout.strip()}")
        written.append(qm)
    return written


def cache_dir() -> Path:
    return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.CacheLocation)) / "i18n"


def qm_file(language: str) -> Path | None:
    """The compiled translation of ``language``: built beside the ``.ts`` by the package build, or
    compiled into the cache folder now when missing or older than the ``.ts``; None if that fails."""
    ts = ts_dir() / f"{TS_PREFIX}{language}.ts"
    if not ts.exists():
        log.warning("no translation source for %s at %s", language, ts)
        return None
    for qm in (ts.with_suffix(".qm"), cache_dir() / ts.with_suffix(".qm").name):
        if qm.exists() and qm.stat().st_mtime >= ts.stat().st_mtime:
            return qm
    try:
        compiled = compile_translations(cache_dir())
    except (OSError, RuntimeError) as error:
        log.warning("cannot compile the translations (the app stays in English): %s", error)
        return None
    return next((qm for qm in compiled if qm.stem == ts.stem), None)


# ---- installing -----------------------------------------------------------------------------------
_installed: list[QTranslator] = []


def install_language(app: QCoreApplication, choice: str | None = None) -> str:
    """Load the translation of ``choice`` (default: the saved one) into ``app`` before any window is
    built, and make it the default QLocale; return the language code in use."""
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    language = resolve_language(saved_language() if choice is None else choice)
    if language != SOURCE_LANGUAGE and isinstance(app, QGuiApplication) and not cjk_families():
        # Without a font for the script every label would be a row of boxes: English reads better.
        log.warning("no installed font can show %s; the app stays in English (install e.g. Noto Sans CJK)", language)
        language = SOURCE_LANGUAGE
    QLocale.setDefault(QLocale(language))
    if language == SOURCE_LANGUAGE:
        return language
    qm = qm_file(language)
    app_translator = QTranslator(app)
    if qm is None or not app_translator.load(str(qm)):
        log.warning("the %s translation could not be loaded; the app stays in English", language)
        QLocale.setDefault(QLocale(SOURCE_LANGUAGE))
        return SOURCE_LANGUAGE
    app.installTranslator(app_translator)
    _installed.append(app_translator)
    # Qt's own strings (the standard dialogs' buttons), when the PySide6 wheel ships them.
    qt_translator = QTranslator(app)
    if qt_translator.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt_translator)
        _installed.append(qt_translator)
    log.info("language %s (%s)", language, qm)
    return language


# ---- fonts ----------------------------------------------------------------------------------------
#: CJK families in the order we prefer them, where installed
PREFERRED_CJK = ("Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC")


def cjk_families() -> list[str]:
    """Installed font families that cover Simplified Chinese, the preferred ones first."""
    found = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    preferred = [name for name in PREFERRED_CJK if name in found]
    return preferred + [name for name in found if name not in preferred]


def choose_fonts(app: QGuiApplication) -> None:
    """In Chinese, put a CJK family behind the UI font, so that Chinese text gets a real CJK face
    (not whatever glyph fallback finds first) while Latin text keeps the platform's font."""
    if not QLocale().name().startswith("zh"):
        return
    families = cjk_families()
    if not families:
        return
    font = QFont(app.font())
    font.setFamilies([font.family(), families[0]])
    app.setFont(font)
    log.info("CJK font: %s", families[0])


# ---- the catalog's strings ------------------------------------------------------------------------
def catalog_strings() -> list[tuple[str, str]]:
    """(context, text) of every layer name, doc, category and parameter doc of the catalog, and of the
    bundled examples' titles and descriptions.

    They are built in the pure core (some with f-strings), so lupdate cannot find them in the source;
    the update step writes them into a generated file of ``QT_TRANSLATE_NOOP`` calls instead.
    """
    from netbuilder.core import CATALOG, CATEGORIES
    from netbuilder.core.examples import list_examples

    found: list[tuple[str, str]] = [(CATEGORY_CONTEXT, name) for name in CATEGORIES]
    for layer in CATALOG:
        found.append((LAYER_NAME_CONTEXT, layer.label))
        found.append((LAYER_CONTEXT, layer.doc))
        for spec in layer.params:
            found.append((PARAM_CONTEXT, spec.doc))
    for example in list_examples():
        found += [(EXAMPLE_CONTEXT, text) for text in (example.title, example.description) if text]
    seen: set[tuple[str, str]] = set()
    return [item for item in found if not (item in seen or seen.add(item))]  # type: ignore[func-returns-value]


def _write_catalog_source(path: Path) -> None:
    lines = ["from PySide6.QtCore import QT_TRANSLATE_NOOP", ""]
    lines += [f"QT_TRANSLATE_NOOP({context!r}, {text!r})" for context, text in catalog_strings()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


# ---- updating and checking the .ts ----------------------------------------------------------------
def gui_sources() -> list[Path]:
    root = Path(__file__).resolve().parent
    return sorted(root.rglob("*.py"))


def update_ts(ts_paths: list[Path] | None = None) -> str:
    """Run lupdate over the GUI sources and the catalog's strings into ``ts_paths`` (default: the
    repository's), keeping existing translations and dropping vanished ones; return lupdate's report."""
    targets = ts_paths if ts_paths is not None else ts_files()
    with tempfile.TemporaryDirectory() as tmp:
        catalog_py = Path(tmp) / "catalog_strings.py"
        _write_catalog_source(catalog_py)
        listing = Path(tmp) / "sources.lst"
        listing.write_text("\n".join(str(p) for p in [*gui_sources(), catalog_py]) + "\n", encoding="utf-8")
        command = [str(_qt_tool("lupdate")), "-locations", "none", "-no-obsolete", f"@{listing}", "-ts"]
        result = subprocess.run(
            [*command, *map(str, targets)], capture_output=True, text=True, check=False, env=dict(os.environ)
        )
    if result.returncode != 0:
        raise RuntimeError(f"lupdate failed: {result.stderr.strip() or result.stdout.strip()}")
    return result.stdout + result.stderr


@dataclass(frozen=True)
class TsEntry:
    context: str
    source: str
    translation: str
    state: str  # "" (finished), "unfinished", "vanished" or "obsolete"


def read_ts(path: Path) -> list[TsEntry]:
    entries = []
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            text = "" if translation is None else "".join(translation.itertext())
            state = "" if translation is None else translation.get("type", "")
            entries.append(TsEntry(name, message.findtext("source", ""), text, state))
    return entries


def problems_in(path: Path) -> list[str]:
    """What keeps ``path`` from being complete: unfinished, empty or vanished entries."""
    found = []
    for entry in read_ts(path):
        if entry.state or not entry.translation.strip():
            found.append(f"{entry.context}: {entry.source!r} is {entry.state or 'empty'}")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m netbuilder.gui.i18n", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("update", help="update resources/i18n/*.ts from the sources, keeping translations")
    compile_parser = commands.add_parser("compile", help="compile the .ts files into .qm files")
    compile_parser.add_argument("out_dir", nargs="?", type=Path, default=None, help="default: beside the .ts")
    commands.add_parser("check", help="list unfinished or missing translations (exit 1 if any)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if args.command == "update":
        log.info("%s", update_ts().strip())
        return 0
    if args.command == "compile":
        for qm in compile_translations(args.out_dir or ts_dir()):
            log.info("wrote %s", qm)
        return 0
    missing = [problem for ts in ts_files() for problem in problems_in(ts)]
    for problem in missing:
        log.info("%s", problem)
    log.info("%d unfinished", len(missing))
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
