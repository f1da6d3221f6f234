-- Typst output: what pandoc 3.9's Typst writer does not do for a PDF/UA-1 document.
--
-- * Images keep their alt text (the 3.9 writer drops it; Typst's UA-1 mode refuses an image
--   without one). Figures are written whole, with the alt text on the image.
-- * roledoc's own blocks (byline, status note, draft notice, colophon) call the functions of
--   the template instead of becoming anonymous blocks.

traverse = "topdown"

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

function Image(image)
  local alt = pandoc.utils.stringify(image.caption)
  return pandoc.RawInline("typst", "#box(" .. image_call(image, alt) .. ")")
end

function Figure(figure)
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

-- Changes in a redline: underlined or struck through, coloured, and between [+ +] or [- -],
-- so they are clear without colour and read out as text.
function Span(span)
  local call = span.classes:includes("insertion") and "roledoc-ins"
    or span.classes:includes("deletion") and "roledoc-del"
  if not call then return nil end
  local result = pandoc.Inlines({ pandoc.RawInline("typst", "#" .. call .. "[") })
  result:extend(span.content)
  result:insert(pandoc.RawInline("typst", "]"))
  return result
end

local functions = {
  byline = "roledoc-byline",
  ["status-note"] = "roledoc-status-note",
  ["draft-notice"] = "roledoc-draft-notice",
  ["colophon-edition"] = "roledoc-colophon-edition",
}

-- Only chapters and contributions are numbered (1, 1.1); deeper headings are not.
function Header(header)
  if header.level >= 3 and not header.classes:includes("unnumbered") then
    header.classes:insert("unnumbered")
  end
  return header
end

function Div(div)
  for class, name in pairs(functions) do
    if div.classes:includes(class) then
      local blocks = { pandoc.RawBlock("typst", "#" .. name .. "[") }
      for _, block in ipairs(div.content) do table.insert(blocks, block) end
      table.insert(blocks, pandoc.RawBlock("typst", "]"))
      return blocks
    end
  end
end
