-- Normalise every Markdown body of a build in one pandoc process (`pandoc lua`).
--
-- Input (stdin, JSON): { format = "<the bodies' reader: GitHub Markdown>",
--   anchors = {id = true, ...}, titles = {anchor = title}, items = [{ key, prefix, body,
--   level, images = {address = staged name}, xrefs = {address = {anchor, title}} }] }.
-- Output (stdout, JSON): { key = { blocks = "<the body's blocks as pandoc JSON>" } or
-- { error = "..." } }. The blocks' JSON is spliced into the document's AST as it is: a body
-- is read once, never written back to Markdown and read again (and roledoc never decodes
-- it, so no nesting depth can trouble it).
--
-- Each body is read on its own, as GitHub reads it, so its footnotes and reference links stay
-- its own. Headings move below the title without skipping a level, every id gets the item's
-- prefix, links to the body's own ids follow them. A link to another text of the document
-- (`#id`, or its file as on GitHub: `../thema/x.md#kop`) becomes an internal link of class
-- `xref` with the target's title, which print formats spell out; links to anything not in this build, and links that are not to the web or mail, become
-- plain text. GitHub alerts become `Div ("", ["alert", kind], [])` without their English
-- title; the format filters title them in the document's language. Raw HTML is shown as
-- text. Every image is replaced by the copy roledoc staged for it (check approved it); an
-- image roledoc did not stage is an error, so no other file can reach an output.

local data = pandoc.json.decode(io.read("a"), false)
local anchors = data.anchors or {}
local titles = data.titles or {}
local ALERTS = { note = true, tip = true, important = true, warning = true, caution = true }

local function normalise_levels(blocks, level)
  local headers = {}
  blocks:walk({ Header = function(h) table.insert(headers, h) end })
  local shallowest = math.huge
  for _, h in ipairs(headers) do shallowest = math.min(shallowest, h.level) end
  local levels, previous = {}, level - 1
  for i, h in ipairs(headers) do
    local wanted = level + (h.level - shallowest)
    local out = math.min(wanted, previous + 1, 6)
    levels[i] = out
    previous = out
  end
  return levels
end

local function strip_attributes(el)
  el.classes = {}
  el.attributes = {}
  return el
end

-- A GitHub alert as pandoc's gfm reader gives it, a Div with the kind as its class and a
-- title Div ("Note") first: its kind and body, or nil for any other Div.
local function alert_parts(div)
  local kind = div.classes[1]
  local first = div.content[1]
  if #div.classes ~= 1 or not ALERTS[kind] or not first or first.t ~= "Div"
      or first.classes[1] ~= "title" then
    return nil
  end
  local body = pandoc.Blocks({})
  for i = 2, #div.content do body:insert(div.content[i]) end
  return kind, body
end

local function as_alert(div)
  local kind, body = alert_parts(div)
  if not kind then return nil end
  return pandoc.Div(body, pandoc.Attr("", { "alert", kind }))
end

-- An alert where GitHub shows none (inside a list item or a quote): the quote as written,
-- `[!NOTE]` and all.
local function as_quote(div)
  local kind, body = alert_parts(div)
  if not kind then return nil end
  local marker = pandoc.Str("[!" .. kind:upper() .. "]")
  if body[1] and body[1].t == "Para" then
    body[1].content:insert(1, pandoc.SoftBreak())
    body[1].content:insert(1, marker)
  else
    body:insert(1, pandoc.Para({ marker }))
  end
  return pandoc.BlockQuote(body)
end

local function xref(link, anchor, title)
  link.target = "#" .. anchor
  link.classes = { "xref" }
  link.attributes = { title = title }
  return link
end

-- `De[ lijst](url)` is "De lijst" on GitHub, but pandoc's Markdown drops a space at the
-- edge of link or emphasis text when it is read ("Delijst"): move such spaces outside the
-- element, so that the document's Markdown (written from its AST) reads the same.
local CONTAINERS = { Link = true, Emph = true, Strong = true, Strikeout = true, Span = true,
  Underline = true, SmallCaps = true, Superscript = true, Subscript = true }

local function hoist_spaces(inlines)
  local out = pandoc.Inlines({})
  for _, el in ipairs(inlines) do
    local content = CONTAINERS[el.t] and el.content or nil
    local lead = content and content[1] and content[1].t == "Space"
    if lead then content:remove(1) end
    local trail = content and content[#content] and content[#content].t == "Space"
    if trail then content:remove(#content) end
    if lead then out:insert(pandoc.Space()) end
    out:insert(el)
    if trail then out:insert(pandoc.Space()) end
  end
  return out
end

-- GitHub strikes a span between single tildes too (`Niet ~dit~ maar dat.`); pandoc's gfm
-- reader only one between pairs. Within one run of text, a word that starts with one tilde
-- and a word that ends with one (the same word or a later one) enclose a strikeout.
local function opens(el)
  return el.t == "Str" and el.text:match("^~[^~%s]") ~= nil
end

local function closes(el)
  return el.t == "Str" and el.text:match("[^~%s]~$") ~= nil and el.text:sub(-2) ~= "~~"
end

local function single_tildes(inlines)
  local out = pandoc.Inlines({})
  local i = 1
  while i <= #inlines do
    local el = inlines[i]
    local last = nil
    if opens(el) then
      for j = i, #inlines do
        local other = inlines[j]
        if other.t ~= "Str" and other.t ~= "Space" then break end
        if closes(other) and (j > i or #other.text > 2) then last = j; break end
      end
    end
    if last then
      local struck = pandoc.Inlines({})
      for k = i, last do struck:insert(inlines[k]:clone()) end
      struck[1].text = struck[1].text:sub(2)
      struck[#struck].text = struck[#struck].text:sub(1, -2)
      out:insert(pandoc.Strikeout(struck))
      i = last + 1
    else
      out:insert(el)
      i = i + 1
    end
  end
  return out
end

local KEPT_IMAGE_ATTRIBUTES = { width = true, height = true }

local WEB_SCHEMES = { http = true, https = true, mailto = true }

-- The address as the participant wrote it (pandoc keeps %-escapes that check decoded).
local function unescape(address)
  return (address:gsub("%%(%x%x)", function(hex) return string.char(tonumber(hex, 16)) end))
end

-- The scheme as check reads it (unescaped; tabs and line breaks ignored, as browsers do).
local function scheme_of(address)
  local cleaned = unescape(address):gsub("[\t\n\r]", ""):gsub("^[%c ]+", "")
  local scheme = cleaned:match("^(%a[%w+.%-]*):")
  return scheme and scheme:lower() or nil
end

local function normalise(item)
  local doc = pandoc.read(item.body, data.format)
  local prefix = item.prefix
  local levels = normalise_levels(doc.blocks, item.level)
  local own = {}
  doc.blocks:walk({
    Header = function(h) if h.identifier ~= "" then own[h.identifier] = true end end,
    Div = function(d) if d.identifier ~= "" then own[d.identifier] = true end end,
    Span = function(s) if s.identifier ~= "" then own[s.identifier] = true end end,
  })
  local index = 0
  -- Alerts first: walks go bottom-up, and the next one strips the title Div's class. GitHub
  -- makes an alert only of a quote at the top of the text: one inside a list item or another
  -- quote stays the quote it is, its marker as text.
  local top = pandoc.Blocks({})
  for _, block in ipairs(doc.blocks) do
    top:insert(block.t == "Div" and as_alert(block) or block)
  end
  doc.blocks = top:walk({ Div = as_quote, Inlines = hoist_spaces })
  doc.blocks = doc.blocks:walk({ Inlines = single_tildes })
  doc.blocks = doc.blocks:walk({
    -- GitHub's Markdown has no attribute syntax, but nothing a reader makes may carry
    -- classes or attributes into HTML or DOCX (event handlers, styles): only an alert's kind
    -- and an image's size are kept.
    Span = strip_attributes, Code = strip_attributes,
    CodeBlock = strip_attributes, Header = strip_attributes, Link = strip_attributes,
    Table = strip_attributes, Figure = strip_attributes,
    Div = function(div)
      if div.classes[1] == "alert" and ALERTS[div.classes[2]] then return div end
      return strip_attributes(div)
    end,
    -- Raw HTML (which check refuses) is shown as the text it is, never passed through.
    RawInline = function(raw) return pandoc.Str(raw.text) end,
    RawBlock = function(raw) return pandoc.CodeBlock(raw.text) end,
  })
  doc.blocks = doc.blocks:walk({
    Header = function(h)
      index = index + 1
      h.level = levels[index]
      return h
    end,
    Link = function(link)
      local scheme = scheme_of(link.target)
      if (scheme and not WEB_SCHEMES[scheme]) or link.target:match("^%s*//") then
        return link.content
      end
      local target = link.target:match("^#(.+)$")
      if target and own[target] then
        link.target = "#" .. prefix .. target
        return link
      elseif target and anchors[target] then
        return titles[target] and xref(link, target, titles[target]) or link
      elseif target then
        return link.content
      end
      local other = item.xrefs[unescape(link.target)]
      if other then
        return xref(link, other.anchor, other.title)
      elseif not scheme then
        return link.content  -- a file that is not in this build
      end
      return link
    end,
    Image = function(image)
      for key, _ in pairs(image.attributes) do
        if not KEPT_IMAGE_ATTRIBUTES[key] then image.attributes[key] = nil end
      end
      image.classes = {}
      local staged = item.images[unescape(image.src)]
      if not staged then
        error("the image '" .. image.src .. "' was not checked; run roledoc check")
      end
      image.src = staged
      return image
    end,
  })
  -- Every id gets the prefix (the links to them got it above), so no two bodies share one.
  local function prefixed(el)
    if el.identifier ~= "" then el.identifier = prefix .. el.identifier end
    return el
  end
  return doc.blocks:walk({
    Header = prefixed, Div = prefixed, Span = prefixed, CodeBlock = prefixed, Code = prefixed,
    Table = prefixed, Figure = prefixed, Link = prefixed, Image = prefixed,
  })
end

local results = {}
for _, item in ipairs(data.items) do
  local ok, result = pcall(normalise, item)
  if ok then
    results[item.key] = { blocks = pandoc.json.encode(result) }
  else
    results[item.key] = { error = tostring(result) }
  end
end
io.write(pandoc.json.encode(results))
