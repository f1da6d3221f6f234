-- DOCX and ODT: give roledoc's blocks named paragraph styles, defined in the reference
-- document, and show the edition under the title ("Definitief · Versie v1.1 · 27 ...").
local styles = {
  byline = "Byline",
  ["status-note"] = "Status Note",
  ["draft-notice"] = "Draft Notice",
  ["colophon-edition"] = "Colophon",
}

function Div(div)
  for class, style in pairs(styles) do
    if div.classes:includes(class) then
      div.attributes["custom-style"] = style
      return div
    end
  end
end

function Meta(meta)
  local labels = meta.labels or {}
  local parts = {}
  for _, value in ipairs({ meta.edition, labels.version and meta.version and
      pandoc.Inlines(pandoc.utils.stringify(labels.version) .. " "
        .. pandoc.utils.stringify(meta.version)), meta.date }) do
    if value then table.insert(parts, pandoc.utils.stringify(value)) end
  end
  meta.date = pandoc.MetaInlines(pandoc.Inlines(table.concat(parts, " · ")))
  return meta
end
