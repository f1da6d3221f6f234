-- Task lists in HTML and EPUB. pandoc's HTML writer turns a list item that starts with
-- ☐ or ☒ into a form checkbox: a control a reader cannot use in a published document, which
-- the writer also serialises as an invalid `</input>` once resources are embedded. Keep the
-- box as the character it is, which screen readers announce ("ballot box with x").

local BOXES = { ["☐"] = true, ["☒"] = true }

local function keep_box(item)
  local first = item[1]
  if first and (first.t == "Plain" or first.t == "Para") then
    local box = first.content[1]
    if box and box.t == "Str" and BOXES[box.text] then
      first.content[1] = pandoc.Span({ pandoc.Str(box.text) }, { class = "task" })
    end
  end
  return item
end

return {
  {
    BulletList = function(list)
      list.content = list.content:map(keep_box)
      return list
    end,
  },
}
