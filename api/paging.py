"""Paging links, in the body and in an RFC 8288 `Link` header."""

from flask import request, url_for

from catalog.paging import Page


def page_links(page: Page) -> dict[str, str | None]:
    def link(number: int) -> str:
        args = request.args.to_dict(flat=False)
        args["page"] = [str(number)]
        return url_for(request.endpoint, _external=True, **request.view_args, **args)

    return {
        "self": link(page.page),
        "first": link(1),
        "last": link(page.pages),
        "next": link(page.page + 1) if page.page < page.pages else None,
        "prev": link(min(page.page - 1, page.pages)) if page.page > 1 else None,
    }


def page_body(page: Page, items: list, **members) -> dict:
    """A collection's body: its items, total, page, limit and links, and what else it says."""
    links = page_links(page)
    return {"items": items, "total": page.total, "page": page.page, "limit": page.limit,
            "links": links, **members}  # fmt: skip


def link_header(links: dict[str, str | None]) -> str:
    return ", ".join(f'<{url}>; rel="{rel}"' for rel, url in links.items() if url)
