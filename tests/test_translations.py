"""The Portuguese (pt-BR) and Spanish (es) editions: complete and current catalogs, the English code, links that
work, and no English the catalogs translate left on an explorer, a figure or a check."""

import inspect
import json
import re
import subprocess
import sys
from pathlib import Path

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

import course_lib  # noqa: E402
from course_lib import i18n, lessons  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import translations  # noqa: E402
from explorer_tools import visible_texts  # noqa: E402

LANGUAGES = list(translations.LANGUAGES)
ENGLISH = translations.english_notebooks()
LINK = re.compile(r"\]\((\d\d_\w+\.ipynb)#([^)\s]+)\)")


def test_catalogs_complete_and_current():
    """No template stale, no entry untranslated or fuzzy, .mo files and translated notebooks rebuilt."""
    assert translations.problems() == []


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("path", ENGLISH, ids=lambda p: p.stem[:2])
def test_code_cells_are_the_english_ones(language, path):
    english = [c for c in json.loads(path.read_text())["cells"] if c["cell_type"] == "code"]
    translated = [c for c in json.loads((path.parent / language / path.name).read_text())["cells"]
                  if c["cell_type"] == "code"]
    line = translations.LANGUAGE_LINE.format(language=language) + "\n"
    assert ["".join(c["source"]) for c in translated] == [line + "".join(english[0]["source"])] + [
        "".join(c["source"]) for c in english[1:]]


def _anchors(path):
    """JupyterLab's anchor of every markdown heading: its text with spaces as hyphens."""
    cells = json.loads(path.read_text())["cells"]
    return {m.group(1).strip().replace(" ", "-") for c in cells if c["cell_type"] == "markdown"
            for m in re.finditer(r"(?m)^#+\s+(.*)$", "".join(c["source"]))}


@pytest.mark.parametrize("folder", ["", *LANGUAGES])
def test_links_between_notebooks_reach_a_heading(folder):
    broken = []
    for path in sorted((ROOT / "notebooks" / folder).glob("[0-9][0-9]_*.ipynb")):
        text = "".join("".join(c["source"]) for c in json.loads(path.read_text())["cells"])
        for target, anchor in LINK.findall(text):
            if anchor not in _anchors(path.parent / target):
                broken.append(f"{path.name} → {target}#{anchor}")
    assert not broken


def test_set_language_translates_and_rejects_unknown_languages():
    catalog = translations.read(translations.LIB_LOCALE / "pt_BR" / "LC_MESSAGES" / "course_lib.po", "pt_BR")
    entry = next(m for m in catalog if m.id and m.string and m.string != m.id)
    try:
        course_lib.set_language("pt-BR")
        assert i18n.tr(entry.id) == entry.string and i18n.language() == "pt-BR"
    finally:
        course_lib.set_language("en")
    assert i18n.tr(entry.id) == entry.id
    with pytest.raises(ValueError, match="language must be one of 'en', 'pt-BR', 'es'"):
        course_lib.set_language("pt")
    out = subprocess.run([sys.executable, "-c", "from course_lib import i18n; print(i18n.language())"],
                         capture_output=True, text=True, env={"COURSE_LANGUAGE": "es", "PATH": "",
                                                              "PYTHONPATH": str(ROOT)}).stdout
    assert out.strip() == "es"


def _untranslated_patterns(language):
    """A regular expression for each English string of course_lib's catalog whose translation differs."""
    locale = translations.LANGUAGES[language]
    catalog = translations.read(translations.LIB_LOCALE / locale / "LC_MESSAGES" / "course_lib.po", locale)
    kept = {m.id for m in catalog if m.id and m.string == m.id}      # in some context the English stays
    patterns = []
    for m in catalog:
        words = re.sub(r"\{[^{}]*\}", "", m.id or "")
        if m.id and m.string and m.id not in kept and re.search(r"[A-Za-z]{3}", words):
            pieces = re.split(r"\{[^{}]*\}", m.id)
            patterns.append((m.id, re.compile(".+?".join(map(re.escape, pieces)), re.S)))
    return patterns



def _english_in(texts, patterns):
    return sorted({f"{t!r} (English: {msgid!r})" for t in texts for msgid, p in patterns if p.fullmatch(t)})


@pytest.mark.parametrize("language", LANGUAGES)
def test_explorers_show_no_english_the_catalog_translates(language):
    patterns = _untranslated_patterns(language)
    course_lib.set_language(language)
    try:
        found = []
        with np.errstate(all="ignore"):
            for name, make in lessons.explorers().items():
                found += [f"{name}: {t}" for t in _english_in(visible_texts(make()), patterns)]
    finally:
        course_lib.set_language("en")
    assert not found, "\n".join(found)


@pytest.mark.parametrize("language", LANGUAGES)
def test_checks_speak_the_language(language):
    patterns = _untranslated_patterns(language)

    def not_done(*args, **kwargs):
        raise NotImplementedError

    def wrong(*args, **kwargs):
        return np.zeros(3)

    course_lib.set_language(language)
    try:
        found = []
        for name, exercise in lessons.exercises().items():
            functions = len(inspect.signature(exercise.evaluate).parameters)     # a pair check takes two
            for student in (not_done, wrong):
                message = exercise.evaluate(*[student] * functions).message
                found += [f"{name}: {line}" for line in _english_in([message, *message.splitlines()], patterns)]
    finally:
        course_lib.set_language("en")
    assert not found, "\n".join(found)


MATH = re.compile(r"\$\$.*?\$\$|\$[^$]*\$", re.S)


def _formulas(text):
    """The formulas of a paragraph, spaces removed and the words inside \\text{…} (prose, translated) blanked."""
    return sorted(re.sub(r"\\text\{[^}]*\}", r"\\text{}", re.sub(r"\s+", "", f)) for f in MATH.findall(text))


@pytest.mark.parametrize("language", LANGUAGES)
def test_formulas_are_the_english_ones(language):
    locale = translations.LANGUAGES[language]
    changed = [f"{po.name}: {m.id[:60]!r}" for po in sorted((translations.NB_LOCALE / locale).glob("*.po"))
               for m in translations.read(po, locale) if m.id and _formulas(m.id) != _formulas(m.string)]
    assert not changed


@pytest.mark.parametrize("language", LANGUAGES)
def test_course_lib_translations_keep_every_placeholder(language):
    """A renamed or dropped {field} would raise KeyError (or lose a number) when the string is shown."""
    locale = translations.LANGUAGES[language]
    catalog = translations.read(translations.LIB_LOCALE / locale / "LC_MESSAGES" / "course_lib.po", locale)
    fields = re.compile(r"(?<!\{)\{[^{}]*\}(?!\})")
    wrong = [m.id for m in catalog if m.id and sorted(fields.findall(m.id)) != sorted(fields.findall(m.string))]
    assert not wrong
