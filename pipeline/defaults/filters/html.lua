-- HTML: changes in a redline become <ins> and <del>, with words for screen readers and
-- brackets for print, so they never rely on colour alone.
--
-- Tables and figures reflow (WCAG 2.1 SC 1.4.10): each sits in a region of its own that
-- scrolls sideways when it is wider than the screen, so the page never does. The region can
-- be focused, and so scrolled with the keyboard, and is named for screen readers: a table by
-- its caption, else by "Tabel" and its column headings; a figure by "Figuur" and its caption.
--
-- A figure shrinks with the screen only down to a floor, FIGURE_FLOOR or the image's natural
-- width if that is less, and its region scrolls past it: a diagram drawn at 800 px with 15 px
-- labels shows them at 13 px on a phone instead of at 5 px. The floor is 38rem (684 px at
-- the page's 18 px text), a little less than the 42rem column on a desktop, where nothing
-- scrolls. It is written out per figure (the stylesheet reads --figure-floor) because the
-- Nu HTML checker cannot read min() with var() in a stylesheet. Not a link to the image at
-- full size: the page is one file, its images data: URIs, and browsers refuse to open a
-- data: URI as a page of its own; scrolling in place (and the browser's zoom) works anywhere.
local labels = {}
local dutch = false
local LONGEST_LABEL = 100 -- characters of a region's name; a screen reader reads all of it
local FIGURE_FLOOR = "38rem"

-- The document as schema.org JSON-LD for the head (`json-ld` in the template): what a
-- publication index under the Woo registers, from the metadata roledoc writes (title,
-- organisation, edition, status, adoption, language, licence, identifier). JSON, with "<"
-- written as \u003c, so no value can end the script element.
local function json_ld(meta)
  local function text(value) return value and pandoc.utils.stringify(value) or nil end
  local woo = meta.woo or {}
  local work = {
    ["@context"] = "https://schema.org",
    ["@type"] = "DigitalDocument",
    name = text(meta.title),
    inLanguage = text(meta.lang),
    identifier = text(meta.identifier),
    publisher = { ["@type"] = "Organization", name = text(meta.organisation) },
    creativeWorkStatus = text(woo.state),
    version = text(meta["edition-number"]),
    datePublished = text(woo.issued),
    dateModified = text(meta["date-iso"]),
    license = text(woo.licence),
  }
  if woo["adopted-by"] then
    work.sourceOrganization = { ["@type"] = "Organization", name = text(woo["adopted-by"]) }
  end
  if woo.decision then work.isBasedOn = text(woo.decision) end
  local json = pandoc.json.encode(work):gsub("<", "\\u003c")
  return pandoc.RawBlock("html", '<script type="application/ld+json">' .. json .. "</script>")
end

function Meta(meta)
  labels = meta.labels or {}
  dutch = pandoc.utils.stringify(meta.lang or ""):lower():match("^nl") ~= nil
  if meta.woo then
    meta["json-ld"] = pandoc.MetaBlocks({ json_ld(meta) })
    return meta
  end
end

local function said(key, fallback)
  return labels[key] and pandoc.utils.stringify(labels[key]) or fallback
end

local function mark(span, tag, key, fallback, sign)
  local open = pandoc.RawInline("html", "<" .. tag .. ">" .. '<span class="visually-hidden">'
    .. said(key, fallback) .. ": </span>" .. '<span class="change-sign" aria-hidden="true">['
    .. sign .. "</span>")
  local close = pandoc.RawInline("html", '<span class="change-sign" aria-hidden="true">' .. sign
    .. "]</span></" .. tag .. ">")
  local result = pandoc.Inlines({ open })
  result:extend(span.content)
  result:insert(close)
  return result
end

function Span(span)
  if span.classes:includes("insertion") then
    return mark(span, "ins", "inserted", "inserted", "+")
  elseif span.classes:includes("deletion") then
    return mark(span, "del", "deleted", "deleted", "-")
  end
end

-- Text of at most LONGEST_LABEL characters, cut after a whole word.
local function shortened(text)
  text = text:gsub("%s+", " "):gsub("^ ", ""):gsub(" $", "")
  if pandoc.text.len(text) <= LONGEST_LABEL then return text end
  local cut = pandoc.text.sub(text, 1, LONGEST_LABEL)
  return (cut:match("^(.*%S)%s") or cut) .. "…"
end

local function region(blocks, class, name, style)
  -- a list of pairs, not a table with keys: their order, and so the page, is the same on
  -- every build
  local attributes = { { "role", "region" }, { "tabindex", "0" }, { "aria-label", shortened(name) } }
  if style then table.insert(attributes, { "style", style }) end
  return pandoc.Div(blocks, pandoc.Attr("", { class }, attributes))
end

-- A region's word: labels.yaml's table_region or figure_region when the metadata's labels
-- carry it (metadata.md.j2 names the keys it passes on), else the built-in word of the
-- document's language.
local function word(key, nl, en)
  return said(key, dutch and nl or en)
end

function Table(tbl)
  local name = pandoc.utils.stringify(tbl.caption.long)
  if name == "" then
    local headings = {}
    for _, row in ipairs(tbl.head.rows) do
      for _, cell in ipairs(row.cells) do
        local text = pandoc.utils.stringify(cell.contents)
        if text ~= "" then table.insert(headings, text) end
      end
    end
    name = word("table_region", "Tabel", "Table")
    if #headings > 0 then name = name .. ": " .. table.concat(headings, ", ") end
  end
  return region({ tbl }, "table-scroll", name)
end

-- The width the image was drawn at, in pixels (what a browser shows it at), if known.
local function natural_width(image)
  local ok, _, contents = pcall(pandoc.mediabag.fetch, image.src)
  if not ok or not contents then return nil end
  local sized, size = pcall(pandoc.image.size, contents)
  return sized and size and size.width or nil
end

function Figure(figure)
  local image
  figure.content:walk({ Image = function(found) image = image or found end })
  if not image then return nil end
  local name = word("figure_region", "Figuur", "Figure")
  local caption = pandoc.utils.stringify(figure.caption.long)
  if caption == "" then caption = pandoc.utils.stringify(image.caption) end
  if caption ~= "" then name = name .. ": " .. caption end
  local width = natural_width(image)
  local style = width and ("--figure-floor: min(" .. FIGURE_FLOOR .. ", " .. math.floor(width) .. "px)")
  figure.content = { region(figure.content, "figure-scroll", name, style) }
  return figure
end

-- HTML has six heading levels and the page's headings are shifted one down (the title is
-- the only <h1>, html.yaml): a contribution's deepest headings stay headings, at <h6>,
-- where pandoc would write a level 7 as a paragraph.
function Header(header)
  if header.level > 5 then
    header.level = 5
    return header
  end
end

return { { Meta = Meta }, { Span = Span, Table = Table, Figure = Figure, Header = Header } }
