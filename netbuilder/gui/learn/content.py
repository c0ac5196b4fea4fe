"""The guide's and the lessons' content: data files under ``resources/guide`` and ``resources/lessons``.

Structure (page kinds, formulas, plots, example links, lesson steps and how each is detected) is kept
once, in ``pages.json`` / ``lessons.json``; each language has its own file with the texts only, so a
page cannot differ between languages in anything but its words. Loading fails loudly on a missing
text, so a page half-translated is a test failure, not a blank panel.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from importlib import resources
from typing import Any

from netbuilder.core.errors import NetBuilderError


class ContentError(NetBuilderError):
    """A guide or lesson data file is missing, malformed, or lacks a text."""


def _read(folder: str, name: str) -> Any:
    entry = resources.files("netbuilder.resources") / folder / name
    try:
        return json.loads(entry.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ContentError(f"cannot read {folder}/{name}: {error}") from error


@dataclass(frozen=True)
class GuidePage:
    id: str
    kind: str
    title: str
    summary: str
    formula: str  # rich text (HTML with <sub>/<sup>), not LaTeX
    when: str
    example: str  # bundled example name, or ""
    plot: str  # "activation:relu", "loss:mse", "penalty:l2", "optimizers" or ""
    topics: tuple[str, ...]  # "layer:ReLU", "loss:mse", "optimizer:sgd", "training:l2", ...
    keywords: str

    def matches(self, text: str) -> bool:
        """Whether every word of ``text`` occurs in the title, keywords, summary or id (any case)."""
        haystack = " ".join((self.id, self.title, self.keywords, self.summary, " ".join(self.topics))).casefold()
        return all(word in haystack for word in text.casefold().split())


@dataclass(frozen=True)
class Guide:
    language: str
    kinds: tuple[tuple[str, str], ...]  # (kind, its heading), in display order
    pages: tuple[GuidePage, ...]
    labels: dict[str, str]  # words inside a page's text ("when", "open_example"), in this language

    def page(self, page_id: str) -> GuidePage:
        for page in self.pages:
            if page.id == page_id:
                return page
        raise KeyError(page_id)

    def has_page(self, page_id: str) -> bool:
        return any(page.id == page_id for page in self.pages)

    def page_for_topic(self, topic: str) -> GuidePage | None:
        """The page about ``topic`` ("layer:ReLU", "loss:mse", ...), or None."""
        for page in self.pages:
            if topic in page.topics:
                return page
        return None

    def search(self, text: str) -> list[GuidePage]:
        return [page for page in self.pages if page.matches(text)]


GUIDE_LABELS = ("when", "open_example")
LESSON_LABELS = ("do", "watch", "why", "skipped", "read_more")


def _text(texts: dict[str, Any], key: str, where: str) -> str:
    value = texts.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ContentError(f"{where}: missing text '{key}'")
    return value


@functools.cache
def load_guide(language: str) -> Guide:
    """The guide in ``language`` ("en" or "zh_CN")."""
    structure = _read("guide", "pages.json")
    texts = _read("guide", f"{language}.json")
    kinds = tuple((kind, _text(texts["kinds"], kind, f"guide/{language}.json kinds")) for kind in structure["kinds"])
    pages = []
    for entry in structure["pages"]:
        page_id = entry["id"]
        where = f"guide/{language}.json page '{page_id}'"
        page_texts = texts["pages"].get(page_id)
        if not isinstance(page_texts, dict):
            raise ContentError(f"{where}: missing")
        pages.append(
            GuidePage(
                id=page_id,
                kind=entry["kind"],
                title=_text(page_texts, "title", where),
                summary=_text(page_texts, "summary", where),
                formula=page_texts.get("formula") or entry["formula"],
                when=_text(page_texts, "when", where),
                example=entry.get("example", ""),
                plot=entry.get("plot", ""),
                topics=tuple(entry.get("topics", ())),
                keywords=page_texts.get("keywords", ""),
            )
        )
    labels = {key: _text(texts["labels"], key, f"guide/{language}.json labels") for key in GUIDE_LABELS}
    return Guide(language, kinds, tuple(pages), labels)


@dataclass(frozen=True)
class LessonStep:
    id: str
    check: dict[str, Any]  # how the panel detects that the step was done (see lesson_checks)
    do: str
    watch: str
    why: str


@dataclass(frozen=True)
class Lesson:
    id: str
    example: str
    guide_page: str
    title: str
    intro: str
    done: str  # shown when every step is complete
    steps: tuple[LessonStep, ...]


@functools.cache
def lesson_labels(language: str) -> dict[str, str]:
    """Words inside a step's text ("do", "watch", "why", ...) in ``language``."""
    texts = _read("lessons", f"{language}.json")
    return {key: _text(texts.get("labels", {}), key, f"lessons/{language}.json labels") for key in LESSON_LABELS}


@functools.cache
def load_lessons(language: str) -> tuple[Lesson, ...]:
    """Every lesson in ``language``, in the order the panel offers them."""
    structure = _read("lessons", "lessons.json")
    texts = _read("lessons", f"{language}.json")
    lessons = []
    for entry in structure["lessons"]:
        lesson_id = entry["id"]
        where = f"lessons/{language}.json lesson '{lesson_id}'"
        lesson_texts = texts["lessons"].get(lesson_id)
        if not isinstance(lesson_texts, dict):
            raise ContentError(f"{where}: missing")
        steps = []
        for step in entry["steps"]:
            step_texts = lesson_texts["steps"].get(step["id"])
            step_where = f"{where} step '{step['id']}'"
            if not isinstance(step_texts, dict):
                raise ContentError(f"{step_where}: missing")
            steps.append(
                LessonStep(
                    id=step["id"],
                    check=dict(step["check"]),
                    do=_text(step_texts, "do", step_where),
                    watch=_text(step_texts, "watch", step_where),
                    why=_text(step_texts, "why", step_where),
                )
            )
        lessons.append(
            Lesson(
                id=lesson_id,
                example=entry["example"],
                guide_page=entry.get("guide", ""),
                title=_text(lesson_texts, "title", where),
                intro=_text(lesson_texts, "intro", where),
                done=_text(lesson_texts, "done", where),
                steps=tuple(steps),
            )
        )
    return tuple(lessons)
