"""Live slides: present a notebook as reveal.js slides whose explorers still work (Voila, no network).

    python tools/live_slides.py notebooks/07_optimizers.ipynb     # one notebook, at the address printed
    python tools/live_slides.py                                   # pick any notebook from the tree

Each cell's slide metadata (`slideshow.slide_type`) makes the slides; voila.json leaves out the exercises.
Space / the arrow keys move through the slides; sliders move with the mouse or, once clicked, the arrows.
Other Voila options (e.g. --port=8866) pass through.
"""

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = "course_slides"          # jupyter/voila/templates/course_slides


def voila_args(base_url="/") -> list[str]:
    """Voila's options for the live-slides template, with reveal.js's style sheets served by Voila itself."""
    prefix = f"{base_url.rstrip('/')}/voila/templates/{TEMPLATE}/static/reveal"
    resources = {"reveal": {"url_prefix": prefix, "transition": "none"}}
    return [f"--template={TEMPLATE}", f"--VoilaConfiguration.resources={json.dumps(resources)}"]


def environment(env=None) -> dict:
    """`env` (default: this process's) with this repository's jupyter/ folder on JUPYTER_PATH (the template)."""
    env = dict(os.environ if env is None else env)
    env["JUPYTER_PATH"] = os.pathsep.join([str(ROOT / "jupyter"), *filter(None, [env.get("JUPYTER_PATH")])])
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [env.get("PYTHONPATH")])])
    return env


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    paths = [arg for arg in argv if not arg.startswith("-")] or [str(ROOT / "notebooks")]
    options = [arg for arg in argv if arg.startswith("-")]
    command = [sys.executable, "-m", "voila", "--Voila.ip=127.0.0.1", *voila_args(), *options,
               *(str(Path(path).resolve()) for path in paths)]
    os.chdir(ROOT)                      # Voila reads voila.json (which drops the exercises) from here
    os.execve(sys.executable, command, environment())   # Voila replaces this process


if __name__ == "__main__":
    main()
