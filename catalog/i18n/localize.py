"""Field-level language fallback: every text is shown, and we say which language it is in."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Localized:
    """Texts resolved for one requested language.

    `fallbacks` names each field that is not in the requested language and the language it
    came from instead; an empty map means everything is in the language asked for.
    """

    values: dict[str, str | None]
    fallbacks: dict[str, str] = field(default_factory=dict)


def localize(translations: Iterable, fields: Sequence[str], chain: Sequence[str]) -> Localized:
    by_lang = {t.lang: t for t in translations}
    values: dict[str, str | None] = {}
    fallbacks: dict[str, str] = {}
    for name in fields:
        values[name] = None
        for lang in chain:
            text = getattr(by_lang.get(lang), name, None)
            if text:
                values[name] = text
                if lang != chain[0]:
                    fallbacks[name] = lang
                break
    return Localized(values, fallbacks)


def localize_map(
    texts: dict[str, str] | None, chain: Sequence[str]
) -> tuple[str | None, str | None]:
    """The best text of a {lang: text} map, and the language it is in."""
    for lang in chain:
        if texts and texts.get(lang):
            return texts[lang], lang
    return None, None
