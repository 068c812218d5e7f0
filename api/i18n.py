"""Message catalogues (Flask-Babel) for every string the API itself produces."""

from flask import Flask
from flask_babel import Babel, gettext

from api.locale import current_language
from catalog.i18n.messages import Message
from catalog.settings import PROJECT_ROOT

TRANSLATIONS_DIR = PROJECT_ROOT / "translations"


def init_i18n(app: Flask) -> None:
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(TRANSLATIONS_DIR))
    app.config.setdefault("BABEL_DEFAULT_LOCALE", app.config["DISTRETTO_DEFAULT_LANGUAGE"])
    Babel(app, locale_selector=current_language)


def translate(text: "Message | str") -> str:
    """A domain Message or a plain message id, in the response language."""
    if isinstance(text, Message):
        return text.render(gettext)
    return gettext(text) if text else text
