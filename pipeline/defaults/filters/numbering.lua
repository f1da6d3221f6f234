-- One numbering rule for every format, because the text refers to it ("Hoofdstuk 4"):
-- chapters and contributions are numbered (4, 4.1); deeper headings are not, and neither
-- is a heading the document marks as unnumbered (the changes appendix, the colophon).

function Header(header)
  if header.level >= 3 and not header.classes:includes("unnumbered") then
    header.classes:insert("unnumbered")
    return header
  end
end
