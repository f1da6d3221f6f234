-- Typst output: what pandoc 3.9's Typst writer does not do for a PDF/UA-1 document.
--
-- * Images keep their alt text (the 3.9 writer drops it; Typst's UA-1 mode refuses an image
--   without one). Figures are written whole, with the alt text on the image.
-- * roledoc's own blocks (byline, status note, draft notice, colophon) call the functions of
--   the template instead of becoming anonymous blocks; so do GitHub alerts, which arrive as
--   Div ("", ["alert", KIND], []) with their body and get their title here, in the
--   document's language (metadata labels.alerts.KIND).
-- * A cross-reference, Link ("", ["xref"], [("title", T)]) to "#anchor", is followed by its
--   target's title and page, or only the page, as xrefs.lua says for its kind of link text;
--   a link with an empty target is its text (Typst refuses it).
-- * Tables get their widths and alignment from tables.lua, which runs first.
-- * A paragraph that ends in a colon is kept on one page with what it announces.
-- * Each chapter is marked for pipeline/balance.py (see chapter_marks), and its tail
--   (tails.lua) is kept whole where balance.py says so.

local xrefs = dofile(pandoc.path.join({ pandoc.path.directory(PANDOC_SCRIPT_FILE), "xrefs.lua" }))

local labels = {}

local function label(group, key, fallback)
  local words = labels[group]
  return words and words[key] and pandoc.utils.stringify(words[key]) or fallback
end

local function typst_string(text)
  return '"' .. text:gsub('\\', '\\\\'):gsub('"', '\\"') .. '"'
end

local function typst_length(value)
  if value and (value:match("^%d+%.?%d*%%$") or value:match("^%d+%.?%d*[cm]m$")
      or value:match("^%d+%.?%d*in$") or value:match("^%d+%.?%d*pt$")) then
    return value
  end
  return nil
end

local function image_call(image, alt)
  local args = { typst_string(image.src), "alt: " .. typst_string(alt) }
  local width = typst_length(image.attributes.width)
  if width then table.insert(args, "width: " .. width) end
  return "image(" .. table.concat(args, ", ") .. ")"
end

local function inlines_to_typst(inlines)
  local text = pandoc.write(pandoc.Pandoc({ pandoc.Plain(inlines) }), "typst")
  return (text:gsub("%s+$", ""))
end

local function Image(image)
  local alt = pandoc.utils.stringify(image.caption)
  return pandoc.RawInline("typst", "#box(" .. image_call(image, alt) .. ")")
end

local function Figure(figure)
  local image
  figure.content:walk({ Image = function(i) image = image or i end })
  if not image then return nil end
  local caption = pandoc.utils.blocks_to_inlines(figure.caption.long)
  local alt = image.attributes.alt or pandoc.utils.stringify(image.caption)
  if alt == "" then alt = pandoc.utils.stringify(caption) end
  local label = figure.identifier ~= "" and (" <" .. figure.identifier .. ">") or ""
  local code = "#figure(" .. image_call(image, alt) .. ", caption: ["
    .. inlines_to_typst(caption) .. "])" .. label
  return pandoc.RawBlock("typst", code)
end

-- PDF/UA-1 forbids a line through underlined text ("cannot combine underline, overline, or
-- strike"): inside what is underlined (a link, an insertion in a redline) struck-through
-- text keeps its words and loses its line.
local function unstruck(inlines)
  return inlines:walk({ Strikeout = function(struck) return struck.content end })
end

-- Changes in a redline: underlined or struck through, coloured, and between [+ +] or [- -],
-- so they are clear without colour and read out as text.
local function Span(span)
  local call = span.classes:includes("insertion") and "roledoc-ins"
    or span.classes:includes("deletion") and "roledoc-del"
  if not call then return nil end
  local result = pandoc.Inlines({ pandoc.RawInline("typst", "#" .. call .. "[") })
  result:extend(call == "roledoc-ins" and unstruck(span.content) or span.content)
  result:insert(pandoc.RawInline("typst", "]"))
  return result
end

-- pandoc's Typst writer puts inline content in brackets (`#link(..)[3. Afspraken]`), where
-- Typst reads a leading `3. `, `- `, `+ ` or `= ` as a list item or heading, breaking the
-- sentence over lines. Escape such a start; the words stay the same.
local function escape_leading_marker(el)
  local first, second = el.content[1], el.content[2]
  if not (first and first.t == "Str" and second and second.t == "Space") then return nil end
  local text = first.text
  if text:match("^%d+[.)]$") then
    el.content[1] = pandoc.RawInline("typst", text:sub(1, -2) .. "\\" .. text:sub(-1))
  elseif text == "-" or text == "+" or text == "=" then
    el.content[1] = pandoc.RawInline("typst", "\\" .. text)
  else
    return nil
  end
  return el
end

-- Links are underlined here rather than by a show rule in the template, because PDF/UA-1
-- forbids a line through underlined text ("cannot combine underline, overline, or strike")
-- and a show rule cannot be undone inside struck text. A link inside struck-through text
-- (`~~[a link](https://example.org)~~`, `~~www.example.org~~`) keeps its colour and stays
-- struck, as on GitHub, without the underline; so does a link in a redline, whose changes are
-- the underlines and strikes.
local redline = PANDOC_WRITER_OPTIONS.variables.redline ~= nil  -- pandoc/changes.yaml
local PLAIN = "roledoc-plain-link"

local function Strikeout(struck)
  escape_leading_marker(struck)
  struck.content = struck.content:walk({
    Link = function(link)
      link.attributes[PLAIN] = "1"
      return link
    end,
  })
  return struck
end

local function underlined(link)
  local plain = redline or link.attributes[PLAIN] ~= nil
  link.attributes[PLAIN] = nil
  if not plain then link.content = pandoc.Inlines({ pandoc.Underline(link.content) }) end
  return link
end

local function is_empty_target(target)
  return target:match("^%s*$") ~= nil
end

local function Link(link)
  if is_empty_target(link.target) then
    return link.content
  end
  link.content = unstruck(link.content)
  escape_leading_marker(link)
  if link.classes:includes("xref") and link.target:sub(1, 1) == "#" then
    local title = link.attributes.title
    local kind = xrefs.kind(link, title)
    local target = "label(" .. typst_string(link.target:sub(2)) .. ")"
    local title_code = kind == "other" and title and title ~= ""
      and ("[" .. inlines_to_typst(pandoc.Inlines(title)) .. "]") or "none"
    link.classes = {}
    link.attributes = {}
    local page = pandoc.RawInline("typst", "#roledoc-xref(" .. target .. ", " .. title_code .. ")")
    if kind == "see" then
      -- "zie ook" stays, as text; the link names its target (xrefs.lua)
      local result = pandoc.Inlines(link.content)
      link.content = { pandoc.Emph(pandoc.Inlines(title)) }
      result:extend({ pandoc.Space(), underlined(link), page })
      return result
    end
    return { underlined(link), page }
  end
  return underlined(link)  -- changed in place: returning nothing would keep the original
end

-- Blocks as the content of a Typst function call: `opening` ends in "[".
local function wrapped(opening, blocks)
  local out = { pandoc.RawBlock("typst", opening) }
  for _, block in ipairs(blocks) do table.insert(out, block) end
  table.insert(out, pandoc.RawBlock("typst", "]"))
  return out
end

-- A task list is its boxes, without bullets, as on GitHub.
local BOXES = { ["☐"] = true, ["☒"] = true }

local function is_task(item)
  local first = item[1]
  local box = first and (first.t == "Plain" or first.t == "Para") and first.content[1]
  return box and box.t == "Str" and BOXES[box.text] or false
end

local function BulletList(list)
  for _, item in ipairs(list.content) do
    if not is_task(item) then return nil end
  end
  return wrapped("#[#set list(marker: none)", { list })
end

local ALERT_KINDS = { note = "Note", tip = "Tip", important = "Important",
  warning = "Warning", caution = "Caution" }

local function alert(div)
  if not div.classes:includes("alert") then return nil end
  for kind, fallback in pairs(ALERT_KINDS) do
    if div.classes:includes(kind) then
      local title = inlines_to_typst(pandoc.Inlines(label("alerts", kind, fallback)))
      return wrapped("#roledoc-alert(" .. typst_string(kind) .. ", [" .. title .. "])[",
        div.content)
    end
  end
end

local functions = {
  byline = "roledoc-byline",
  ["status-note"] = "roledoc-status-note",
  ["draft-notice"] = "roledoc-draft-notice",
  ["colophon-edition"] = "roledoc-colophon-edition",
  ["colophon-small"] = "roledoc-colophon-small",
}

local function Div(div)
  local callout = alert(div)
  if callout then return callout end
  for class, name in pairs(functions) do
    if div.classes:includes(class) then
      return wrapped("#" .. name .. "[", div.content)
    end
  end
end

-- A paragraph that ends in a colon leads in to what follows ("kan bijvoorbeeld zeggen:"): it
-- stays on the page of the quotation, list or table it announces.
local LED_IN = { BlockQuote = true, BulletList = true, OrderedList = true, Table = true,
  Figure = true, CodeBlock = true, Div = true, DefinitionList = true }

local function ends_in_colon(block)
  if block.t ~= "Para" and block.t ~= "Plain" then return false end
  local last = block.content[#block.content]
  return last ~= nil and last.t == "Str" and last.text:sub(-1) == ":"
end

local function keep_lead_ins(blocks)
  local out, changed = pandoc.Blocks({}), false
  for i, block in ipairs(blocks) do
    local following = blocks[i + 1]
    if following and LED_IN[following.t] and ends_in_colon(block) then
      out:extend(wrapped("#block(sticky: true)[", { block }))
      changed = true
    else
      out:insert(block)
    end
  end
  return changed and out or nil
end

-- A heading stays with what follows it (sticky, in the template), but a heading with no text of
-- its own, followed by a heading of its level or higher (an empty contribution, a form's list of
-- questions), is no reason to keep the next one with it: a chain of such headings would move
-- to the next page as one block and leave the page before it half empty. Such a heading (or
-- its byline, when it has one) is set loose.
local function is_byline(block) -- or a status note: either stands between a heading and its text
  return block.t == "Div" and (block.classes:includes("byline")
    or block.classes:includes("status-note"))
end

local function unchain_headings(blocks)
  local out, changed = pandoc.Blocks({}), false
  local open, last = nil, nil -- the level of a heading without text yet, and its last block
  for _, block in ipairs(blocks) do
    if block.t == "Header" and open and block.level <= open then
      out:insert(last + 1, pandoc.RawBlock("typst", "#roledoc-sticky.update(true)"))
      out:insert(last, pandoc.RawBlock("typst", "#roledoc-sticky.update(false)"))
      changed = true
    end
    if block.t == "Header" then
      open = block.level
    elseif not (block.t == "RawBlock" or is_byline(block)) then
      open = nil
    end
    out:insert(block)
    if block.t == "Header" or is_byline(block) then last = #out end
  end
  return changed and out or nil
end

-- Marks at each chapter's start and end, and the chapter's spacing, for pipeline/balance.py:
-- a chapter that would end with a few lines alone on a page is set a little tighter. Not in
-- the short edition, whose chapters do not start on a new page.
local function chapter_marks(doc)
  if doc.meta["summary-edition"] then return nil end
  local blocks, chapter = pandoc.Blocks({}), 0
  for _, block in ipairs(doc.blocks) do
    if block.t == "Header" and block.level == 1 then
      if chapter > 0 then
        blocks:insert(pandoc.RawBlock("typst", "#roledoc-chapter-mark(\"end\", " .. chapter .. ")"))
      end
      chapter = chapter + 1
      local factor = "roledoc-factor(" .. chapter .. ")"
      blocks:insert(pandoc.RawBlock("typst", "#set par(leading: body-leading * " .. factor
        .. ", spacing: body-spacing * " .. factor .. ")"))
      blocks:insert(block)
      blocks:insert(pandoc.RawBlock("typst", "#roledoc-chapter-mark(\"start\", " .. chapter .. ")"))
    elseif block.t == "Div" and block.classes:includes("chapter-tail") then
      -- tails.lua's; the template keeps it whole where balance.py says so. Unwrapped here, not
      -- in the walk below: that walk does not go into the blocks a Div is replaced by.
      if block.attributes.rows then -- the last rows of a long table: Typst cannot keep those
        blocks:extend(block.content)
      else
        blocks:extend(wrapped("#roledoc-tail(" .. chapter .. ")[", block.content))
      end
    else
      blocks:insert(block)
    end
  end
  if chapter > 0 then
    blocks:insert(pandoc.RawBlock("typst", "#roledoc-chapter-mark(\"end\", " .. chapter .. ")"))
  end
  doc.blocks = blocks
  return doc
end

return {
  { Meta = function(meta) labels = meta.labels or {} end },
  { Pandoc = chapter_marks },
  { Blocks = keep_lead_ins },
  { Blocks = unchain_headings },
  {
    traverse = "topdown",
    Image = Image, Figure = Figure, Span = Span, Div = Div, BulletList = BulletList,
    Link = Link, Emph = escape_leading_marker,
    Strong = escape_leading_marker, Strikeout = Strikeout,
    Underline = escape_leading_marker, SmallCaps = escape_leading_marker,
  },
}
