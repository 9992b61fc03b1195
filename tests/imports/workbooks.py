"""Crafted XLSX workbooks."""

import io
import re
import zipfile

import openpyxl


def xlsx(rows: list[list], declared: str) -> bytes:
    """A workbook whose sheet's <dimension> tag claims `declared` whatever it holds."""
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    plain = io.BytesIO()
    book.save(plain)
    crafted = io.BytesIO()
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(crafted, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(
                    rb'<dimension ref="[^"]*"', f'<dimension ref="{declared}"'.encode(), data
                )
            target.writestr(item, data)
    return crafted.getvalue()
