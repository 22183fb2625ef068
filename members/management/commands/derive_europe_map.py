"""Writes members/europe_map.py, the outlines of the map on the member directory, from
Natural Earth's 1:50m countries (public domain) as TopoJSON, e.g. the world-atlas npm
package's countries-50m.json:

    npm install --prefix /tmp/atlas world-atlas@2.0.2
    manage.py derive_europe_map /tmp/atlas/node_modules/world-atlas/countries-50m.json
    ruff format members/europe_map.py

Run by a developer when the outlines should change; the site reads only the module it
writes (nothing is fetched at run time). The steps: each shared border (a TopoJSON arc)
projected once (Lambert azimuthal equal-area centred on Europe) and simplified once,
so neighbours keep a common border; rings built from the arcs, clipped to the map's
frame; specks dropped (but never a country's largest part, so Malta and Luxembourg
stay); coordinates rounded to whole units of a 1000-wide frame.
"""

import json
import math
from pathlib import Path

from django.core.management.base import BaseCommand

from django_countries import countries

OUTPUT = Path(__file__).resolve().parents[2] / "europe_map.py"

CENTRE_LONGITUDE, CENTRE_LATITUDE = 15.0, 53.0
# The frame, as the corners it must hold: Iceland in the north-west, the Caucasus in
# the east, Cyprus and Malta in the south.
FRAME_POINTS = [(-24.5, 66.5), (-10.5, 36.0), (47.0, 39.0), (33.0, 70.5), (22.0, 34.5)]
WIDTH = 1000
TOLERANCE = 1.1  # frame units a simplified border may stray from the original
SPECK = 6.0  # square frame units: smaller islands are left out


def decode_arcs(topology):
    scale_x, scale_y = topology["transform"]["scale"]
    shift_x, shift_y = topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale_x + shift_x, y * scale_y + shift_y))
        arcs.append(points)
    return arcs


def project(longitude, latitude):
    """Lambert azimuthal equal-area, on the unit sphere; y grows southwards (SVG)."""
    lam = math.radians(longitude - CENTRE_LONGITUDE)
    phi, phi0 = math.radians(latitude), math.radians(CENTRE_LATITUDE)
    denominator = (
        1 + math.sin(phi0) * math.sin(phi) + math.cos(phi0) * math.cos(phi) * math.cos(lam)
    )
    k = math.sqrt(2 / max(denominator, 1e-9))
    x = k * math.cos(phi) * math.sin(lam)
    y = k * (math.cos(phi0) * math.sin(phi) - math.sin(phi0) * math.cos(phi) * math.cos(lam))
    return x, -y


def simplify(points, tolerance):
    """Douglas-Peucker, keeping both ends (where arcs meet)."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        length = math.hypot(bx - ax, by - ay)
        farthest, distance = None, tolerance
        for index in range(first + 1, last):
            px, py = points[index]
            if length:
                d = abs((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / length
            else:
                d = math.hypot(px - ax, py - ay)
            if d > distance:
                farthest, distance = index, d
        if farthest is not None:
            keep[farthest] = True
            stack += [(first, farthest), (farthest, last)]
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def clip(ring, left, top, right, bottom):
    """Sutherland-Hodgman against the frame."""
    edges = [
        (lambda p: p[0] >= left, lambda p, q: _at_x(p, q, left)),
        (lambda p: p[0] <= right, lambda p, q: _at_x(p, q, right)),
        (lambda p: p[1] >= top, lambda p, q: _at_y(p, q, top)),
        (lambda p: p[1] <= bottom, lambda p, q: _at_y(p, q, bottom)),
    ]
    for inside, crossing in edges:
        if not ring:
            break
        clipped = []
        previous = ring[-1]
        for point in ring:
            if inside(point):
                if not inside(previous):
                    clipped.append(crossing(previous, point))
                clipped.append(point)
            elif inside(previous):
                clipped.append(crossing(previous, point))
            previous = point
        ring = clipped
    return ring


def _at_x(p, q, x):
    t = (x - p[0]) / (q[0] - p[0])
    return (x, p[1] + t * (q[1] - p[1]))


def _at_y(p, q, y):
    t = (y - p[1]) / (q[1] - p[1])
    return (p[0] + t * (q[0] - p[0]), y)


def area(ring):
    return abs(
        sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True))
        / 2
    )


def path_data(rings):
    """Relative moves and lines in whole units: the shortest SVG path text."""
    parts = []
    for ring in rings:
        points = [(round(x), round(y)) for x, y in ring]
        points = [p for i, p in enumerate(points) if i == 0 or p != points[i - 1]]
        if len(points) < 3:
            continue
        x, y = points[0]
        text = [f"M{x} {y}l"]
        steps = []
        for nx, ny in points[1:]:
            steps.append(f"{nx - x} {ny - y}")
            x, y = nx, ny
        text.append(" ".join(steps))
        parts.append("".join(text).replace(" -", "-") + "z")
    return "".join(parts)


class Command(BaseCommand):
    help = "Write members/europe_map.py from Natural Earth's countries as TopoJSON."

    def add_arguments(self, parser):
        parser.add_argument("topojson", help="countries-50m.json of the world-atlas package")
        parser.add_argument("--output", default=OUTPUT, type=Path, help="default: %(default)s")

    def handle(self, *args, topojson, output, **options):
        topology = json.loads(Path(topojson).read_text())
        frame = [project(*point) for point in FRAME_POINTS]
        min_x, max_x = min(x for x, _ in frame), max(x for x, _ in frame)
        min_y, max_y = min(y for _, y in frame), max(y for _, y in frame)
        unit = WIDTH / (max_x - min_x)
        height = round((max_y - min_y) * unit)

        def to_frame(point):
            x, y = project(*point)
            return ((x - min_x) * unit, (y - min_y) * unit)

        arcs = [simplify([to_frame(p) for p in arc], TOLERANCE) for arc in decode_arcs(topology)]

        def ring_points(indexes):
            points = []
            for index in indexes:
                arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
                points.extend(arc if not points else arc[1:])
            return points

        shapes = []
        for geometry in topology["objects"]["countries"]["geometries"]:
            polygons = geometry.get("arcs") or []
            if geometry["type"] == "Polygon":
                polygons = [polygons]
            rings = []
            for polygon in polygons:
                for indexes in polygon:
                    ring = clip(ring_points(indexes), 0, 0, WIDTH, height)
                    if len(ring) >= 3 and area(ring) > 0:
                        rings.append(ring)
            if not rings:
                continue
            largest = max(rings, key=area)
            rings = [ring for ring in rings if ring is largest or area(ring) >= SPECK]
            name = geometry["properties"]["name"]
            code = countries.alpha2(int(geometry["id"])) if geometry.get("id", "").isdigit() else ""
            shapes.append((code or "", name, path_data(rings)))

        shapes.sort(key=lambda shape: (shape[0] == "", shape[0], shape[1]))
        lines = [
            '"""Outlines of the countries on the member directory\'s map, in a frame of',
            f"{WIDTH} x {height} units (Lambert azimuthal equal-area centred on",
            f"{CENTRE_LONGITUDE:g}°E {CENTRE_LATITUDE:g}°N). Derived from Natural Earth's",
            "1:50m countries (public domain) by `manage.py derive_europe_map`: written by it,",
            'not by hand."""',
            "",
            f"WIDTH = {WIDTH}",
            f"HEIGHT = {height}",
            "",
            "# (ISO 3166-1 alpha-2 code, or '' for a shape without one; Natural Earth's",
            "# name, for developers; SVG path data)",
            "SHAPES = [",
        ]
        for code, name, data in shapes:
            lines.append(f"    ({code!r}, {name!r},")
            for start in range(0, len(data), 84):
                lines.append(f"     {data[start : start + 84]!r}")
            lines[-1] += "),"
        lines.append("]")
        output.write_text("\n".join(lines) + "\n")
        self.stdout.write(f"{len(shapes)} shapes, {output.stat().st_size} bytes: {output}")
