"""Render the Vensim sketch views of an .mdl to PNGs (stocks, valves, clouds, arrows).

Usage: python docs/tools/render_sketch.py MODEL.mdl OUT_DIR  (one PNG per view)
"""

import math
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter, QPen, QPolygonF

app = QGuiApplication(sys.argv)


def parse(path):
    text = open(path, encoding="utf-8").read()
    sketch = text[text.index("\\\\\\---///") :]
    views, cur = [], None
    for line in sketch.splitlines():
        if line.startswith("*"):
            cur = {"name": line[1:], "items": {}, "arrows": []}
            views.append(cur)
        elif cur is None or line[:2] not in ("10", "11", "12", "1,"):
            continue
        else:
            f = line.split(",")
            if f[0] in ("10", "11", "12"):
                cur["items"][f[1]] = dict(
                    t=f[0],
                    name=f[2],
                    x=int(f[3]),
                    y=int(f[4]),
                    w=int(f[5]),
                    h=int(f[6]),
                    shape=int(f[7]),
                )
            elif f[0] == "1":
                cur["arrows"].append(dict(src=f[2], dst=f[3], kind=int(f[4]), pol=int(f[6])))
    return views


def box(it):
    if it["t"] == "10" and it["shape"] == 3:
        return QRectF(it["x"] - it["w"], it["y"] - it["h"], 2 * it["w"], 2 * it["h"])
    if it["t"] == "10":
        return QRectF(it["x"] - 55, it["y"] - 16, 110, 32)
    return QRectF(it["x"] - 9, it["y"] - 9, 18, 18)


def clip(rect, p, q):
    """Point where segment p->q leaves rect (centred at p)."""
    dx, dy = q.x() - p.x(), q.y() - p.y()
    if dx == 0 and dy == 0:
        return p
    tx = (rect.width() / 2) / abs(dx) if dx else math.inf
    ty = (rect.height() / 2) / abs(dy) if dy else math.inf
    t = min(tx, ty, 1)
    return QPointF(p.x() + dx * t, p.y() + dy * t)


def head(painter, a, b, size=9):
    ang = math.atan2(b.y() - a.y(), b.x() - a.x())
    pts = [
        b,
        QPointF(b.x() - size * math.cos(ang - 0.4), b.y() - size * math.sin(ang - 0.4)),
        QPointF(b.x() - size * math.cos(ang + 0.4), b.y() - size * math.sin(ang + 0.4)),
    ]
    painter.drawPolygon(QPolygonF(pts))


def render(view, out):
    items = view["items"]
    xs = [i["x"] for i in items.values()]
    ys = [i["y"] for i in items.values()]
    x0, y0 = min(xs) - 90, min(ys) - 60
    w, h = max(xs) - x0 + 90, max(ys) - y0 + 60
    img = QImage(int(w), int(h), QImage.Format_ARGB32)
    img.fill(QColor("white"))
    p = QPainter(img)
    p.setRenderHint(QPainter.Antialiasing)
    p.translate(-x0, -y0)
    font = QFont("DejaVu Sans", 8)
    p.setFont(font)
    for a in view["arrows"]:
        s, d = items[a["src"]], items[a["dst"]]
        ps, pd = QPointF(s["x"], s["y"]), QPointF(d["x"], d["y"])
        if a["kind"] in (4, 100):
            p.setPen(QPen(QColor("#3465a4"), 4))
            end = clip(box(d), pd, ps) if a["kind"] == 4 else pd
            start = ps
            p.drawLine(start, end)
            if a["kind"] == 4:
                p.setBrush(QColor("#3465a4"))
                head(p, start, end, 12)
        else:
            p.setPen(QPen(QColor("#888888"), 1))
            p.setBrush(QColor("#888888"))
            a1 = clip(box(s), ps, pd)
            b1 = clip(box(d), pd, ps)
            p.drawLine(a1, b1)
            head(p, a1, b1)
            if a["pol"] in (43, 45):
                t = 0.8
                mx = a1.x() + (b1.x() - a1.x()) * t
                my = a1.y() + (b1.y() - a1.y()) * t
                p.setPen(QColor("#b00000" if a["pol"] == 45 else "#006000"))
                p.setFont(QFont("DejaVu Sans", 10, QFont.Bold))
                p.drawText(QPointF(mx + 4, my - 3), "+" if a["pol"] == 43 else "\u2212")
                p.setFont(font)
    for it in items.values():
        r = box(it)
        if it["t"] == "10" and it["shape"] == 3:
            p.setPen(QPen(QColor("black"), 1.5))
            p.setBrush(QColor("#fff8dc"))
            p.drawRect(r)
            p.drawText(r, Qt.AlignCenter | Qt.TextWordWrap, it["name"])
        elif it["t"] == "10":
            p.setPen(QColor("black"))
            p.drawText(r, Qt.AlignCenter | Qt.TextWordWrap, it["name"])
        elif it["t"] == "11":
            p.setPen(QPen(QColor("#3465a4"), 1.5))
            p.setBrush(QColor("white"))
            p.drawEllipse(QPointF(it["x"], it["y"]), 7, 7)
        elif it["t"] == "12":
            p.setPen(QPen(QColor("#777777"), 1))
            p.setBrush(QColor("#eeeeee"))
            p.drawEllipse(QPointF(it["x"], it["y"]), 11, 8)
    p.setPen(QColor("black"))
    p.setFont(QFont("DejaVu Sans", 12, QFont.Bold))
    p.drawText(QPointF(x0 + 10, y0 + 22), view["name"])
    p.end()
    img.save(out)
    print("saved", out)


if __name__ == "__main__":
    path, outdir = sys.argv[1], sys.argv[2]
    for view in parse(path):
        slug = view["name"].lower().replace(" ", "-")
        render(view, os.path.join(outdir, f"{slug}.png"))
