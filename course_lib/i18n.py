"""The language of the course's figures, explorers, tables and exercise checks: English unless you choose.

    import course_lib
    course_lib.set_language("pt-BR")      # or "es"; "en" goes back to English

or COURSE_LANGUAGE=pt-BR in the environment.  Translations are gettext catalogs in course_lib/locale
(course_lib.po, which translators edit, and the compiled course_lib.mo, which is what is read here).

In the code, `tr("text")` is text shown to a reader, translated when it is shown; `N_("text")` marks a
string stored for later (a constant) so that the catalog tools find it; translate it with tr() where it is shown.
An English word with two meanings gets a context: NC_("activation", "step"), shown with tr() like the rest;
Deferred(N_("… {names} …"), names=…) is a message filled in after it is translated.
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


class Deferred(str):
    """Text stored now and translated when shown: it reads as its English (filled in), and keeps the English
    template, the gettext context of a word with two meanings, and the fields to fill in after translation."""

    def __new__(cls, message: str, context: str | None = None, **fields):
        text = super().__new__(cls, message.format(**fields) if fields else message)
        text.message, text.context, text.fields = message, context, fields
        return text


def tr(message: str) -> str:
    """`message` in the chosen language (itself in English, or when the catalog has no translation); "" stays ""
    (gettext would give the catalog's header).  A Deferred text is translated in its context, then filled in."""
    if not message:
        return message
    translation = _state["translation"]
    if not isinstance(message, Deferred):
        return translation.gettext(message)
    shown = (translation.pgettext(message.context, message.message) if message.context
             else translation.gettext(message.message))
    return shown.format(**message.fields) if message.fields else shown


def NC_(context: str, message: str) -> Deferred:  # noqa: N802 - the gettext convention
    """Marks a word with its context for the catalog (the step function vs a step of descent); tr shows it."""
    return Deferred(message, context)


def N_(message: str) -> str:  # noqa: N802 - the gettext convention
    """Marks a string for the catalog without translating it now (translate it where it is shown, with tr)."""
    return message


if os.environ.get("COURSE_LANGUAGE", "").strip():
    set_language(os.environ["COURSE_LANGUAGE"].strip())
