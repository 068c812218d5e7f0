"""Which language a response speaks: ?lang= wins, then Accept-Language, then the default."""

from flask import current_app, g, request

from catalog.errors import InvalidRequest
from catalog.i18n import Message
from catalog.languages import LanguagePolicy


def language_policy() -> LanguagePolicy:
    config = current_app.config
    return LanguagePolicy(
        supported=tuple(config["DISTRETTO_LANGUAGES"]),
        fallback=tuple(config["DISTRETTO_FALLBACK_LANGUAGES"]),
        default=config["DISTRETTO_DEFAULT_LANGUAGE"],
    )


def negotiate() -> str:
    """Pick the response language for this request and remember it on `g`."""
    policy = language_policy()
    asked = request.args.get("lang")
    if asked is not None:
        code = _match(asked, policy.supported)
        if code is None:
            raise InvalidRequest(
                {
                    "lang": [
                        Message(
                            "Unsupported language %(value)s; supported: %(supported)s.",
                            value=asked,
                            supported=", ".join(policy.supported),
                        )
                    ]
                }
            )
        g.lang = code
        return code
    g.lang = _from_header(policy)
    return g.lang


def current_language() -> str:
    return g.get("lang") or language_policy().default


def _from_header(policy: LanguagePolicy) -> str:
    # werkzeug parses q-values and orders by them; q=0 entries are dropped.
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


def content_chain() -> tuple[str, ...]:
    """The languages to look in, in order, for this request's texts."""
    return language_policy().chain(current_language())
