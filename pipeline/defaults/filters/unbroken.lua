-- Names, dates and amounts stay on one line, in every format: the space inside "J. de
-- Vries", "(Gemeente) Reusel-De Mierden", "9 januari 2018", "€ 1.250" and "12 %" becomes a
-- no-break space. The names are the participants', their organisations' and the document's
-- organisation (`unbroken` in the metadata, from metadata.md.j2); initials ("J. de") and dates
-- are found by their form, in Dutch and English. In the same walk, straight quotes become
-- typographic ones (quotes.lua).

local quotes = dofile(pandoc.path.join({ pandoc.path.directory(PANDOC_SCRIPT_FILE), "quotes.lua" }))

local NBSP = "\u{00A0}"
local MONTHS = {}
for month in ([[januari februari maart april mei juni juli augustus september oktober
  november december january february march may june july august october]]):gmatch("%a+") do
  MONTHS[month] = true
end
local by_first = {}  -- first word -> the names (lists of words) that start with it

local function words(text)
  local found = {}
  for word in text:gmatch("%S+") do table.insert(found, word) end
  return found
end

-- A name and each of its tails of two words or more: running text says "Reusel-De Mierden"
-- of "Gemeente Reusel-De Mierden", and "van Dijk" of "A. van Dijk".
local function Meta(meta)
  for _, name in ipairs(meta.unbroken or {}) do
    local parts = words(pandoc.utils.stringify(name))
    for start = 1, #parts - 1 do
      local tail = { table.unpack(parts, start) }
      by_first[tail[1]] = by_first[tail[1]] or {}
      table.insert(by_first[tail[1]], tail)
    end
  end
end

-- a word as written in running text: without the punctuation that may follow it
local function bare(text)
  return (text:gsub("[%.,;:!%?%)\u{201D}\u{2019}\"']+$", ""))
end

-- a word as written in running text: without the bracket or quote that may open it
local OPENERS = { "(", "[", "\u{201C}", "\u{2018}", "\u{201E}", '"', "'" }
local function unopened(text)
  for _, opener in ipairs(OPENERS) do
    if text:sub(1, #opener) == opener then return unopened(text:sub(#opener + 1)) end
  end
  return text
end

local function str_at(inlines, i)
  local el = inlines[i]
  return el and el.t == "Str" and el.text or nil
end

-- whether the space at i (between two Str) belongs to a form that stays together
local function by_form(before, after)
  before = unopened(before)
  if before:match("^%u%.$") then return true end                   -- J. de Vries
  if before:match("%-%u%l?%l?$") and after:match("^%u") then return true end  -- Reusel-De Mierden
  if before:match("^%d%d?$") and MONTHS[bare(after):lower()] then return true end
  if MONTHS[before:lower()] and after:match("^%d%d%d%d") then return true end
  if before == "€" and after:match("^%d") then return true end     -- € 1.250
  if before:match("^%d[%d%.,]*$") and after:match("^%%") then return true end  -- 12 %
  return false
end

-- the indices of the spaces inside a name that starts at i, or nil
local function name_at(inlines, i)
  for _, name in ipairs(by_first[unopened(str_at(inlines, i) or "")] or {}) do
    local spaces, at = {}, i
    for k = 2, #name do
      local word = str_at(inlines, at + 2)
      if not (inlines[at + 1] and inlines[at + 1].t == "Space" and word) then break end
      if (k < #name and word ~= name[k]) or (k == #name and bare(word) ~= bare(name[k])) then
        break
      end
      table.insert(spaces, at + 1)
      at = at + 2
      if k == #name then return spaces end
    end
  end
  return nil
end

-- Dutch name particles: after initials they belong to the name ("J. van der Linden").
local PARTICLES = { de = true, van = true, der = true, den = true, ter = true, te = true,
  ["'t"] = true, het = true, op = true, ["in"] = true, von = true, la = true, le = true }

local function Inlines(inlines)
  local keep = {}
  local in_name = false -- the last space kept was inside a name written with initials
  for i = 1, #inlines do
    local spaces = inlines[i].t == "Str" and name_at(inlines, i)
    for _, at in ipairs(spaces or {}) do keep[at] = true end
    if inlines[i].t == "Space" then
      local before, after = str_at(inlines, i - 1), str_at(inlines, i + 1)
      if before and after and in_name and PARTICLES[before] then
        keep[i] = true -- "de Vries" after "J.": on to the surname
        in_name = PARTICLES[after] ~= nil
      elseif before and after and by_form(before, after) then
        keep[i] = true
        in_name = unopened(before):match("^%u%.$") ~= nil
      else
        in_name = false
      end
    end
  end
  if next(keep) == nil then return nil end
  for i in pairs(keep) do inlines[i] = pandoc.Str(NBSP) end
  return inlines
end

-- The document's blocks only: its metadata (title, description, edition line) goes into file
-- properties and page furniture, which must read exactly as written. Not in the review file
-- (`roledoc review export`): a reviewer edits and searches the text as its writers typed it,
-- straight quotes and all.
return {
  { Meta = Meta },
  {
    Pandoc = function(doc)
      if doc.meta["roledoc-review-commit"] then return nil end
      doc.blocks = doc.blocks:walk({
        Inlines = function(inlines)
          local curled = quotes(inlines)
          return Inlines(curled or inlines) or curled
        end,
      })
      return doc
    end,
  },
}
