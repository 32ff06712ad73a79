"""A gallery page as one image: numbered thumbnails on a checkerboard, so transparency is visible."""

from __future__ import annotations

import asyncio
import io

from PIL import Image, ImageDraw, ImageFont

CELL = 200
PAD = 12
COLUMNS = 4


def _checkerboard(size: int, square: int = 12) -> Image.Image:
    board = Image.new("RGB", (size, size), (235, 235, 235))
    draw = ImageDraw.Draw(board)
    for y in range(0, size, square):
        for x in range((y // square % 2) * square, size, square * 2):
            draw.rectangle((x, y, x + square - 1, y + square - 1), fill=(200, 200, 200))
    return board


def contact_sheet(images: list[tuple[int, bytes]]) -> bytes:
    """PNG of up to COLUMNS thumbnails a row; each labelled with its number (what the select lists)."""
    rows = max((len(images) + COLUMNS - 1) // COLUMNS, 1)
    columns = min(max(len(images), 1), COLUMNS)
    sheet = Image.new("RGB", (columns * (CELL + PAD) + PAD, rows * (CELL + PAD) + PAD), (32, 34, 37))
    font = ImageFont.load_default(size=22)
    board = _checkerboard(CELL)
    for index, (number, data) in enumerate(images):
        left, top = PAD + (index % COLUMNS) * (CELL + PAD), PAD + (index // COLUMNS) * (CELL + PAD)
        cell = board.copy()
        with Image.open(io.BytesIO(data)) as image:
            thumb = image.convert("RGBA")
            thumb.thumbnail((CELL, CELL), Image.Resampling.LANCZOS)
            cell.paste(thumb, ((CELL - thumb.width) // 2, (CELL - thumb.height) // 2), thumb)
        sheet.paste(cell, (left, top))
        draw = ImageDraw.Draw(sheet)
        draw.rounded_rectangle((left + 6, top + 6, left + 46, top + 36), radius=6, fill=(88, 101, 242))
        draw.text((left + 26, top + 21), str(number), font=font, fill="white", anchor="mm")
    out = io.BytesIO()
    sheet.save(out, "PNG", compress_level=1)
    return out.getvalue()


async def contact_sheet_async(images: list[tuple[int, bytes]]) -> bytes:
    return await asyncio.to_thread(contact_sheet, images)
