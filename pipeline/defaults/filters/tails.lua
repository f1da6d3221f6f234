-- PDF, DOCX and ODT: each chapter's last lines, wrapped so that they can be kept on one page.
--
-- Every chapter starts on a new page, so a chapter whose last few lines spill over leaves a
-- page of those lines and white. Its tail (the last blocks of the chapter, about a quarter of
-- a page of text: TARGET lines, never more than MOST) becomes Div ("roledoc-tail-N",
-- ["chapter-tail"]), N the chapter's number as typst.lua counts them. What keeps it whole is
-- the format's: the DOCX and ODT finishers give its paragraphs keep-with-next and
-- keep-together (pipeline/formats/officetails.py) and drop the wrapper; in the PDF the
-- template keeps it whole only for a chapter that a tighter setting cannot pull back onto
-- its last full page (pipeline/formats/balance.py).
--
-- A chapter that ends in a table too long to keep whole (a glossary) has the table's last
-- rows as its tail: the id ends in "-rows-K" and the Div has rows=K. Word keeps those rows
-- together (docx.py); an OpenDocument table row cannot be kept with the next one, and a
-- Typst table not in part, so there only what follows the table is kept.
--
-- Lines are estimated from the text (CHARS to a line), not measured: a tail may come out a
-- few lines longer or shorter, which moves at most MOST lines to the next page. Not in the
-- short edition, whose chapters do not start on a new page.

local TARGET = 14 -- lines the tail should hold: a page holds about forty
local ENOUGH = 8 -- what will do when the block before would make it more than MOST
local MOST = 20 -- never more: the page before loses what the tail takes from it
local CHARS = 95 -- characters to a full line of body text (measured: 94 to 96)
local CLASS = "chapter-tail"
local PREFIX = "roledoc-tail-"

local function text_lines(node, width)
  local text = pandoc.utils.stringify(node)
  return math.max(1, math.ceil(utf8.len(text) / width))
end

local lines -- block → estimated lines, spacing included

-- A table's rows, head first, each as the lines of its fullest cell (the columns taken as
-- equally wide), padding included.
local function row_lines(table_block)
  local columns = math.max(1, #table_block.colspecs)
  local width = math.max(10, CHARS / columns - 3)
  local rows = {}
  local function add(row)
    local most = 1
    for _, cell in ipairs(row.cells) do
      most = math.max(most, text_lines(cell.contents, width * cell.col_span))
    end
    table.insert(rows, most + 0.4)
  end
  for _, row in ipairs(table_block.head.rows) do add(row) end
  for _, body in ipairs(table_block.bodies) do
    for _, row in ipairs(body.body) do add(row) end
  end
  return rows
end

local function list_lines(items, width)
  local total = 0
  for _, item in ipairs(items) do
    for _, block in ipairs(item) do total = total + lines(block, width - 4) end
  end
  return total
end

lines = function(block, width)
  width = width or CHARS
  local kind = block.t
  if kind == "Para" or kind == "Plain" or kind == "LineBlock" then
    return text_lines(block, width) + 0.3
  elseif kind == "Header" then
    return 1.5
  elseif kind == "BulletList" or kind == "OrderedList" then
    return list_lines(block.content, width) + 0.3
  elseif kind == "DefinitionList" then
    local total = 0.3
    for _, item in ipairs(block.content) do
      total = total + text_lines(item[1], width)
      for _, definition in ipairs(item[2]) do total = total + list_lines({ definition }, width) end
    end
    return total
  elseif kind == "CodeBlock" then
    local count = 1
    for _ in block.text:gmatch("\n") do count = count + 1 end
    return count + 1
  elseif kind == "BlockQuote" or kind == "Div" then
    local total = 0
    for _, inner in ipairs(block.content) do total = total + lines(inner, width - 6) end
    return total + 0.3
  elseif kind == "Table" then
    local total = 1
    for _, row in ipairs(row_lines(block)) do total = total + row end
    return total
  elseif kind == "RawBlock" then
    return 0
  end
  return MOST + 1 -- a figure, a rule: larger than a tail, or not worth guessing
end

-- The last rows of a long table that, with `total` lines after it, reach TARGET; nil when
-- they would take more than MOST (rows of a page each).
local function last_rows(table_block, total)
  local rows = row_lines(table_block)
  for count = 1, #rows - 1 do
    total = total + rows[#rows - count + 1]
    if total > MOST then return nil end
    if total >= TARGET then return count end
  end
  return nil
end

-- The number of blocks, counted from the end of `blocks`, that make the tail (0 for none),
-- and where the first of them is a table too long to keep whole, how many of its last rows
-- belong to the tail.
local function tail_length(blocks)
  local total, count = 0, 0
  for i = #blocks, 1, -1 do
    local more = lines(blocks[i])
    if total + more > MOST then
      if total < ENOUGH and blocks[i].t == "Table" then
        local rows = last_rows(blocks[i], total)
        if rows then return count + 1, rows end
      end
      return total >= ENOUGH and count or 0
    end
    total, count = total + more, count + 1
    if total >= TARGET then return count end
  end
  return 0 -- a chapter shorter than a tail: it fits on a page, or ends one
end

local function wrap_tail(out, chapter, body)
  local count, rows = tail_length(body)
  local keep = #body - count
  for i = 1, keep do out:insert(body[i]) end
  if count > 0 then
    local tail = pandoc.Blocks({})
    for i = keep + 1, #body do tail:insert(body[i]) end
    -- the id is all of it a Word file keeps (a bookmark's name)
    local id = PREFIX .. chapter .. (rows and ("-rows-" .. rows) or "")
    out:insert(pandoc.Div(tail, pandoc.Attr(id, { CLASS }, rows and { rows = rows } or {})))
  end
end

local function Pandoc(doc)
  if doc.meta["summary-edition"] then return nil end
  local out, body, chapter = pandoc.Blocks({}), {}, 0
  for _, block in ipairs(doc.blocks) do
    if block.t == "Header" and block.level == 1 then
      if chapter > 0 then wrap_tail(out, chapter, body) else out:extend(body) end
      chapter, body = chapter + 1, {}
      out:insert(block)
    else
      table.insert(body, block)
    end
  end
  if chapter > 0 then wrap_tail(out, chapter, body) else out:extend(body) end
  doc.blocks = out
  return doc
end

return { { Pandoc = Pandoc } }
