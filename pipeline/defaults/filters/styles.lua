-- DOCX and ODT: give roledoc's blocks named paragraph styles, defined in the reference
-- document, show the edition under the title ("Editie 1.1 · 8 maart 2021", who adopted it),
-- and number the headings numbering.lua leaves numbered (1, 1.1) in ODT as well: the DOCX
-- writer numbers them itself (number-sections), the ODT writer does not.
local styles = {
  byline = "Byline",
  ["status-note"] = "Status Note",
  ["draft-notice"] = "Draft Notice",
  ["colophon-edition"] = "Colophon",
  ["colophon-small"] = "Colophon",
}

local function Div(div)
  for class, style in pairs(styles) do
    if div.classes:includes(class) then
      div.attributes["custom-style"] = style
      return div
    end
  end
end

local counters = {}

local function Header(header)
  if FORMAT ~= "odt" or header.classes:includes("unnumbered") then
    return nil
  end
  counters[header.level] = (counters[header.level] or 0) + 1
  for level = header.level + 1, #counters do counters[level] = 0 end
  local parts = {}
  for level = 1, header.level do table.insert(parts, tostring(counters[level] or 0)) end
  header.content:insert(1, pandoc.Str(table.concat(parts, ".")))
  header.content:insert(2, pandoc.Space())
  return header
end

local function Meta(meta)
  local parts = {}
  -- either may be missing: not ipairs, which stops at the first gap
  for _, key in ipairs({ "edition-kind", "edition-line" }) do
    if meta[key] then table.insert(parts, pandoc.utils.stringify(meta[key])) end
  end
  if not meta["edition-line"] and meta.date then
    table.insert(parts, pandoc.utils.stringify(meta.date))
  end
  local line = pandoc.Inlines(table.concat(parts, " · "))
  if meta.adopted then
    line:insert(pandoc.LineBreak())
    line:extend(pandoc.Inlines(pandoc.utils.stringify(meta.adopted)))
  end
  meta.date = pandoc.MetaInlines(line)
  return meta
end

return {
  { Div = Div, Meta = Meta },
  -- headers in document order, in a pass of their own
  { traverse = "topdown", Header = Header },
}
