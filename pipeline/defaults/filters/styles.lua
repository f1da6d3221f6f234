-- DOCX and ODT: give roledoc's blocks named paragraph styles, defined in the reference document.
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
