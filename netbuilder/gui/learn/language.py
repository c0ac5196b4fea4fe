"""Which language the guide and the lessons are shown in."""

from __future__ import annotations

from PySide6.QtCore import QLocale

LANGUAGES: tuple[str, ...] = ("en", "zh_CN")


def content_language() -> str:
    """``"zh_CN"`` when the application's locale is Chinese, otherwise ``"en"``.

    Read from ``QLocale()`` (the default locale), which the language setting changes with
    ``QLocale.setDefault``; so a page opened after a switch is in the new language.
    """
    return "zh_CN" if QLocale().name().startswith("zh") else "en"
