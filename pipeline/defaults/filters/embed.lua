-- HTML: one self-contained file without pandoc's --embed-resources, which parses the whole
-- written page again only to find the stylesheet and a few images (a third of the render).
--
-- * The stylesheet (`../html/style.css` beside this filter) goes into the page as the
--   template's `roledoc-style`.
-- * Every image, and the logo (`logo-file`), becomes a data: URI. The images are the copies
--   roledoc staged under names of its own (normalize.lua refuses any other), the logo has a
--   fixed name. An SVG gets role="img" and its alt text as aria-label, as pandoc gives it,
--   so screen readers announce it as one picture.

local here = pandoc.path.directory(PANDOC_SCRIPT_FILE)

local function read(path)
  local handle = assert(io.open(path, "rb"))
  local data = handle:read("a")
  handle:close()
  return data
end

local function data_uri(src)
  local mime, contents = pandoc.mediabag.fetch(src)
  return pandoc.mediabag.make_data_uri(mime, contents), mime
end

function Meta(meta)
  local css = read(pandoc.path.join({ here, "..", "html", "style.css" }))
  meta["roledoc-style"] = pandoc.MetaBlocks({ pandoc.RawBlock("html", css) })
  if meta["logo-file"] then
    local uri, mime = data_uri(pandoc.utils.stringify(meta["logo-file"]))
    meta["logo-file"] = uri
    meta["logo-svg"] = mime == "image/svg+xml"
  end
  return meta
end

function Image(image)
  local uri, mime = data_uri(image.src)
  image.src = uri
  if mime == "image/svg+xml" then
    image.attributes.role = "img"
    image.attributes["aria-label"] = pandoc.utils.stringify(image.caption)
  end
  return image
end

return { { Meta = Meta }, { Image = Image } }
