"""Full-text search over every text of a listing in every language.

Text is normalised here, in Python, the same way for documents and queries (lowercase,
accents removed, each CJK character a token of its own), so SQLite FTS5 and PostgreSQL's
`simple` text search see the same tokens and return the same matches.
"""

import re
import sys
import unicodedata
from functools import cache

from sqlalchemy import Float, Integer, func, literal_column, select, text
from sqlalchemy.orm import Session

from catalog.errors import InvalidRequest
from catalog.i18n.languages import LanguagePolicy
from catalog.i18n.messages import Message
from catalog.models import Listing, ListingName, ListingSearch
from catalog.sanitize import plain_text

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_WORD = re.compile(r"\w+")
_TOKEN = re.compile(r"[^\W_]+")
"""A query's words: letters and digits only, so no character of FTS5 or tsquery syntax
(quotes, `*`, `^`, `:`, `&`, `|`, `!`, `<->`, parentheses, backslash, controls) ever reaches
either engine; both split at `_` as well."""


def normalise(value: str) -> str:
    decomposed = unicodedata.normalize("NFKD", value)
    bare = decomposed.translate(_combining_marks()).casefold()
    return " ".join(_WORD.findall(_CJK.sub(lambda m: f" {m.group(0)} ", bare)))


@cache
def _combining_marks() -> dict[int, None]:
    """Every combining character, to drop in one C-speed str.translate (a description is
    thousands of characters; testing each one in Python was most of a write's time)."""
    return {code: None for code in range(sys.maxunicode + 1) if unicodedata.combining(chr(code))}


def document_for(listing: Listing) -> str:
    """Names, summaries, descriptions (without markup) in all languages, and the tags."""
    parts = []
    for row in listing.translations:
        parts += [row.name or "", row.summary or "", plain_text(row.description) or ""]
    parts += [row.tag.replace("-", " ") for row in listing.tags]
    return normalise(" ".join(parts))


def reindex(session: Session, listing: Listing) -> None:
    """Called by every write (see catalog/editable.py), so search never lags the catalogue."""
    document = document_for(listing)
    row = session.get(ListingSearch, listing.id)
    if row is None:
        session.add(ListingSearch(listing_id=listing.id, document=document))
    elif row.document != document:
        row.document = document
    _index_names(session, listing)
    session.flush()


DEFAULT_POLICY = LanguagePolicy()


def sort_names(listing: Listing, policy: LanguagePolicy = DEFAULT_POLICY) -> dict[str, str]:
    """{lang: folded name} for every supported language, after the fallback chain."""
    names = {row.lang: row.name for row in listing.translations if row.name}
    result = {}
    for lang in sorted(set(policy.supported) | set(names)):
        name = next((names[code] for code in policy.chain(lang) if code in names), "")
        result[lang] = name.casefold()[:200]
    return result


def _index_names(session: Session, listing: Listing) -> None:
    wanted = sort_names(listing)
    current = {
        row.lang: row
        for row in session.scalars(select(ListingName).where(ListingName.listing_id == listing.id))
    }
    for lang, key in wanted.items():
        if lang not in current:
            session.add(ListingName(listing_id=listing.id, lang=lang, key=key))
        elif current[lang].key != key:
            current[lang].key = key


def terms(query: str) -> list[list[str]]:
    """Token groups: a word alone (matched as a prefix), a run of CJK characters as a phrase.

    Empty when the query has no word at all (only punctuation, operators or controls)."""
    groups: list[list[str]] = []
    previous_cjk = False
    for token in _TOKEN.findall(normalise(query)):
        cjk = bool(_CJK.fullmatch(token))
        if cjk and previous_cjk:
            groups[-1].append(token)
        else:
            groups.append([token])
        previous_cjk = cjk
    return groups


def ranked_matches(session: Session, query: str):
    """A subquery of (listing_id, rank) for the matches, rank ascending = more relevant."""
    groups = terms(query)
    if not groups:
        raise InvalidRequest(
            {"q": [Message("Nothing to search for: q needs a word (letters or digits).")]}
        )
    if session.get_bind().dialect.name == "sqlite":
        return _sqlite(groups)
    return _postgres(groups)


def _sqlite(groups: list[list[str]]):
    expression = " ".join(
        f'"{" ".join(group)}"' if _CJK.fullmatch(group[0]) else f'"{group[0]}"*' for group in groups
    )
    statement = text(
        "SELECT rowid AS listing_id, bm25(listing_fts) AS rank "
        "FROM listing_fts WHERE listing_fts MATCH :expression"
    ).bindparams(expression=expression)
    # MATERIALIZED: run the match once, then join; inlined, SQLite re-ran it for every listing.
    return (
        statement.columns(listing_id=Integer, rank=Float).cte("matches").prefix_with("MATERIALIZED")
    )


def _postgres(groups: list[list[str]]):
    # Each token quoted as a tsquery literal: tokens are letters and digits only, so no quote
    # or backslash can end the literal, and no operator is ever read from the query.
    expression = " & ".join(
        " <-> ".join(f"'{token}'" for token in group)
        if _CJK.fullmatch(group[0])
        else f"'{group[0]}':*"
        for group in groups
    )
    tsquery = func.to_tsquery("simple", expression)
    vector = literal_column("listing_search.vector")
    return (
        select(
            ListingSearch.listing_id.label("listing_id"),
            (-func.ts_rank(vector, tsquery)).label("rank"),
        )
        .where(vector.op("@@")(tsquery))
        .subquery("matches")
    )
