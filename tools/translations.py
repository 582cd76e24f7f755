"""The course in Portuguese (pt-BR) and Spanish (es): gettext catalogs, and the translated notebooks built from them.

    python tools/translations.py update            English text changed: refresh the templates and catalogs
    python tools/translations.py build [--execute] [NN …]   catalogs → course_lib/locale/*/course_lib.mo, and
                                                   with --execute notebooks/<language>/*.ipynb, run and stored
    python tools/translations.py check             what CI checks: nothing stale, untranslated or fuzzy

The English notebooks and course_lib's source are the only source.  What translators edit are gettext catalogs
(.po, read by Poedit, Weblate, Lokalize …), one per notebook and one for course_lib's strings:

    notebooks/locale/templates/NN_name.pot       one entry per paragraph of the notebook's markdown (the English)
    notebooks/locale/<ll_CC>/NN_name.po           its translation
    course_lib/locale/course_lib.pot             every string course_lib shows: tr("…") and N_("…") in the code
    course_lib/locale/<ll_CC>/LC_MESSAGES/course_lib.po (and the compiled .mo that course_lib.i18n reads)
    course_lib/locale/<ll_CC>/LC_MESSAGES/glossary.po    the terminology of course_lib.glossary, for translators

Each entry is keyed by its English text, so `update` turns an edited paragraph or label into a fuzzy entry (with the
previous English beside it) and a new one into an untranslated entry; `check` fails until a translator has seen it.
A translated notebook is the English one with its markdown paragraphs replaced and one line added at the top of the
first code cell that selects the language; its code cells are otherwise identical.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
LANGUAGES = {"pt-BR": "pt_BR", "es": "es"}          # notebook folder → gettext locale
NOTEBOOKS = ROOT / "notebooks"
NB_LOCALE = NOTEBOOKS / "locale"
LIB_LOCALE = ROOT / "course_lib" / "locale"
KEYWORDS = {"tr": None, "N_": None, "NC_": ((1, "c"), 2)}
PROJECT = "Training Deep Networks"
LANGUAGE_LINE = 'import course_lib; course_lib.set_language("{language}")'
FENCE = re.compile(r"^\s*(```|~~~)")


def english_notebooks() -> list[Path]:
    return sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


# ---------------------------------------------------------------------------------------------------------------
# Markdown → paragraphs
# ---------------------------------------------------------------------------------------------------------------

def segments(text: str) -> list[tuple[bool, str]]:
    """Markdown as [(is_paragraph, text)]: paragraphs (a fenced code block counts as one) and the blank lines
    between them, so that ''.join(text for _, text in segments(s)) == s."""
    out, lines, fenced = [], text.split("\n"), False
    for k, line in enumerate(lines):
        piece = line + ("\n" if k < len(lines) - 1 else "")
        blank = not line.strip() and not fenced
        if FENCE.match(line):
            fenced = not fenced
        if out and out[-1][0] == (not blank):
            out[-1] = (out[-1][0], out[-1][1] + piece)
        else:
            out.append((not blank, piece))
    return [(is_par, text) for is_par, text in out if text]


def translatable(paragraph: str) -> bool:
    """A paragraph a translator must see: it has words outside math, HTML tags and uncommented code."""
    if FENCE.match(paragraph) and "#" not in paragraph:
        return False
    prose = re.sub(r"\$\$.*?\$\$|\$[^$]*\$|<[^>]*>", " ", paragraph, flags=re.S)
    return bool(re.search(r"[A-Za-z]{2}", prose))


def key(paragraph: str) -> str:
    """The catalog key of a paragraph: the paragraph without its trailing newline(s)."""
    return paragraph.rstrip("\n")


def paragraphs(notebook: dict):
    """(cell id, index, paragraph) for every translatable paragraph of a notebook's markdown cells."""
    for cell in notebook["cells"]:
        if cell["cell_type"] == "markdown":
            for k, (is_par, text) in enumerate(segments("".join(cell["source"]))):
                if is_par and translatable(text):
                    yield cell.get("id", ""), k, key(text)


# ---------------------------------------------------------------------------------------------------------------
# Templates and catalogs
# ---------------------------------------------------------------------------------------------------------------

HEADER = """\
# {what} of Training Deep Networks ({domain}).
# Keyed by the English text: an edited English paragraph or label turns its entry fuzzy until it is re-translated.
# Made and updated by tools/translations.py; terminology: course_lib/locale/<locale>/LC_MESSAGES/glossary.po.
# Distributed under the course's license (MIT)."""


def new_catalog(locale=None, domain=None) -> Catalog:
    what = f"The {locale} translation" if locale else "The English template"
    return Catalog(locale=locale, domain=domain, project=PROJECT, version="1.0", fuzzy=False,
                   header_comment=HEADER.format(what=what, domain=domain),
                   msgid_bugs_address="the course's issue tracker",
                   last_translator="the course's translators", language_team=f"{locale} (the course's translators)")


def notebook_template(path: Path) -> Catalog:
    catalog = new_catalog(domain=path.stem)
    for cell_id, index, text in paragraphs(json.loads(path.read_text())):
        if text in catalog:
            catalog[text].locations.append((f"{path.name}#{cell_id}", index))
        else:
            catalog.add(text, locations=[(f"{path.name}#{cell_id}", index)])
    return catalog


def library_template() -> Catalog:
    catalog = new_catalog(domain="course_lib")
    for filename, lineno, message, comments, context in extract_from_dir(
            ROOT / "course_lib", method_map=[("**.py", "python")], keywords=KEYWORDS, comment_tags=("TRANSLATORS:",)):
        location = (f"course_lib/{filename}", lineno)
        if catalog.get(message, context=context) is not None:
            catalog.get(message, context=context).locations.append(location)
        else:
            catalog.add(message, locations=[location], auto_comments=comments, context=context)
    return catalog


def glossary_catalog(locale: str) -> Catalog:
    """The glossary's terms as a catalog: the terminology base translators follow."""
    sys.path.insert(0, str(ROOT))
    from course_lib import glossary

    column = {"pt_BR": "pt", "es": "es"}[locale]
    catalog = new_catalog(locale=locale, domain="glossary")
    for term in glossary.GLOSSARY:
        catalog.add(term.en, getattr(term, column), auto_comments=[term.definition])
    return catalog


def read(path: Path, locale=None) -> Catalog:
    with path.open("rb") as f:
        return read_po(f, locale=locale)


def write(path: Path, catalog: Catalog) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=116, sort_by_file=False, omit_header=False, include_previous=True)
    text = re.sub(rb'"(POT-Creation-Date|PO-Revision-Date): [^"]*\\n"\n', b"", buffer.getvalue())
    if not path.exists() or path.read_bytes() != text:
        path.write_bytes(text)


def templates() -> dict[Path, tuple[Catalog, dict[str, Path]]]:
    """Every template, keyed by its .pot path, with the .po path of each language."""
    out = {LIB_LOCALE / "course_lib.pot": (library_template(), {
        loc: LIB_LOCALE / loc / "LC_MESSAGES" / "course_lib.po" for loc in LANGUAGES.values()})}
    for path in english_notebooks():
        out[NB_LOCALE / "templates" / f"{path.stem}.pot"] = (notebook_template(path), {
            loc: NB_LOCALE / loc / f"{path.stem}.po" for loc in LANGUAGES.values()})
    return out


def update() -> None:
    """Refresh templates from the English source, and every catalog from its template."""
    for pot, (template, catalogs) in templates().items():
        write(pot, template)
        for locale, po in catalogs.items():
            catalog = read(po, locale) if po.exists() else new_catalog(locale=locale, domain=template.domain)
            catalog.update(template, update_creation_date=False)
            catalog.obsolete.clear()                        # git keeps the history; the catalog keeps what is used
            write(po, catalog)
    for locale in LANGUAGES.values():
        write(LIB_LOCALE / locale / "LC_MESSAGES" / "glossary.po", glossary_catalog(locale))


# ---------------------------------------------------------------------------------------------------------------
# Build: .mo files and translated notebooks
# ---------------------------------------------------------------------------------------------------------------

FIXED_DATE = datetime(2026, 1, 1, tzinfo=timezone.utc)   # the .mo's header dates: compiling twice gives one file


def compiled(po: Path, locale: str) -> bytes:
    catalog = read(po, locale)
    catalog.creation_date = catalog.revision_date = FIXED_DATE
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def translations(po: Path, locale: str) -> dict[str, str]:
    return {m.id: m.string for m in read(po, locale) if m.id and m.string and not m.fuzzy}


def translate_markdown(text: str, table: dict[str, str]) -> str:
    out = []
    for is_par, piece in segments(text):
        k = key(piece) if is_par else None
        out.append(table[k] + piece[len(k):] if k in table else piece)
    return "".join(out)


def translated_notebook(path: Path, language: str) -> dict:
    """The English notebook at `path` with its markdown in `language` and the line that selects the language."""
    notebook = json.loads(path.read_text())
    table = translations(NB_LOCALE / LANGUAGES[language] / f"{path.stem}.po", LANGUAGES[language])
    for cell in notebook["cells"]:
        if cell["cell_type"] == "markdown":
            cell["source"] = translate_markdown("".join(cell["source"]), table).splitlines(keepends=True)
    first = next(cell for cell in notebook["cells"] if cell["cell_type"] == "code")
    first["source"] = [LANGUAGE_LINE.format(language=language) + "\n"] + list(first["source"])
    return notebook


def sources(notebook: dict) -> list[tuple[str, str, list[str]]]:
    """What `build` decides: each cell's type, source and tags (outputs come from running it)."""
    return [(c["cell_type"], "".join(c["source"]), c.get("metadata", {}).get("tags", [])) for c in notebook["cells"]]


def dump(notebook: dict) -> str:
    return json.dumps(notebook, indent=1, ensure_ascii=False, sort_keys=True) + "\n"


def build(execute: bool, only=()) -> list[Path]:
    """Write the .mo files, and every translated notebook whose source changed (all with --execute, or `only`)."""
    for locale in LANGUAGES.values():
        mo = LIB_LOCALE / locale / "LC_MESSAGES" / "course_lib.mo"
        data = compiled(mo.with_suffix(".po"), locale)
        if not mo.exists() or mo.read_bytes() != data:
            mo.write_bytes(data)
    changed = []
    for path in english_notebooks():
        if only and not any(path.name.startswith(k) for k in only):
            continue
        for language in LANGUAGES:
            target = NOTEBOOKS / language / path.name
            notebook = translated_notebook(path, language)
            stored = json.loads(target.read_text()) if target.exists() else None
            if stored is None or sources(stored) != sources(notebook) or (execute and only):
                changed.append(target)
                if not execute:                 # a notebook is stored executed: without --execute, only say so
                    continue
                for cell in notebook["cells"]:                 # outputs come from running it: start clean
                    if cell["cell_type"] == "code":
                        cell["outputs"], cell["execution_count"] = [], None
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(dump(notebook))
    if execute and changed:
        subprocess.run([sys.executable, str(ROOT / "tools" / "execute_notebooks.py"), *map(str, changed)], check=True)
    return changed


# ---------------------------------------------------------------------------------------------------------------
# Check (CI)
# ---------------------------------------------------------------------------------------------------------------

def problems() -> list[str]:
    """Everything stale, untranslated or fuzzy; [] when the translations are complete and current."""
    found = []
    for pot, (template, catalogs) in templates().items():
        rel = pot.relative_to(ROOT)
        if not pot.exists() or {(m.id, m.context) for m in read(pot) if m.id} != {
                (m.id, m.context) for m in template if m.id}:
            found.append(f"{rel} is stale: python tools/translations.py update")
        for locale, po in catalogs.items():
            if not po.exists():
                found.append(f"{po.relative_to(ROOT)} is missing: python tools/translations.py update")
                continue
            catalog = read(po, locale)
            ids = {(m.id, m.context) for m in catalog if m.id}
            missing = [m.id for m in template if m.id and (m.id, m.context) not in ids]
            empty = [m.id for m in catalog if m.id and not m.string]
            fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
            for what, items in (("not in the catalog", missing), ("untranslated", empty), ("fuzzy", fuzzy)):
                if items:
                    found.append(f"{po.relative_to(ROOT)}: {len(items)} {what}, e.g. {items[0][:70]!r}")
    for locale in LANGUAGES.values():
        glossary = LIB_LOCALE / locale / "LC_MESSAGES" / "glossary.po"
        terms = {(m.id, m.string) for m in glossary_catalog(locale) if m.id}
        if not glossary.exists() or {(m.id, m.string) for m in read(glossary, locale) if m.id} != terms:
            found.append(f"{glossary.relative_to(ROOT)} differs from course_lib.glossary: "
                         "python tools/translations.py update")
        mo = LIB_LOCALE / locale / "LC_MESSAGES" / "course_lib.mo"
        po = mo.with_suffix(".po")
        if po.exists() and (not mo.exists() or mo.read_bytes() != compiled(po, locale)):
            found.append(f"{mo.relative_to(ROOT)} is stale: python tools/translations.py build")
    for path in english_notebooks():
        for language in LANGUAGES:
            target = NOTEBOOKS / language / path.name
            if not target.exists():
                found.append(f"{target.relative_to(ROOT)} is missing: python tools/translations.py build --execute")
            elif sources(json.loads(target.read_text())) != sources(translated_notebook(path, language)):
                found.append(f"{target.relative_to(ROOT)} is stale: python tools/translations.py build --execute")
    return found


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "check"
    if command == "update":
        update()
    elif command == "build":
        execute = "--execute" in argv
        changed = build(execute=execute, only=[a for a in argv[1:] if not a.startswith("--")])
        done = "rebuilt and executed" if execute else "stale (build --execute rebuilds them)"
        print("\n".join(f"{p.relative_to(ROOT)}: {done}" for p in changed) or "translated notebooks are current")
    elif command == "check":
        found = problems()
        print("\n".join(found) or "translations complete and current")
        return 1 if found else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
