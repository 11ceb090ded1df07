"""Make the installable app's icons from one source image (static/icons/source.png, 1024 px,
full-bleed): 192 and 512 px with rounded corners, as the favicon, and a 512 px maskable one
(the source as it is: its mark sits inside the centre circle a launcher's mask keeps).

`--draw-source` draws that source first, from the favicon's shapes (a white tick on the
accent colour). Run after changing the source, and commit the PNGs (Pillow is a development
dependency only).
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

ICONS = Path(settings.BASE_DIR) / "static" / "icons"
ACCENT = "#2f5bd3"
SIZE = 1024


class Command(BaseCommand):
    help = "Make the app's 192, 512 and maskable icons from static/icons/source.png."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--draw-source", action="store_true", help="Draw source.png from the favicon's shapes first."
        )

    def handle(self, *args, draw_source: bool = False, **options) -> None:
        from PIL import Image, ImageDraw

        ICONS.mkdir(parents=True, exist_ok=True)
        if draw_source:
            self.draw_source(Image, ImageDraw)
        source = Image.open(ICONS / "source.png").convert("RGBA")
        source.resize((512, 512), Image.LANCZOS).save(ICONS / "maskable-512.png", optimize=True)
        for size in (192, 512):
            icon = source.resize((size, size), Image.LANCZOS)
            mask = Image.new("L", (size, size), 0)
            ImageDraw.Draw(mask).rounded_rectangle((0, 0, size - 1, size - 1), radius=size // 4, fill=255)
            icon.putalpha(mask)
            icon.save(ICONS / f"icon-{size}.png", optimize=True)
        self.stdout.write(self.style.SUCCESS(f"Made icon-192.png, icon-512.png and maskable-512.png in {ICONS.name}/"))

    def draw_source(self, image_module, draw_module) -> None:
        # The favicon's tick (viewBox 32) scaled into the maskable safe zone (the centre 60%).
        image = image_module.new("RGBA", (SIZE, SIZE), ACCENT)
        scale, offset = SIZE * 0.6 / 32, SIZE * 0.2
        points = [(offset + x * scale, offset + y * scale) for x, y in ((9, 16.5), (13.5, 21), (23, 11.5))]
        width = round(3 * scale)
        draw = draw_module.Draw(image)
        draw.line(points, fill="white", width=width, joint="curve")
        for x, y in (points[0], points[-1]):
            draw.ellipse((x - width / 2, y - width / 2, x + width / 2, y + width / 2), fill="white")
        image.save(ICONS / "source.png", optimize=True)
