"""Tables in the Word file: fixed column widths in which every column holds its longest word
(see office.column_widths), no hyphenation in cells, rows kept whole on a page (unless long);
pandoc already repeats the header row.
"""

from __future__ import annotations

from .docxpackage import PPR, VAL, N, P, names, run_text
from .office import column_widths
from .officexml import Element, drop, insert_before_any, prepend

TWIPS_PER_POINT = 20
DEFAULT_TEXT_WIDTH = 9070  # twips: A4 with 2.5 cm margins
CELL_FONT_SIZE = 10.5  # points: the Compact style of the reference document
CELL_PADDING = 12.0  # points: the cell margins (2 x 108 twips) and a little air


def text_width(document: Element) -> int:
    """The width between the margins of the (first) section, in twips."""
    size = next(document.iter(N("w:pgSz")), None)
    margins = next(document.iter(N("w:pgMar")), None)
    if size is None or margins is None:
        return DEFAULT_TEXT_WIDTH
    values = [
        node.get(N(name), "")
        for node, name in ((size, "w:w"), (margins, "w:left"), (margins, "w:right"))
    ]
    if not all(value.isdigit() for value in values):
        return DEFAULT_TEXT_WIDTH
    width, left, right = (int(value) for value in values)
    return width - left - right


# A row with more text than this may be taller than a page: Word would cut it off rather than
# break it, so only shorter rows are kept whole.
WHOLE_ROW_CHARACTERS = 400


def fit_tables(document: Element, width: int) -> None:
    """Every table (the innermost, where one holds another) with fixed column widths in which
    each column holds its longest word, and no hyphenation in its cells; a row is not broken
    across pages unless it is long."""
    table = N("w:tbl")
    for found in list(document.iter(table)):
        if sum(1 for _ in found.iter(table)) == 1:
            _fit_table(found, width)
            _keep_rows_whole(found)


def _keep_rows_whole(table: Element) -> None:
    for row in table.iter(N("w:tr")):
        if len(run_text(row)) > WHOLE_ROW_CHARACTERS:
            continue
        keep = N.make("w:cantSplit")
        properties = row.find(N("w:trPr"))
        if properties is None:
            prepend(row, N.make("w:trPr", {}, keep))
        elif properties.find(N("w:cantSplit")) is None:
            prepend(properties, keep)


def _span(cell: Element) -> int:
    span = next(cell.iter(N("w:gridSpan")), None)
    value = "" if span is None else span.get(VAL, "")
    return int(value) if value.isdigit() else 1


def _fit_table(table: Element, width: int) -> None:
    w = N("w:w")
    grid_element = next(table.iter(N("w:tblGrid")), None)
    if grid_element is None:
        return
    grid = [int(c.get(w)) for c in grid_element.iter(N("w:gridCol")) if (c.get(w) or "").isdigit()]
    if not grid:
        return
    columns: list[list[tuple[str, bool]]] = [[] for _ in grid]
    rows = list(table.iter(N("w:tr")))
    for row in rows:
        header = next(row.iter(N("w:tblHeader")), None) is not None
        column = 0
        for cell in row.iter(N("w:tc")):
            if next(cell.iter(N("w:gridSpan")), None) is None and column < len(grid):
                columns[column].append((run_text(cell), header))
            column += _span(cell)
    given = None if len(set(grid)) == 1 else [float(w) for w in grid]
    points = column_widths(columns, width / TWIPS_PER_POINT, CELL_FONT_SIZE, CELL_PADDING, given)
    twips = [round(p * TWIPS_PER_POINT) for p in points]
    for column_element in list(grid_element):
        grid_element.remove(column_element)
    grid_element.text = None
    for value in twips:
        grid_element.append(N.make("w:gridCol", {"w:w": str(value)}))
    for table_width in table.iter(N("w:tblW")):
        table_width.attrib.clear()
        table_width.set(N("w:type"), "dxa")
        table_width.set(w, str(sum(twips)))
    for layout in list(table.iter(N("w:tblLayout"))):
        drop(layout)
    properties = table.find(N("w:tblPr"))
    if properties is not None:
        properties.append(N.make("w:tblLayout", {"w:type": "fixed"}))
    for row in rows:
        _size_cells(row, twips)
    for paragraph in table.iter(P):
        own = paragraph.find(PPR)
        if own is None and (len(paragraph) or paragraph.text):  # an empty one has no words
            prepend(paragraph, N.make("w:pPr", {}, N.make("w:suppressAutoHyphens")))
        elif own is not None and next(own.iter(N("w:suppressAutoHyphens")), None) is None:
            insert_before_any(own, N.make("w:suppressAutoHyphens"), _AFTER_SUPPRESS_HYPHENS)


# CT_PPrBase is a sequence: suppressAutoHyphens comes before these.
_AFTER_SUPPRESS_HYPHENS = names(
    *(
        "w:" + name
        for name in (
            "kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi "
            "adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents "
            "suppressOverlap jc textDirection textAlignment textboxTightWrap outlineLvl divId "
            "cnfStyle rPr sectPr pPrChange"
        ).split()
    )
)


def _size_cells(row: Element, twips: list[int]) -> None:
    column = 0
    for cell in row.iter(N("w:tc")):
        count = _span(cell)
        value = str(sum(twips[column : column + count]))
        column += count
        for old in list(cell.iter(N("w:tcW"))):
            drop(old)
        width = N.make("w:tcW", {"w:w": value, "w:type": "dxa"})
        properties = cell.find(N("w:tcPr"))
        if properties is None:
            prepend(cell, N.make("w:tcPr", {}, width))
        else:
            prepend(properties, width)
