-- The HTML filters, in this order, in as few walks as combine.lua can make. None makes an
-- element another one handles: numbering marks headings, html.lua turns change spans into
-- <ins>/<del>, alerts.lua titles alert divs, links.lua rewrites links, tasks.lua keeps task
-- boxes as text, embed.lua puts images into the page.
-- unbroken.lua (no-break spaces in names, dates and amounts) walks first, on its own.
return dofile(pandoc.path.join({ pandoc.path.directory(PANDOC_SCRIPT_FILE), "combine.lua" }))({
  "unbroken", "numbering", "html", "alerts", "links", "tasks", "embed",
})
