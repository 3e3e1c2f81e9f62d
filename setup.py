"""Package discovery: every package under core/, gui/, models/ and resources/ installs as
`windfall.<path>`, so a new subpackage needs no edit here or in pyproject.toml."""

from setuptools import find_packages, setup

ROOTS = ("core", "gui", "models", "resources")


def discover() -> dict[str, str]:
    """`windfall.<dotted path>` -> folder, for each root and every package below it."""
    found = {}
    for root in ROOTS:
        for name in (root, *(f"{root}.{sub}" for sub in find_packages(root))):
            found[f"windfall.{name}"] = name.replace(".", "/")
    return found


PACKAGES = discover()
setup(packages=list(PACKAGES), package_dir=PACKAGES)
