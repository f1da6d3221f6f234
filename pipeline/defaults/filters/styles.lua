-- DOCX and ODT: give roledoc's blocks named paragraph styles, defined in the reference
-- document, and show the edition under the title ("Editie 1.1 · 8 maart 2021", who adopted it).
local styles = {
  byline = "Byline",
  ["status-note"] = "Status Note",
  ["draft-notice"] = "Draft Notice",
  ["colophon-edition"] = "Colophon",
  ["colophon-small"] = "Colophon",
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
  local parts = {}
  for _, value in ipairs({ meta["edition-kind"], meta["edition-line"] or meta.date }) do
    if value then table.insert(parts, pandoc.utils.stringify(value)) end
  end
  local line = pandoc.Inlines(table.concat(parts, " · "))
  if meta.adopted then
    line:insert(pandoc.LineBreak())
    line:extend(pandoc.Inlines(pandoc.utils.stringify(meta.adopted)))
  end
  meta.date = pandoc.MetaInlines(line)
  return meta
end
