"""An item under test: who writes it, and the ETag it last saw."""

from tests.contract.kinds import Kind

SLUG = "prova-contratto"
PROBLEM = "application/problem+json"

# name: (method, suffix after the item's URL); "patch" sends the kind's merge patch
STEPS = {
    "patch": ("PATCH", ""),
    "publish": ("POST", "/publish"),
    "unpublish": ("POST", "/unpublish"),
    "delete": ("DELETE", ""),
    "restore": ("POST", "/restore"),
    "revert": ("POST", "/revisions/1/restore"),
}


class Item:
    def __init__(self, client, kind: Kind, headers: dict, slug: str = SLUG):
        self.client, self.kind, self.headers, self.slug = client, kind, headers, slug
        self.etag: str | None = None
        self.created = None  # the POST's response, for drafts made here

    @property
    def url(self) -> str:
        return self.kind.url(self.slug)

    @classmethod
    def draft(cls, client, kind: Kind, headers: dict) -> "Item":
        item = cls(client, kind, headers)
        item.created = client.post(kind.path, json=kind.new_body(SLUG), headers=headers)
        assert item.created.status_code == 201, item.created.get_json()
        item.etag = item.created.headers["ETag"]
        return item

    @classmethod
    def seeded(cls, client, kind: Kind, headers: dict) -> "Item":
        item = cls(client, kind, headers, kind.published)
        item.etag = item.read().headers["ETag"]
        return item

    def read(self, headers: dict | None = None):
        return self.client.get(self.url, headers=self.headers if headers is None else headers)

    def send(self, step: str, if_match: str | None = None, headers: dict | None = None, **kw):
        """One write; If-Match is the ETag last seen unless given ("" sends none)."""
        method, suffix = STEPS[step]
        headers = dict(self.headers if headers is None else headers)
        if_match = self.etag if if_match is None else if_match
        if if_match:
            headers["If-Match"] = if_match
        if step == "patch":
            kw.setdefault("json", self.kind.patch)
        return self.client.open(self.url + suffix, method=method, headers=headers, **kw)

    def do(self, *steps: str):
        """Steps that must succeed, each with the ETag the previous one answered."""
        for step in steps:
            response = self.send(step)
            assert response.status_code == 200, (step, response.get_json())
            self.etag = response.headers["ETag"]
        return response

    def public_status(self) -> int:
        return self.client.get(self.url).status_code

    def revisions(self) -> list[dict]:
        response = self.client.get(self.url + "/revisions", headers=self.headers)
        assert response.status_code == 200, response.get_json()
        return response.get_json()["items"]
