# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The text of the PDF files wkhtmltopdf writes, read with PyPDF2.

PyPDF2 1.26's `extractText` returns nothing for them: wkhtmltopdf writes its text
with Type0 fonts (Identity-H: two bytes a glyph), readable only through each font's
ToUnicode map. This reads those maps and the pages' text operators, one glyph a
string, and joins the text objects with a space.
"""

import io
import re

from PyPDF2 import PdfFileReader
from PyPDF2.pdf import ContentStream

HEX = re.compile(rb"<([0-9A-Fa-f]+)>")


def _unicode(hex_text):
    return bytes.fromhex(hex_text.decode()).decode("utf-16-be")


def _to_unicode(font):
    """{glyph code: text} of a font's ToUnicode map (its bfchar and bfrange)."""
    data = font["/ToUnicode"].getObject().getData()
    table = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        codes = HEX.findall(block)
        for code, text in zip(codes[::2], codes[1::2]):
            table[int(code, 16)] = _unicode(text)
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for line in block.strip().splitlines():
            values = HEX.findall(line)
            start, end = int(values[0], 16), int(values[1], 16)
            if b"[" in line:  # one text per code
                texts = [_unicode(text) for text in values[2:]]
            else:  # consecutive characters from the first
                first = ord(_unicode(values[2]))
                texts = [chr(first + offset) for offset in range(end - start + 1)]
            table.update(zip(range(start, end + 1), texts))
    return table


def _page_text(reader, page):
    fonts = page["/Resources"].getObject()["/Font"].getObject()
    maps = {
        name: _to_unicode(font.getObject())
        for name, font in fonts.items()
        if "/ToUnicode" in font.getObject()
    }
    parts, glyphs = [], {}
    for operands, operator in ContentStream(page.getContents(), reader).operations:
        if operator == b"Tf":
            glyphs = maps.get(operands[0], {})
        elif operator in (b"Tj", b"TJ"):
            strings = operands[0] if operator == b"TJ" else [operands[0]]
            for raw in strings:
                if isinstance(raw, bytes):  # TJ's numbers only move the pen
                    parts += [
                        glyphs.get(int.from_bytes(raw[i : i + 2], "big"), "\ufffd")
                        for i in range(0, len(raw), 2)
                    ]
        elif operator == b"ET":
            parts.append(" ")
    return "".join(parts)


def pdf_pages(content):
    """The text of each page of a PDF file's `content`, whitespace collapsed."""
    reader = PdfFileReader(io.BytesIO(content))
    return [
        " ".join(_page_text(reader, reader.getPage(number)).split())
        for number in range(reader.getNumPages())
    ]
