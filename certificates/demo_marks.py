"""A seal and a signature for the demo certificate, drawn here and clearly fictional.

The seal is a red ring reading "BỘ KHOA HỌC VÀ CÔNG NGHỆ (MẪU)" with "MẪU – KHÔNG CÓ GIÁ TRỊ"
in its centre; the signature is a scribble. Both are PNGs drawn the same way every time, so
the demo looks like a real certificate while nobody could take it for one.
"""

from __future__ import annotations

import io
import math

from PIL import Image, ImageDraw, ImageFont

from certificates import fonts

SEAL_SIZE = 480
SIGNATURE_SIZE = (420, 180)
SEAL_RED = (200, 22, 30, 255)
INK_BLUE = (22, 44, 140, 255)
SEAL_RING_TEXT = "BỘ KHOA HỌC VÀ CÔNG NGHỆ (MẪU)"
SEAL_CENTRE_LINES = ("MẪU", "KHÔNG CÓ", "GIÁ TRỊ")


def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(fonts.font_dir() / fonts.FACES[("bold", "normal")]), size)


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def _star(draw: ImageDraw.ImageDraw, centre: tuple[float, float], radius: float) -> None:
    x, y = centre
    points = []
    for index in range(10):
        reach = radius if index % 2 == 0 else radius * 0.4
        angle = -math.pi / 2 + index * math.pi / 5
        points.append((x + reach * math.cos(angle), y + reach * math.sin(angle)))
    draw.polygon(points, fill=SEAL_RED)


def _ring_text(image: Image.Image, text: str, radius: float, size: int) -> None:
    """`text` along the top of a circle of `radius`, each letter upright to the centre."""
    font = _font(size)
    centre = SEAL_SIZE / 2
    widths = [font.getlength(char) for char in text]
    spread = sum(widths) / radius + 0.02 * len(text)
    angle = -math.pi / 2 - spread / 2
    for char, width in zip(text, widths, strict=True):
        step = width / radius
        middle = angle + step / 2
        tile = Image.new("RGBA", (size * 2, size * 2), (0, 0, 0, 0))
        ImageDraw.Draw(tile).text((size, size), char, font=font, fill=SEAL_RED, anchor="mm")
        tile = tile.rotate(-math.degrees(middle + math.pi / 2), resample=Image.Resampling.BICUBIC)
        x = centre + radius * math.cos(middle) - size
        y = centre + radius * math.sin(middle) - size
        image.alpha_composite(tile, (round(x), round(y)))
        angle += step + 0.02


def seal_png() -> bytes:
    """A red round seal marked as a specimen without value."""
    image = Image.new("RGBA", (SEAL_SIZE, SEAL_SIZE), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    edge = 8
    draw.ellipse((edge, edge, SEAL_SIZE - edge, SEAL_SIZE - edge), outline=SEAL_RED, width=12)
    inner = 92
    draw.ellipse((inner, inner, SEAL_SIZE - inner, SEAL_SIZE - inner), outline=SEAL_RED, width=5)
    _ring_text(image, SEAL_RING_TEXT, radius=SEAL_SIZE / 2 - 52, size=40)
    centre = SEAL_SIZE / 2
    _star(draw, (centre, centre - 88), 30)
    for offset, line in zip((-22, 30, 76), SEAL_CENTRE_LINES, strict=True):
        draw.text((centre, centre + offset), line, font=_font(44), fill=SEAL_RED, anchor="mm")
    _star(draw, (centre, SEAL_SIZE - 58), 16)
    return _png(image)


def signature_png() -> bytes:
    """A scribbled signature in blue ink: loops and a closing flourish, no readable name."""
    width, height = SIGNATURE_SIZE
    image = Image.new("RGBA", SIGNATURE_SIZE, (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    points = []
    steps = 400
    for index in range(steps):
        t = index / (steps - 1)
        x = 30 + t * (width - 90) + 22 * math.sin(t * 9 * math.pi)
        y = (
            height * 0.55
            - 48 * math.sin(t * 4.5 * math.pi) * (1 - 0.6 * t)
            + 26 * math.cos(t * 9 * math.pi)
        )
        points.append((x, y))
    draw.line(points, fill=INK_BLUE, width=5, joint="curve")
    draw.line(
        [(60, height * 0.78), (width * 0.55, height * 0.7), (width - 24, height * 0.82)],
        fill=INK_BLUE,
        width=4,
        joint="curve",
    )
    return _png(image)
