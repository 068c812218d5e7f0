"""Rows of the synthetic catalogue: deterministic, clearly fake, in the real tables' shape.

Every listing is `synthetic-NNNNN`, named "Synthetic listing NNNNN" (in its language), tagged
`synthetic`, with texts in the eight languages made of pseudo-words. One rare "motif" word per
listing (`zir...`, 300 of them) gives search a word that matches a few dozen listings.
"""

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from catalog.i18n import completeness
from catalog.listings.search import DEFAULT_POLICY, normalise
from catalog.sanitize import plain_text
from catalog.vocabularies import ACCESS, HIGHLIGHTS, KINDS, PRICE_RANGES, THEMES

LANGUAGES = ("it", "en", "de", "fr", "es", "zh", "ja", "ru")
SYNTHETIC_TAG = "synthetic"
SEED = 2015
LAT_RANGE = (44.50, 44.62)
LON_RANGE = (10.68, 10.90)
MOTIF_COUNT = 300
EXTRA_TAGS = ("accessible", "family", "guided-tours", "panorama", "parking", "pet-friendly")

NAMES = {
    "it": "Scheda sintetica {n}",
    "en": "Synthetic listing {n}",
    "de": "Synthetischer Eintrag {n}",
    "fr": "Fiche synthétique {n}",
    "es": "Ficha sintética {n}",
    "zh": "合成条目 {n}",
    "ja": "合成リスティング {n}",
    "ru": "Синтетическая запись {n}",
}
SUMMARIES = {
    "it": "Dato di prova per il benchmark a {town}: {kind}, motivo {motif}. {words}.",
    "en": "Benchmark test data in {town}: {kind}, motif {motif}. {words}.",
    "de": "Testdaten für den Benchmark in {town}: {kind}, Motiv {motif}. {words}.",
    "fr": "Données de test du benchmark à {town} : {kind}, motif {motif}. {words}.",
    "es": "Datos de prueba del benchmark en {town}: {kind}, motivo {motif}. {words}.",
    "zh": "{town}的基准测试数据：{kind}，图案 {motif}。{words}。",
    "ja": "{town}のベンチマーク用テストデータ：{kind}、モチーフ {motif}。{words}。",
    "ru": "Тестовые данные бенчмарка в {town}: {kind}, мотив {motif}. {words}.",
}
_CONSONANTS = "bcdfglmnprstv"  # no z: only motifs start with it, so a motif is a rare word
_VOWELS = "aeiou"
_CYRILLIC = str.maketrans("bcdfglmnprstvaeiou", "бцдфглмнпрстваеиоу")
_HOURS = (
    {"weekly": [{"days": ["tue", "wed", "thu", "fri", "sat", "sun"], "opens": "10:00",
                 "closes": "18:00"}]},
    {"weekly": [{"days": ["mon", "tue", "wed", "thu", "fri"], "opens": "09:00", "closes": "13:00"},
                {"days": ["mon", "tue", "wed", "thu", "fri"], "opens": "15:00", "closes": "19:00"}],
     "exceptions": [{"date": "12-25", "closed": True}, {"date": "01-01", "closed": True}]},
    {"weekly": [{"days": ["sat", "sun"], "opens": "10:00", "closes": "17:30"}],
     "seasons": [{"start": "06-01", "end": "09-15", "weekly": [
         {"days": ["tue", "wed", "thu", "fri", "sat", "sun"], "opens": "09:30",
          "closes": "19:00"}]}]},
    {"by_appointment": True},
)  # fmt: skip


@dataclass(frozen=True)
class Town:
    """A seeded municipality and the tourism office that owns its listings."""

    id: int
    slug: str
    name: str
    owner_id: int


@dataclass
class Batch:
    """Rows for the tables listings, listing_translations, listing_themes, listing_tags,
    listing_search and listing_names, ready for Core executemany."""

    listings: list[dict] = field(default_factory=list)
    translations: list[dict] = field(default_factory=list)
    themes: list[dict] = field(default_factory=list)
    tags: list[dict] = field(default_factory=list)
    search: list[dict] = field(default_factory=list)
    names: list[dict] = field(default_factory=list)


def motifs() -> list[str]:
    """The rare words, all seven letters and starting with "zir", so none prefixes another."""
    syllables = [c + v for c in _CONSONANTS for v in _VOWELS]
    words = sorted({"zir" + a + b for a in syllables for b in syllables})
    return random.Random(SEED).sample(words, MOTIF_COUNT)


SEARCH_WORD = motifs()[0]


def slug(number: int) -> str:
    return f"synthetic-{number:05d}"


def batches(count: int, towns: list[Town], first_id: int, size: int = 1000) -> Iterator[Batch]:
    """`count` listings with ids from `first_id`, `size` listings per batch."""
    rng = random.Random(SEED)
    extra = random.Random(SEED + 1)  # its own draws: the rest of the catalogue stays the same
    vocabulary = _Vocabulary(rng)
    motif_words = motifs()
    epoch = datetime(2015, 1, 1, tzinfo=UTC)
    batch = Batch()
    for number in range(1, count + 1):
        listing_id = first_id + number - 1
        town = rng.choice(towns)
        kind = rng.choice(tuple(KINDS))
        updated = epoch + timedelta(seconds=rng.randrange(11 * 365 * 86400))
        batch.listings.append(
            {
                "id": listing_id,
                "slug": slug(number),
                "kind": kind,
                "status": "published",
                "municipality_id": town.id,
                "owner_id": town.owner_id,
                "lat": round(rng.uniform(*LAT_RANGE), 6),
                "lon": round(rng.uniform(*LON_RANGE), 6),
                "address": f"Via Sintetica {rng.randrange(1, 200)}, {town.name}",
                "location_approximate": False,
                "contacts": _contacts(rng, number),
                "price_range": rng.choice((None, *PRICE_RANGES)),
                "opening_hours": _hours(rng),
                "access": extra.choices(ACCESS, weights=(85, 8, 5, 2))[0],
                "highlight": extra.choices(HIGHLIGHTS, weights=(60, 25, 10, 5))[0],
                "source": None,
                "created_at": updated - timedelta(days=rng.randrange(0, 400)),
                "updated_at": updated,
                "version": 1,
            }
        )
        texts = _texts(rng, vocabulary, number, town, kind, rng.choice(motif_words))
        batch.listings[-1]["complete_languages"] = completeness.stored(texts)
        batch.translations += [{"listing_id": listing_id, "lang": k, **v} for k, v in texts.items()]
        themes = sorted(rng.sample(tuple(THEMES), rng.choice((1, 1, 2))))
        batch.themes += [{"listing_id": listing_id, "theme": theme} for theme in themes]
        tags = sorted({SYNTHETIC_TAG, *rng.sample(EXTRA_TAGS, rng.randrange(0, 3))})
        batch.tags += [{"listing_id": listing_id, "tag": tag} for tag in tags]
        batch.search.append({"listing_id": listing_id, "document": _document(texts, tags)})
        batch.names += [
            {"listing_id": listing_id, "lang": lang, "key": key}
            for lang, key in _sort_names(texts).items()
        ]
        if len(batch.listings) == size:
            yield batch
            batch = Batch()
    if batch.listings:
        yield batch


def _sort_names(texts: dict[str, dict]) -> dict[str, str]:
    """What catalog.search.sort_names writes, from the same texts."""
    names = {lang: row["name"] for lang, row in texts.items() if row.get("name")}
    return {
        lang: next(
            (names[code] for code in DEFAULT_POLICY.chain(lang) if code in names), ""
        ).casefold()[:200]
        for lang in sorted(set(DEFAULT_POLICY.supported) | set(names))
    }


def _document(texts: dict[str, dict], tags: list[str]) -> str:
    """What catalog.search.document_for makes: texts by language, then the tags."""
    parts = []
    for lang in sorted(texts):
        row = texts[lang]
        parts += [row["name"] or "", row["summary"] or "", plain_text(row["description"]) or ""]
    parts += [tag.replace("-", " ") for tag in tags]
    return normalise(" ".join(parts))


class _Vocabulary:
    """Pseudo-words: Latin for the European languages, Cyrillic for Russian, CJK characters."""

    def __init__(self, rng: random.Random) -> None:
        syllables = [c + v for c in _CONSONANTS for v in _VOWELS]
        self.latin = [
            "".join(rng.choices(syllables, k=rng.choice((2, 3, 3, 4)))) for _ in range(3000)
        ]
        self.cyrillic = [word.translate(_CYRILLIC) for word in self.latin]
        self.han = [chr(code) for code in rng.sample(range(0x4E00, 0x9FA5), 600)]
        self.kana = [chr(code) for code in range(0x30A2, 0x30F3)]

    def words(self, rng: random.Random, lang: str, count: int) -> str:
        if lang == "zh":
            return "".join(rng.choices(self.han, k=count * 2))
        if lang == "ja":
            return "".join(rng.choices(self.han + self.kana, k=count * 2))
        pool = self.cyrillic if lang == "ru" else self.latin
        return " ".join(rng.choices(pool, k=count))


def _texts(rng, vocabulary, number: int, town: Town, kind: str, motif: str) -> dict[str, dict]:
    texts = {}
    for lang in LANGUAGES:
        words = vocabulary.words(rng, lang, 8).capitalize()
        first = vocabulary.words(rng, lang, 30).capitalize()
        second = vocabulary.words(rng, lang, 30).capitalize()
        texts[lang] = {
            "name": NAMES[lang].format(n=f"{number:05d}"),
            "summary": SUMMARIES[lang].format(town=town.name, kind=kind, motif=motif, words=words),
            "description": f"<p>{first}.</p><p>{second}.</p>",
        }
    return texts


def _contacts(rng: random.Random, number: int) -> dict:
    contacts = {"website": f"https://synthetic.example/{slug(number)}"}
    if rng.random() < 0.5:
        contacts["phone"] = f"+39 0536 {rng.randrange(100000, 999999)}"
    return contacts


def _hours(rng: random.Random) -> dict | None:
    """Four listings in ten have no known hours; the others one of the shapes of hours.py."""
    if rng.random() < 0.4:
        return None
    shape = rng.choice(_HOURS)
    return {
        "as_of": "2015",
        "by_appointment": shape.get("by_appointment", False),
        "timezone": "Europe/Rome",
        "weekly": shape.get("weekly", []),
        "seasons": shape.get("seasons", []),
        "exceptions": shape.get("exceptions", []),
    }
