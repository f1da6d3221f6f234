-- Straight quotes become typographic ones in running text, as print and screens set them:
-- "zo" -> “zo”, 'zo' -> ‘zo’, and the apostrophe in "auto's", "'s avonds" and "'90" -> ’.
-- The same quotes pandoc gives the titles it quotes in cross-references (links.lua) and that
-- Typst sets, so that body and references read alike in every format. A quote whose side
-- cannot be told (between two spaces, say) stays as written. Code is never touched: it is
-- not running text (Code and CodeBlock hold no Str).
--
-- A library of unbroken.lua, which walks the document's blocks once for both.

local SPACE = { Space = true, SoftBreak = true, LineBreak = true }
local OPENING = { ["("] = true, ["["] = true, ["{"] = true, ["\u{2014}"] = true,
  ["\u{2013}"] = true, ["/"] = true }
local ELISION = { s = true, t = true, n = true, k = true, r = true, m = true }

local function side(inlines, i, step)
  local el = inlines[i + step]
  if el == nil or SPACE[el.t] then return " " end
  return "x"  -- emphasis, a link, code: something printed
end

local function codes(text)
  local out = {}
  for _, code in utf8.codes(text) do table.insert(out, utf8.char(code)) end
  return out
end

local function is_space(c) return c == " " or c == "\u{a0}" end
local function is_word(c) return c:match("^[%w]$") ~= nil or #c > 1 and not is_space(c) end

local function curl(chars, inlines, i)
  local changed = false
  for k, c in ipairs(chars) do
    if c == '"' or c == "'" then
      local before = chars[k - 1] or side(inlines, i, -1)
      local after = chars[k + 1] or side(inlines, i, 1)
      local open = (is_space(before) or OPENING[before]) and not is_space(after)
      local close = not is_space(before) and not OPENING[before]
      local new
      if c == '"' then
        new = open and "\u{201C}" or close and "\u{201D}" or nil
      elseif close then
        new = "\u{2019}"  -- closing quote or apostrophe: auto's, zo'n
      elseif open then
        local word, next_char = chars[k + 1] or "", chars[k + 2]
        local elided = ELISION[word:lower()] and (next_char == nil or not is_word(next_char))
        new = (elided or word:match("^%d$")) and "\u{2019}" or "\u{2018}"
      end
      if new then chars[k] = new; changed = true end
    end
  end
  return changed
end

return function(inlines)
  local changed = false
  for i, el in ipairs(inlines) do
    if el.t == "Str" and el.text:find("[\"']") then
      local chars = codes(el.text)
      if curl(chars, inlines, i) then
        inlines[i] = pandoc.Str(table.concat(chars))
        changed = true
      end
    end
  end
  return changed and inlines or nil
end
