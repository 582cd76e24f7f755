"""The language of the course's figures, explorers, tables and exercise checks: English unless you choose.

    import course_lib
    course_lib.set_language("pt-BR")      # or "es"; "en" goes back to English

or COURSE_LANGUAGE=pt-BR in the environment.  Translations are gettext catalogs in course_lib/locale
(course_lib.po, which translators edit, and the compiled course_lib.mo, which is what is read here).

In the code, `tr("text")` is text shown to a reader, translated when it is shown; `N_("text")` marks a
string stored for later (a constant) so that the catalog tools find it; translate it with tr() where it is shown.
An English word with two meanings gets a context: tr_in("activation", "step") and NC_("activation", "step").
Numbers are formatted after translation: tr("epoch {epoch}").format(epoch=3).
"""

from __future__ import annotations

import gettext
import os
from pathlib import Path

LANGUAGES = ("en", "pt-BR", "es")
LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "course_lib"

_state = {"language": "en", "translation": gettext.NullTranslations()}


def set_language(language: str = "en") -> None:
    """Show the course's text in `language`: one of LANGUAGES ("en", "pt-BR", "es")."""
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(map(repr, LANGUAGES))}; got {language!r}")
    if language == "en":
        translation = gettext.NullTranslations()
    else:
        translation = gettext.translation(DOMAIN, LOCALE_DIR, languages=[gettext_code(language)])
    _state.update(language=language, translation=translation)


def language() -> str:
    """The language chosen with set_language (or COURSE_LANGUAGE), "en" by default."""
    return _state["language"]


def gettext_code(language: str) -> str:
    """The catalog folder of a language: "pt-BR" → "pt_BR"."""
    return language.replace("-", "_")


def tr(message: str) -> str:
    """`message` in the chosen language (itself in English, or when the catalog has no translation)."""
    return _state["translation"].gettext(message)


def tr_in(context: str, message: str) -> str:
    """`message` in the chosen language, for an English word with several meanings: the context names which
    ("activation" for the step function, "optimizer" for a step of descent); gettext's pgettext."""
    return _state["translation"].pgettext(context, message)


def NC_(context: str, message: str) -> str:  # noqa: N802 - the gettext convention
    """Marks a string with its context for the catalog without translating it now (show it with tr_in)."""
    return message


def N_(message: str) -> str:  # noqa: N802 - the gettext convention
    """Marks a string for the catalog without translating it now (translate it where it is shown, with tr)."""
    return message


if os.environ.get("COURSE_LANGUAGE", "").strip():
    set_language(os.environ["COURSE_LANGUAGE"].strip())
