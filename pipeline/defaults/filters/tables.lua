-- Tables for print (PDF, DOCX, ODT): column widths and alignment from the content.
--
-- * Widths, as a browser sizes an automatic table: every column gets at least its longest
--   word (up to MAX_WORD characters; longer runs break anywhere), the room that is left goes
--   to the columns with the most text. A table that fits on the line keeps automatic widths.
--   Lengths are in characters, measured against LINE_CHARACTERS, about what a line holds.
-- * Alignment: a column whose body cells are all numbers (amounts, percentages, counts) is
--   right-aligned, so that units line up; a column the writer did not align (GitHub's
--   `|---|`) reads from the left, as on GitHub.

local LINE_CHARACTERS = 85 -- Source Sans at 10.5 pt across 16 cm, bold headers included
local CELL_PADDING = 3 -- characters' worth of inset and rule per column
local MAX_WORD = 25

local function each_cell(tbl, action)
  local count = #tbl.colspecs
  local function visit(rows, is_body)
    for _, row in ipairs(rows) do
      local column = 1
      for _, cell in ipairs(row.cells) do
        if cell.col_span == 1 and column <= count then
          action(column, pandoc.utils.stringify(cell.contents), is_body)
        end
        column = column + cell.col_span
      end
    end
  end
  visit(tbl.head.rows, false)
  for _, body in ipairs(tbl.bodies) do
    visit(body.head, false)
    visit(body.body, true)
  end
  visit(tbl.foot.rows, false)
end

local function table_widths(tbl)
  local count = #tbl.colspecs
  local shortest, longest = {}, {}
  for i = 1, count do shortest[i], longest[i] = 3, 3 end
  each_cell(tbl, function(column, text)
    longest[column] = math.max(longest[column], pandoc.text.len(text))
    for word in text:gmatch("%S+") do
      shortest[column] = math.max(shortest[column], math.min(pandoc.text.len(word), MAX_WORD))
    end
  end)
  local room = LINE_CHARACTERS - CELL_PADDING * count
  local need, least, spare = 0, 0, 0
  for i = 1, count do
    longest[i] = math.max(longest[i], shortest[i])
    need, least = need + longest[i], least + shortest[i]
    spare = spare + longest[i] - shortest[i]
  end
  local widths = {}
  for i = 1, count do
    -- The characters a column gets, plus its padding, as a share of the line.
    local share
    if need <= room then
      share = nil
    elseif least >= room then
      share = shortest[i] * room / least
    else
      share = shortest[i] + (longest[i] - shortest[i]) * (room - least) / spare
    end
    widths[i] = share and (share + CELL_PADDING) / LINE_CHARACTERS
  end
  return widths
end

-- A number as tables write them: 12, 1.250, 3,5, -4, 12 %, € 1.200,-, 2017, 40-60.
local function is_number(text)
  text = text:gsub("\u{2212}", "-"):gsub("\u{20AC}", ""):gsub("%s", "")
  text = text:gsub(",%-$", "")
  return text:match("^[-+]?%d[%d.,]*%%?$") ~= nil
    or text:match("^%d[%d.,]*%-%d[%d.,]*%%?$") ~= nil
end

local function numeric_columns(tbl)
  local numbers, others = {}, {}
  each_cell(tbl, function(column, text, is_body)
    if not is_body or text:match("^%s*$") or text == "-" or text == "\u{2013}" then return end
    if is_number(text) then
      numbers[column] = (numbers[column] or 0) + 1
    else
      others[column] = (others[column] or 0) + 1
    end
  end)
  local numeric = {}
  for column, n in pairs(numbers) do numeric[column] = n > 0 and not others[column] end
  return numeric
end

function Table(tbl)
  local widths = table_widths(tbl)
  local numeric = numeric_columns(tbl)
  for i, spec in ipairs(tbl.colspecs) do
    local align = spec[1]
    if align == "AlignDefault" then align = numeric[i] and "AlignRight" or "AlignLeft" end
    tbl.colspecs[i] = { align, widths[i] }
  end
  return tbl
end
