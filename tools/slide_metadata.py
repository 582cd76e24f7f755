"""Give every notebook cell its slide metadata and mark the exercises, so lectures can leave them out.

    python tools/slide_metadata.py notebooks/*.ipynb        (execute_notebooks.py runs it after each run)

Exercises: every cell of an exercise section (a "## Exercises" or "## 4. Exercises" heading down to the
next heading of its level or above, or a "### Exercise 2: ..." heading down to the next heading) gets the
cell tag "exercise"; so do exercise skeletons (`raise NotImplementedError`), checks (`check.…`) and
collapsed solutions anywhere.  Voila leaves tagged cells out (voila.json at the repository root) and the
slides skip them: students do them at their desks.

Slides (RISE in JupyterLab, or `jupyter nbconvert --to slides`): a "# " or "## " heading starts a slide,
"### " a sub-slide, other cells continue the current one; when a slide would grow past what fits a
1280 x 800 screen, the cell that overflows it starts a sub-slide of its own ("continued").
"""

from __future__ import annotations

import base64
import json
import re
import struct
import sys
from pathlib import Path

EXERCISE_TAG = "exercise"
SLIDE_HEIGHT_PX = 600           # the content a slide holds at 1280 x 800 (reveal.js scales 960 x 700)
# English, Portuguese and Spanish: the translated notebooks (notebooks/pt-BR, notebooks/es) are annotated the same way
_EXERCISE_HEADING = re.compile(r"^(#{1,3})\s+(?:\d+\.\s*)?(?:Exercises?|Exerc[íi]cios?|Ejercicios?)\b", re.IGNORECASE)
SOLUTION_WORDS = ("Solution", "Solução", "Solución")     # a solution's <summary>, in each edition
_HEADING = re.compile(r"^(#{1,6})\s")


def _source(cell) -> str:
    return "".join(cell.get("source", ""))


def _heading_level(cell) -> int:
    """The level of the first heading of a markdown cell (1 for "# "), or 0."""
    if cell["cell_type"] != "markdown":
        return 0
    match = _HEADING.match(_source(cell).lstrip())
    return len(match.group(1)) if match else 0


def _looks_like_exercise(cell) -> bool:
    source = _source(cell).lstrip()
    if cell["cell_type"] == "markdown":
        return source.startswith("<details>") and any(word in source.split("\n", 1)[0] for word in SOLUTION_WORDS)
    return "NotImplementedError" in source or re.search(r"(^|\n)checks?\.", source) is not None


def _splits_before(line: str) -> bool:
    """Does this markdown line start a cell of its own? (an exercise heading, or a "# "/"## " heading)"""
    match = _HEADING.match(line)
    return bool(match) and (len(match.group(1)) <= 2 or bool(_EXERCISE_HEADING.match(line)))


def split_at_headings(cells) -> list:
    """The cells, with every markdown cell cut before each exercise heading and "# "/"## " heading inside it.

    A section then starts with its own cell, so a lecture can leave out an exercise section whole; the
    new cells' ids extend the original's ("abc", "abc-2", ...), so running this again changes nothing.
    """
    out = []
    for cell in cells:
        lines = _source(cell).split("\n")
        cuts = [i for i, line in enumerate(lines) if i and cell["cell_type"] == "markdown" and _splits_before(line)]
        if not cuts:
            out.append(cell)
            continue
        for k, (start, stop) in enumerate(zip([0, *cuts], [*cuts, len(lines)])):
            text = "\n".join(lines[start:stop]).strip("\n")
            part = {**cell, "metadata": dict(cell.get("metadata", {})),
                    "source": [line + "\n" for line in text.split("\n")[:-1]] + [text.split("\n")[-1]]}
            if "id" in cell:
                part["id"] = cell["id"] if k == 0 else f"{cell['id'][:60]}-{k + 1}"
            out.append(part)
    return out


def exercise_flags(cells) -> list[bool]:
    """For each cell: does it belong to an exercise (its section, skeleton, check or solution)?"""
    flags, level = [], 0                 # level: the heading level of the open exercise section, or 0
    for cell in cells:
        heading = _heading_level(cell)
        if heading and level and heading <= level:
            level = 0                    # a heading of the same level or above closes the section
        if heading and not level:
            match = _EXERCISE_HEADING.match(_source(cell).lstrip())
            level = len(match.group(1)) if match else 0
        flags.append(bool(level) or _looks_like_exercise(cell))
    return flags


def _png_height(data: str) -> int:
    """The height in pixels of a base64 PNG (read from its header)."""
    raw = base64.b64decode(data[:64])
    return struct.unpack(">I", raw[20:24])[0] if raw[:8] == b"\x89PNG\r\n\x1a\n" else 300


def height_px(cell) -> int:
    """A rough height of the cell on a slide, in CSS px (prose wraps at ~95 characters, code at 18 px a line)."""
    source = _source(cell)
    if cell["cell_type"] == "markdown":
        height = 0
        for line in source.split("\n"):
            level = len(_HEADING.match(line).group(1)) if _HEADING.match(line) else 0
            height += {1: 70, 2: 55, 3: 45}.get(level, 0) or 26 * max(1, -(-len(line) // 95))
        return height + 16
    height = 18 * (source.count("\n") + 1) + 24
    for output in cell.get("outputs", []):
        data = output.get("data", {})
        if "image/png" in data:
            height += _png_height(data["image/png"]) + 10
        else:
            text = "".join(output.get("text", data.get("text/plain", "")))
            height += 18 * min(text.count("\n") + 1, 40) + 10
    return height


def slide_types(cells) -> list[str]:
    """The reveal.js slide type of each cell: "slide", "subslide", "skip" or "-" (continue)."""
    types, used = [], 0
    for cell, exercise in zip(cells, exercise_flags(cells)):
        level = _heading_level(cell)
        if exercise:
            kind = "skip"
        elif level in (1, 2):
            kind, used = "slide", 0
        elif level == 3:
            kind, used = "subslide", 0
        elif used and used + height_px(cell) > SLIDE_HEIGHT_PX:
            kind, used = "subslide", 0
        else:
            kind = "-"
        if kind != "skip":
            used += height_px(cell)
        types.append(kind)
    return types


def annotate_cells(cells) -> None:
    """Set the slideshow metadata and the exercise tag of every cell (in place)."""
    for cell, kind, exercise in zip(cells, slide_types(cells), exercise_flags(cells)):
        metadata = cell.setdefault("metadata", {})
        metadata["slideshow"] = {"slide_type": kind}
        tags = [t for t in metadata.get("tags", []) if t != EXERCISE_TAG] + ([EXERCISE_TAG] if exercise else [])
        if tags:
            metadata["tags"] = tags
        else:
            metadata.pop("tags", None)


def annotate(path: Path) -> bool:
    """Annotate one notebook file (written as JupyterLab writes it); returns True if the file changed."""
    text = path.read_text()
    notebook = json.loads(text)
    notebook["cells"] = split_at_headings(notebook["cells"])
    annotate_cells(notebook["cells"])
    new = json.dumps(notebook, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    if new != text:
        path.write_text(new)
        return True
    return False


if __name__ == "__main__":
    for name in sys.argv[1:]:
        if annotate(Path(name)):
            print(f"updated {name}")
