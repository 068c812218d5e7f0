"""Supported content languages and the field-level fallback chain.

Languages are configuration, not code: the HTTP layer passes the configured list in.
"""

from dataclasses import dataclass

SOURCE_LANGUAGE = "it"
DEFAULT_LANGUAGES = ("it", "en", "de", "fr", "es", "zh", "ja", "ru")
DEFAULT_FALLBACK = ("en", "it")


@dataclass(frozen=True)
class LanguagePolicy:
    """Which languages exist and where a missing text is looked for next."""

    supported: tuple[str, ...] = DEFAULT_LANGUAGES
    fallback: tuple[str, ...] = DEFAULT_FALLBACK
    default: str = SOURCE_LANGUAGE

    def chain(self, lang: str) -> tuple[str, ...]:
        """The languages to try, in order, for a text asked in `lang`."""
        seen: list[str] = []
        for code in (lang, *self.fallback, self.default):
            if code not in seen:
                seen.append(code)
        return tuple(seen)
