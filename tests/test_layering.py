"""catalog/ is the domain: it never imports the HTTP layer or Flask."""

import ast
from pathlib import Path

FORBIDDEN = ("api", "flask", "flask_restx", "flask_babel", "werkzeug")
CATALOG = Path(__file__).resolve().parent.parent / "catalog"


def _imported_roots(path: Path) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def test_catalog_imports_no_web_layer():
    offenders = {
        str(path.relative_to(CATALOG)): sorted(_imported_roots(path) & set(FORBIDDEN))
        for path in CATALOG.rglob("*.py")
    }
    assert {name: bad for name, bad in offenders.items() if bad} == {}
    assert len(offenders) > 10  # the scan really read the package
