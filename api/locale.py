"""Which language a response speaks: ?lang= wins, then Accept-Language, then the default.

Both are read the same way: case-insensitive, a regional tag counts as its language (`de-CH`
-> `de`, `zh-Hans-CN` -> `zh`); `?lang=pt-BR` without Portuguese configured is a 400, in the
language Accept-Language asks for.

`?lang=*` (or `all`) asks for every language at once: texts become {lang: text} maps, and the
API's own messages stay in the default language.
"""

from flask import current_app, g, request

from catalog.errors import InvalidRequest
from catalog.i18n.languages import LanguagePolicy
from catalog.i18n.messages import Message

ALL_LANGUAGES = ("*", "all")


def language_policy() -> LanguagePolicy:
    config = current_app.config
    return LanguagePolicy(
        supported=tuple(config["DISTRETTO_LANGUAGES"]),
        fallback=tuple(config["DISTRETTO_FALLBACK_LANGUAGES"]),
        default=config["DISTRETTO_DEFAULT_LANGUAGE"],
    )


def negotiate() -> None:
    """Pick the response language for this request and remember it on `g`."""
    policy = language_policy()
    g.all_languages = False
    asked = request.args.get("lang")
    if asked is None:
        g.lang = _from_header(policy)
    elif asked.strip().lower() in ALL_LANGUAGES:
        g.lang, g.all_languages = policy.default, True
    elif (code := _match(asked, policy.supported)) is not None:
        g.lang = code  # as forgiving as Accept-Language: EN -> en, de-CH -> de
    else:
        # The error itself speaks the language the header asks for. A URL or method the API
        # does not have is answered as such (404, 405), not as a bad ?lang=.
        g.lang = _from_header(policy)
        if request.routing_exception is None:
            _unsupported(asked, policy)


def current_language() -> str:
    """The language of the API's own messages and of the texts (the default for `*`)."""
    return g.get("lang") or language_policy().default


def wants_all_languages() -> bool:
    return bool(g.get("all_languages"))


def content_chain() -> tuple[str, ...]:
    """The languages to look in, in order, for this request's texts."""
    if wants_all_languages():
        return every_language_chain()
    return language_policy().chain(current_language())


def every_language_chain() -> tuple[str, ...]:
    """`lang=*`: the default's chain first, then the other supported languages."""
    policy = language_policy()
    first = policy.chain(policy.default)
    return first + tuple(code for code in policy.supported if code not in first)


def content_language_header() -> str:
    if wants_all_languages():
        return ", ".join(language_policy().supported)
    return current_language()


def _unsupported(asked: str, policy: LanguagePolicy):
    raise InvalidRequest(
        {
            "lang": [
                Message(
                    "Unsupported language %(value)s; supported: %(supported)s.",
                    value=asked,
                    supported=", ".join((*policy.supported, "*")),
                )
            ]
        }
    )


def _from_header(policy: LanguagePolicy) -> str:
    # werkzeug parses q-values and orders by them; q=0 means "not this one".
    for value, quality in request.accept_languages:
        if quality <= 0:
            continue
        if value == "*":
            return policy.default
        code = _match(value, policy.supported)
        if code is not None:
            return code
    return policy.default


def _match(tag: str, supported: tuple[str, ...]) -> str | None:
    """de-CH -> de, zh-Hans-CN -> zh: the primary subtag decides."""
    normalised = tag.strip().replace("_", "-").lower()
    if normalised in supported:
        return normalised
    primary = normalised.split("-", 1)[0]
    return primary if primary in supported else None
