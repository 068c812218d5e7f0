"""Paging links, in the body and in an RFC 8288 `Link` header."""

from flask import request, url_for

from catalog.paging import Page


def page_links(page: Page, next_cursor: str | None = None) -> dict[str, str | None]:
    """Numbered pages link to first, last, next and prev. A keyset walk (`next_cursor`, given
    with sort=updated_at) goes forward by cursor, so a change during the walk never makes it
    skip or repeat a listing; a page reached by `cursor=` has no number, so it links only to
    itself and to the next cursor (no first, last or prev)."""

    def link(**changes: str | None) -> str:
        args = request.args.to_dict(flat=False)
        for key, value in changes.items():
            args.pop(key, None)
            if value is not None:
                args[key] = [value]
        return url_for(request.endpoint, _external=True, **request.view_args, **args)

    def forward() -> str | None:
        return link(page=None, cursor=next_cursor) if next_cursor else None

    if "cursor" in request.args:
        return {"self": link(), "next": forward()}
    return {
        "self": link(page=str(page.page)),
        "first": link(page="1"),
        "last": link(page=str(page.pages)),
        "next": forward() or (link(page=str(page.page + 1)) if page.page < page.pages else None),
        "prev": link(page=str(min(page.page - 1, page.pages))) if page.page > 1 else None,
    }


def page_body(page: Page, items: list, **members) -> dict:
    """A collection's body: its items, total, page, limit and links, and what else it says."""
    links = page_links(page, members.get("next_cursor"))
    return {"items": items, "total": page.total, "page": page.page, "limit": page.limit,
            "links": links, **members}  # fmt: skip


def link_header(links: dict[str, str | None]) -> str:
    return ", ".join(f'<{url}>; rel="{rel}"' for rel, url in links.items() if url)
